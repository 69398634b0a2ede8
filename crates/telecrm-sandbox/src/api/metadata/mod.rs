//! **Enterprise metadata**: the workspace of `crate::workspace` (with the
//! options values have created), described as the docs' discovery endpoints
//! describe a workspace.

pub(crate) mod actions;
pub(crate) mod enterprise;
pub(crate) mod fields;
pub(crate) mod pipeline;

/// `detail=true` in a query string.
pub(crate) fn detail(query: Option<&str>) -> bool {
    query
        .unwrap_or_default()
        .split('&')
        .any(|pair| pair == "detail=true")
}
