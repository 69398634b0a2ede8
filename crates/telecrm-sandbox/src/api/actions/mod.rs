//! **Actions**: create, get, update and search a lead's timeline.

pub(crate) mod create;
pub(crate) mod get;
pub(crate) mod search;
pub(crate) mod update;

/// A custom action's code on the Sync API: digits only (`1001`).
pub(crate) fn is_custom_code(ty: &str) -> bool {
    !ty.is_empty() && ty.bytes().all(|b| b.is_ascii_digit())
}

/// Whether the API reads and writes this type (custom or `PAYMENT`); every
/// other type is built in, readable through search only.
pub(crate) fn is_writable(ty: &str) -> bool {
    ty == "PAYMENT" || is_custom_code(ty)
}
