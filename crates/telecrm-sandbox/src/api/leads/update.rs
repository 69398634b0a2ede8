//! **Update a lead**: `POST …/lead/{l}` with `fields`: only those change.
//! The identifier cannot (`403 INVALID_LEAD`); a value of the wrong type or an
//! unknown field is a `400`; an unknown status label is dropped.

use serde_json::{Map, Value};

use super::lead_not_found;
use crate::api::{Refusal, bad_request};
use crate::state::Tx;
use crate::workspace::FieldType;

pub(crate) fn answer(store: &mut Tx<'_>, lead: &str, body: Value) -> Result<String, Refusal> {
    let Value::Object(mut body) = body else {
        return Err(bad_request("Request body must be a JSON object."));
    };
    let fields = match body.remove("fields") {
        Some(Value::Object(fields)) => fields,
        _ => {
            return Err(bad_request(
                "Field fields is required and must be an object.",
            ));
        }
    };
    if let Some(key) = body.keys().next() {
        return Err(bad_request(format!("Unknown field {key}.")));
    }
    if !store.has_lead(lead) {
        return Err(lead_not_found(lead));
    }
    let ws = store.workspace();
    if fields.contains_key(&ws.identifier) {
        return Err(Refusal {
            status: 403,
            code: "INVALID_LEAD",
            message: "Cannot modify lead identifier field".into(),
        });
    }
    let mut kept = Map::new();
    for (name, value) in fields {
        match ws.check(&name, &value) {
            Ok(value) => {
                kept.insert(name, value);
            }
            // The docs: unknown (and archived) status labels are dropped.
            Err(_) if ws.field_type(&name) == Some(&FieldType::Status) => {}
            Err(remark) => return Err(bad_request(format!("Field {name}: {remark}."))),
        }
    }
    let record = store
        .update_lead(lead, kept)
        .ok_or_else(|| lead_not_found(lead))?;
    let mut answer = Map::new();
    answer.insert("fields".into(), Value::Object(record.fields));
    Ok(Value::Object(answer).to_string())
}
