//! **Enterprise metadata**: `GET …/metadata`.

use serde_json::json;

use crate::workspace::Workspace;

pub(crate) fn answer(ws: &Workspace, enterprise: &str) -> String {
    // Keys in the docs' order.
    format!(
        r#"{{"name":"Sandbox Realty","id":{},"creationTimeStamp":1767225600000,"teamSize":"1-10","industry":"Real Estate","website":"https://example.com","leadIdentifierFieldId":{},"integrations":["WHATSAPP","EMAIL"]}}"#,
        json!(enterprise),
        json!(ws.field_id(&ws.identifier))
    )
}
