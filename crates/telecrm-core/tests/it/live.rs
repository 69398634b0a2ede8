//! Live-shaped answers: what real answers carry beyond the docs' examples
//! (read by public integrations of the live service), decoded by the same
//! endpoints, with typed accessors that look in both places. Each answer
//! here also keeps the documented spelling working beside it.

use http::{HeaderMap, StatusCode};
use serde_json::json;
use telecrm_core::{
    ActionFilter, Endpoint, GetAction, GetLead, LeadFilter, ListTeamMembers, MemberStatus,
    SearchActions, SearchLeads, Timestamp,
};

const LEAD: &str = "69a3ff90a1b2c3d4e5f60718";

fn ok<E: Endpoint>(endpoint: &E, body: serde_json::Value) -> E::Response {
    endpoint
        .decode(
            StatusCode::OK,
            &HeaderMap::new(),
            body.to_string().as_bytes(),
        )
        .unwrap()
}

#[test]
fn lead_search_items_as_live_answers_carry_them() {
    let page = ok(
        &SearchLeads::new(LeadFilter::new()),
        json!({"data": [
            {"id": LEAD, "status": "Contacted", "employeeid": "5f8a1b2c3d4e5f6a7b8c9d01", "lostReasonid": null,
             "fields": {"name": "Jane", "phone": "919999999999", "status": "Fresh",
                        "created_on": 1_772_355_472_000_i64, "modified_on": 1_772_441_872_000_i64}},
            {"_id": "603d2b2f9b1e8a001c8e4f5c", "fields": {"status": "Won", "assignee": "priya@example.com"}}
        ], "total_count": 2, "skip": 0, "limit": 10}),
    );
    let live = &page.data[0];
    assert_eq!(
        live.id.as_ref().unwrap().as_str(),
        LEAD,
        "`id`, as payment hooks read it"
    );
    assert_eq!(
        live.status(),
        Some("Contacted"),
        "the top-level status comes first"
    );
    assert_eq!(live.assignee(), Some("5f8a1b2c3d4e5f6a7b8c9d01"));
    assert_eq!(
        live.created_on(),
        Some(Timestamp::from_millis(1_772_355_472_000))
    );
    assert_eq!(
        live.modified_on(),
        Some(Timestamp::from_millis(1_772_441_872_000))
    );
    assert_eq!(
        Timestamp::from_object_id(live.id.as_ref().unwrap().as_str()),
        live.created_on(),
        "an ObjectId's first four bytes are its creation time"
    );
    // The documented shape: `_id`, and the status and assignee in `fields`.
    let documented = &page.data[1];
    assert_eq!(
        documented.id.as_ref().unwrap().as_str(),
        "603d2b2f9b1e8a001c8e4f5c"
    );
    assert_eq!(documented.status(), Some("Won"));
    assert_eq!(documented.assignee(), Some("priya@example.com"));
    assert_eq!(documented.created_on(), None);
}

#[test]
fn get_lead_and_its_timeline_as_live_answers_carry_them() {
    let lead = ok(
        &GetLead::new(LEAD.parse().unwrap()),
        json!({"id": LEAD, "status": "Qualified",
               "fields": {"name": "Jane", "created_on": 1_772_355_472_000_i64, "modified_on": 1_772_355_473_000_i64},
               "actions": [
                   {"id": "69a3ff91a1b2c3d4e5f60719", "type": "OUTGOING_CALL", "creationTimestamp": 1_772_355_473_000_i64,
                    "modificationTimestamp": 1_772_355_474_000_i64, "employeeid": "5f8a1b2c3d4e5f6a7b8c9d02", "duration": 42},
                   {"_id": "603d2b2f9b1e8a001c8e4f5d", "type": "1001", "fields": {"note": "x"},
                    "created_on": 1_772_355_000_000_i64, "performed_by": "5f8a1b2c3d4e5f6a7b8c9d01"}
               ], "actions_skip": 0, "actions_limit": 10}),
    );
    assert_eq!(lead.status(), Some("Qualified"));
    assert_eq!(
        lead.modified_on(),
        Some(Timestamp::from_millis(1_772_355_473_000))
    );
    let actions = lead.actions.unwrap();
    let call = &actions[0];
    assert_eq!(
        call.id.as_ref().unwrap().as_str(),
        "69a3ff91a1b2c3d4e5f60719"
    );
    assert_eq!(
        call.created_on,
        Some(Timestamp::from_millis(1_772_355_473_000))
    );
    assert_eq!(
        call.modified_on,
        Some(Timestamp::from_millis(1_772_355_474_000))
    );
    assert_eq!(
        call.performed_by.as_deref(),
        Some("5f8a1b2c3d4e5f6a7b8c9d02")
    );
    assert_eq!(call.action.action_type(), "OUTGOING_CALL");
    let note = &actions[1];
    assert_eq!(
        note.created_on,
        Some(Timestamp::from_millis(1_772_355_000_000))
    );
    assert_eq!(
        note.performed_by.as_deref(),
        Some("5f8a1b2c3d4e5f6a7b8c9d01")
    );
}

