//! **Create a lead**: `POST …/lead` with `fields` (the identifier required)
//! and optional `actions`. Fields and actions that do not fit are ignored with
//! remarks; the lead itself is refused (`400`) only without a valid
//! identifier, and `409 LEAD_ALREADY_EXISTS` when one with the same identifier
//! exists.

use serde::Serialize;
use serde_json::{Map, Value};

use crate::api::actions::create::{Outcome, Remark, judge_all, names_non_writable, outcomes};
use crate::api::{Refusal, bad_request};
use crate::state::{CreateLeadError, Tx};
use crate::workspace::Workspace;

#[derive(Serialize)]
struct Answer {
    lead_id: String,
    actions: Vec<Outcome>,
    remarks: Vec<Remark>,
}

/// Judges each field: what to keep, and remarks on what is ignored.
pub(crate) fn judge_fields(
    ws: &Workspace,
    fields: Map<String, Value>,
) -> (Map<String, Value>, Vec<Remark>) {
    let mut kept = Map::new();
    let mut remarks = Vec::new();
    for (name, value) in fields {
        match ws.check(&name, &value) {
            Ok(value) => {
                kept.insert(name, value);
            }
            Err(remark) => remarks.push(Remark::ignored(format!("fields.{name}"), remark)),
        }
    }
    (kept, remarks)
}

/// Records the labels of dropdown and tags values as the fields' options: an
/// unknown label creates one, as the docs say.
pub(crate) fn learn_options(store: &mut Tx<'_>, fields: &Map<String, Value>) {
    for (name, value) in fields {
        let labels = store.workspace().labels(name, value);
        if !labels.is_empty() {
            store.learn_options(name, &labels);
        }
    }
}

pub(crate) fn answer(store: &mut Tx<'_>, body: Value) -> Result<(u16, String), Refusal> {
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
    let actions = match body.remove("actions") {
        None => Vec::new(),
        Some(Value::Array(actions)) => actions,
        Some(_) => return Err(bad_request("Field actions must be an array.")),
    };
    if let Some(key) = body.keys().next() {
        return Err(bad_request(format!("Unknown field {key}.")));
    }
    if names_non_writable(&actions) {
        return Err(bad_request(
            "Only custom actions and payment actions can be created",
        ));
    }
    let ws = store.workspace();
    let identifier = ws.identifier.as_str();
    match fields.get(identifier) {
        None => {
            return Err(bad_request(format!(
                "Lead identifier field {identifier} is required."
            )));
        }
        Some(value) => {
            if let Err(remark) = ws.check(identifier, value) {
                return Err(bad_request(format!(
                    "Lead identifier field {identifier} is invalid: {remark}."
                )));
            }
        }
    }
    let (kept, mut remarks) = judge_fields(ws, fields);
    learn_options(store, &kept);
    let (states, action_remarks) = judge_all(ws, actions);
    remarks.extend(action_remarks);
    let (lead_id, ids) =
        store
            .create_lead(kept.clone(), states)
            .map_err(|CreateLeadError::Exists| Refusal {
                status: 409,
                code: "LEAD_ALREADY_EXISTS",
                message: format!(
                    "A lead with {identifier} {} already exists.",
                    kept.get(identifier)
                        .and_then(Value::as_str)
                        .unwrap_or_default()
                ),
            })?;
    let answer = Answer {
        lead_id,
        actions: outcomes(ids),
        remarks,
    };
    let body = serde_json::to_string(&answer).map_err(|e| bad_request(e.to_string()))?;
    Ok((201, body))
}
