//! An action's current state, as the API returns it: [`Action`].
//!
//! Decoding is lenient where leniency is safe: keys the API may add later are
//! kept in `extra` rather than dropped, and an action of a type this crate does
//! not model is returned as [`Action::Other`] instead of failing the call.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

use crate::vocab::{CustomActionCode, PAYMENT_TYPE};

/// The state of a custom action.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct CustomAction {
    /// The action's code (`1001`).
    pub code: CustomActionCode,
    /// The action's fields (empty when the API sent none).
    pub fields: BTreeMap<String, Value>,
    /// Any other key the API returned.
    pub extra: BTreeMap<String, Value>,
}

/// The state of a payment action.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct PaymentAction {
    /// The payment's status (`PENDING`, `COMPLETED`, ...).
    pub status: Option<String>,
    /// The currency (`INR`).
    pub currency: Option<String>,
    /// The amount, as the API writes it: a string such as `"5000"`.
    pub amount: Option<String>,
    /// The payment's own ID, when it has one.
    pub paymentid: Option<String>,
    /// Any other key the API returned.
    pub extra: BTreeMap<String, Value>,
}

/// An action of a type this crate does not model (a built-in type, or one
/// added to the API later). Its whole object is kept.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct OtherAction {
    /// The action's `type`.
    pub action_type: String,
    /// Every other key of the object.
    pub body: BTreeMap<String, Value>,
}

/// An action's full current state, as returned by *Update an action*.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Action {
    /// A custom action (`"type": "1001"`).
    Custom(CustomAction),
    /// A payment action (`"type": "PAYMENT"`).
    Payment(PaymentAction),
    /// Any other type.
    Other(OtherAction),
}

impl Action {
    /// The action's `type` as the API sent it (custom codes in bare form).
    pub fn action_type(&self) -> &str {
        match self {
            Self::Custom(custom) => custom.code.as_str(),
            Self::Payment(_) => PAYMENT_TYPE,
            Self::Other(other) => &other.action_type,
        }
    }

    /// The custom action, if this is one.
    pub fn as_custom(&self) -> Option<&CustomAction> {
        match self {
            Self::Custom(custom) => Some(custom),
            _ => None,
        }
    }

    /// The payment action, if this is one.
    pub fn as_payment(&self) -> Option<&PaymentAction> {
        match self {
            Self::Payment(payment) => Some(payment),
            _ => None,
        }
    }
}

/// Keys read while the action's type may not be known yet. The documented keys
/// have variants so that reading them allocates nothing.
enum Key {
    Type,
    Fields,
    Payment(usize),
    Other(String),
}

/// The documented keys of a payment, in the order [`PaymentAction`] lists them.
const PAYMENT_KEYS: [&str; 4] = ["status", "currency", "amount", "paymentid"];

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl Visitor<'_> for KeyVisitor {
            type Value = Key;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a key")
            }
            fn visit_str<E: de::Error>(self, key: &str) -> Result<Key, E> {
                Ok(match key {
                    "type" => Key::Type,
                    "fields" => Key::Fields,
                    other => match PAYMENT_KEYS.iter().position(|k| *k == other) {
                        Some(index) => Key::Payment(index),
                        None => Key::Other(other.to_owned()),
                    },
                })
            }
        }
        deserializer.deserialize_identifier(KeyVisitor)
    }
}

/// An action's `type`, read without allocating for the common `PAYMENT`.
enum TypeTag {
    Payment,
    Other(String),
}

impl<'de> Deserialize<'de> for TypeTag {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TypeVisitor;
        impl Visitor<'_> for TypeVisitor {
            type Value = TypeTag;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string `type`")
            }
            fn visit_str<E: de::Error>(self, ty: &str) -> Result<TypeTag, E> {
                Ok(if ty == PAYMENT_TYPE {
                    TypeTag::Payment
                } else {
                    TypeTag::Other(ty.to_owned())
                })
            }
        }
        deserializer.deserialize_str(TypeVisitor)
    }
}

fn payment_string<E: de::Error>(name: &str, value: Option<Value>) -> Result<Option<String>, E> {
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        // Amounts are documented as strings; a number is the same amount.
        Some(Value::Number(n)) if name == "amount" => Ok(Some(n.to_string())),
        Some(_) => Err(E::invalid_type(
            de::Unexpected::Other("a non-string value"),
            &"a string",
        )),
    }
}

struct ActionVisitor;

