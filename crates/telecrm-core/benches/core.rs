//! Micro-benchmarks of the pure core, each beside its floor: plain `serde_json`
//! on the same bytes. Run with `cargo bench -p telecrm-core`.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use http::{HeaderMap, StatusCode};
use serde_json::Value;
use telecrm_core::{
    ActionUpdate, CustomUpdate, Endpoint, PaymentStatus, PaymentUpdate, SyncToken, UpdateAction,
    Workspace,
};

const DOC_200: &[u8] =
    br#"{"type":"PAYMENT","status":"COMPLETED","currency":"INR","amount":"5000"}"#;
const DOC_400: &[u8] = br#"{"error":{"code":"BAD_REQUEST","message":"Cannot update amount, currency, or paymentid fields for existing payment action."}}"#;
const DOC_404: &[u8] = br#"{"error":{"code":"ACTION_NOT_FOUND","message":"Action with ID 62ab16e was not found in the lead."}}"#;
const DOC_401: &[u8] =
    br#"{"error":{"code":"NOT_AUTHORIZED","message":"Invalid or missing token."}}"#;

fn large_custom() -> Vec<u8> {
    let mut fields = serde_json::Map::new();
    for i in 0..20 {
        let value = match i % 4 {
            0 => Value::from(format!("value number {i} with some realistic text")),
            1 => Value::from(i * 1000),
            2 => Value::from(i % 3 == 0),
            _ => Value::from(vec!["a", "b", "c"]),
        };
        fields.insert(format!("field_{i:02}"), value);
    }
    serde_json::to_vec(&serde_json::json!({"type": "1001", "fields": fields})).unwrap()
}

fn call(action: &str, update: ActionUpdate) -> UpdateAction {
    UpdateAction::new(
        "603d2b2f9b1e8a001c8e4f5c".parse().unwrap(),
        action.parse().unwrap(),
        update,
    )
}

fn encode(c: &mut Criterion) {
    let workspace = Workspace::new(
        SyncToken::new("YOUR_SYNC_TOKEN").unwrap(),
        "603d2b2f9b1e8a001c8e4f5a".parse().unwrap(),
    );
    let mut group = c.benchmark_group("encode");
    group.bench_function("custom_note/validate+encode", |b| {
        b.iter(|| {
            let update = CustomUpdate::new(black_box("1001").parse().unwrap())
                .with_field("note", black_box("Follow-up completed"));
            call("603d2b2f9b1e8a001c8e4f5d", update.into())
                .to_http_request(&workspace)
                .unwrap()
        })
    });
    group.bench_function("payment_completed/validate+encode", |b| {
        b.iter(|| {
            let update =
                PaymentUpdate::with_status(PaymentStatus::new(black_box("COMPLETED")).unwrap());
            call("603d2b2f9b1e8a001c8e4f5e", update.into())
                .to_http_request(&workspace)
                .unwrap()
        })
    });
    // The floor any client pays: the same request built with `http`'s builder from
    // ready-made strings (no validation, no encoding).
    let uri = "https://next.telecrm.in/autoupdate/v2/enterprise/603d2b2f9b1e8a001c8e4f5a/lead/603d2b2f9b1e8a001c8e4f5c/action/603d2b2f9b1e8a001c8e4f5d";
    let body = br#"{"type":"1001","fields":{"note":"Follow-up completed"}}"#;
    group.bench_function("floor/http::Request::builder(custom_note)", |b| {
        b.iter(|| {
            http::Request::builder()
                .method(http::Method::POST)
                .uri(black_box(uri))
                .header(http::header::AUTHORIZATION, "Bearer YOUR_SYNC_TOKEN")
                .header(http::header::CONTENT_TYPE, "application/json")
                .header(http::header::ACCEPT, "application/json")
                .header(http::header::USER_AGENT, telecrm_core::DEFAULT_USER_AGENT)
                .body(black_box(&body[..]).to_vec())
                .unwrap()
        })
    });
    let value = serde_json::json!({"type":"1001","fields":{"note":"Follow-up completed"}});
    group.bench_function("floor/serde_json::to_vec(custom_note)", |b| {
        b.iter(|| serde_json::to_vec(black_box(&value)).unwrap())
    });
    group.finish();
}

fn decode(c: &mut Criterion) {
    let headers = HeaderMap::new();
    let large = large_custom();
    // Decoding does not depend on the value's fields: any one will do.
    let endpoint = call(
        "603d2b2f9b1e8a001c8e4f5d",
        CustomUpdate::new("1001".parse().unwrap()).into(),
    );
    let mut group = c.benchmark_group("decode");
    for (name, status, body) in [
        ("documented_200", 200, DOC_200),
        ("custom_20_fields_200", 200, &large[..]),
        ("documented_400", 400, DOC_400),
        ("documented_401", 401, DOC_401),
        ("documented_404", 404, DOC_404),
    ] {
        let status = StatusCode::from_u16(status).unwrap();
        group.bench_function(format!("{name}/sdk"), |b| {
            b.iter(|| endpoint.decode(status, &headers, black_box(body)))
        });
        group.bench_function(format!("{name}/floor serde_json::Value"), |b| {
            b.iter(|| serde_json::from_slice::<Value>(black_box(body)).unwrap())
        });
    }
    group.finish();
}

criterion_group!(benches, encode, decode);
criterion_main!(benches);
