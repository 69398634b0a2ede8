//! Building request paths from typed IDs.
//!
//! Every ID becomes exactly one path segment. Anything outside RFC 3986's
//! *unreserved* set is percent-encoded, which covers `/`, `?`, `#`, `%`, spaces
//! and non-ASCII: lead `a/b?c#d%e f` is sent as `a%2Fb%3Fc%23d%25e%20f`.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// Everything but RFC 3986's unreserved characters (`A-Z a-z 0-9 - . _ ~`).
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Appends `/` and `segment`, percent-encoded, to `out`.
///
/// A segment of only dots (`.` or `..`) is a dot-segment that clients, proxies
/// and servers remove or resolve, so its dots are encoded too and the route
/// stays the one we meant.
pub fn push_segment(out: &mut String, segment: &str) {
    out.push('/');
    if !segment.is_empty() && segment.bytes().all(|b| b == b'.') {
        for _ in 0..segment.len() {
            out.push_str("%2E");
        }
        return;
    }
    // Most IDs (24 hex digits) need no encoding at all: copy them in one go.
    if is_unreserved(segment) {
        out.push_str(segment);
        return;
    }
    out.extend(utf8_percent_encode(segment, SEGMENT));
}

/// Whether [`push_segment`] would copy `segment` unchanged: not empty, not a
/// dot-segment, and only unreserved characters.
pub fn is_plain_segment(segment: &str) -> bool {
    !segment.is_empty() && !segment.bytes().all(|b| b == b'.') && is_unreserved(segment)
}

fn is_unreserved(segment: &str) -> bool {
    segment
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~'))
}

/// A value that fills one placeholder of a route: an ID, an email, a name.
///
/// Implemented by the typed IDs (which know once whether they need encoding)
/// and by strings; each writes `/` and itself as one percent-encoded segment.
pub trait Segment {
    /// Appends `/` and the value as one path segment.
    fn push_to(&self, path: &mut String);
}

impl Segment for &str {
    fn push_to(&self, path: &mut String) {
        push_segment(path, self);
    }
}

impl Segment for String {
    fn push_to(&self, path: &mut String) {
        push_segment(path, self);
    }
}

/// The most placeholders a route has after `{enterpriseId}` (a lead and an
/// action).
pub const MAX_PATH_ARGS: usize = 2;

/// The values an endpoint puts into its route's placeholders, in order, after
/// `{enterpriseId}` (which the workspace fills).
#[derive(Clone, Copy, Default)]
pub struct PathArgs<'a> {
    args: [Option<&'a dyn Segment>; MAX_PATH_ARGS],
}

impl<'a> PathArgs<'a> {
    /// No placeholder besides the enterprise.
    pub const NONE: PathArgs<'static> = PathArgs { args: [None, None] };

    /// One placeholder.
    pub fn one(first: &'a dyn Segment) -> Self {
        Self {
            args: [Some(first), None],
        }
    }

    /// Two placeholders, in route order.
    pub fn two(first: &'a dyn Segment, second: &'a dyn Segment) -> Self {
        Self {
            args: [Some(first), Some(second)],
        }
    }

    /// How many values there are.
    pub fn len(&self) -> usize {
        self.args.iter().flatten().count()
    }

    /// The values, in order.
    pub fn iter(&self) -> impl Iterator<Item = &'a dyn Segment> + '_ {
        self.args.iter().flatten().copied()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.args[0].is_none()
    }
}

impl std::fmt::Debug for PathArgs<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list()
            .entries(self.args.iter().flatten().map(|segment| {
                let mut out = String::new();
                segment.push_to(&mut out);
                out
            }))
            .finish()
    }
}

/// Why a route template and its values do not fit together: a bug in an
/// endpoint's declaration, found by the registry's tests.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("route {route} does not fit its {given} path argument(s)")]
pub struct RouteError {
    /// The template.
    pub route: &'static str,
    /// How many values the endpoint gave.
    pub given: usize,
}

/// The name of the placeholder the workspace fills.
pub const ENTERPRISE_PLACEHOLDER: &str = "{enterpriseId}";