#[test]
fn action_search_and_get_as_live_answers_carry_them() {
    let page = ok(
        &SearchActions::new(LEAD.parse().unwrap(), ActionFilter::new()),
        json!({"data": [
            {"id": "69a3ff91a1b2c3d4e5f60719", "type": "ACTION_1001", "fields": {"note": "visit"},
             "creationTimestamp": 1_772_355_473_000_i64, "employeeid": "m2", "text": "Site visit"}
        ]}),
    );
    let item = &page.data[0];
    assert_eq!(
        item.created_on,
        Some(Timestamp::from_millis(1_772_355_473_000))
    );
    assert_eq!(item.performed_by.as_deref(), Some("m2"));
    let action = ok(
        &GetAction::new(
            LEAD.parse().unwrap(),
            "69a3ff91a1b2c3d4e5f60719".parse().unwrap(),
        ),
        json!({"type": "PAYMENT", "status": "REFUNDED", "currency": "INR", "amount": "5000", "paymentid": "pay_1"}),
    );
    assert_eq!(
        action.as_payment().unwrap().status.as_deref(),
        Some("REFUNDED")
    );
}

#[test]
fn team_member_statuses_in_either_case() {
    let page = ok(
        &ListTeamMembers::new(),
        json!({"data": [
            {"name": "A", "email": "a@example.com", "status": "INVITED"},
            {"name": "B", "email": "b@example.com", "status": "On Leave"},
            {"name": "C", "email": "c@example.com", "status": "ON_LEAVE"},
            {"name": "D", "email": "d@example.com", "status": "Suspended"}
        ]}),
    );
    let statuses: Vec<_> = page
        .data
        .iter()
        .map(|m| m.status.clone().unwrap())
        .collect();
    assert_eq!(
        statuses,
        [
            MemberStatus::Invited,
            MemberStatus::OnLeave,
            MemberStatus::OnLeave,
            MemberStatus::Other("Suspended".into())
        ]
    );
}

#[test]
fn metadata_reads_keep_what_they_do_not_model() {
    use telecrm_core::{
        GetCustomAction, GetCustomField, GetMetadata, GetPipeline, GetTeamMember,
        ListCustomActions, ListCustomFields,
    };
    let metadata = ok(
        &GetMetadata::new(),
        json!({"name": "Acme", "id": "603d2b2f9b1e8a001c8e4f5a", "leadIdentifierFieldId": "fid_phone",
               "integrations": ["WHATSAPP"], "timezone": "Asia/Kolkata", "plan": "GROWTH"}),
    );
    assert_eq!(
        metadata.lead_identifier_field_id.as_deref(),
        Some("fid_phone")
    );
    assert_eq!(
        metadata.extra.keys().collect::<Vec<_>>(),
        ["plan", "timezone"]
    );
    let fields = ok(
        &ListCustomFields::new().detail(true),
        json!({"customFields": [{"id": "f1", "type": "DROPDOWN", "apiName": "source", "isLeadid": false,
                                  "options": [{"id": "o1", "label": "Web"}], "createdOn": 1, "visible": true}]}),
    );
    assert_eq!(fields.custom_fields[0].options[0].label, "Web");
    assert!(fields.custom_fields[0].extra.contains_key("visible"));
    let field = ok(
        &GetCustomField::new("source"),
        json!({"id": "f1", "type": "DROPDOWN", "apiName": "source", "options": ["Web", "Referral"]}),
    );
    assert_eq!(
        field.options.len(),
        2,
        "options as plain strings, the other detail shape"
    );
    let actions = ok(
        &ListCustomActions::new().detail(true),
        json!({"customActions": [{"code": "ACTION_1001", "displayName": "Site Visit", "quickAdd": true,
                                   "fieldSchema": {"note": {"type": "TEXT"}}}]}),
    );
    assert_eq!(
        actions.custom_actions[0].sync_code().unwrap().as_str(),
        "1001"
    );
    let action = ok(
        &GetCustomAction::new("1001".parse().unwrap()),
        json!({"code": "ACTION_1001", "displayName": "Site Visit", "createdBy": "m1"}),
    );
    assert_eq!(action.display_name.as_deref(), Some("Site Visit"));
    let pipeline = ok(
        &GetPipeline::new(),
        json!({"statuses": [{"label": "Fresh"}, {"label": "Old", "archived": true}],
               "lostReasons": [{"label": "Too Expensive"}], "version": 3}),
    );
    assert!(pipeline.is_readable());
    assert_eq!(pipeline.archived_statuses().collect::<Vec<_>>(), ["Old"]);
    let member = ok(
        &GetTeamMember::new("priya@example.com".parse().unwrap()),
        json!({"id": "5f8a1b2c3d4e5f6a7b8c9d01", "name": "Priya", "email": "priya@example.com",
               "status": "ACTIVE", "lastSeen": 1}),
    );
    assert_eq!(member.status, Some(MemberStatus::Active));
    assert_eq!(member.id.as_deref(), Some("5f8a1b2c3d4e5f6a7b8c9d01"));
    assert!(member.extra.contains_key("lastSeen"));
}
