//! The bearer tokens: [`SyncToken`] and [`AsyncToken`].
//!
//! TeleCRM issues tokens of two types and each API refuses the other's with
//! `401`. They are two Rust types, and every endpoint names the one it takes
//! ([`crate::Endpoint::Token`]), so a Sync request cannot be built with an
//! Async token, or the reverse: a compile error, not a `401`.
//!
//! ```compile_fail,E0308
//! use telecrm_core::{BaseUrl, Endpoint, IngestLead, LeadFields, NewLead, SyncToken, Workspace};
//!
//! let lead = NewLead::new(LeadFields::new().set("phone", "919999999999").unwrap());
//! let ingest = IngestLead::new(lead, "phone").unwrap();
//! // A Sync token on the Async API does not compile, whatever the base URL.
//! let workspace = Workspace::new(SyncToken::new("t").unwrap(), "e".parse().unwrap())
//!     .with_base_url(BaseUrl::async_production());
//! let _ = ingest.to_http_request(&workspace);
//! ```
//!
//! ```compile_fail,E0308
//! use telecrm_core::{AsyncToken, BaseUrl, Endpoint, GetLead, Workspace};
//!
//! let get = GetLead::new("l".parse().unwrap());
//! // Nor an Async token on the Sync API.
//! let workspace = Workspace::new(AsyncToken::new("t").unwrap(), "e".parse().unwrap())
//!     .with_base_url(BaseUrl::default());
//! let _ = get.to_http_request(&workspace);
//! ```
//!
//! A token is a password: it is checked once, turned into the `Authorization`
//! header value once (marked sensitive, so HTTP/2's HPACK never indexes it and
//! `http`'s own `Debug` hides it), and never printed. Reading the raw value takes
//! an explicit call, [`SyncToken::expose_secret`], which is easy to find in review.

use std::fmt;

use http::HeaderValue;

/// The longest token accepted, in bytes: far above any token TeleCRM issues, low
/// enough that a file read by mistake is refused rather than sent.
pub const MAX_TOKEN_LEN: usize = 4096;

const BEARER: &str = "Bearer ";

/// Why a string cannot be a token. Never holds any part of the token itself.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TokenError {
    /// The token is empty (or only white space).
    #[error("token must not be empty")]
    Empty,
    /// The token is longer than [`MAX_TOKEN_LEN`] bytes.
    #[error("token is {len} bytes long; the limit is {max}")]
    TooLong {
        /// Its length in bytes.
        len: usize,
        /// The limit, [`MAX_TOKEN_LEN`].
        max: usize,
    },
    /// The token holds a character that cannot stand in an HTTP header after
    /// `Bearer ` (CR, LF, other control characters, white space or non-ASCII).
    #[error("token contains a character not allowed in an HTTP header at byte {index}")]
    IllegalCharacter {
        /// Byte offset of the first offending character.
        index: usize,
    },
}

/// Checks `token` and builds its sensitive `Authorization` value.
fn bearer(token: &str) -> Result<HeaderValue, TokenError> {
    let token = token.trim();
    if token.is_empty() {
        return Err(TokenError::Empty);
    }
    if token.len() > MAX_TOKEN_LEN {
        return Err(TokenError::TooLong {
            len: token.len(),
            max: MAX_TOKEN_LEN,
        });
    }
    if let Some(index) = token.bytes().position(|b| !b.is_ascii_graphic()) {
        return Err(TokenError::IllegalCharacter { index });
    }
    let mut value = String::with_capacity(BEARER.len() + token.len());
    value.push_str(BEARER);
    value.push_str(token);
    // Only visible ASCII got this far, which `HeaderValue` always accepts; the
    // error arm is kept so that no input can ever turn into a panic.
    let mut header =
        HeaderValue::from_str(&value).map_err(|_| TokenError::IllegalCharacter { index: 0 })?;
    header.set_sensitive(true);
    Ok(header)
}

/// The two APIs of TeleCRM, each with its own token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Api {
    /// The Sync API: reads and changes a workspace, one call at a time.
    Sync,
    /// The Async API: queues lead ingestion, at most 18,000 requests an hour.
    Async,
}

mod sealed {
    pub trait Sealed {}
}

/// What an endpoint authenticates with: [`SyncToken`] or [`AsyncToken`].
/// Sealed: the two token types are the only ones.
pub trait Credential: sealed::Sealed + Clone + Send + Sync + 'static {
    /// The `Authorization` header value (`Bearer <token>`), marked sensitive.
    fn authorization(&self) -> HeaderValue;

    /// Which API the token is for.
    const API: Api;

    /// Where this token's API is served in production.
    fn production_base_url() -> crate::BaseUrl;

    /// Checks `token` as this type's `new` does (for code generic over the
    /// token type, such as the endpoint registry's tests).
    ///
    /// # Errors
    ///
    /// [`TokenError`] as `new`.
    fn parse(token: &str) -> Result<Self, TokenError>;
}

