//! Action types: [`ActionType`] (any type a search can name, built-in ones
//! included), [`CustomActionCode`] (a custom action's code), and the type names
//! the API reserves.

use std::fmt;

use serde::{Serialize, Serializer};

use super::{ValueError, echo};

/// The `type` of a payment action.
pub const PAYMENT_TYPE: &str = "PAYMENT";

/// Built-in action types TeleCRM records itself. They are readable through
/// search but never writable, so naming one in an update is refused with
/// [`crate::UpdateError::BuiltInType`] instead of the vaguer
/// [`crate::UpdateError::UnknownType`].
pub const BUILT_IN_TYPES: &[&str] = &[
    "INCOMING_CALL",
    "OUTGOING_CALL",
    "MISSED_CALL",
    "CALL",
    "SMS",
    "INCOMING_SMS",
    "OUTGOING_SMS",
    "WHATSAPP",
    "INCOMING_WHATSAPP",
    "OUTGOING_WHATSAPP",
    "WHATSAPP_MESSAGE",
    "EMAIL",
    "INCOMING_EMAIL",
    "OUTGOING_EMAIL",
    "NOTE",
    "LEAD_CREATED",
    "LEAD_UPDATED",
    "LEAD_ASSIGNED",
    "STATUS_CHANGED",
    "STAGE_CHANGED",
    "FIELD_UPDATED",
];

/// The longest custom action code, in digits (codes are small integers such as `1001`).
pub const MAX_CODE_DIGITS: usize = 18;

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
    /// [`ValueError::InvalidType`] unless `ty` is 1 to [`MAX_TYPE_LEN`] bytes of
    /// `A-Z`, `0-9` and `_`; [`ValueError::InvalidCode`] for a malformed custom code.
    pub fn new(ty: &str) -> Result<Self, ValueError> {
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
            Err(ValueError::InvalidType { ty: echo(ty) })
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
    type Err = ValueError;

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

/// A custom action's numeric code, as the Sync API spells it (`"1001"`).
///
/// The `ACTION_1001` form used by TeleCRM's metadata endpoint and Async API is
/// accepted and normalised to `1001`.
///
/// ```
/// use telecrm_core::CustomActionCode;
///
/// let code: CustomActionCode = "ACTION_1001".parse().unwrap();
/// assert_eq!(code.as_str(), "1001");
/// assert_eq!(code.action_name(), "ACTION_1001");
/// assert!("01001".parse::<CustomActionCode>().is_err());
/// ```
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CustomActionCode(String);

impl CustomActionCode {
    /// Parses `1001` or `ACTION_1001`.
    ///
    /// # Errors
    ///
    /// [`ValueError::InvalidCode`] unless the code is a positive number of at most
    /// [`MAX_CODE_DIGITS`] digits without leading zeros.
    pub fn new(code: &str) -> Result<Self, ValueError> {
        let digits = code.strip_prefix("ACTION_").unwrap_or(code);
        let valid = !digits.is_empty()
            && digits.len() <= MAX_CODE_DIGITS
            && digits.bytes().all(|b| b.is_ascii_digit())
            && !digits.starts_with('0');
        if valid {
            Ok(Self(digits.to_owned()))
        } else {
            Err(ValueError::InvalidCode { code: echo(code) })
        }
    }

    /// The bare code, as sent in `type` (`"1001"`).
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The code as TeleCRM's metadata names it (`"ACTION_1001"`).
    pub fn action_name(&self) -> String {
        format!("ACTION_{}", self.0)
    }
}

/// In a path (`/custom-actions/{code}`) the code is written as its action
/// name, `ACTION_1001`.
impl crate::path::Segment for CustomActionCode {
    fn push_to(&self, path: &mut String) {
        path.push_str("/ACTION_");
        path.push_str(&self.0);
    }
}

impl fmt::Debug for CustomActionCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("CustomActionCode").field(&self.0).finish()
    }
}

impl fmt::Display for CustomActionCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::str::FromStr for CustomActionCode {
    type Err = ValueError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::new(s)
    }
}