/// Appends `route` to `path` with its placeholders filled: `{enterpriseId}`
/// with `enterprise`, every other one with the next of `args`, each one
/// percent-encoded segment (see [`push_segment`]).
///
/// ```
/// use telecrm_core::path::{PathArgs, write_route};
/// use telecrm_core::{EnterpriseId, LeadId};
///
/// let lead: LeadId = "a/b".parse()?;
/// let mut path = String::from("/v2");
/// let enterprise: EnterpriseId = "ent-1".parse()?;
/// write_route(&mut path, "/enterprise/{enterpriseId}/lead/{leadId}", &enterprise, PathArgs::one(&lead))?;
/// assert_eq!(path, "/v2/enterprise/ent-1/lead/a%2Fb");
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// [`RouteError`] when the route has more or fewer placeholders than values,
/// or a placeholder that is not `/{name}`.
pub fn write_route(
    path: &mut String,
    route: &'static str,
    enterprise: &dyn Segment,
    args: PathArgs<'_>,
) -> Result<(), RouteError> {
    write_planned(path, route, &RoutePlan::new(route), enterprise, args)
}

/// The most pieces a route has: literals and placeholders, in order.
const MAX_PIECES: usize = 8;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Piece {
    /// `route[start..end]`, copied as it is.
    Literal(u16, u16),
    /// `{enterpriseId}`.
    Enterprise,
    /// The next path argument.
    Arg,
}

/// A route template split once, at compile time, into the literals to copy
/// and the placeholders to fill ([`crate::Endpoint::ROUTE_PLAN`]), so that
/// building a path is a few copies, not a scan of the template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RoutePlan {
    pieces: [Piece; MAX_PIECES],
    len: usize,
    /// Whether the template is one this plan can follow (see [`RoutePlan::new`]).
    valid: bool,
}

impl RoutePlan {
    /// Splits `route`. A template whose placeholders are not whole segments
    /// (`/{name}`), or has more than eight pieces, gives a plan that
    /// [`write_planned`] refuses with a [`RouteError`].
    pub const fn new(route: &str) -> Self {
        let bytes = route.as_bytes();
        let mut pieces = [Piece::Arg; MAX_PIECES];
        let mut len = 0;
        let mut start = 0;
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b'{' {
                // The literal before, less the `/` the segment writes.
                if i == 0 || bytes[i - 1] != b'/' || len + 2 > MAX_PIECES {
                    return Self::invalid();
                }
                if i - 1 > start {
                    pieces[len] = Piece::Literal(start as u16, (i - 1) as u16);
                    len += 1;
                }
                let mut close = i;
                while close < bytes.len() && bytes[close] != b'}' {
                    close += 1;
                }
                if close == bytes.len() {
                    return Self::invalid();
                }
                pieces[len] = if is_enterprise(bytes, i, close) {
                    Piece::Enterprise
                } else {
                    Piece::Arg
                };
                len += 1;
                start = close + 1;
                i = close + 1;
            } else {
                i += 1;
            }
        }
        if start < bytes.len() {
            if len == MAX_PIECES {
                return Self::invalid();
            }
            pieces[len] = Piece::Literal(start as u16, bytes.len() as u16);
            len += 1;
        }
        Self {
            pieces,
            len,
            valid: true,
        }
    }

    const fn invalid() -> Self {
        Self {
            pieces: [Piece::Arg; MAX_PIECES],
            len: 0,
            valid: false,
        }
    }
}

const fn is_enterprise(bytes: &[u8], open: usize, close: usize) -> bool {
    let name = ENTERPRISE_PLACEHOLDER.as_bytes();
    if close + 1 - open != name.len() {
        return false;
    }
    let mut k = 0;
    while k < name.len() {
        if bytes[open + k] != name[k] {
            return false;
        }
        k += 1;
    }
    true
}

