//! Actions to create: [`NewAction`], and the non-empty list [`NewActions`].
//!
//! A new custom action carries its code and fields; a new payment carries
//! `status`, `currency` and `amount`, all three required. These are the values
//! that an update can never send ([`crate::PaymentUpdate`] has no place for
//! them): a payment's amount and currency are set once, here.

use std::collections::BTreeMap;

use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};
use serde_json::{Map, Value};

use super::update::{UpdateError, reject_unknown};
use crate::vocab::{
    Amount, BUILT_IN_TYPES, Currency, CustomActionCode, PAYMENT_TYPE, PaymentStatus, ValueError,
    echo,
};

/// A custom action to create: its code and its fields.
#[derive(Debug, Clone, PartialEq)]
pub struct NewCustomAction {
    code: CustomActionCode,
    fields: BTreeMap<String, Value>,
}

impl NewCustomAction {
    /// A custom action of type `code`, with no fields yet.
    pub fn new(code: CustomActionCode) -> Self {
        Self {
            code,
            fields: BTreeMap::new(),
        }
    }

    /// Sets one field.
    #[must_use]
    pub fn with_field(mut self, key: impl Into<String>, value: impl Into<Value>) -> Self {
        self.fields.insert(key.into(), value.into());
        self
    }

    /// The action's code.
    pub fn code(&self) -> &CustomActionCode {
        &self.code
    }

    /// The fields to set.
    pub fn fields(&self) -> &BTreeMap<String, Value> {
        &self.fields
    }
}

/// A payment to record: status, currency and amount, all required.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPayment {
    /// The payment's status (`PENDING`, `COMPLETED`, ...).
    pub status: PaymentStatus,
    /// Its currency.
    pub currency: Currency,
    /// Its amount.
    pub amount: Amount,
}

impl NewPayment {
    /// A payment of `amount` in `currency` with `status`.
    pub fn new(status: PaymentStatus, currency: Currency, amount: Amount) -> Self {
        Self {
            status,
            currency,
            amount,
        }
    }
}

/// One action to append to a lead's timeline.
///
/// ```
/// use telecrm_core::{Amount, Currency, NewAction, NewCustomAction, NewPayment, PaymentStatus};
///
/// let visit = NewAction::from(NewCustomAction::new("1001".parse()?).with_field("note", "Demo scheduled"));
/// let payment = NewAction::from(NewPayment::new(PaymentStatus::PENDING, Currency::INR, Amount::new("10000")?));
/// assert_eq!(serde_json::to_string(&visit)?, r#"{"type":"1001","fields":{"note":"Demo scheduled"}}"#);
/// assert_eq!(
///     serde_json::to_string(&payment)?,
///     r#"{"type":"PAYMENT","status":"PENDING","currency":"INR","amount":"10000"}"#
/// );
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum NewAction {
    /// A custom action.
    Custom(NewCustomAction),
    /// A payment.
    Payment(NewPayment),
}

impl From<NewCustomAction> for NewAction {
    fn from(action: NewCustomAction) -> Self {
        Self::Custom(action)
    }
}

impl From<NewPayment> for NewAction {
    fn from(payment: NewPayment) -> Self {
        Self::Payment(payment)
    }
}

impl NewAction {
    /// The `type` sent (`"1001"`, `"PAYMENT"`).
    pub fn type_str(&self) -> &str {
        match self {
            Self::Custom(custom) => custom.code.as_str(),
            Self::Payment(_) => PAYMENT_TYPE,
        }
    }

    /// Checks one action object from JSON, by the same rules as the typed
    /// constructors: a custom code (`"1001"`, or `"ACTION_1001"`, normalised)
    /// with an optional `fields` object, or `PAYMENT` with `status`, `currency`
    /// and `amount`; built-in types and unknown keys are refused.
    ///
    /// # Errors
    ///
    /// [`UpdateError`] naming what is wrong.
    pub fn from_value(value: Value) -> Result<Self, UpdateError> {
        let Value::Object(mut object) = value else {
            return Err(UpdateError::NotAnObject);
        };
        let ty = match object.remove("type") {
            None => return Err(UpdateError::MissingType),
            Some(Value::String(ty)) => ty,
            Some(_) => return Err(UpdateError::TypeNotString),
        };
        if ty == PAYMENT_TYPE {
            let status = match required(&mut object, "status")? {
                Value::String(status) => PaymentStatus::new(status)?,
                _ => return Err(UpdateError::StatusNotString),
            };
            let currency = match required(&mut object, "currency")? {
                Value::String(currency) => Currency::new(&currency)?,
                other => {
                    return Err(ValueError::InvalidCurrency {
                        currency: echo(&other.to_string()),
                    }
                    .into());
                }
            };
            let amount = match required(&mut object, "amount")? {
                Value::String(amount) => Amount::new(amount)?,
                other => {
                    return Err(ValueError::InvalidAmount {
                        amount: echo(&other.to_string()),
                    }
                    .into());
                }
            };
            reject_unknown(
                &object,
                "new payment",
                "`type`, `status`, `currency`, `amount`",
            )?;
            Ok(NewPayment::new(status, currency, amount).into())
        } else if ty.bytes().next().is_some_and(|b| b.is_ascii_digit()) || ty.starts_with("ACTION_")
        {
            let code = CustomActionCode::new(&ty)?;
            let fields = match object.remove("fields") {
                None => BTreeMap::new(),
                Some(Value::Object(fields)) => fields.into_iter().collect(),
                Some(_) => return Err(UpdateError::FieldsNotObject),
            };
            reject_unknown(&object, "new custom action", "`type`, `fields`")?;
            Ok(NewCustomAction { code, fields }.into())
        } else if BUILT_IN_TYPES.contains(&ty.as_str()) {
            Err(UpdateError::BuiltInType { ty })
        } else {
            Err(UpdateError::UnknownType { ty: echo(&ty) })
        }
    }
}

