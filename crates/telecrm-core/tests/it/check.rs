//! The pre-send checks every door runs, `Endpoint::check`: the lead
//! identifier and the workspace schema, from `Rules`. A refusal is an
//! `InputError` naming the field; what the service would treat specially comes
//! back as warnings.

use serde_json::json;
use telecrm_core::field::FieldError;
use telecrm_core::{
    ActionUpdate, CreateActions, CreateLead, CustomUpdate, Dropdowns, Endpoint, InputError,
    LeadFields, NewActions, NewCustomAction, NewLead, Rules, SchemaError, UpdateAction, UpdateLead,
};

use crate::schema::schema;

const LEAD: &str = "603d2b2f9b1e8a001c8e4f5c";
const ACTION: &str = "603d2b2f9b1e8a001c8e4f5d";

fn create(fields: serde_json::Value) -> CreateLead {
    CreateLead::new(NewLead::new(LeadFields::from_value(fields).unwrap()))
}

fn update(fields: serde_json::Value) -> UpdateLead {
    UpdateLead::new(
        LEAD.parse().unwrap(),
        LeadFields::from_value(fields).unwrap(),
    )
    .unwrap()
}

#[test]
fn no_rules_check_nothing() {
    let rules = Rules::new();
    assert_eq!(
        create(json!({"name": "Jane"})).check(&rules),
        Ok(Vec::new())
    );
    assert_eq!(
        update(json!({"phone": "919999999999"})).check(&rules),
        Ok(Vec::new())
    );
}

#[test]
fn a_create_without_the_identifier_is_refused() {
    let rules = Rules::new().with_lead_identifier("phone");
    let err = create(json!({"name": "Jane"})).check(&rules).unwrap_err();
    assert_eq!(
        err,
        InputError::Field(FieldError::MissingIdentifier {
            field: "phone".to_owned()
        })
    );
    assert!(err.to_string().contains("phone"), "{err}");
    // With it, the create goes through, without warnings.
    assert_eq!(
        create(json!({"name": "Jane", "phone": "919999999999"})).check(&rules),
        Ok(Vec::new())
    );
    // The workspace schema knows the identifier too.
    let schema = schema();
    let err = create(json!({"name": "Jane"}))
        .check(&Rules::new().with_schema(&schema))
        .unwrap_err();
    assert!(
        matches!(&err, InputError::Schema(SchemaError::MissingIdentifier { field }) if field == "phone"),
        "{err:?}"
    );
}

#[test]
fn an_update_that_includes_the_identifier_is_refused() {
    let rules = Rules::new().with_lead_identifier("phone");
    let err = update(json!({"phone": "919999999998", "name": "Jane"}))
        .check(&rules)
        .unwrap_err();
    assert_eq!(
        err,
        InputError::Field(FieldError::IdentifierInUpdate {
            field: "phone".to_owned()
        })
    );
    assert!(err.to_string().contains("phone"), "{err}");
    assert_eq!(
        update(json!({"name": "Jane"})).check(&rules),
        Ok(Vec::new())
    );
    let schema = schema();
    assert!(matches!(
        update(json!({"phone": "919999999998"})).check(&Rules::new().with_schema(&schema)),
        Err(InputError::Schema(SchemaError::IdentifierInUpdate { .. }))
    ));
}

#[test]
fn schema_warnings_are_returned() {
    let schema = schema().with_dropdowns(Dropdowns::Warn);
    let rules = Rules::new()
        .with_lead_identifier("phone")
        .with_schema(&schema);
    let warnings = create(json!({"phone": "919999999999", "contact_source": "Billboard"}))
        .check(&rules)
        .unwrap();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert_eq!(warnings[0].field, "contact_source");
    assert!(warnings[0].message.contains("Billboard"), "{warnings:?}");
    let warnings = update(json!({"contact_source": "Billboard"}))
        .check(&rules)
        .unwrap();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert_eq!(warnings[0].field, "contact_source");
    // A known option warns about nothing.
    assert_eq!(
        create(json!({"phone": "919999999999", "contact_source": "Website"})).check(&rules),
        Ok(Vec::new())
    );
}

#[test]
fn a_schema_violation_is_refused() {
    let schema = schema();
    let rules = Rules::new()
        .with_lead_identifier("phone")
        .with_schema(&schema);
    // The same value is only a warning when unknown options are let through.
    let err = create(json!({"phone": "919999999999", "contact_source": "Billboard"}))
        .check(&rules)
        .unwrap_err();
    assert!(
        matches!(&err, InputError::Schema(SchemaError::UnknownOption { field, .. }) if field == "contact_source"),
        "{err:?}"
    );
    let err = create(json!({"phone": "919999999999", "deal_size": "1000"}))
        .check(&rules)
        .unwrap_err();
    assert!(
        matches!(&err, InputError::Schema(SchemaError::WrongType { field, .. }) if field == "deal_size"),
        "{err:?}"
    );
    let err = update(json!({"nickname": "x"})).check(&rules).unwrap_err();
    assert!(
        matches!(&err, InputError::Schema(SchemaError::UnknownField { field }) if field == "nickname"),
        "{err:?}"
    );

    // Actions: a code the workspace does not define, a field its action lacks.
    let unknown = CreateActions::new(
        LEAD.parse().unwrap(),
        NewActions::one(NewCustomAction::new("1002".parse().unwrap())),
    );
    assert!(matches!(
        unknown.check(&rules),
        Err(InputError::Schema(SchemaError::UnknownAction { .. }))
    ));
    let known = CreateActions::new(
        LEAD.parse().unwrap(),
        NewActions::one(NewCustomAction::new("1001".parse().unwrap()).with_field("note", "x")),
    );
    assert_eq!(known.check(&rules), Ok(Vec::new()));
    let mood = UpdateAction::new(
        LEAD.parse().unwrap(),
        ACTION.parse().unwrap(),
        ActionUpdate::from(CustomUpdate::new("1001".parse().unwrap()).with_field("mood", "x")),
    );
    let err = mood.check(&rules).unwrap_err();
    assert!(
        matches!(&err, InputError::Schema(SchemaError::UnknownActionField { field, .. }) if field == "mood"),
        "{err:?}"
    );
    // The borrowed form checks the same.
    assert_eq!(mood.borrowed().check(&rules), Err(err));
    let note = UpdateAction::new(
        LEAD.parse().unwrap(),
        ACTION.parse().unwrap(),
        ActionUpdate::from(CustomUpdate::new("1001".parse().unwrap()).with_field("note", "x")),
    );
    assert_eq!(note.check(&rules), Ok(Vec::new()));
    assert_eq!(note.borrowed().check(&rules), Ok(Vec::new()));
}

#[test]
fn an_update_that_changes_nothing_is_refused() {
    let rules = Rules::new();
    for nothing in [
        ActionUpdate::from(telecrm_core::PaymentUpdate::new()),
        ActionUpdate::from(CustomUpdate::new("1001".parse().unwrap())),
        ActionUpdate::from_json(br#"{"type":"1001","fields":{}}"#).unwrap(),
    ] {
        let call = UpdateAction::new(LEAD.parse().unwrap(), ACTION.parse().unwrap(), nothing);
        assert_eq!(call.check(&rules), Err(InputError::NothingToChange));
    }
    let paid = UpdateAction::new(
        LEAD.parse().unwrap(),
        ACTION.parse().unwrap(),
        telecrm_core::PaymentUpdate::with_status(telecrm_core::PaymentStatus::REFUNDED).into(),
    );
    assert_eq!(paid.check(&rules), Ok(Vec::new()));
}
