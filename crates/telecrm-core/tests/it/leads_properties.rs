//! Properties of the Leads group and of the Async API's ingest: create, update,
//! search and ingest bodies round-trip; phone numbers the API would not take
//! never reach the wire; custom actions reach the Async API prefixed; every
//! decoder survives arbitrary bytes.

use http::{HeaderMap, StatusCode};
use proptest::prelude::*;
use serde_json::Value;
use telecrm_core::field::PhoneNumber;
use telecrm_core::{
    AsyncToken, CreateLead, CustomActionCode, Endpoint, GetLead, IngestLead, LeadFields,
    LeadFilter, NewCustomAction, NewLead, SearchLeads, SyncToken, UpdateLead, Workspace,
};

use crate::properties::json_value;

fn custom_key() -> impl Strategy<Value = String> {
    // Names the standard checks leave alone.
    "[a-z][a-z_]{0,10}".prop_filter("not standard", |k| {
        !matches!(k.as_str(), "phone" | "email" | "rating" | "assignee")
    })
}

fn fields() -> impl Strategy<Value = LeadFields> {
    (
        "[1-9][0-9]{6,14}",
        prop::collection::btree_map(custom_key(), json_value(), 0..5),
    )
        .prop_map(|(phone, rest)| {
            rest.into_iter().fold(
                LeadFields::new().phone("phone", PhoneNumber::new(&phone).unwrap()),
                |f, (k, v)| f.set(k, v).unwrap(),
            )
        })
}

fn encode<E: Endpoint<Token = SyncToken>>(call: &E) -> http::Request<Vec<u8>> {
    let workspace = Workspace::new(SyncToken::new("t").unwrap(), "e".parse().unwrap());
    call.to_http_request(&workspace).unwrap()
}

// Sample values to decode with: decoding does not depend on their fields.

fn create_call() -> CreateLead {
    CreateLead::new(NewLead::new(LeadFields::new().text("name", "x")))
}

fn get_call() -> GetLead {
    GetLead::new("l".parse().unwrap())
}

fn update_call() -> UpdateLead {
    UpdateLead::new("l".parse().unwrap(), LeadFields::new().text("name", "x")).unwrap()
}

fn search_call() -> SearchLeads {
    SearchLeads::new(LeadFilter::new())
}

