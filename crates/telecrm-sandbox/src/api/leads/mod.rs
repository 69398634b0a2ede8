//! **Leads**: create, get, update and search, on the workspace of
//! `crate::workspace`.

pub(crate) mod create;
pub(crate) mod get;
pub(crate) mod search;
pub(crate) mod update;

use serde_json::{Map, Value};

use crate::api::Refusal;

/// The docs' 404 for a lead read or changed by ID.
pub(crate) fn lead_not_found(lead: &str) -> Refusal {
    Refusal {
        status: 404,
        code: "LEAD_NOT_FOUND",
        message: format!("Lead with ID {lead} was not found."),
    }
}

/// `{"_id":…,"fields":{…}}`: a lead as search items and get answers show it.
pub(crate) fn lead_json(id: Option<&str>, fields: &Map<String, Value>) -> Map<String, Value> {
    let mut object = Map::new();
    if let Some(id) = id {
        object.insert("_id".into(), Value::from(id));
    }
    object.insert("fields".into(), Value::Object(fields.clone()));
    object
}
