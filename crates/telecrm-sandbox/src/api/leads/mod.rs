//! **Leads**: create, get, update and search, on the workspace of
//! `crate::workspace`.

pub(crate) mod create;
pub(crate) mod get;
pub(crate) mod search;
pub(crate) mod update;

use serde_json::{Map, Value};

use crate::api::Refusal;
use crate::state::{LeadRecord, Tx};
use crate::workspace::FieldType;

/// The docs' 404 for a lead read or changed by ID.
pub(crate) fn lead_not_found(lead: &str) -> Refusal {
    Refusal {
        status: 404,
        code: "LEAD_NOT_FOUND",
        message: format!("Lead with ID {lead} was not found."),
    }
}

/// A lead as search items and get answers show it, as the service does in
/// real use: `id` and `_id` (the same), the top-level `status` (the status
/// field's label) and `employeeid` (the assignee's member ID) where set, and
/// `fields` with `created_on` and `modified_on` (Unix ms) beside the stored
/// fields.
pub(crate) fn lead_json(store: &Tx<'_>, id: &str, lead: &LeadRecord) -> Map<String, Value> {
    let ws = store.workspace();
    let of_type = |wanted: fn(&FieldType) -> bool| {
        ws.fields
            .iter()
            .filter(|(_, ty)| wanted(ty))
            .find_map(|(name, _)| lead.fields.get(name).and_then(Value::as_str))
    };
    let mut object = Map::new();
    object.insert("id".into(), Value::from(id));
    object.insert("_id".into(), Value::from(id));
    if let Some(status) = of_type(|ty| *ty == FieldType::Status) {
        object.insert("status".into(), Value::from(status));
    }
    let assignee = of_type(|ty| *ty == FieldType::ActiveUsers).and_then(|email| {
        store
            .team()
            .iter()
            .find(|m| !m.deleted && m.email.eq_ignore_ascii_case(email))
    });
    if let Some(member) = assignee {
        object.insert("employeeid".into(), Value::from(member.id.as_str()));
    }
    let mut fields = lead.fields.clone();
    fields.insert("created_on".into(), Value::from(lead.created_on));
    fields.insert("modified_on".into(), Value::from(lead.modified_on));
    object.insert("fields".into(), Value::Object(fields));
    object
}
