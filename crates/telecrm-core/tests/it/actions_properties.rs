//! Properties of the Actions group beside Update: every valid create request
//! round-trips; a payment in a create carries `amount` and `currency` as given
//! (while an update never does: see `properties.rs`); every decoder survives
//! arbitrary bytes; every paging window makes a parseable URI.

use http::{HeaderMap, StatusCode};
use proptest::prelude::*;
use serde_json::Value;
use telecrm_core::vocab::{DateBound, DateTime, TimeRange};
use telecrm_core::{
    ActionFilter, ActionType, Amount, CreateActions, Currency, CustomActionCode, Endpoint,
    GetAction, NewAction, NewActions, NewCustomAction, NewPayment, SearchActions, SyncToken,
    Workspace,
};

use crate::properties::{json_value, status};

fn amount() -> impl Strategy<Value = Amount> {
    ("[1-9][0-9]{0,9}", prop::option::of("[0-9]{1,4}")).prop_map(|(whole, fraction)| {
        let text = match fraction {
            Some(fraction) => format!("{whole}.{fraction}"),
            None => whole,
        };
        Amount::new(text).unwrap()
    })
}

fn new_action() -> impl Strategy<Value = NewAction> {
    let custom = (
        1u64..=999_999_999,
        prop::collection::btree_map(".{0,10}", json_value(), 0..5),
    )
        .prop_map(|(code, fields)| {
            let code = CustomActionCode::new(&code.to_string()).unwrap();
            let action = fields
                .into_iter()
                .fold(NewCustomAction::new(code), |a, (k, v)| a.with_field(k, v));
            NewAction::from(action)
        });
    let payment = (status(), "[A-Z]{3}", amount()).prop_map(|(status, currency, amount)| {
        NewAction::from(NewPayment::new(
            status,
            Currency::new(&currency).unwrap(),
            amount,
        ))
    });
    prop_oneof![custom, payment]
}

fn encode<E: Endpoint<Token = SyncToken>>(call: &E) -> http::Request<Vec<u8>> {
    let workspace = Workspace::new(SyncToken::new("t").unwrap(), "e".parse().unwrap());
    call.to_http_request(&workspace).unwrap()
}

// Sample values to decode with: decoding does not depend on their fields.

fn create_call() -> CreateActions {
    CreateActions::new(
        "l".parse().unwrap(),
        NewActions::one(NewCustomAction::new("1001".parse().unwrap())),
    )
}

fn search_call() -> SearchActions {
    SearchActions::new("l".parse().unwrap(), ActionFilter::new())
}

fn date_bound() -> impl Strategy<Value = DateBound> {
    prop_oneof![
        any::<u64>().prop_map(DateBound::UnixMillis),
        (
            1970u16..=9999,
            1u8..=12,
            1u8..=28,
            0u8..24,
            0u8..60,
            0u8..60
        )
            .prop_map(|(y, mo, d, h, mi, s)| DateBound::DateTime(
                DateTime::new(y, mo, d, h, mi, s).unwrap()
            )),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn every_valid_create_request_round_trips(actions in prop::collection::vec(new_action(), 1..6)) {
        let actions = NewActions::new(actions).unwrap();
        let call = CreateActions::new("l".parse().unwrap(), actions.clone());
        let request = encode(&call);
        let parsed = NewActions::from_json(request.body()).unwrap();
        prop_assert_eq!(&parsed, &actions);
        // Encoding is a fixed point: the parsed request writes the same bytes.
        prop_assert_eq!(parsed.to_json(), request.body().clone());
    }

    #[test]
    fn a_created_payment_carries_amount_and_currency_as_given(
        status in status(), currency in "[A-Z]{3}", amount in amount()
    ) {
        let payment = NewPayment::new(status.clone(), Currency::new(&currency).unwrap(), amount.clone());
        let call = CreateActions::new("l".parse().unwrap(), NewActions::one(payment));
        let body: Value = serde_json::from_slice(encode(&call).body()).unwrap();
        let entry = &body["actions"][0];
        prop_assert_eq!(entry["type"].as_str(), Some("PAYMENT"));
        prop_assert_eq!(entry["status"].as_str(), Some(status.as_str()));
        prop_assert_eq!(entry["currency"].as_str(), Some(currency.as_str()));
        prop_assert_eq!(entry["amount"].as_str(), Some(amount.as_str()));
        prop_assert_eq!(entry.as_object().unwrap().len(), 4);
    }

    #[test]
    fn search_windows_and_filters_make_valid_requests(
        skip in any::<u64>(),
        limit in 1u32..=100,
        types in prop::collection::vec("[A-Z][A-Z0-9_]{0,20}", 0..3),
        from in prop::option::of(date_bound()),
        to in prop::option::of(date_bound()),
        members in prop::collection::vec(".{1,12}", 0..3),
    ) {
        let mut filter = ActionFilter::new().created(TimeRange { from, to });
        for ty in &types {
            filter = filter.with_type(ActionType::new(ty).unwrap());
        }
        for member in &members {
            filter = filter.performed_by(member.clone());
        }
        let search = SearchActions::new("l".parse().unwrap(), filter)
            .with_paging(SearchActions::paging(skip, limit).unwrap());
        let request = encode(&search);
        let expected_query = format!("skip={skip}&limit={limit}");
        prop_assert_eq!(request.uri().query(), Some(expected_query.as_str()));
        let body: Value = serde_json::from_slice(request.body()).unwrap();
        let object = body.as_object().unwrap();
        prop_assert_eq!(object.contains_key("type"), !types.is_empty());
        prop_assert_eq!(object.contains_key("performed_by"), !members.is_empty());
        if types.len() == 1 {
            prop_assert_eq!(object["type"].as_str(), Some(types[0].as_str()));
        }
    }

    #[test]
    fn the_new_decoders_never_panic(
        status in 100u16..=999,
        body in prop::collection::vec(any::<u8>(), 0..256),
    ) {
        let status = StatusCode::from_u16(status).unwrap();
        let headers = HeaderMap::new();
        let get = GetAction::new("l".parse().unwrap(), "a".parse().unwrap());
        let _ = create_call().decode(status, &headers, &body);
        let _ = get.decode(status, &headers, &body);
        let _ = search_call().decode(status, &headers, &body);
        let _ = NewActions::from_json(&body);
        let _ = std::str::from_utf8(&body).map(|s| s.parse::<DateBound>());
    }

    #[test]
    fn the_new_decoders_never_panic_on_json(value in json_value()) {
        let body = serde_json::to_vec(&serde_json::json!({
            "lead_id": value, "actions": [value], "remarks": [value],
            "data": [value], "total_count": value, "skip": value,
        })).unwrap();
        let headers = HeaderMap::new();
        let _ = create_call().decode(StatusCode::OK, &headers, &body);
        let _ = search_call().decode(StatusCode::OK, &headers, &body);
        let _ = NewAction::from_value(value);
    }
}