impl<'de> Visitor<'de> for ActionVisitor {
    type Value = Action;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an action object with a string `type`")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Action, A::Error> {
        // `type` need not come first, so the other keys are held until it is known.
        let mut action_type: Option<TypeTag> = None;
        let mut fields: Option<Value> = None;
        let mut payment: [Option<Value>; 4] = [None, None, None, None];
        let mut rest: BTreeMap<String, Value> = BTreeMap::new();
        while let Some(key) = map.next_key::<Key>()? {
            match key {
                Key::Type => {
                    if action_type.is_some() {
                        return Err(de::Error::duplicate_field("type"));
                    }
                    action_type = Some(map.next_value()?);
                }
                Key::Fields => {
                    if fields.is_some() {
                        return Err(de::Error::duplicate_field("fields"));
                    }
                    fields = Some(map.next_value()?);
                }
                Key::Payment(index) => {
                    if payment[index].is_some() {
                        return Err(de::Error::duplicate_field(PAYMENT_KEYS[index]));
                    }
                    payment[index] = Some(map.next_value()?);
                }
                Key::Other(key) => {
                    let value = map.next_value()?;
                    rest.insert(key, value);
                }
            }
        }
        let action_type = action_type.ok_or_else(|| de::Error::missing_field("type"))?;
        let action_type = match action_type {
            TypeTag::Other(action_type) => action_type,
            TypeTag::Payment => {
                if let Some(fields) = fields {
                    rest.insert("fields".to_owned(), fields);
                }
                let [status, currency, amount, paymentid] = payment;
                return Ok(Action::Payment(PaymentAction {
                    status: payment_string(PAYMENT_KEYS[0], status)?,
                    currency: payment_string(PAYMENT_KEYS[1], currency)?,
                    amount: payment_string(PAYMENT_KEYS[2], amount)?,
                    paymentid: payment_string(PAYMENT_KEYS[3], paymentid)?,
                    extra: rest,
                }));
            }
        };
        // Not a payment: the payment keys, if any, are just more keys.
        for (name, value) in PAYMENT_KEYS.iter().zip(payment) {
            if let Some(value) = value {
                rest.insert((*name).to_owned(), value);
            }
        }
        if let Ok(code) = CustomActionCode::new(&action_type) {
            let fields = match fields {
                None | Some(Value::Null) => BTreeMap::new(),
                Some(Value::Object(fields)) => fields.into_iter().collect(),
                Some(_) => {
                    return Err(de::Error::invalid_type(
                        de::Unexpected::Other("non-object `fields`"),
                        &"an object",
                    ));
                }
            };
            return Ok(Action::Custom(CustomAction {
                code,
                fields,
                extra: rest,
            }));
        }
        if let Some(fields) = fields {
            rest.insert("fields".to_owned(), fields);
        }
        Ok(Action::Other(OtherAction {
            action_type,
            body: rest,
        }))
    }
}

impl<'de> Deserialize<'de> for Action {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(ActionVisitor)
    }
}

/// Writes the action back as the API's JSON object (keys of `extra` included).
impl Serialize for Action {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("type", self.action_type())?;
        match self {
            Self::Custom(custom) => {
                map.serialize_entry("fields", &custom.fields)?;
                for (key, value) in &custom.extra {
                    map.serialize_entry(key, value)?;
                }
            }
            Self::Payment(payment) => {
                for (key, value) in [
                    ("status", &payment.status),
                    ("currency", &payment.currency),
                    ("amount", &payment.amount),
                    ("paymentid", &payment.paymentid),
                ] {
                    if let Some(value) = value {
                        map.serialize_entry(key, value)?;
                    }
                }
                for (key, value) in &payment.extra {
                    map.serialize_entry(key, value)?;
                }
            }
            Self::Other(other) => {
                for (key, value) in &other.body {
                    map.serialize_entry(key, value)?;
                }
            }
        }
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn payment_keys_of_other_types_keep_any_value_exactly() {
        let body = json!({
            "type": "OUTGOING_CALL",
            "status": {"a": [1, 2.5, null, true, "x", -7, 18446744073709551615u64]},
            "currency": 3,
            "amount": -1.5,
            "paymentid": null,
            "fields": {"k": "v"},
        });
        let action: Action = serde_json::from_value(body.clone()).unwrap();
        let mut expected = body.as_object().unwrap().clone();
        expected.remove("type");
        match action {
            Action::Other(other) => {
                assert_eq!(other.body, expected.into_iter().collect::<BTreeMap<_, _>>());
            }
            other => panic!("{other:?}"),
        }
        // The same bytes through the slice reader give the same action.
        let bytes = serde_json::to_vec(&body).unwrap();
        let from_slice: Action = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(from_slice, serde_json::from_value::<Action>(body).unwrap());
    }

    #[test]
    fn decodes_documented_payment() {
        let action: Action = serde_json::from_str(
            r#"{"type":"PAYMENT","status":"COMPLETED","currency":"INR","amount":"5000"}"#,
        )
        .unwrap();
        let payment = action.as_payment().unwrap();
        assert_eq!(payment.status.as_deref(), Some("COMPLETED"));
        assert_eq!(payment.currency.as_deref(), Some("INR"));
        assert_eq!(payment.amount.as_deref(), Some("5000"));
        assert_eq!(payment.paymentid, None);
        assert!(payment.extra.is_empty());
    }

    #[test]
    fn keeps_unknown_keys() {
        let action: Action = serde_json::from_str(
            r#"{"fields":{"note":"x"},"updated_on":"01/04/2026 00:00:00","type":"1001"}"#,
        )
        .unwrap();
        let custom = action.as_custom().unwrap();
        assert_eq!(custom.code.as_str(), "1001");
        assert_eq!(custom.fields["note"], json!("x"));
        assert_eq!(custom.extra["updated_on"], json!("01/04/2026 00:00:00"));
        // And writes them back.
        let back = serde_json::to_value(&action).unwrap();
        assert_eq!(
            back,
            json!({"type":"1001","fields":{"note":"x"},"updated_on":"01/04/2026 00:00:00"})
        );
    }

    #[test]
    fn other_types_are_kept_whole() {
        let action: Action =
            serde_json::from_str(r#"{"type":"OUTGOING_CALL","duration":30}"#).unwrap();
        let Action::Other(other) = &action else {
            panic!("{action:?}")
        };
        assert_eq!(other.action_type, "OUTGOING_CALL");
        assert_eq!(other.body["duration"], json!(30));
    }

    #[test]
    fn malformed_states_are_errors() {
        for body in [
            r#"{"status":"X"}"#,
            r#"{"type":5}"#,
            r#"{"type":"1001","fields":3}"#,
            r#"{"type":"PAYMENT","status":7}"#,
            r#"{"type":"PAYMENT","type":"PAYMENT"}"#,
            r#"[]"#,
        ] {
            assert!(serde_json::from_str::<Action>(body).is_err(), "{body}");
        }
    }
}
