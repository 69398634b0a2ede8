//! Dates and time filters: [`DateTime`], and [`TimeRange`] of [`DateBound`]s.
//!
//! The API takes each bound as Unix milliseconds or as a date-time string
//! `dd/MM/yyyy HH:mm:ss` (`01/04/2026 00:00:00`). Both forms are modelled, and
//! a string is checked (a real calendar date, a real time of day) before it is
//! sent, because the service answers a malformed one with a bare
//! `400 Invalid filter`.

use std::fmt;
use std::str::FromStr;

use serde::{Serialize, Serializer};

use super::ValueError;

/// A calendar date and time of day, written `dd/MM/yyyy HH:mm:ss`.
///
/// Which time zone the service reads it in is the workspace's; this type does
/// not guess. Use [`DateBound::UnixMillis`] for an exact instant.
///
/// ```
/// use telecrm_core::vocab::DateTime;
///
/// let start: DateTime = "01/04/2026 00:00:00".parse().unwrap();
/// assert_eq!(start.to_string(), "01/04/2026 00:00:00");
/// assert!("31/04/2026 00:00:00".parse::<DateTime>().is_err()); // April has 30 days
/// assert!("2026-04-01T00:00:00Z".parse::<DateTime>().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DateTime {
    // Field order makes the derived ordering chronological.
    year: u16,
    month: u8,
    day: u8,
    hour: u8,
    minute: u8,
    second: u8,
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => {
            29
        }
        2 => 28,
        _ => 0,
    }
}

impl DateTime {
    /// A date and time, checked.
    ///
    /// # Errors
    ///
    /// [`ValueError::DateTime`] for a day the calendar does not have, an hour above
    /// 23, a minute or second above 59, or a year outside 1970–9999.
    pub fn new(
        year: u16,
        month: u8,
        day: u8,
        hour: u8,
        minute: u8,
        second: u8,
    ) -> Result<Self, ValueError> {
        let value = Self {
            year,
            month,
            day,
            hour,
            minute,
            second,
        };
        let valid = (1970..=9999).contains(&year)
            && (1..=12).contains(&month)
            && day >= 1
            && day <= days_in_month(year, month)
            && hour < 24
            && minute < 60
            && second < 60;
        if valid {
            Ok(value)
        } else {
            Err(ValueError::DateTime {
                value: value.to_string(),
            })
        }
    }
}

impl fmt::Display for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:02}/{:02}/{:04} {:02}:{:02}:{:02}",
            self.day, self.month, self.year, self.hour, self.minute, self.second
        )
    }
}

impl FromStr for DateTime {
    type Err = ValueError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let error = || ValueError::DateTime {
            value: super::echo(s),
        };
        let bytes = s.as_bytes();
        // dd/MM/yyyy HH:mm:ss: fixed width, separators at fixed places.
        let shape = bytes.len() == 19
            && bytes[2] == b'/'
            && bytes[5] == b'/'
            && bytes[10] == b' '
            && bytes[13] == b':'
            && bytes[16] == b':';
        if !shape {
            return Err(error());
        }
        let number = |range: std::ops::Range<usize>| -> Result<u16, ValueError> {
            let part = &bytes[range];
            if part.iter().all(u8::is_ascii_digit) {
                Ok(part.iter().fold(0u16, |n, b| n * 10 + u16::from(b - b'0')))
            } else {
                Err(error())
            }
        };
        let small = |range| number(range).map(|n| n as u8);
        Self::new(
            number(6..10)?,
            small(3..5)?,
            small(0..2)?,
            small(11..13)?,
            small(14..16)?,
            small(17..19)?,
        )
        .map_err(|_| error())
    }
}

impl Serialize for DateTime {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// One end of a time window: an exact instant, or a workspace date-time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum DateBound {
    /// Milliseconds since the Unix epoch.
    UnixMillis(u64),
    /// A `dd/MM/yyyy HH:mm:ss` date-time.
    DateTime(DateTime),
}

impl From<DateTime> for DateBound {
    fn from(value: DateTime) -> Self {
        Self::DateTime(value)
    }
}

impl From<std::time::SystemTime> for DateBound {
    /// Times before the epoch become the epoch: no TeleCRM record is older.
    fn from(time: std::time::SystemTime) -> Self {
        let millis = time
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_millis().min(u128::from(u64::MAX)) as u64)
            .unwrap_or(0);
        Self::UnixMillis(millis)
    }
}

impl FromStr for DateBound {
    type Err = ValueError;

    /// Digits alone are Unix milliseconds; anything else must be a `dd/MM/yyyy HH:mm:ss`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) {
            s.parse()
                .map(Self::UnixMillis)
                .map_err(|_| ValueError::DateTime {
                    value: super::echo(s),
                })
        } else {
            s.parse().map(Self::DateTime)
        }
    }
}

