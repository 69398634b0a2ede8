//! Payments: [`PaymentStatus`], [`Currency`] and [`Amount`], shared by new
//! payments, payment updates and the payments a timeline holds.

use std::borrow::Cow;
use std::fmt;

use super::{ValueError, echo};

/// The payment fields that can never change on an existing payment, in the
/// order they are reported.
pub const IMMUTABLE_PAYMENT_FIELDS: [&str; 3] = ["amount", "currency", "paymentid"];

/// The longest amount accepted, in bytes.
pub const MAX_AMOUNT_LEN: usize = 32;

/// A payment's status: one of the six TeleCRM documents, e.g.
/// [`PaymentStatus::COMPLETED`].
///
/// Upper case is the API's spelling and the one sent; a status given in
/// another case (`completed`) is accepted and sent upper case, since the six
/// cannot be confused. Anything else is refused before sending, with the six
/// listed and the nearest one suggested.
///
/// ```
/// use telecrm_core::PaymentStatus;
///
/// assert_eq!(PaymentStatus::new("completed")?, PaymentStatus::COMPLETED);
/// let refused = PaymentStatus::new("PAID").unwrap_err().to_string();
/// assert!(refused.contains("PENDING, COMPLETED, FAILED, REFUNDED, CANCELLED, PROCESSING"));
/// assert!(PaymentStatus::new("COMPLETD").unwrap_err().to_string().contains("did you mean COMPLETED?"));
/// assert!(!PaymentStatus::new("PAID").unwrap_err().to_string().contains("did you mean"));
/// # Ok::<_, telecrm_core::ValueError>(())
/// ```
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PaymentStatus(Cow<'static, str>);

impl PaymentStatus {
    /// `PENDING`, a payment not yet made.
    pub const PENDING: Self = Self(Cow::Borrowed("PENDING"));
    /// `COMPLETED`, a payment received.
    pub const COMPLETED: Self = Self(Cow::Borrowed("COMPLETED"));
    /// `FAILED`, a payment that did not go through.
    pub const FAILED: Self = Self(Cow::Borrowed("FAILED"));
    /// `REFUNDED`, a payment given back.
    pub const REFUNDED: Self = Self(Cow::Borrowed("REFUNDED"));
    /// `CANCELLED`, a payment called off.
    pub const CANCELLED: Self = Self(Cow::Borrowed("CANCELLED"));
    /// `PROCESSING`, a payment under way.
    pub const PROCESSING: Self = Self(Cow::Borrowed("PROCESSING"));

    /// The six statuses, in the docs' order.
    pub const ALL: [Self; 6] = [
        Self::PENDING,
        Self::COMPLETED,
        Self::FAILED,
        Self::REFUNDED,
        Self::CANCELLED,
        Self::PROCESSING,
    ];

    /// One of the six, in any case.
    ///
    /// # Errors
    ///
    /// [`ValueError::InvalidStatus`] for anything else, naming the six and the
    /// nearest one.
    pub fn new(status: impl Into<String>) -> Result<Self, ValueError> {
        let status = status.into();
        if let Some(known) = Self::ALL
            .iter()
            .find(|known| known.as_str().eq_ignore_ascii_case(&status))
        {
            return Ok(known.clone());
        }
        let upper = status.to_ascii_uppercase();
        let nearest = Self::ALL
            .iter()
            .map(|known| (super::edit_distance(&upper, known.as_str()), known))
            // A typo, not another word: `PAID` is three edits from `FAILED`
            // and means something else entirely.
            .filter(|(distance, _)| *distance <= 2 && 3 * distance <= upper.len())
            .min_by_key(|(distance, _)| *distance)
            .map(|(_, known)| known.as_str());
        Err(ValueError::InvalidStatus {
            status: echo(&status),
            suggestion: nearest
                .map(|n| format!("; did you mean {n}?"))
                .unwrap_or_default(),
        })
    }

    /// The status as sent.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for PaymentStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("PaymentStatus").field(&self.0).finish()
    }
}

