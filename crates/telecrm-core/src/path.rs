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
    fn dot_segments_are_encoded() {
        assert_eq!(encode("."), "/%2E");
        assert_eq!(encode(".."), "/%2E%2E");
        assert_eq!(encode("..a"), "/..a");
    }
}