impl Serialize for DateBound {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::UnixMillis(millis) => serializer.serialize_u64(*millis),
            Self::DateTime(value) => value.serialize(serializer),
        }
    }
}

/// A time window `{"from", "to"}`; either end may be open. The API reads both
/// ends as inclusive.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct TimeRange {
    /// The earliest time, inclusive.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<DateBound>,
    /// The latest time, inclusive.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<DateBound>,
}

impl TimeRange {
    /// From `from` to `to`, both inclusive.
    pub fn between(from: impl Into<DateBound>, to: impl Into<DateBound>) -> Self {
        Self {
            from: Some(from.into()),
            to: Some(to.into()),
        }
    }

    /// Whether neither end is set.
    pub fn is_open(&self) -> bool {
        self.from.is_none() && self.to.is_none()
    }
}

/// An instant as the API writes it in answers: Unix milliseconds
/// (`created_on`, `creationTimestamp`, `fields.modified_on`, ...).
///
/// ```
/// use telecrm_core::Timestamp;
///
/// let t = Timestamp::from_millis(1_772_355_600_000);
/// assert_eq!(t.as_millis(), 1_772_355_600_000);
/// // An ObjectId's first four bytes are its creation time in seconds.
/// assert_eq!(Timestamp::from_object_id("69a3ff90a1b2c3d4e5f60718"), Some(Timestamp::from_millis(1_772_355_472_000)));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(i64);

impl Timestamp {
    /// From Unix milliseconds.
    pub const fn from_millis(millis: i64) -> Self {
        Self(millis)
    }

    /// Unix milliseconds.
    pub const fn as_millis(self) -> i64 {
        self.0
    }

    /// As a `SystemTime` (`None` before 1970 or out of range).
    pub fn to_system_time(self) -> Option<std::time::SystemTime> {
        let millis = u64::try_from(self.0).ok()?;
        std::time::SystemTime::UNIX_EPOCH.checked_add(std::time::Duration::from_millis(millis))
    }

    /// The creation time a MongoDB ObjectId carries in its first four bytes
    /// (24 hex digits), which tools fall back on when an answer has no time.
    pub fn from_object_id(id: &str) -> Option<Self> {
        if id.len() != 24 || !id.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let seconds = i64::from_str_radix(id.get(..8)?, 16).ok()?;
        Some(Self(seconds * 1000))
    }

    /// Reads an answer's value: a JSON integer (or a string of digits) of
    /// milliseconds. Anything else is `None`.
    pub fn from_json(value: &serde_json::Value) -> Option<Self> {
        match value {
            serde_json::Value::Number(n) => n.as_i64().map(Self),
            serde_json::Value::String(s)
                if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) =>
            {
                s.parse().ok().map(Self)
            }
            _ => None,
        }
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_i64(self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_writes_the_documented_form() {
        for text in [
            "01/04/2026 00:00:00",
            "30/04/2026 23:59:59",
            "29/02/2028 12:00:00",
        ] {
            let value: DateTime = text.parse().unwrap();
            assert_eq!(value.to_string(), text);
        }
    }

    #[test]
    fn refuses_what_is_not_a_date() {
        for text in [
            "",
            "1/4/2026 00:00:00",
            "31/04/2026 00:00:00",
            "29/02/2026 00:00:00",
            "01/13/2026 00:00:00",
            "01/04/2026 24:00:00",
            "01/04/2026 00:60:00",
            "00/04/2026 00:00:00",
            "01/04/1969 00:00:00",
            "01-04-2026 00:00:00",
            "01/04/2026T00:00:00",
            "+1/04/2026 00:00:00",
            "01/04/2026 00:00:00 ",
            "٠١/04/2026 00:00:00",
        ] {
            assert!(text.parse::<DateTime>().is_err(), "{text}");
        }
    }

    #[test]
    fn bounds_serialise_as_the_api_takes_them() {
        let range = TimeRange::between(
            "01/04/2026 00:00:00".parse::<DateTime>().unwrap(),
            DateBound::UnixMillis(1_777_593_599_000),
        );
        assert_eq!(
            serde_json::to_string(&range).unwrap(),
            r#"{"from":"01/04/2026 00:00:00","to":1777593599000}"#
        );
        assert_eq!(serde_json::to_string(&TimeRange::default()).unwrap(), "{}");
        assert_eq!(
            "1700000000000".parse::<DateBound>(),
            Ok(DateBound::UnixMillis(1_700_000_000_000))
        );
        assert!("99999999999999999999999".parse::<DateBound>().is_err());
    }
}
