//! **Update an action**: `POST …/lead/{l}/action/{a}`, by the seed document's
//! rules, read on their own (not from telecrm-core), applied to one stored action.

use serde_json::{Map, Value};

use super::create::PAYMENT_STATUSES;
use super::is_custom_code;
use crate::api::{Refusal, bad_request};

/// The document's message for an attempt to change an immutable payment field.
pub const IMMUTABLE_PAYMENT_MESSAGE: &str =
    "Cannot update amount, currency, or paymentid fields for existing payment action.";

/// Applies `body` to `stored` (the action's current state) in place, or says
/// why not; on refusal `stored` is untouched.
pub(crate) fn apply(stored: &mut Value, body: Value) -> Result<(), Refusal> {
    let Value::Object(mut body) = body else {
        return Err(bad_request("Request body must be a JSON object."));
    };
    let ty = match body.remove("type") {
        Some(Value::String(ty)) => ty,
        Some(_) => return Err(bad_request("Field type must be a string.")),
        None => return Err(bad_request("Field type is required.")),
    };
    if ty != "PAYMENT" && !is_custom_code(&ty) {
        return Err(bad_request(format!(
            "Action type {ty} cannot be updated through the API."
        )));
    }
    let stored_type = stored
        .get("type")
        .and_then(Value::as_str)
        .unwrap_or_default();
    if ty != stored_type {
        return Err(bad_request(format!(
            "Action type {ty} does not match the action's type {stored_type}."
        )));
    }
    if ty == "PAYMENT" {
        apply_payment(stored, body)
    } else {
        apply_custom(stored, body)
    }
}

fn apply_payment(stored: &mut Value, mut body: Map<String, Value>) -> Result<(), Refusal> {
    if ["amount", "currency", "paymentid"]
        .iter()
        .any(|k| body.contains_key(*k))
    {
        return Err(bad_request(IMMUTABLE_PAYMENT_MESSAGE));
    }
    let status = match body.remove("status") {
        None => None,
        Some(Value::String(s)) if PAYMENT_STATUSES.contains(&s.as_str()) => Some(s),
        Some(_) => {
            return Err(bad_request(format!(
                "Field status must be one of: {}.",
                PAYMENT_STATUSES.join(", ")
            )));
        }
    };
    if let Some(key) = body.keys().next() {
        return Err(bad_request(format!(
            "Unknown field {key} for a payment action."
        )));
    }
    if let (Some(status), Some(object)) = (status, stored.as_object_mut()) {
        object.insert("status".to_owned(), Value::String(status));
    }
    Ok(())
}

fn apply_custom(stored: &mut Value, mut body: Map<String, Value>) -> Result<(), Refusal> {
    let fields = match body.remove("fields") {
        None => Map::new(),
        Some(Value::Object(fields)) => fields,
        Some(_) => return Err(bad_request("Field fields must be an object.")),
    };
    if let Some(key) = body.keys().next() {
        return Err(bad_request(format!(
            "Unknown field {key} for a custom action."
        )));
    }
    let Some(object) = stored.as_object_mut() else {
        return Err(bad_request("The stored action is not an object."));
    };
    let stored_fields = object
        .entry("fields")
        .or_insert_with(|| Value::Object(Map::new()));
    if !stored_fields.is_object() {
        *stored_fields = Value::Object(Map::new());
    }
    if let Some(stored_fields) = stored_fields.as_object_mut() {
        stored_fields.extend(fields);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn payment_status_only() {
        let mut stored =
            json!({"type":"PAYMENT","status":"PENDING","currency":"INR","amount":"5000"});
        apply(&mut stored, json!({"type":"PAYMENT","status":"COMPLETED"})).unwrap();
        assert_eq!(
            stored,
            json!({"type":"PAYMENT","status":"COMPLETED","currency":"INR","amount":"5000"})
        );
        let before = stored.clone();
        let refusal = apply(&mut stored, json!({"type":"PAYMENT","amount":"1"})).unwrap_err();
        assert_eq!(refusal.message, IMMUTABLE_PAYMENT_MESSAGE);
        assert_eq!(stored, before);
    }

    #[test]
    fn custom_fields_merge() {
        let mut stored = json!({"type":"1001","fields":{"note":"a","stage":"x"}});
        apply(
            &mut stored,
            json!({"type":"1001","fields":{"note":"b","new":1}}),
        )
        .unwrap();
        assert_eq!(
            stored,
            json!({"type":"1001","fields":{"note":"b","stage":"x","new":1}})
        );
        assert!(apply(&mut stored, json!({"type":"1002"})).is_err());
        assert!(apply(&mut stored, json!({"type":"ACTION_1001"})).is_err());
        assert!(apply(&mut stored, json!({"type":"1001","fields":[]})).is_err());
        assert!(apply(&mut stored, json!({"type":"1001","x":1})).is_err());
        assert!(apply(&mut stored, json!({"type":"OUTGOING_CALL"})).is_err());
    }
}
