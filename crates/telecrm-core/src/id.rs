//! Typed, validated identifiers: [`EnterpriseId`], [`LeadId`] and [`ActionId`].
//!
//! TeleCRM documents its IDs only as strings (the examples are 24 hexadecimal
//! characters), so we do not insist on that shape: a workspace with other IDs must
//! still work. What we do insist on is what keeps a request well-formed: an ID is
//! never empty, never longer than [`MAX_ID_LEN`] bytes and never holds a control
//! character. Every ID is percent-encoded when it becomes a path segment (see
//! [`crate::path`]), so `/`, `?` or `#` inside an ID can never change the route.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The longest ID accepted, in bytes.
///
/// The service publishes no limit; 24 characters is the documented shape, and 256
/// leaves ample room while keeping a hostile ID from bloating a request line.
pub const MAX_ID_LEN: usize = 256;

/// Why a string is not a valid ID.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum IdError {
    /// The ID is the empty string.
    #[error("{kind} must not be empty")]
    Empty {
        /// Which ID was being built (`"enterprise ID"`, `"lead ID"`, `"action ID"`).
        kind: &'static str,
    },
    /// The ID is longer than [`MAX_ID_LEN`] bytes.
    #[error("{kind} is {len} bytes long; the limit is {max}")]
    TooLong {
        /// Which ID was being built.
        kind: &'static str,
        /// Its length in bytes.
        len: usize,
        /// The limit, [`MAX_ID_LEN`].
        max: usize,
    },
    /// The ID holds a control character (which no TeleCRM ID has, and which would
    /// only ever be a copy-paste accident or an injection attempt).
    #[error("{kind} contains a control character at byte {index}")]
    ControlCharacter {
        /// Which ID was being built.
        kind: &'static str,
        /// Byte offset of the first offending character.
        index: usize,
    },
}

fn validate(kind: &'static str, value: &str) -> Result<(), IdError> {
    if value.is_empty() {
        return Err(IdError::Empty { kind });
    }
    if value.len() > MAX_ID_LEN {
        return Err(IdError::TooLong {
            kind,
            len: value.len(),
            max: MAX_ID_LEN,
        });
    }
    if let Some((index, _)) = value.char_indices().find(|(_, c)| c.is_control()) {
        return Err(IdError::ControlCharacter { kind, index });
    }
    Ok(())
}

macro_rules! typed_id {
    ($(#[$meta:meta])* $name:ident, $kind:literal) => {
        $(#[$meta])*
        #[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name {
            value: String,
            // Whether the value goes into a path as it is (decided once, here,
            // rather than on every request that carries it).
            plain: bool,
        }

        impl $name {
            /// Checks `value` and wraps it.
            ///
            /// # Errors
            ///
            /// [`IdError`] when the value is empty, longer than [`MAX_ID_LEN`] bytes
            /// or holds a control character.
            pub fn new(value: impl Into<String>) -> Result<Self, IdError> {
                let value = value.into();
                validate($kind, &value)?;
                let plain = crate::path::is_plain_segment(&value);
                Ok(Self { value, plain })
            }

            /// The ID as given (not percent-encoded).
            pub fn as_str(&self) -> &str {
                &self.value
            }

            /// Unwraps the ID into its string.
            pub fn into_string(self) -> String {
                self.value
            }

            /// Appends `/` and the ID as one path segment, percent-encoded
            /// when it needs to be (see [`crate::path::push_segment`]).
            pub fn push_segment_to(&self, path: &mut String) {
                if self.plain {
                    path.push('/');
                    path.push_str(&self.value);
                } else {
                    crate::path::push_segment(path, &self.value);
                }
            }
        }

        impl crate::path::Segment for $name {
            fn push_to(&self, path: &mut String) {
                self.push_segment_to(path);
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_tuple(stringify!($name)).field(&self.value).finish()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.value)
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.value
            }
        }

        impl FromStr for $name {
            type Err = IdError;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::new(s)
            }
        }

        impl TryFrom<String> for $name {
            type Error = IdError;

            fn try_from(value: String) -> Result<Self, Self::Error> {
                Self::new(value)
            }
        }

        impl TryFrom<&str> for $name {
            type Error = IdError;

            fn try_from(value: &str) -> Result<Self, Self::Error> {
                Self::new(value)
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> String {
                id.value
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(&self.value)
            }
        }

        // Deserialising goes through the same check as `new`, so an ID read from a
        // file or a batch line is as trustworthy as one built in code.
        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = String::deserialize(deserializer)?;
                Self::new(value).map_err(serde::de::Error::custom)
            }
        }
    };
}

typed_id!(
    /// The ID of an enterprise (a TeleCRM workspace), the first segment of every route.
    EnterpriseId,
    "enterprise ID"
);
typed_id!(
    /// The ID of a lead.
    LeadId,
    "lead ID"
);
typed_id!(
    /// The ID of an action on a lead's timeline.
    ActionId,
    "action ID"
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_documented_shape_and_others() {
        assert_eq!(
            LeadId::new("603d2b2f9b1e8a001c8e4f5c").unwrap().as_str(),
            "603d2b2f9b1e8a001c8e4f5c"
        );
        assert!(LeadId::new("a/b?c#d%e f").is_ok());
        assert!(ActionId::new("ünïcødé").is_ok());
    }

    #[test]
    fn rejects_empty_long_and_control() {
        assert_eq!(
            EnterpriseId::new(""),
            Err(IdError::Empty {
                kind: "enterprise ID"
            })
        );
        assert_eq!(
            LeadId::new("x".repeat(MAX_ID_LEN + 1)),
            Err(IdError::TooLong {
                kind: "lead ID",
                len: MAX_ID_LEN + 1,
                max: MAX_ID_LEN
            })
        );
        assert!(LeadId::new("x".repeat(MAX_ID_LEN)).is_ok());
        assert_eq!(
            ActionId::new("ab\r\nHost: evil"),
            Err(IdError::ControlCharacter {
                kind: "action ID",
                index: 2
            })
        );
        assert!(ActionId::new("a\u{7f}").is_err());
    }

    #[test]
    fn serde_goes_through_validation() {
        let id: LeadId = serde_json::from_str("\"abc\"").unwrap();
        assert_eq!(id.as_str(), "abc");
        assert!(serde_json::from_str::<LeadId>("\"\"").is_err());
        assert_eq!(serde_json::to_string(&id).unwrap(), "\"abc\"");
    }
}
