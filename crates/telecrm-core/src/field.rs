//! Lead field values: [`LeadFields`], and the checked forms of the values the
//! docs give a fixed shape ([`PhoneNumber`], [`Email`], [`Rating`], [`DateValue`]).
//!
//! The workspace types every field, and the service drops or refuses a value
//! that does not fit. What can be checked without asking it is checked here:
//! the standard fields' forms (`phone`, `email`, `assignee`, `rating`) for
//! values given as raw JSON too, and every typed setter's value. Custom fields
//! are checked by type only when the caller uses a typed setter (or, later, a
//! workspace schema).

use std::collections::BTreeMap;
use std::fmt;

use serde::{Serialize, Serializer};
use serde_json::{Map, Value};

use crate::vocab::echo;

/// The standard phone field.
pub const PHONE: &str = "phone";
/// The standard email field.
pub const EMAIL: &str = "email";
/// The standard rating field (1 to 5).
pub const RATING: &str = "rating";
/// The standard assignee field (a team member's email).
pub const ASSIGNEE: &str = "assignee";
/// The standard status field (a pipeline label).
pub const STATUS: &str = "status";

/// Why a lead field (or a set of them) is invalid, found before sending.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum FieldError {
    /// A phone number not written as digits with the country code first.
    #[error(
        "`{field}`: phone number `{value}` must be digits only, country code first, e.g. 919876543210 (no `+`, spaces or dashes)"
    )]
    Phone {
        /// The field.
        field: String,
        /// The value given (at most 64 bytes of it).
        value: String,
    },
    /// An email address that is not `local@domain.tld`.
    #[error("`{field}`: `{value}` is not an email address (local@domain.tld)")]
    Email {
        /// The field.
        field: String,
        /// The value given (at most 64 bytes of it).
        value: String,
    },
    /// A rating that is not a whole number from 1 to 5.
    #[error("`{field}`: rating must be a whole number from 1 to 5, not `{value}`")]
    Rating {
        /// The field.
        field: String,
        /// The value given.
        value: String,
    },
    /// A date that is neither Unix milliseconds nor `dd/MM/yyyy`.
    #[error("`{value}` is not a date: use Unix milliseconds or dd/MM/yyyy (e.g. 01/01/2023)")]
    Date {
        /// The value given (at most 64 bytes of it).
        value: String,
    },
    /// A field name that is empty or too long.
    #[error("field name `{name}` must be 1 to 128 bytes")]
    Name {
        /// The name given (at most 64 bytes of it).
        name: String,
    },
    /// The lead's fields are not a JSON object.
    #[error("`fields` must be a JSON object")]
    NotAnObject,
    /// No field at all, where at least one is required.
    #[error("at least one field is required")]
    Empty,
    /// A create without the workspace's lead identifier.
    #[error("the lead identifier `{field}` is required to create a lead")]
    MissingIdentifier {
        /// The identifier field.
        field: String,
    },
    /// An update that tries to change the workspace's lead identifier.
    #[error("the lead identifier `{field}` cannot be changed by an update")]
    IdentifierInUpdate {
        /// The identifier field.
        field: String,
    },
}

/// The longest field name accepted, in bytes.
pub const MAX_NAME_LEN: usize = 128;

/// A phone number as the API wants it: digits only, country code first
/// (`919876543210`), 7 to 15 digits, not starting with 0.
///
/// ```
/// use telecrm_core::field::PhoneNumber;
///
/// assert_eq!(PhoneNumber::new("919876543210").unwrap().as_str(), "919876543210");
/// let err = PhoneNumber::new("+91 98765-43210").unwrap_err();
/// assert!(err.to_string().contains("e.g. 919876543210"));
/// // Cleaning is explicit:
/// assert_eq!(PhoneNumber::normalize("+91 98765-43210").unwrap().as_str(), "919876543210");
/// ```
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PhoneNumber(String);

impl PhoneNumber {
    /// Checks a phone number written the API's way.
    ///
    /// # Errors
    ///
    /// [`FieldError::Phone`], whose message shows the accepted form.
    pub fn new(value: &str) -> Result<Self, FieldError> {
        Self::checked(PHONE, value)
    }