/// [`write_route`] along a plan made once from the same `route`.
///
/// # Errors
///
/// [`RouteError`] as [`write_route`].
pub fn write_planned(
    path: &mut String,
    route: &'static str,
    plan: &RoutePlan,
    enterprise: &dyn Segment,
    args: PathArgs<'_>,
) -> Result<(), RouteError> {
    let error = || RouteError {
        route,
        given: args.len(),
    };
    if !plan.valid {
        return Err(error());
    }
    let mut values = args.args.iter().flatten();
    for piece in &plan.pieces[..plan.len] {
        match *piece {
            Piece::Literal(start, end) => {
                path.push_str(route.get(start as usize..end as usize).ok_or_else(error)?);
            }
            Piece::Enterprise => enterprise.push_to(path),
            Piece::Arg => values.next().ok_or_else(error)?.push_to(path),
        }
    }
    match values.next() {
        Some(_) => Err(error()),
        None => Ok(()),
    }
}

/// The placeholders of a route template, in order (`{enterpriseId}` included).
pub fn placeholders(route: &str) -> impl Iterator<Item = &str> {
    route
        .split('{')
        .skip(1)
        .filter_map(|part| part.split_once('}'))
        .map(|(name, _)| name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encode(s: &str) -> String {
        let mut out = String::new();
        push_segment(&mut out, s);
        out
    }

    #[test]
    fn encodes_route_changing_characters() {
        assert_eq!(encode("a/b?c#d%e f"), "/a%2Fb%3Fc%23d%25e%20f");
        assert_eq!(
            encode("603d2b2f9b1e8a001c8e4f5c"),
            "/603d2b2f9b1e8a001c8e4f5c"
        );
        assert_eq!(encode("é"), "/%C3%A9");
        assert_eq!(encode("a.b-c_d~e"), "/a.b-c_d~e");
    }

    #[test]
    fn plain_segments_are_exactly_those_copied_unchanged() {
        for s in [
            "",
            ".",
            "..",
            "a",
            "603d2b2f9b1e8a001c8e4f5c",
            "a/b",
            "é",
            "..a",
            "a b",
        ] {
            let copied = encode(s) == format!("/{s}");
            assert_eq!(is_plain_segment(s), copied && !s.is_empty(), "{s:?}");
        }
    }

    #[test]
    fn routes_are_filled_in_order_and_must_fit() {
        let mut path = String::new();
        write_route(
            &mut path,
            "/enterprise/{enterpriseId}/lead/{leadId}/action/{actionId}",
            &"e",
            PathArgs::two(&"l".to_owned(), &"a b".to_owned()),
        )
        .unwrap();
        assert_eq!(path, "/enterprise/e/lead/l/action/a%20b");
        let too_few = write_route(
            &mut String::new(),
            "/x/{enterpriseId}/y/{a}",
            &"e",
            PathArgs::NONE,
        );
        assert_eq!(too_few.unwrap_err().given, 0);
        let l = "l".to_owned();
        let too_many = write_route(
            &mut String::new(),
            "/x/{enterpriseId}",
            &"e",
            PathArgs::one(&l),
        );
        assert!(too_many.is_err());
        let glued = write_route(&mut String::new(), "/x{a}", &"e", PathArgs::one(&l));
        assert!(glued.is_err(), "a placeholder is a whole segment");
        assert_eq!(
            placeholders("/enterprise/{enterpriseId}/lead/{leadId}").collect::<Vec<_>>(),
            ["enterpriseId", "leadId"]
        );
    }

    #[test]
    fn malformed_routes_are_refused_not_guessed() {
        let l = "l".to_owned();
        for (route, args) in [
            ("/x/{a", PathArgs::one(&l)),
            ("{a}/x", PathArgs::one(&l)),
            (
                "/x/{enterpriseId}/{a}/{b}/{c}/{d}/{e}",
                PathArgs::two(&l, &l),
            ),
        ] {
            assert!(
                write_route(&mut String::new(), route, &"e", args).is_err(),
                "{route}"
            );
        }
        assert_eq!(
            RoutePlan::new("/enterprise/{enterpriseId}/metadata"),
            RoutePlan::new("/enterprise/{enterpriseId}/metadata"),
            "made at compile time or at run time alike"
        );
    }

    #[test]
    fn dot_segments_are_encoded() {
        assert_eq!(encode("."), "/%2E");
        assert_eq!(encode(".."), "/%2E%2E");
        assert_eq!(encode("..a"), "/..a");
    }
}