fn ingest_call() -> IngestLead {
    let lead =
        NewLead::new(LeadFields::new().phone("phone", PhoneNumber::new("919999999999").unwrap()));
    IngestLead::new(lead, "phone").unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn every_valid_create_round_trips(fields in fields()) {
        let lead = NewLead::new(fields);
        let request = encode(&CreateLead::new(lead.clone()));
        prop_assert_eq!(NewLead::from_json(request.body()).unwrap(), lead);
    }

    #[test]
    fn every_valid_update_round_trips(fields in fields()) {
        let update = UpdateLead::new("l".parse().unwrap(), fields.clone()).unwrap();
        let body: Value = serde_json::from_slice(encode(&update).body()).unwrap();
        prop_assert_eq!(LeadFields::from_value(body["fields"].clone()).unwrap(), fields);
    }

    #[test]
    fn search_filters_reach_the_wire_as_given(
        values in prop::collection::btree_map(custom_key(), prop::collection::vec(json_value(), 1..3), 0..4)
    ) {
        let mut filter = LeadFilter::new();
        for (key, values) in &values {
            filter = filter.with_any(key.clone(), values.clone()).unwrap();
        }
        let body: Value = serde_json::from_slice(encode(&SearchLeads::new(filter)).body()).unwrap();
        for (key, values) in &values {
            let sent = &body["fields"][key];
            if values.len() == 1 {
                prop_assert_eq!(sent, &values[0]);
            } else {
                prop_assert_eq!(sent, &Value::Array(values.clone()));
            }
        }
    }

    #[test]
    fn a_phone_with_symbols_never_reaches_the_wire(
        digits in "[1-9][0-9]{8,12}", symbol in prop::sample::select(vec!["+", " ", "-"]), at in 0usize..8
    ) {
        let mut phone = digits.clone();
        phone.insert_str(at.min(phone.len()), symbol);
        prop_assert!(LeadFields::new().set("phone", phone.clone()).is_err());
        prop_assert!(LeadFilter::new().with_field("phone", phone.clone()).is_err());
        let raw = format!(r#"{{"fields":{{"phone":{}}}}}"#, Value::from(phone.clone()));
        prop_assert!(NewLead::from_json(raw.as_bytes()).is_err());
        let normalized = PhoneNumber::normalize(&phone).unwrap();
        prop_assert_eq!(normalized.as_str(), digits.as_str());
    }

    #[test]
    fn lead_decoders_never_panic(status in 100u16..=999, body in prop::collection::vec(any::<u8>(), 0..256)) {
        let status = StatusCode::from_u16(status).unwrap();
        let headers = HeaderMap::new();
        let _ = create_call().decode(status, &headers, &body);
        let _ = get_call().decode(status, &headers, &body);
        let _ = update_call().decode(status, &headers, &body);
        let _ = search_call().decode(status, &headers, &body);
        let _ = NewLead::from_json(&body);
    }

    #[test]
    fn lead_decoders_never_panic_on_json(value in json_value()) {
        let body = serde_json::to_vec(&serde_json::json!({
            "lead_id": value, "fields": value, "actions": [value], "data": [{"fields": value, "_id": value}],
            "actions_skip": value,
        })).unwrap();
        let headers = HeaderMap::new();
        let _ = create_call().decode(StatusCode::CREATED, &headers, &body);
        let _ = get_call().decode(StatusCode::OK, &headers, &body);
        let _ = search_call().decode(StatusCode::OK, &headers, &body);
        let _ = LeadFilter::from_value(value.clone());
        let _ = NewLead::from_value(value);
    }

    #[test]
    fn every_ingest_round_trips_with_its_codes_prefixed(
        fields in fields(),
        codes in prop::collection::vec(1u32..=99_999, 0..4),
        bare in any::<bool>(),
    ) {
        let lead = codes.iter().fold(NewLead::new(fields.clone()), |lead, n| {
            // The user may write either form; the wire always has the prefix.
            let code = if bare { n.to_string() } else { format!("ACTION_{n}") };
            lead.with_action(NewCustomAction::new(code.parse::<CustomActionCode>().unwrap()))
        });
        let call = IngestLead::new(lead, "phone").unwrap();
        prop_assert_eq!(call.idempotent(), codes.is_empty());
        // The Async API's production base URL is the default for an Async token.
        let workspace = Workspace::new(AsyncToken::new("t").unwrap(), "e".parse().unwrap());
        let request = call.to_http_request(&workspace).unwrap();
        let body: Value = serde_json::from_slice(request.body()).unwrap();
        prop_assert_eq!(LeadFields::from_value(body["fields"].clone()).unwrap(), fields);
        let sent: Vec<String> = body["actions"]
            .as_array()
            .map(|a| a.iter().map(|x| x["type"].as_str().unwrap().to_owned()).collect())
            .unwrap_or_default();
        let expected: Vec<String> = codes.iter().map(|n| format!("ACTION_{n}")).collect();
        prop_assert_eq!(sent, expected);
    }

    #[test]
    fn the_ingest_decoder_never_panics(status in 100u16..=999, body in prop::collection::vec(any::<u8>(), 0..256)) {
        let status = StatusCode::from_u16(status).unwrap();
        let _ = ingest_call().decode(status, &HeaderMap::new(), &body);
    }

    #[test]
    fn the_ingest_decoder_never_panics_on_json(value in json_value()) {
        let body = serde_json::to_vec(&serde_json::json!({ "status": value, "error": value })).unwrap();
        let _ = ingest_call().decode(StatusCode::OK, &HeaderMap::new(), &body);
    }
}
