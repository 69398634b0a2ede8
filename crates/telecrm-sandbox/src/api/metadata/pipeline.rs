//! **Lead stage pipeline**: `GET …/lead-stage-pipeline`.

use serde_json::{Value, json};

use crate::workspace::Workspace;

pub(crate) fn answer(ws: &Workspace) -> String {
    let mut next_id = 0;
    let mut statuses = |labels: &[String]| -> Vec<Value> {
        labels
            .iter()
            .map(|label| {
                next_id += 1;
                json!({"statusid": next_id, "label": label, "color": "#888888"})
            })
            .collect()
    };
    let stages: Vec<Value> = ws
        .stages
        .iter()
        .map(|stage| {
            json!({
                "stageid": stage.id,
                "stageType": stage.kind,
                "visibility": true,
                "activeStatuses": statuses(&stage.active),
                "archivedStatuses": statuses(&stage.archived),
            })
        })
        .collect();
    let reasons = |labels: &[String], start: usize| -> Vec<Value> {
        labels
            .iter()
            .enumerate()
            .map(|(i, label)| json!({"reasonid": start + i, "reasonLabel": label, "isDefault": false}))
            .collect()
    };
    json!({
        "leadStages": stages,
        "activeLeadLostReasons": reasons(&ws.lost_reasons, 1),
        "archivedLeadLostReasons": reasons(&ws.archived_lost_reasons, 100),
        "creationTimestamp": 1_767_225_600_000u64,
        "modificationTimestamp": 1_767_225_600_000u64,
        "lastModifiedBy": "priya@example.com",
        "version": 1
    })
    .to_string()
}
