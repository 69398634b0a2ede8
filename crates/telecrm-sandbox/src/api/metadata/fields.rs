//! **Custom fields**: `GET …/custom-fields?detail=` and
//! `GET …/custom-fields/{apiName}` (case-sensitive, `404 NOT_FOUND`).

use serde_json::{Value, json};

use crate::api::Refusal;
use crate::state::Tx;
use crate::workspace::FieldType;

/// One field, in the summary or the detailed shape.
fn field(store: &Tx<'_>, name: &str, ty: &FieldType, detail: bool) -> Value {
    let ws = store.workspace();
    let mut options: Vec<String> = match ty {
        FieldType::Dropdown(options) | FieldType::Tags(options) => options.clone(),
        _ => Vec::new(),
    };
    for learnt in store.learnt_options(name) {
        if !options.contains(learnt) {
            options.push(learnt.clone());
        }
    }
    let mut object = serde_json::Map::new();
    if detail {
        object.insert("id".into(), json!(ws.field_id(name)));
    }
    object.insert("type".into(), json!(ty.api_name()));
    object.insert("apiName".into(), json!(name));
    if detail {
        object.insert(
            "description".into(),
            json!(format!("The lead's {}", name.replace('_', " "))),
        );
    }
    object.insert("lockAfterCreate".into(), json!(name == ws.identifier));
    object.insert("isLeadid".into(), json!(name == ws.identifier));
    if !options.is_empty() {
        let options: Vec<Value> = options
            .iter()
            .enumerate()
            .map(|(i, label)| {
                if detail {
                    json!({"id": format!("opt_{}", i + 1), "label": label})
                } else {
                    json!(label)
                }
            })
            .collect();
        object.insert("options".into(), Value::Array(options));
    }
    Value::Object(object)
}

pub(crate) fn list(store: &Tx<'_>, detail: bool) -> String {
    let fields: Vec<Value> = store
        .workspace()
        .fields
        .iter()
        .map(|(name, ty)| field(store, name, ty, detail))
        .collect();
    json!({ "customFields": fields }).to_string()
}

pub(crate) fn one(store: &Tx<'_>, api_name: &str) -> Result<String, Refusal> {
    store
        .workspace()
        .fields
        .iter()
        .find(|(name, _)| name == api_name)
        .map(|(name, ty)| field(store, name, ty, true).to_string())
        .ok_or_else(|| Refusal {
            status: 404,
            code: "NOT_FOUND",
            message: format!("Could not find custom field with apiName {api_name}"),
        })
}