macro_rules! token_type {
    ($(#[$meta:meta])* $name:ident, $api:expr, $base:expr) => {
        $(#[$meta])*
        #[derive(Clone, PartialEq, Eq)]
        pub struct $name {
            /// `Bearer <token>`, built once and marked sensitive.
            header: HeaderValue,
        }

        impl $name {
            /// Checks `token` and prepares its `Authorization` header.
            ///
            /// Leading and trailing white space (a newline from a file, say) is
            /// trimmed; anything else outside visible ASCII is refused.
            ///
            /// # Errors
            ///
            /// [`TokenError`] when the token is empty, too long or holds a
            /// character that is not visible ASCII.
            pub fn new(token: impl AsRef<str>) -> Result<Self, TokenError> {
                bearer(token.as_ref()).map(|header| Self { header })
            }

            /// The token itself. Call only to hand it to something that must send it.
            pub fn expose_secret(&self) -> &str {
                // The header was built from a `&str` of visible ASCII after `Bearer `.
                std::str::from_utf8(&self.header.as_bytes()[BEARER.len()..]).unwrap_or_default()
            }

            /// The `Authorization` header value (`Bearer <token>`), marked sensitive.
            pub fn authorization(&self) -> HeaderValue {
                self.header.clone()
            }
        }

        impl sealed::Sealed for $name {}

        impl Credential for $name {
            fn authorization(&self) -> HeaderValue {
                self.header.clone()
            }

            const API: Api = $api;

            fn production_base_url() -> crate::BaseUrl {
                $base
            }

            fn parse(token: &str) -> Result<Self, TokenError> {
                Self::new(token)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(concat!(stringify!($name), "(<redacted>)"))
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("<redacted>")
            }
        }

        impl std::str::FromStr for $name {
            type Err = TokenError;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::new(s)
            }
        }
    };
}

token_type!(
/// A Sync-typed API token (Settings → Website and API → API token).
///
/// `Debug` and `Display` print a fixed marker, never the value.
///
/// ```
/// use telecrm_core::SyncToken;
///
/// let token = SyncToken::new("s3cr3t-value").unwrap();
/// assert_eq!(format!("{token:?}"), "SyncToken(<redacted>)");
/// assert!(!format!("{token}").contains("s3cr3t"));
/// assert_eq!(token.expose_secret(), "s3cr3t-value");
/// ```

    SyncToken,
    Api::Sync,
    crate::BaseUrl::production()
);

token_type!(
    /// An Async-typed API token, for lead ingestion (`next-api.telecrm.in`).
    ///
    /// A different type from [`SyncToken`]: an ingest request takes only this
    /// one, and the Sync endpoints never take it.
    ///
    /// ```
    /// use telecrm_core::AsyncToken;
    ///
    /// let token = AsyncToken::new("a5ync-value").unwrap();
    /// assert_eq!(format!("{token:?}"), "AsyncToken(<redacted>)");
    /// ```
    AsyncToken,
    Api::Async,
    crate::BaseUrl::async_production()
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_is_bearer_and_sensitive() {
        let token = SyncToken::new(" abc.DEF-123_~+/= \n").unwrap();
        let header = token.authorization();
        assert_eq!(header.to_str().unwrap(), "Bearer abc.DEF-123_~+/=");
        assert!(header.is_sensitive());
        assert_eq!(token.expose_secret(), "abc.DEF-123_~+/=");
        assert!(!format!("{header:?}").contains("abc"));
    }

    #[test]
    fn refuses_header_breaking_input() {
        assert_eq!(SyncToken::new(""), Err(TokenError::Empty));
        assert_eq!(SyncToken::new(" \t\n"), Err(TokenError::Empty));
        assert_eq!(
            SyncToken::new("ab\r\nX-Evil: 1"),
            Err(TokenError::IllegalCharacter { index: 2 })
        );
        assert_eq!(
            SyncToken::new("a b"),
            Err(TokenError::IllegalCharacter { index: 1 })
        );
        assert_eq!(
            SyncToken::new("tøken"),
            Err(TokenError::IllegalCharacter { index: 1 })
        );
        assert!(matches!(
            SyncToken::new("x".repeat(MAX_TOKEN_LEN + 1)),
            Err(TokenError::TooLong { .. })
        ));
    }

    #[test]
    fn never_printed() {
        let token = SyncToken::new("super-secret-123").unwrap();
        for shown in [
            format!("{token:?}"),
            format!("{token}"),
            format!("{token:#?}"),
        ] {
            assert!(!shown.contains("super-secret-123"), "{shown}");
            assert!(!shown.contains("secret"), "{shown}");
        }
    }
}