impl fmt::Display for PaymentStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::str::FromStr for PaymentStatus {
    type Err = ValueError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::new(s)
    }
}

/// A currency code: three upper-case ASCII letters (ISO 4217).
///
/// The docs list the currencies TeleCRM takes today (constants below); others
/// of the same form are sent as given, and the service is the judge.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Currency([u8; 3]);

impl Currency {
    /// Indian rupee.
    pub const INR: Self = Self(*b"INR");
    /// US dollar.
    pub const USD: Self = Self(*b"USD");
    /// UAE dirham.
    pub const AED: Self = Self(*b"AED");

    /// The currencies the docs list.
    pub const DOCUMENTED: [&'static str; 11] = [
        "INR", "USD", "PKR", "AED", "QAR", "SAR", "MYR", "AUD", "CAD", "SGD", "XOF",
    ];

    /// Checks and wraps a currency code.
    ///
    /// # Errors
    ///
    /// [`ValueError::InvalidCurrency`] unless `code` is three upper-case letters.
    pub fn new(code: &str) -> Result<Self, ValueError> {
        match code.as_bytes() {
            &[a, b, c] if [a, b, c].iter().all(u8::is_ascii_uppercase) => Ok(Self([a, b, c])),
            _ => Err(ValueError::InvalidCurrency {
                currency: echo(code),
            }),
        }
    }

    /// The code, e.g. `"INR"`.
    pub fn as_str(&self) -> &str {
        // Only ASCII letters get in.
        std::str::from_utf8(&self.0).unwrap_or_default()
    }
}

impl fmt::Debug for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Currency {
    type Err = ValueError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::new(s)
    }
}

/// A payment amount as the API writes it: a string holding a decimal number
/// greater than zero (`"5000"`, `"99.50"`), sent exactly as given.
///
/// Kept as text, never as a float: `"0.10"` stays `"0.10"`.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Amount(String);

impl Amount {
    /// Checks and wraps an amount.
    ///
    /// # Errors
    ///
    /// [`ValueError::InvalidAmount`] unless `amount` is digits with at most one
    /// `.` between digits, greater than zero, at most [`MAX_AMOUNT_LEN`] bytes.
    pub fn new(amount: impl Into<String>) -> Result<Self, ValueError> {
        let amount = amount.into();
        let (whole, fraction) = match amount.split_once('.') {
            Some((whole, fraction)) => (whole, Some(fraction)),
            None => (amount.as_str(), None),
        };
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        let valid = amount.len() <= MAX_AMOUNT_LEN
            && digits(whole)
            && fraction.is_none_or(digits)
            && amount.bytes().any(|b| (b'1'..=b'9').contains(&b));
        if valid {
            Ok(Self(amount))
        } else {
            Err(ValueError::InvalidAmount {
                amount: echo(&amount),
            })
        }
    }

    /// The amount as sent.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::str::FromStr for Amount {
    type Err = ValueError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::new(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts() {
        for good in ["5000", "99.50", "0.01", "10000", "1"] {
            assert_eq!(Amount::new(good).unwrap().as_str(), good);
        }
        for bad in [
            "", "0", "0.00", "-5", "5.", ".5", "1e3", "5 000", "1.2.3", "+1", "５",
        ] {
            assert!(Amount::new(bad).is_err(), "{bad}");
        }
        assert!(Amount::new("1".repeat(MAX_AMOUNT_LEN + 1)).is_err());
    }

    #[test]
    fn currencies() {
        for code in Currency::DOCUMENTED {
            assert_eq!(Currency::new(code).unwrap().as_str(), code);
        }
        for bad in ["", "inr", "INRR", "IN", "I1R", "ÍNR"] {
            assert!(Currency::new(bad).is_err(), "{bad}");
        }
    }
}
