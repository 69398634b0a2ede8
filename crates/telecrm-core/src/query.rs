//! Writing query strings: [`Query`].
//!
//! Keys and values are percent-encoded as the query component requires, so a
//! value can never add a parameter or end the query.

use std::fmt::Write;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// Everything but RFC 3986's unreserved characters is encoded; `&`, `=`, `+`
/// and `#` above all.
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Appends `?key=value&...` to a path being built.
///
/// ```
/// use telecrm_core::query::Query;
///
/// let mut path = String::from("/lead/search");
/// let mut query = Query::new(&mut path);
/// query.pair("skip", 20);
/// query.pair("q", "a&b=c");
/// assert_eq!(path, "/lead/search?skip=20&q=a%26b%3Dc");
/// ```
#[derive(Debug)]
pub struct Query<'a> {
    out: &'a mut String,
    started: bool,
}

impl<'a> Query<'a> {
    /// Starts a query after `out` (which holds the path so far).
    pub fn new(out: &'a mut String) -> Self {
        Self {
            out,
            started: false,
        }
    }

    /// Appends one `key=value` pair.
    pub fn pair(&mut self, key: &str, value: impl std::fmt::Display) {
        self.out.push(if self.started { '&' } else { '?' });
        self.started = true;
        self.out.extend(utf8_percent_encode(key, COMPONENT));
        self.out.push('=');
        let start = self.out.len();
        // Numbers and booleans, the common case, need no encoding.
        let _ = write!(self.out, "{value}");
        if self.out[start..]
            .bytes()
            .any(|b| !(b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~')))
        {
            let raw = self.out.split_off(start);
            self.out.extend(utf8_percent_encode(&raw, COMPONENT));
        }
    }

    /// Whether any pair was written.
    pub fn is_empty(&self) -> bool {
        !self.started
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_what_would_change_the_query() {
        let mut path = String::from("/x");
        let mut query = Query::new(&mut path);
        assert!(query.is_empty());
        query.pair("a b", "1+2 #3");
        query.pair("limit", 100);
        query.pair("flag", true);
        assert!(!query.is_empty());
        assert_eq!(path, "/x?a%20b=1%2B2%20%233&limit=100&flag=true");
    }

    #[test]
    fn no_pairs_no_question_mark() {
        let mut path = String::from("/x");
        let _ = Query::new(&mut path);
        assert_eq!(path, "/x");
    }
}
