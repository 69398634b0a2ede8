//! [`ActionType`]: any action type a search can name, built-in ones included.

use std::fmt;

use serde::{Serialize, Serializer};

use crate::update::{CustomActionCode, PAYMENT_TYPE, UpdateError, echo};

/// The longest action type accepted, in bytes.
pub const MAX_TYPE_LEN: usize = 64;

/// An action type as searches take it: a custom action's bare code (`1001`),
/// `PAYMENT`, or a built-in type (`OUTGOING_CALL`, `INCOMING_WHATSAPP_MSG`, ...).
///
/// Unlike updates and creates, searches may name built-in types, and TeleCRM
/// adds new ones, so any upper-case identifier is accepted. `ACTION_1001` is
/// normalised to `1001`, the form the Sync API uses.
///
/// ```
/// use telecrm_core::ActionType;
///
/// assert_eq!("ACTION_1001".parse::<ActionType>().unwrap().as_str(), "1001");
/// assert_eq!("OUTGOING_CALL".parse::<ActionType>().unwrap().as_str(), "OUTGOING_CALL");
/// assert!("outgoing call".parse::<ActionType>().is_err());
/// ```
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ActionType(String);

impl ActionType {
    /// Checks and wraps an action type.
    ///
    /// # Errors
    ///
    /// [`UpdateError::UnknownType`] unless `ty` is 1 to [`MAX_TYPE_LEN`] bytes of
    /// `A-Z`, `0-9` and `_`; [`UpdateError::InvalidCode`] for a malformed custom code.
    pub fn new(ty: &str) -> Result<Self, UpdateError> {
        if ty.bytes().next().is_some_and(|b| b.is_ascii_digit()) || ty.starts_with("ACTION_") {
            return Ok(Self::from(CustomActionCode::new(ty)?));
        }
        let valid = !ty.is_empty()
            && ty.len() <= MAX_TYPE_LEN
            && ty
                .bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_');
        if valid {
            Ok(Self(ty.to_owned()))
        } else {
            Err(UpdateError::UnknownType { ty: echo(ty) })
        }
    }

    /// `PAYMENT`.
    pub fn payment() -> Self {
        Self(PAYMENT_TYPE.to_owned())
    }

    /// The type as sent.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl From<CustomActionCode> for ActionType {
    fn from(code: CustomActionCode) -> Self {
        Self(code.as_str().to_owned())
    }
}

impl fmt::Debug for ActionType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

impl fmt::Display for ActionType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::str::FromStr for ActionType {
    type Err = UpdateError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::new(s)
    }
}

impl Serialize for ActionType {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

/// Serialises one value as itself and several as an array: the API's "a
/// string or an array" filters.
pub(crate) fn one_or_many<T: Serialize, S: Serializer>(
    values: &[T],
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match values {
        [one] => one.serialize(serializer),
        many => many.serialize(serializer),
    }
}
