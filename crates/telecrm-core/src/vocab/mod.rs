//! The vocabulary several resources share, in one place: action types and
//! custom action codes, payment statuses, currencies and amounts, dates and
//! time ranges; with one error type, [`ValueError`], for every value that
//! does not parse.
//!
//! Leads, actions, searches, the Async ingest and the schema all speak these
//! values; each is checked once, here, when it is built, so a request that
//! carries one carries a valid one.

mod action_type;
mod payment;
mod time;

pub(crate) use action_type::one_or_many;
pub use action_type::{
    ActionType, BUILT_IN_TYPES, CustomActionCode, MAX_CODE_DIGITS, MAX_TYPE_LEN, PAYMENT_TYPE,
};
pub use payment::{Amount, Currency, IMMUTABLE_PAYMENT_FIELDS, MAX_AMOUNT_LEN, PaymentStatus};
pub use time::{DateBound, DateTime, TimeRange, Timestamp};

/// How much of an offending value an error message repeats.
const ECHO_LIMIT: usize = 64;

/// Why a value of the shared vocabulary is malformed, found when it is built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ValueError {
    /// A custom action code that is not a positive number without leading zeros.
    #[error(
        "custom action code `{code}` must be a positive number of at most {MAX_CODE_DIGITS} digits without leading zeros, optionally written ACTION_<n>"
    )]
    InvalidCode {
        /// The code that was given (at most 64 bytes of it).
        code: String,
    },
    /// An action type that is not 1 to 64 bytes of `A-Z`, `0-9` and `_`.
    #[error(
        "action type `{ty}` must be 1 to {MAX_TYPE_LEN} upper-case letters, digits or `_` (e.g. OUTGOING_CALL)"
    )]
    InvalidType {
        /// The type that was given (at most 64 bytes of it).
        ty: String,
    },
    /// A payment status that is not one of the six.
    #[error(
        "payment status `{status}` is not one of PENDING, COMPLETED, FAILED, REFUNDED, CANCELLED, PROCESSING{suggestion}"
    )]
    InvalidStatus {
        /// The status given (at most 64 bytes of it).
        status: String,
        /// `; did you mean X?`, when one is near.
        suggestion: String,
    },
    /// A currency that is not three upper-case letters (ISO 4217, e.g. `INR`).
    #[error("currency `{currency}` must be three upper-case letters such as \"INR\"")]
    InvalidCurrency {
        /// The currency that was given (at most 64 bytes of it).
        currency: String,
    },
    /// An amount that is not a decimal number greater than zero, written as a string.
    #[error(
        "amount `{amount}` must be a string holding a number greater than 0, such as \"5000\" or \"99.50\""
    )]
    InvalidAmount {
        /// The amount that was given (at most 64 bytes of it).
        amount: String,
    },
    /// A date-time string not of the form `dd/MM/yyyy HH:mm:ss`.
    #[error(
        "`{value}` is not a date-time of the form dd/MM/yyyy HH:mm:ss (e.g. 01/04/2026 00:00:00)"
    )]
    DateTime {
        /// The value given (at most 64 bytes of it).
        value: String,
    },
}

pub(crate) fn echo(s: &str) -> String {
    if s.len() <= ECHO_LIMIT {
        return s.to_owned();
    }
    let mut end = ECHO_LIMIT;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &s[..end])
}

/// Levenshtein distance, for "did you mean" suggestions among short names.
///
/// ```
/// assert_eq!(telecrm_core::vocab::edit_distance("PAYMNT", "PAYMENT"), 1);
/// ```
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous + usize::from(ca != *cb);
            previous = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(previous + 1);
        }
    }
    row[b.len()]
}
