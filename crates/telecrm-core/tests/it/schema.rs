//! The workspace schema, built from the docs' example answers: what it lets
//! through, what it refuses, and that each refusal names the field.

use serde_json::json;
use telecrm_core::{
    ActionUpdate, CustomUpdate, Dropdowns, LeadFields, NewCustomAction, NewLead, Schema,
    SchemaError,
};

pub(crate) fn schema() -> Schema {
    let metadata = serde_json::from_value(json!({"leadIdentifierFieldId": "fid_phone"})).unwrap();
    let fields = serde_json::from_value(json!({"customFields": [
        {"id": "fid_phone", "type": "PHONE", "apiName": "phone", "isLeadid": false},
        {"id": "f2", "type": "DROPDOWN", "apiName": "contact_source",
         "options": [{"id": "o1", "label": "Website"}, {"id": "o2", "label": "Referral"}]},
        {"id": "f3", "type": "NUMBER", "apiName": "deal_size"},
        {"id": "f4", "type": "DATE", "apiName": "follow_up_date"},
        {"id": "f5", "type": "TAGS", "apiName": "interests", "options": [{"id": "t1", "label": "VIP"}]},
        {"id": "f6", "type": "TEXT", "apiName": "city"}
    ]}))
    .unwrap();
    let actions = serde_json::from_value(json!({"customActions": [
        {"code": "ACTION_1001", "fieldSchema": {"note": {"type": "TEXT"}, "outcome": {"type": "DROPDOWN", "options": ["Interested"]}}}
    ]}))
    .unwrap();
    let pipeline = serde_json::from_value(json!({"leadStages": [
        {"activeStatuses": [{"label": "Fresh"}, {"label": "Won"}], "archivedStatuses": [{"label": "Old Lead"}]}
    ]}))
    .unwrap();
    Schema::new(&metadata, fields, actions, &pipeline)
}

fn lead(fields: serde_json::Value) -> NewLead {
    NewLead::new(LeadFields::from_value(fields).unwrap())
}

#[test]
fn the_identifier_is_found_by_its_id() {
    assert_eq!(schema().identifier(), Some("phone"));
}

#[test]
fn valid_leads_pass() {
    let warnings = schema()
        .check_new_lead(&lead(json!({
            "phone": "919999999999", "name": "Jane", "contact_source": "Website", "deal_size": 1000,
            "follow_up_date": "01/01/2027", "interests": ["VIP"], "city": "Pune", "status": "Won"
        })))
        .unwrap();
    assert!(warnings.is_empty());
}

#[test]
fn each_refusal_names_the_field() {
    let schema = schema();
    let cases = [
        (json!({"name": "x"}), "phone"),
        (
            json!({"phone": "919999999999", "nickname": "x"}),
            "nickname",
        ),
        (
            json!({"phone": "919999999999", "contact_source": "Websit"}),
            "contact_source",
        ),
        (
            json!({"phone": "919999999999", "deal_size": "1000"}),
            "deal_size",
        ),
        (
            json!({"phone": "919999999999", "follow_up_date": "2027-01-01"}),
            "follow_up_date",
        ),
        (
            json!({"phone": "919999999999", "interests": "VIP"}),
            "interests",
        ),
        (
            json!({"phone": "919999999999", "status": "Old Lead"}),
            "Old Lead",
        ),
        (
            json!({"phone": "919999999999", "status": "Qualified"}),
            "Qualified",
        ),
    ];
    for (fields, named) in cases {
        let err = schema.check_new_lead(&lead(fields.clone())).unwrap_err();
        assert!(err.to_string().contains(named), "{fields}: {err}");
    }
    assert!(matches!(
        schema.check_new_lead(&lead(
            json!({"phone": "919999999999", "status": "Old Lead"})
        )),
        Err(SchemaError::ArchivedStatus { .. })
    ));
    assert!(matches!(
        schema
            .check_lead_update(&LeadFields::from_value(json!({"phone": "919999999998"})).unwrap()),
        Err(SchemaError::IdentifierInUpdate { .. })
    ));
}