    fn checked(field: &str, value: &str) -> Result<Self, FieldError> {
        let valid = (7..=15).contains(&value.len())
            && value.bytes().all(|b| b.is_ascii_digit())
            && !value.starts_with('0');
        if valid {
            Ok(Self(value.to_owned()))
        } else {
            Err(FieldError::Phone {
                field: field.to_owned(),
                value: echo(value),
            })
        }
    }

    /// Drops `+`, spaces, dashes, dots and parentheses, then checks: for
    /// input typed by people (`+91 98765-43210`). The country code must still
    /// be there.
    ///
    /// # Errors
    ///
    /// [`FieldError::Phone`] when what remains is not a phone number.
    pub fn normalize(value: &str) -> Result<Self, FieldError> {
        let digits: String = value
            .chars()
            .filter(|c| !matches!(c, '+' | ' ' | '-' | '.' | '(' | ')'))
            .collect();
        Self::checked(PHONE, &digits).map_err(|_| FieldError::Phone {
            field: PHONE.to_owned(),
            value: echo(value),
        })
    }

    /// The digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for PhoneNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

impl std::str::FromStr for PhoneNumber {
    type Err = FieldError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::new(s)
    }
}

/// An email address, `local@domain.tld`, checked for that shape only.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Email(String);

impl crate::path::Segment for Email {
    fn push_to(&self, path: &mut String) {
        crate::path::push_segment(path, &self.0);
    }
}

impl Email {
    /// Checks the shape `local@domain.tld`: one `@`, no white space, a dot in
    /// the domain with text on both sides.
    ///
    /// # Errors
    ///
    /// [`FieldError::Email`].
    pub fn new(value: &str) -> Result<Self, FieldError> {
        Self::checked(EMAIL, value)
    }

    fn checked(field: &str, value: &str) -> Result<Self, FieldError> {
        let valid = value.len() <= 254
            && !value.chars().any(|c| c.is_whitespace() || c.is_control())
            && value.split_once('@').is_some_and(|(local, domain)| {
                !local.is_empty()
                    && !domain.contains('@')
                    && domain
                        .rsplit_once('.')
                        .is_some_and(|(name, tld)| !name.is_empty() && !tld.is_empty())
            });
        if valid {
            Ok(Self(value.to_owned()))
        } else {
            Err(FieldError::Email {
                field: field.to_owned(),
                value: echo(value),
            })
        }
    }

    /// The address.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

impl std::str::FromStr for Email {
    type Err = FieldError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::new(s)
    }
}

/// A rating, 1 to 5.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Rating(u8);

impl Rating {
    /// Checks a rating.
    ///
    /// # Errors
    ///
    /// [`FieldError::Rating`] outside 1 to 5.
    pub fn new(value: u8) -> Result<Self, FieldError> {
        if (1..=5).contains(&value) {
            Ok(Self(value))
        } else {
            Err(FieldError::Rating {
                field: RATING.to_owned(),
                value: value.to_string(),
            })
        }
    }

    /// The rating.
    pub fn get(self) -> u8 {
        self.0
    }
}

/// A date field's value: Unix milliseconds, or a `dd/MM/yyyy` day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum DateValue {
    /// Milliseconds since the Unix epoch.
    UnixMillis(u64),
    /// A calendar day.
    Day {
        /// 1970 to 9999.
        year: u16,
        /// 1 to 12.
        month: u8,
        /// 1 to the month's length.
        day: u8,
    },
}

impl DateValue {
    /// A calendar day, checked.
    ///
    /// # Errors
    ///
    /// [`FieldError::Date`] for a day the calendar does not have.
    pub fn day(year: u16, month: u8, day: u8) -> Result<Self, FieldError> {
        crate::vocab::DateTime::new(year, month, day, 0, 0, 0)
            .map(|_| Self::Day { year, month, day })
            .map_err(|_| FieldError::Date {
                value: format!("{day:02}/{month:02}/{year:04}"),
            })
    }

    fn to_value(self) -> Value {
        match self {
            Self::UnixMillis(millis) => Value::from(millis),
            Self::Day { year, month, day } => Value::from(format!("{day:02}/{month:02}/{year:04}")),
        }
    }
}

impl std::str::FromStr for DateValue {
    type Err = FieldError;

