//! **Get an action**: `GET …/lead/{l}/action/{a}`: a custom or payment
//! action; built-in types `400`; unknown `404 ACTION_NOT_FOUND`.

use serde_json::Value;

use super::is_writable;
use crate::api::{Refusal, bad_request, wire_with};
use crate::state::Tx;

pub(crate) fn answer(store: &Tx<'_>, lead: &str, action: &str) -> Result<String, Refusal> {
    let state = store.get(lead, action).ok_or_else(|| Refusal {
        status: 404,
        code: "ACTION_NOT_FOUND",
        message: format!("Action with ID {action} was not found."),
    })?;
    let ty = state
        .get("type")
        .and_then(Value::as_str)
        .unwrap_or_default();
    if !is_writable(ty) {
        return Err(bad_request(
            "Only custom actions and payment actions can be retrieved",
        ));
    }
    Ok(wire_with(&[], &state, &[]))
}