#[test]
fn unknown_options_may_be_let_through_with_a_warning() {
    let warnings = schema()
        .with_dropdowns(Dropdowns::Warn)
        .check_new_lead(&lead(
            json!({"phone": "919999999999", "contact_source": "Billboard"}),
        ))
        .unwrap();
    assert_eq!(warnings.len(), 1);
    assert_eq!(warnings[0].field, "contact_source");
}

#[test]
fn custom_actions_are_checked() {
    let schema = schema();
    let ok = NewCustomAction::new("1001".parse().unwrap()).with_field("note", "x");
    assert!(schema.check_new_actions(&[ok.into()]).is_ok());
    let unknown = NewCustomAction::new("1002".parse().unwrap());
    assert!(matches!(
        schema.check_new_actions(&[unknown.into()]),
        Err(SchemaError::UnknownAction { .. })
    ));
    let update =
        ActionUpdate::from(CustomUpdate::new("1001".parse().unwrap()).with_field("mood", "x"));
    let err = schema.check_action_update(&update).unwrap_err();
    assert!(
        err.to_string().contains("mood") && err.to_string().contains("note, outcome"),
        "{err}"
    );
}

/// A schema whose pipeline came in a shape the SDK cannot read, with a field
/// of a type it does not know and a dropdown listed without options.
fn unreadable() -> Schema {
    let metadata = serde_json::from_value(json!({})).unwrap();
    let fields = serde_json::from_value(json!({"customFields": [
        {"id": "f1", "type": "GEOLOCATION", "apiName": "site"},
        {"id": "f2", "type": "DROPDOWN", "apiName": "source"}
    ]}))
    .unwrap();
    let actions = serde_json::from_value(json!({"customActions": []})).unwrap();
    let pipeline = serde_json::from_value(json!({"stages": {"open": ["Fresh"]}})).unwrap();
    Schema::new(&metadata, fields, actions, &pipeline)
}

#[test]
fn what_cannot_be_read_is_said_never_passed_quietly() {
    let new = lead(json!({"status": "Anything", "site": "12.9,77.6", "source": "Web"}));
    let warnings = unreadable().check_new_lead(&new).unwrap();
    let fields: Vec<_> = warnings.iter().map(|w| w.field.as_str()).collect();
    assert_eq!(fields, ["site", "source", "status"], "{warnings:?}");
    assert!(
        warnings
            .iter()
            .all(|w| w.message.starts_with("not checked: "))
    );
    // Asked to be strict, the first of them refuses.
    let strict = unreadable()
        .with_strict(true)
        .check_new_lead(&new)
        .unwrap_err();
    assert!(
        matches!(strict, SchemaError::Unchecked { ref field, .. } if field == "site"),
        "{strict:?}"
    );
}

#[test]
fn the_second_pipeline_shape_is_read() {
    let pipeline: telecrm_core::Pipeline = serde_json::from_value(json!({
        "statuses": [{"label": "Fresh"}, {"label": "Won"}, {"label": "Old", "isArchived": true}],
        "lostReasons": [{"label": "Too Expensive"}]
    }))
    .unwrap();
    assert!(pipeline.is_readable());
    assert_eq!(
        pipeline.active_statuses().collect::<Vec<_>>(),
        ["Fresh", "Won"]
    );
    assert_eq!(pipeline.archived_statuses().collect::<Vec<_>>(), ["Old"]);
    assert_eq!(
        pipeline.lost_reasons().collect::<Vec<_>>(),
        ["Too Expensive"]
    );
    let metadata = serde_json::from_value(json!({})).unwrap();
    let fields = serde_json::from_value(json!({"customFields": []})).unwrap();
    let actions = serde_json::from_value(json!({"customActions": []})).unwrap();
    let schema = Schema::new(&metadata, fields, actions, &pipeline);
    assert!(
        schema
            .check_new_lead(&lead(json!({"status": "Won"})))
            .unwrap()
            .is_empty()
    );
    assert!(matches!(
        schema.check_new_lead(&lead(json!({"status": "Old"}))),
        Err(SchemaError::ArchivedStatus { .. })
    ));
}
