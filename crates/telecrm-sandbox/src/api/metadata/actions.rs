//! **Custom actions**: `GET …/custom-actions?detail=` and
//! `GET …/custom-actions/{code}` (the full `ACTION_<n>` form, `404 NOT_FOUND`).

use serde_json::{Value, json};

use crate::api::Refusal;
use crate::workspace::{CustomAction, FieldType, Workspace};

fn action(action: &CustomAction, detail: bool) -> Value {
    let code = format!("ACTION_{}", action.code);
    if !detail {
        return json!({"code": code, "displayName": action.name, "score": action.score, "source": "USER"});
    }
    let schema: serde_json::Map<String, Value> = action
        .fields
        .iter()
        .map(|(name, ty)| {
            let mut field = json!({"type": ty.api_name()});
            if let FieldType::Dropdown(options) = ty {
                field["options"] = json!(options);
            }
            (name.clone(), field)
        })
        .collect();
    json!({
        "id": format!("5f8a1b2c3d4e5f6a7b8c{}", action.code),
        "code": code,
        "displayName": action.name,
        "description": format!("{} (sandbox)", action.name),
        "score": action.score,
        "fieldSchema": schema,
        "displaySchema": {},
        "allowPredatedActivity": {"enabled": true},
        "quickAdd": {},
        "definitionType": "USER_DEFINED",
        "createdOn": 1_767_225_600_000u64,
        "createdBy": "priya@example.com",
        "modifiedOn": 1_767_225_600_000u64,
        "modifiedBy": "priya@example.com",
        "source": "USER"
    })
}

pub(crate) fn list(ws: &Workspace, detail: bool) -> String {
    let actions: Vec<Value> = ws
        .custom_actions
        .iter()
        .map(|a| action(a, detail))
        .collect();
    json!({ "customActions": actions }).to_string()
}

pub(crate) fn one(ws: &Workspace, code: &str) -> Result<String, Refusal> {
    code.strip_prefix("ACTION_")
        .and_then(|n| ws.custom_actions.iter().find(|a| a.code == n))
        .map(|a| action(a, true).to_string())
        .ok_or_else(|| Refusal {
            status: 404,
            code: "NOT_FOUND",
            message: format!("Custom action with code {code} was not found."),
        })
}