    /// Digits alone are Unix milliseconds; otherwise `dd/MM/yyyy`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let error = || FieldError::Date { value: echo(s) };
        if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) {
            return s.parse().map(Self::UnixMillis).map_err(|_| error());
        }
        // The date-time parser checks the calendar; past it the shape is fixed.
        format!("{s} 00:00:00")
            .parse::<crate::vocab::DateTime>()
            .map_err(|_| error())?;
        let b = s.as_bytes();
        let n =
            |r: std::ops::Range<usize>| b[r].iter().fold(0u16, |n, c| n * 10 + u16::from(c - b'0'));
        Ok(Self::Day {
            year: n(6..10),
            month: n(3..5) as u8,
            day: n(0..2) as u8,
        })
    }
}

/// A lead's fields by API name, each value checked as far as it can be
/// without the workspace's schema.
///
/// ```
/// use telecrm_core::field::{Email, LeadFields, PhoneNumber, Rating};
///
/// let fields = LeadFields::new()
///     .text("name", "Jane Doe")
///     .phone("phone", PhoneNumber::new("919999999999")?)
///     .email("email", Email::new("jane.doe@example.com")?)
///     .tags("interests", ["VIP", "Returning"])
///     .number("deal_size", 1000)
///     .rating("rating", Rating::new(4)?);
/// assert_eq!(
///     serde_json::to_string(&fields)?,
///     r#"{"deal_size":1000,"email":"jane.doe@example.com","interests":["VIP","Returning"],"name":"Jane Doe","phone":"919999999999","rating":4}"#
/// );
/// // Raw values of the standard fields are checked too.
/// assert!(LeadFields::new().set("phone", "+91 99999 99999").is_err());
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LeadFields(BTreeMap<String, Value>);

impl LeadFields {
    /// No fields.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets a field to any JSON value, checking the standard fields' forms
    /// (`phone`, `email`, `assignee`, `rating`).
    ///
    /// # Errors
    ///
    /// [`FieldError`] naming the field and what it expected.
    pub fn set(
        mut self,
        key: impl Into<String>,
        value: impl Into<Value>,
    ) -> Result<Self, FieldError> {
        self.insert(key, value)?;
        Ok(self)
    }

    /// As [`LeadFields::set`], in place.
    ///
    /// # Errors
    ///
    /// As [`LeadFields::set`].
    pub fn insert(
        &mut self,
        key: impl Into<String>,
        value: impl Into<Value>,
    ) -> Result<(), FieldError> {
        let key = key.into();
        let value = value.into();
        check_standard(&key, &value)?;
        self.0.insert(key, value);
        Ok(())
    }

    fn put(mut self, key: impl Into<String>, value: Value) -> Self {
        self.0.insert(key.into(), value);
        self
    }

    /// A text field.
    #[must_use]
    pub fn text(self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.put(key, Value::String(value.into()))
    }

    /// A phone field.
    #[must_use]
    pub fn phone(self, key: impl Into<String>, value: PhoneNumber) -> Self {
        self.put(key, Value::String(value.0))
    }

    /// An email field (or the assignee, by email).
    #[must_use]
    pub fn email(self, key: impl Into<String>, value: Email) -> Self {
        self.put(key, Value::String(value.0))
    }

    /// A number field.
    #[must_use]
    pub fn number(self, key: impl Into<String>, value: impl Into<serde_json::Number>) -> Self {
        self.put(key, Value::Number(value.into()))
    }

    /// A date field.
    #[must_use]
    pub fn date(self, key: impl Into<String>, value: DateValue) -> Self {
        self.put(key, value.to_value())
    }

    /// A dropdown (or status, or lost reason) field, by its label.
    #[must_use]
    pub fn dropdown(self, key: impl Into<String>, label: impl Into<String>) -> Self {
        self.put(key, Value::String(label.into()))
    }

    /// A tags (multi-select) field: always an array, even of one.
    #[must_use]
    pub fn tags<I, S>(self, key: impl Into<String>, tags: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let tags = tags.into_iter().map(|t| Value::String(t.into())).collect();
        self.put(key, Value::Array(tags))
    }

    /// A rating field.
    #[must_use]
    pub fn rating(self, key: impl Into<String>, value: Rating) -> Self {
        self.put(key, Value::from(value.0))
    }

    /// Checks a JSON object of fields, each by [`LeadFields::insert`].
    ///
    /// # Errors
    ///
    /// [`FieldError::NotAnObject`], or the first field that does not fit.
    pub fn from_value(value: Value) -> Result<Self, FieldError> {
        let Value::Object(object) = value else {
            return Err(FieldError::NotAnObject);
        };
        let mut fields = Self::new();
        for (key, value) in object {
            fields.insert(key, value)?;
        }
        Ok(fields)
    }

