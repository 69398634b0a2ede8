//! **Update availability**: `POST …/teammember/state_change` with
//! `{"state", "email"}`.

use serde_json::Value;

use super::not_found;
use crate::api::{Refusal, bad_request};
use crate::state::Tx;
use crate::workspace::is_email;

const STATES: [&str; 4] = ["Active", "Inactive", "On Leave", "Working"];

pub(crate) fn answer(store: &mut Tx<'_>, body: Value) -> Result<String, Refusal> {
    let state = body
        .get("state")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let email = body
        .get("email")
        .and_then(Value::as_str)
        .unwrap_or_default();
    if body
        .as_object()
        .is_some_and(|o| o.keys().any(|k| k != "state" && k != "email"))
    {
        return Err(bad_request("Only state and email may be sent."));
    }
    if !STATES.contains(&state) {
        return Err(bad_request(
            "Invalid state. Allowed states: Active, Inactive, On Leave, Working",
        ));
    }
    if !is_email(email) {
        return Err(bad_request("Invalid email format"));
    }
    let member = store
        .set_member_status(email, state)
        .ok_or_else(not_found)?;
    Ok(format!(
        r#"{{"email":{},"status":{}}}"#,
        Value::from(member.email),
        Value::from(member.status)
    ))
}
