//! **Team members**: list, create, get by email, availability.

pub(crate) mod create;
pub(crate) mod get;
pub(crate) mod list;
pub(crate) mod state;

use serde_json::{Map, Value};

use crate::api::{Refusal, bad_request};
use crate::state::Member;

/// A member as list and get show them: `id` (the member ID, as real answers
/// carry it), then keys in the docs' order.
pub(crate) fn member_json(member: &Member) -> String {
    let mut parts = vec![
        ("id", Value::from(member.id.as_str())),
        ("name", Value::from(member.name.as_str())),
        ("email", Value::from(member.email.as_str())),
        ("status", Value::from(member.status.as_str())),
        ("phone_number", Value::from(member.phone_number.as_str())),
    ];
    for (key, value) in [
        ("manager_name", &member.manager_name),
        ("manager_email", &member.manager_email),
        ("permission_template_name", &member.permission_template_name),
    ] {
        if let Some(value) = value {
            parts.push((key, Value::from(value.as_str())));
        }
    }
    parts.push(("license", member.license.clone().unwrap_or(Value::Null)));
    let body: Vec<String> = parts
        .into_iter()
        .map(|(k, v)| format!("{}:{v}", Value::from(k)))
        .collect();
    format!("{{{}}}", body.join(","))
}

/// `includeDeleted=true` in a query string; anything but true/false is a 400.
pub(crate) fn include_deleted(query: Option<&str>) -> Result<bool, Refusal> {
    let value = query
        .unwrap_or_default()
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(key, _)| *key == "includeDeleted")
        .map(|(_, value)| value);
    match value {
        None | Some("false") => Ok(false),
        Some("true") => Ok(true),
        Some(_) => Err(bad_request("includeDeleted must be true or false")),
    }
}

pub(crate) fn not_found() -> Refusal {
    Refusal {
        status: 404,
        code: "TEAM_MEMBER_NOT_FOUND",
        message: "Team member not found".into(),
    }
}

/// The `{"error": {..., "details": [...]}}` of a validation failure.
pub(crate) fn validation_failed(details: &[(&str, String)]) -> String {
    let details: Vec<Value> = details
        .iter()
        .map(|(field, message)| {
            let mut detail = Map::new();
            detail.insert("field".into(), Value::from(*field));
            detail.insert("message".into(), Value::from(message.as_str()));
            Value::Object(detail)
        })
        .collect();
    format!(
        r#"{{"error":{{"code":"BAD_REQUEST","message":"Validation failed","details":{}}}}}"#,
        Value::Array(details)
    )
}
