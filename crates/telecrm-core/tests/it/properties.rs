//! Properties: round trips, "never on the wire" invariants checked on the
//! encoded bytes, "any ID makes a valid URI", and "decoding never panics".

use std::collections::BTreeMap;

use http::{HeaderMap, StatusCode};
use percent_encoding::percent_decode_str;
use proptest::prelude::*;
use serde_json::Value;
use telecrm_core::{
    ActionId, ActionUpdate, CustomUpdate, Endpoint, EnterpriseId, LeadId, PaymentStatus,
    PaymentUpdate, SyncToken, UpdateAction, Workspace,
};

pub(crate) fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        // Finite floats only: JSON has no NaN or infinity.
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        ".{0,12}".prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map(".{0,6}", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

fn custom_update() -> impl Strategy<Value = ActionUpdate> {
    (
        1u64..=999_999_999_999_999_999,
        any::<bool>(),
        prop::option::of(prop::collection::btree_map(".{0,10}", json_value(), 0..6)),
    )
        .prop_map(|(code, prefixed, fields)| {
            let code = if prefixed {
                format!("ACTION_{code}")
            } else {
                code.to_string()
            };
            let mut update = CustomUpdate::new(code.parse().unwrap());
            if let Some(fields) = fields {
                update = update.with_fields(fields);
            }
            ActionUpdate::from(update)
        })
}

/// The six statuses are the whole domain (issue 20: the SDK refuses others).
pub(crate) fn status() -> impl Strategy<Value = PaymentStatus> {
    prop::sample::select(PaymentStatus::ALL.to_vec())
}

fn payment_update() -> impl Strategy<Value = ActionUpdate> {
    prop::option::of(status()).prop_map(|status| {
        ActionUpdate::from(match status {
            Some(status) => PaymentUpdate::with_status(status),
            None => PaymentUpdate::new(),
        })
    })
}

fn update() -> impl Strategy<Value = ActionUpdate> {
    prop_oneof![custom_update(), payment_update()]
}

fn id_text() -> impl Strategy<Value = String> {
    // Plain IDs (copied as they are) as often as ones that need encoding,
    // dot-segments included.
    prop_oneof!["[A-Za-z0-9._~-]{1,30}", "[^\\p{Cc}]{1,40}", "\\.{1,3}"]
}

fn workspace(enterprise: EnterpriseId) -> Workspace {
    Workspace::new(SyncToken::new("t").unwrap(), enterprise)
}

fn call(update: ActionUpdate) -> UpdateAction {
    UpdateAction::new("l".parse().unwrap(), "a".parse().unwrap(), update)
}

fn encode(update: ActionUpdate) -> http::Request<Vec<u8>> {
    call(update)
        .to_http_request(&workspace("e".parse().unwrap()))
        .unwrap()
}

fn assert_no_immutable_field(body: &[u8]) {
    // On the bytes themselves: no key of that name anywhere in the body...
    let text = std::str::from_utf8(body).unwrap();
    for field in ["amount", "currency", "paymentid"] {
        assert!(!text.contains(&format!("\"{field}\":")), "{text}");
    }
    // ...and, parsed, nothing but the two keys a payment update may have.
    let Value::Object(object) = serde_json::from_slice::<Value>(body).unwrap() else {
        panic!("not an object: {text}")
    };
    assert_eq!(object["type"], "PAYMENT");
    assert!(
        object.keys().all(|k| k == "type" || k == "status"),
        "{text}"
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn every_valid_update_round_trips(update in update()) {
        let request = encode(update.clone());
        let parsed = ActionUpdate::from_json(request.body()).unwrap();
        prop_assert_eq!(&parsed, &update);
        // And the encoding is a fixed point.
        prop_assert_eq!(parsed.to_json(), request.body().clone());
    }

    // The body is written without `Serialize` for speed; it must be the
    // very bytes `serde_json` writes, escapes and all.
    #[test]
    fn the_encoded_body_is_what_serde_json_writes(update in update()) {
        let request = encode(update.clone());
        prop_assert_eq!(request.body(), &serde_json::to_vec(&update).unwrap());
    }

    #[test]
    fn no_payment_update_carries_an_immutable_field(update in payment_update()) {
        assert_no_immutable_field(encode(update).body());
    }

    #[test]
    fn raw_payment_json_never_smuggles_an_immutable_field(
        extra in prop::collection::btree_map(
            prop_oneof![
                Just("amount".to_owned()),
                Just("currency".to_owned()),
                Just("paymentid".to_owned()),
                Just("status".to_owned()),
                "[a-z]{1,8}",
            ],
            json_value(),
            0..4,
        )
    ) {
        let mut object: BTreeMap<String, Value> = extra;
        object.insert("type".into(), Value::from("PAYMENT"));
        let json = serde_json::to_vec(&object).unwrap();
        if let Ok(update) = ActionUpdate::from_json(&json) {
            assert_no_immutable_field(encode(update).body());
        } else {
            // Refused: fine, nothing would be sent.
        }
    }

    #[test]
    fn any_valid_id_yields_a_parseable_uri(e in id_text(), l in id_text(), a in id_text()) {
        let call = UpdateAction::new(
            LeadId::new(l.clone()).unwrap(),
            ActionId::new(a.clone()).unwrap(),
            PaymentUpdate::new().into(),
        );
        let request = call
            .to_http_request(&workspace(EnterpriseId::new(e.clone()).unwrap()))
            .unwrap();
        let uri = request.uri();
        prop_assert_eq!(uri.query(), None);
        prop_assert_eq!(uri.host(), Some("next.telecrm.in"));
        let segments: Vec<&str> = uri.path().split('/').collect();
        prop_assert_eq!(segments.len(), 9, "{}", uri);
        prop_assert_eq!(&segments[..4], &["", "autoupdate", "v2", "enterprise"]);
        prop_assert_eq!(segments[5], "lead");
        prop_assert_eq!(segments[7], "action");
        for (segment, original) in [(segments[4], &e), (segments[6], &l), (segments[8], &a)] {
            let decoded = percent_decode_str(segment).decode_utf8().unwrap();
            prop_assert_eq!(decoded.as_ref(), original.as_str());
            prop_assert!(segment != "." && segment != "..");
        }
    }

    #[test]
    fn the_borrowed_update_is_the_same_request(update in update(), l in id_text(), a in id_text()) {
        let call = UpdateAction::new(
            LeadId::new(l).unwrap(),
            ActionId::new(a).unwrap(),
            update,
        );
        let workspace = workspace("ent".parse().unwrap());
        let owned = call.to_http_request(&workspace).unwrap();
        let borrowed = call.borrowed().to_http_request(&workspace).unwrap();
        prop_assert_eq!(owned.method(), borrowed.method());
        prop_assert_eq!(owned.uri(), borrowed.uri());
        prop_assert_eq!(owned.headers(), borrowed.headers());
        prop_assert_eq!(owned.body(), borrowed.body());
    }

    #[test]
    fn decoding_never_panics(status in 100u16..=999, body in prop::collection::vec(any::<u8>(), 0..256)) {
        let status = StatusCode::from_u16(status).unwrap();
        let result = call(PaymentUpdate::new().into()).decode(status, &HeaderMap::new(), &body);
        if !status.is_success() {
            prop_assert!(result.is_err());
        }
    }

    #[test]
    fn decoding_json_ish_bodies_never_panics(
        status in prop_oneof![Just(200u16), Just(400), Just(404), Just(500)],
        value in json_value(),
    ) {
        let body = serde_json::to_vec(&value).unwrap();
        let _ = call(PaymentUpdate::new().into()).decode(StatusCode::from_u16(status).unwrap(), &HeaderMap::new(), &body);
    }

    #[test]
    fn parsing_arbitrary_bytes_never_panics(body in prop::collection::vec(any::<u8>(), 0..128)) {
        let _ = ActionUpdate::from_json(&body);
    }
}

proptest! {
    /// A status is accepted exactly when it is one of the six in some case,
    /// and is then sent upper case.
    #[test]
    fn payment_statuses_are_the_six_in_any_case(
        text in prop_oneof![
            prop::sample::select(PaymentStatus::ALL.to_vec()).prop_map(|s| s.as_str().to_owned()),
            prop::sample::select(PaymentStatus::ALL.to_vec()).prop_map(|s| s.as_str().to_ascii_lowercase()),
            "[A-Za-z ]{0,12}",
        ]
    ) {
        let known = PaymentStatus::ALL
            .iter()
            .find(|s| s.as_str().eq_ignore_ascii_case(&text));
        match (PaymentStatus::new(text.as_str()), known) {
            (Ok(status), Some(known)) => prop_assert_eq!(&status, known),
            (Err(err), None) => prop_assert!(err.to_string().contains("PENDING, COMPLETED, FAILED")),
            (result, known) => prop_assert!(false, "{text:?}: {result:?} vs {known:?}"),
        }
    }
}