fn required(object: &mut Map<String, Value>, field: &'static str) -> Result<Value, UpdateError> {
    object
        .remove(field)
        .ok_or(UpdateError::MissingField { field })
}

impl Serialize for NewAction {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("type", self.type_str())?;
        match self {
            Self::Custom(custom) => {
                if !custom.fields.is_empty() {
                    map.serialize_entry("fields", &custom.fields)?;
                }
            }
            Self::Payment(payment) => {
                map.serialize_entry("status", payment.status.as_str())?;
                map.serialize_entry("currency", payment.currency.as_str())?;
                map.serialize_entry("amount", payment.amount.as_str())?;
            }
        }
        map.end()
    }
}

/// One or more actions to create: a list that cannot be empty.
#[derive(Debug, Clone, PartialEq)]
pub struct NewActions(Vec<NewAction>);

impl NewActions {
    /// One action.
    pub fn one(action: impl Into<NewAction>) -> Self {
        Self(vec![action.into()])
    }

    /// Several actions, in the order the API will answer for them.
    ///
    /// # Errors
    ///
    /// [`UpdateError::NoActions`] when `actions` is empty.
    pub fn new(actions: Vec<NewAction>) -> Result<Self, UpdateError> {
        if actions.is_empty() {
            Err(UpdateError::NoActions)
        } else {
            Ok(Self(actions))
        }
    }

    /// Parses the create body `{"actions": [...]}` from raw JSON, every entry
    /// checked by [`NewAction::from_value`].
    ///
    /// # Errors
    ///
    /// [`UpdateError`]: malformed JSON, a missing or empty `actions`, another
    /// top-level key, or [`UpdateError::Entry`] with the first invalid entry's
    /// index and reason.
    pub fn from_json(json: &[u8]) -> Result<Self, UpdateError> {
        let value: Value = serde_json::from_slice(json).map_err(|source| UpdateError::Json {
            line: source.line(),
            column: source.column(),
            source,
        })?;
        let Value::Object(mut object) = value else {
            return Err(UpdateError::NotAnObject);
        };
        let actions = match object.remove("actions") {
            None => return Err(UpdateError::MissingField { field: "actions" }),
            Some(Value::Array(actions)) => actions,
            Some(_) => return Err(UpdateError::ActionsNotArray),
        };
        reject_unknown(&object, "create request", "`actions`")?;
        let actions = actions
            .into_iter()
            .enumerate()
            .map(|(index, entry)| {
                NewAction::from_value(entry).map_err(|source| UpdateError::Entry {
                    index,
                    source: Box::new(source),
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        Self::new(actions)
    }

    /// The actions, in order.
    pub fn as_slice(&self) -> &[NewAction] {
        &self.0
    }

    /// How many there are (at least one).
    #[allow(clippy::len_without_is_empty)] // never empty, by construction
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// The create body, `{"actions":[...]}`.
    pub fn to_json(&self) -> Vec<u8> {
        // Maps of strings to `Value` always serialise.
        serde_json::to_vec(self).unwrap_or_default()
    }
}

impl Serialize for NewActions {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(1))?;
        map.serialize_entry("actions", &self.0)?;
        map.end()
    }
}

impl From<NewAction> for NewActions {
    fn from(action: NewAction) -> Self {
        Self::one(action)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn json_entries_follow_the_rules() {
        let ok = NewAction::from_value(json!({"type":"ACTION_1001","fields":{"a":1}})).unwrap();
        assert_eq!(ok.type_str(), "1001");
        let payment = NewAction::from_value(
            json!({"type":"PAYMENT","status":"PENDING","currency":"INR","amount":"10000"}),
        )
        .unwrap();
        assert_eq!(
            serde_json::to_value(&payment).unwrap(),
            json!({"type":"PAYMENT","status":"PENDING","currency":"INR","amount":"10000"})
        );
        let cases = [
            (
                json!({"type":"PAYMENT","status":"PENDING","currency":"INR"}),
                "`amount` is required",
            ),
            (
                json!({"type":"PAYMENT","status":"PENDING","amount":"1","currency":"INR","paymentid":"p"}),
                "unknown key `paymentid`",
            ),
            (
                json!({"type":"PAYMENT","status":"PENDING","currency":"INR","amount":5000}),
                "amount `5000`",
            ),
            (json!({"type":"OUTGOING_CALL"}), "built in"),
            (json!({"type":"1001","note":"x"}), "unknown key `note`"),
            (
                json!({"type":"1001","fields":[]}),
                "`fields` must be a JSON object",
            ),
            (json!([]), "must be a JSON object"),
        ];
        for (value, expected) in cases {
            let err = NewAction::from_value(value.clone())
                .unwrap_err()
                .to_string();
            assert!(err.contains(expected), "{value}: {err}");
        }
    }

    #[test]
    fn lists_are_never_empty() {
        assert!(matches!(
            NewActions::new(vec![]),
            Err(UpdateError::NoActions)
        ));
        assert!(matches!(
            NewActions::from_json(br#"{"actions":[]}"#),
            Err(UpdateError::NoActions)
        ));
        let err =
            NewActions::from_json(br#"{"actions":[{"type":"1001"},{"type":"SMS"}]}"#).unwrap_err();
        assert!(
            matches!(err, UpdateError::Entry { index: 1, .. }),
            "{err:?}"
        );
        assert!(NewActions::from_json(br#"{"actions":[{"type":"1001"}],"x":1}"#).is_err());
        assert!(NewActions::from_json(br#"{"actions":{}}"#).is_err());
    }
}
