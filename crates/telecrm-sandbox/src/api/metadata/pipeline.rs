//! **Lead stage pipeline**: `GET …/lead-stage-pipeline`.

use serde_json::{Value, json};

use crate::workspace::{ARCHIVED_LOST_REASONS, LOST_REASONS, STAGES};

pub(crate) fn answer() -> String {
    let mut next_id = 0;
    let mut statuses = |labels: &[&str]| -> Vec<Value> {
        labels
            .iter()
            .map(|label| {
                next_id += 1;
                json!({"statusid": next_id, "label": label, "color": "#888888"})
            })
            .collect()
    };
    let stages: Vec<Value> = STAGES
        .iter()
        .map(|stage| {
            json!({
                "stageid": stage.id,
                "stageType": stage.kind,
                "visibility": true,
                "activeStatuses": statuses(stage.active),
                "archivedStatuses": statuses(stage.archived),
            })
        })
        .collect();
    let reasons = |labels: &[&str], start: usize| -> Vec<Value> {
        labels
            .iter()
            .enumerate()
            .map(|(i, label)| json!({"reasonid": start + i, "reasonLabel": label, "isDefault": false}))
            .collect()
    };
    json!({
        "leadStages": stages,
        "activeLeadLostReasons": reasons(LOST_REASONS, 1),
        "archivedLeadLostReasons": reasons(ARCHIVED_LOST_REASONS, 100),
        "creationTimestamp": 1_767_225_600_000u64,
        "modificationTimestamp": 1_767_225_600_000u64,
        "lastModifiedBy": "priya@example.com",
        "version": 1
    })
    .to_string()
}
