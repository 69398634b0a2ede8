//! **The Async API**: `POST /async/enterprise/{e}/autoupdatelead` with the
//! Async token. Answers `{"status":"QUEUED"}` at once and applies the payload
//! later, on a queue: the lead matched by its identifier is updated, else
//! created; actions are appended. What fails validation is dropped silently,
//! as the service drops it, and the reason recorded in [`IngestRecord`]s.

use serde_json::Value;

use crate::api::actions::create::judge_all;
use crate::api::leads::create::{judge_fields, learn_options};
use crate::state::Tx;

/// What became of one queued payload.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct IngestRecord {
    /// Its place in the queue, from 0.
    pub seq: u64,
    /// The lead identifier's value, normalised, when the payload had one.
    pub identifier: Option<String>,
    /// `created`, `updated` or `dropped`.
    pub outcome: &'static str,
    /// The lead's ID, unless dropped.
    pub lead: Option<String>,
    /// Why something (the lead, a field, an action) was dropped.
    pub dropped: Vec<String>,
}

/// Applies one payload to the store.
pub(crate) fn apply(store: &mut Tx<'_>, seq: u64, body: Value) -> IngestRecord {
    let mut record = IngestRecord {
        seq,
        identifier: None,
        outcome: "dropped",
        lead: None,
        dropped: Vec::new(),
    };
    let Value::Object(mut body) = body else {
        record.dropped.push("body is not an object".into());
        return record;
    };
    let fields = match body.remove("fields") {
        Some(Value::Object(fields)) => fields,
        _ => {
            record.dropped.push("no fields".into());
            return record;
        }
    };
    let ws = store.workspace();
    let id_field = ws.identifier.as_str();
    let identifier = match fields.get(id_field).map(|v| ws.check(id_field, v)) {
        Some(Ok(value)) => value,
        Some(Err(remark)) => {
            record
                .dropped
                .push(format!("identifier {id_field}: {remark}"));
            return record;
        }
        None => {
            record
                .dropped
                .push(format!("identifier {id_field} missing"));
            return record;
        }
    };
    record.identifier = identifier.as_str().map(str::to_owned);
    let (kept, remarks) = judge_fields(ws, fields);
    record.dropped.extend(
        remarks
            .into_iter()
            .map(|r| format!("{}: {}", r.field, r.remark)),
    );
    // The Async API takes `ACTION_<n>`: turn it into the stored bare code, and
    // drop a bare code, as the service does.
    let actions: Vec<Value> = match body.remove("actions") {
        Some(Value::Array(actions)) => actions
            .into_iter()
            .enumerate()
            .filter_map(|(i, mut action)| {
                let ty = action
                    .get("type")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_owned();
                if ty == "PAYMENT" {
                    return Some(action);
                }
                match ty.strip_prefix("ACTION_") {
                    Some(code) => {
                        if let Some(object) = action.as_object_mut() {
                            object.insert("type".into(), Value::from(code));
                            object.remove("created_on");
                        }
                        Some(action)
                    }
                    None => {
                        record
                            .dropped
                            .push(format!("actions[{i}]: type {ty} needs the ACTION_ prefix"));
                        None
                    }
                }
            })
            .collect(),
        _ => Vec::new(),
    };
    let (states, action_remarks) = judge_all(ws, actions);
    record.dropped.extend(
        action_remarks
            .into_iter()
            .map(|r| format!("{}: {}", r.field, r.remark)),
    );
    learn_options(store, &kept);
    let (lead, created) = store.upsert_lead(kept, states);
    record.outcome = if created { "created" } else { "updated" };
    record.lead = Some(lead);
    record
}