    /// One field's value.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.0.get(key)
    }

    /// Whether `key` is set.
    pub fn contains(&self, key: &str) -> bool {
        self.0.contains_key(key)
    }

    /// Whether no field is set.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The fields, sorted by name.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Value)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v))
    }

    /// The fields as a JSON object.
    pub fn to_object(&self) -> Map<String, Value> {
        self.0.clone().into_iter().collect()
    }
}

impl Serialize for LeadFields {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

/// The forms the docs fix for the standard fields.
pub(crate) fn check_standard(key: &str, value: &Value) -> Result<(), FieldError> {
    if key.is_empty() || key.len() > MAX_NAME_LEN {
        return Err(FieldError::Name { name: echo(key) });
    }
    let text = |v: &Value| match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    match key {
        // The docs write these as strings; a number is refused, not guessed at.
        PHONE => match value {
            Value::String(s) => PhoneNumber::checked(key, s).map(drop),
            other => Err(FieldError::Phone {
                field: key.to_owned(),
                value: echo(&text(other)),
            }),
        },
        EMAIL | ASSIGNEE => match value {
            Value::String(s) => Email::checked(key, s).map(drop),
            other => Err(FieldError::Email {
                field: key.to_owned(),
                value: echo(&text(other)),
            }),
        },
        RATING => match value.as_u64() {
            Some(1..=5) => Ok(()),
            _ => Err(FieldError::Rating {
                field: key.to_owned(),
                value: echo(&text(value)),
            }),
        },
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn phone_numbers() {
        for good in ["919876543210", "14155550123", "4420794600"] {
            assert!(PhoneNumber::new(good).is_ok(), "{good}");
        }
        for bad in [
            "+919876543210",
            "91 98765 43210",
            "91-98765-43210",
            "",
            "0919876543210",
            "12345",
            "1234567890123456",
            "91987654321x",
        ] {
            let err = PhoneNumber::new(bad).unwrap_err().to_string();
            assert!(err.contains("919876543210"), "{bad}: {err}");
        }
        assert_eq!(
            PhoneNumber::normalize("(+91) 98765.43210")
                .unwrap()
                .as_str(),
            "919876543210"
        );
        assert!(PhoneNumber::normalize("+91 98765 4321x").is_err());
    }

    #[test]
    fn emails() {
        for good in ["jane.doe@example.com", "a@b.co", "x+tag@sub.example.org"] {
            assert!(Email::new(good).is_ok(), "{good}");
        }
        for bad in [
            "",
            "jane",
            "jane@",
            "@example.com",
            "jane@example",
            "jane@@example.com",
            "ja ne@example.com",
            "jane@example.",
        ] {
            assert!(Email::new(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn standard_fields_are_checked_raw() {
        let fields = LeadFields::from_value(json!({
            "phone": "919999999999", "email": "jane@example.com", "rating": 5,
            "assignee": "agent@company.com", "deal_size": "anything", "interests": ["a"]
        }))
        .unwrap();
        assert_eq!(fields.iter().count(), 6);
        for (key, value) in [
            ("phone", json!("+919999999999")),
            ("phone", json!(919999999999u64)),
            ("email", json!("nope")),
            ("assignee", json!(7)),
            ("rating", json!(6)),
            ("rating", json!(0)),
            ("rating", json!(2.5)),
            ("rating", json!("3")),
            ("", json!(1)),
        ] {
            assert!(
                LeadFields::new().set(key, value.clone()).is_err(),
                "{key}: {value}"
            );
        }
        assert_eq!(
            LeadFields::from_value(json!([])),
            Err(FieldError::NotAnObject)
        );
    }

    #[test]
    fn dates() {
        assert_eq!(
            "01/01/2023".parse::<DateValue>().unwrap().to_value(),
            json!("01/01/2023")
        );
        assert_eq!(
            "1672561800000".parse::<DateValue>().unwrap().to_value(),
            json!(1_672_561_800_000u64)
        );
        for bad in ["31/02/2023", "2023-01-01", "1/1/2023", ""] {
            assert!(bad.parse::<DateValue>().is_err(), "{bad}");
        }
    }
}
