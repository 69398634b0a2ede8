//! Encode and decode, timed in this process: the figures `encode_ns` and
//! `decode_ns` of the summary. (`cargo bench -p telecrm-core` has the full set,
//! with criterion.)

use std::hint::black_box;
use std::time::Instant;

use http::{HeaderMap, StatusCode};
use telecrm_core::{CustomUpdate, Endpoint, SyncToken, UpdateAction, Workspace};

use crate::load::{ACTION, LEAD};
use crate::server::{DOC_200, ENTERPRISE, TOKEN};
use crate::stats::Spread;

const ITERATIONS: u32 = 200_000;

/// Per-repetition figures, in nanoseconds per operation.
#[derive(Debug, Clone)]
pub(crate) struct Micro {
    pub(crate) encode_ns: Vec<f64>,
    pub(crate) decode_ns: Vec<f64>,
    pub(crate) floor_decode_ns: Vec<f64>,
}

impl Micro {
    pub(crate) fn encode(&self) -> Option<Spread> {
        Spread::of(self.encode_ns.iter().copied())
    }
    pub(crate) fn decode(&self) -> Option<Spread> {
        Spread::of(self.decode_ns.iter().copied())
    }
    pub(crate) fn floor_decode(&self) -> Option<Spread> {
        Spread::of(self.floor_decode_ns.iter().copied())
    }
}

fn time_per_op(mut f: impl FnMut()) -> f64 {
    for _ in 0..ITERATIONS / 10 {
        f();
    }
    let start = Instant::now();
    for _ in 0..ITERATIONS {
        f();
    }
    start.elapsed().as_nanos() as f64 / f64::from(ITERATIONS)
}

/// The bench's workspace at the production base URL (nothing is sent).
fn workspace() -> Workspace {
    Workspace::new(
        SyncToken::new(TOKEN).expect("a valid constant"),
        ENTERPRISE.parse().expect("a valid constant"),
    )
}

pub(crate) fn measure(reps: usize) -> Micro {
    let workspace = workspace();
    let lead: telecrm_core::LeadId = LEAD.parse().expect("a valid constant");
    let action: telecrm_core::ActionId = ACTION.parse().expect("a valid constant");
    let headers = HeaderMap::new();
    let decoder = UpdateAction::new(
        lead.clone(),
        action.clone(),
        crate::load::document_update().expect("a valid constant"),
    );
    let mut micro = Micro {
        encode_ns: Vec::new(),
        decode_ns: Vec::new(),
        floor_decode_ns: Vec::new(),
    };
    for _ in 0..reps {
        micro.encode_ns.push(time_per_op(|| {
            // Validate and encode, as a caller does for each update.
            let Ok(code) = black_box("1001").parse() else {
                return;
            };
            let update =
                CustomUpdate::new(code).with_field("note", black_box("Follow-up completed"));
            let call = UpdateAction::new(lead.clone(), action.clone(), update.into());
            let _ = black_box(call.to_http_request(&workspace));
        }));
        micro.decode_ns.push(time_per_op(|| {
            let _ =
                black_box(decoder.decode(StatusCode::OK, &headers, black_box(DOC_200.as_bytes())));
        }));
        micro.floor_decode_ns.push(time_per_op(|| {
            let _ = black_box(serde_json::from_slice::<serde_json::Value>(black_box(
                DOC_200.as_bytes(),
            )));
        }));
    }
    micro
}

/// Heap allocations of one encode and one decode, as the client does them
/// (the update and IDs borrowed, the answer the documented 200): the SDK's
/// own share of `telecrm-bench allocs`.
pub(crate) fn allocations() -> (u64, u64) {
    let workspace = workspace();
    let call = UpdateAction::new(
        LEAD.parse().expect("a valid constant"),
        ACTION.parse().expect("a valid constant"),
        crate::load::document_update().expect("a valid constant"),
    );
    let headers = HeaderMap::new();
    // Each is run once before counting: the first clone of a `Bytes` that
    // has never been shared (the token's header, the base URL's authority)
    // allocates its shared handle once, not per request.
    let count = |f: &dyn Fn()| {
        f();
        let (before, _) = crate::allocs::snapshot();
        f();
        crate::allocs::snapshot().0 - before
    };
    let encode = count(&|| {
        let request = call.borrowed().to_http_request(&workspace);
        assert!(request.is_ok(), "the constant update encodes");
        drop(black_box(request));
    });
    let decode = count(&|| {
        let action = call.decode(StatusCode::OK, &headers, black_box(DOC_200.as_bytes()));
        assert!(action.is_ok(), "the documented 200 decodes");
        drop(black_box(action));
    });
    (encode, decode)
}
