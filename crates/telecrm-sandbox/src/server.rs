//! The HTTP side: routing, the API's checks in the API's order, faults, the log.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use bytes::Bytes;
use http::header::{AUTHORIZATION, CONTENT_LENGTH, CONTENT_TYPE, RETRY_AFTER};
use http::{Method, Request, Response, StatusCode};
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use percent_encoding::percent_decode_str;
use serde_json::{Value, json};

use crate::api::actions::{create, get, search, update};
use crate::api::{Refusal, wire_with};
use crate::api::{ingest, leads, metadata, team};
use crate::config::Limits;
use crate::fault::{Fate, Faults};
use crate::state::{Store, Tx};

/// How many requests the log keeps (the newest).
pub const REQUEST_LOG_LIMIT: usize = 100_000;

/// One request, as the sandbox's log keeps it: never headers, never the token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestRecord {
    /// The method.
    pub method: String,
    /// The path as received (percent-encoded).
    pub path: String,
    /// The status answered; 0 when the connection was dropped on purpose.
    pub status: u16,
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    fn wire(state: &serde_json::Value) -> String {
        crate::api::wire_with(&[], state, &[])
    }

    #[test]
    fn the_route_table_prefers_literals_and_lists_methods_per_template() {
        let methods = |segments: &[&str]| -> Vec<&str> {
            super::routes_for(segments)
                .iter()
                .map(|r| r.method)
                .collect()
        };
        assert_eq!(methods(&["lead", "search"]), ["POST"]);
        assert_eq!(methods(&["lead", "x"]), ["GET", "POST"]);
        assert_eq!(methods(&["lead", "x", "action", "search"]), ["POST"]);
        assert_eq!(methods(&["lead", "x", "action", "y"]), ["GET", "POST"]);
        assert!(methods(&["lead", "x", "y"]).is_empty());
        assert!(methods(&[]).is_empty());
        let route = super::routes_for(&["lead", "a%2Fb", "action", "%2E%2E"]);
        assert_eq!(
            super::params(route.first(), &["lead", "a%2Fb", "action", "%2E%2E"]),
            Some(vec!["a/b".to_owned(), "..".to_owned()])
        );
        assert_eq!(
            super::params(route.first(), &["lead", "", "action", "x"]),
            None
        );
        // Every template with a parameter comes after the literals it could hide.
        for (i, later) in super::ROUTES.iter().enumerate() {
            for earlier in &super::ROUTES[..i] {
                let hides = earlier.template != later.template
                    && super::fits(earlier.template, later.template);
                assert!(!hides, "{:?} hides {:?}", earlier.template, later.template);
            }
        }
    }

    #[test]
    fn keys_in_the_documents_order() {
        assert_eq!(
            wire(
                &json!({"amount":"5000","currency":"INR","status":"COMPLETED","type":"PAYMENT","zz":1,"a":[1]})
            ),
            r#"{"type":"PAYMENT","status":"COMPLETED","currency":"INR","amount":"5000","a":[1],"zz":1}"#
        );
        assert_eq!(
            wire(&json!({"fields":{"note":"x\"y"},"type":"1001"})),
            r#"{"type":"1001","fields":{"note":"x\"y"}}"#
        );
    }
}

pub(crate) struct Shared {
    pub(crate) store: Store,
    pub(crate) base_path: String,
    /// The enterprises served, the default first.
    pub(crate) tenants: Vec<Tenant>,
    pub(crate) faults: Faults,
    pub(crate) max_body_bytes: usize,
    pub(crate) license_seats: usize,
    pub(crate) limits: Limits,
    /// One line per request on stderr.
    pub(crate) echo_requests: bool,
    pub(crate) ingest: IngestQueue,
    pub(crate) counter: AtomicU64,
    pub(crate) log: Mutex<VecDeque<RequestRecord>>,
}

/// One enterprise: its ID and the tokens that serve it.
pub(crate) struct Tenant {
    pub(crate) enterprise: String,
    pub(crate) token: String,
    pub(crate) async_token: String,
    /// The Async API's rate limit, per token.
    pub(crate) limiter: Option<governor::DefaultDirectRateLimiter>,
}

/// The bearer token of a request, if any.
fn bearer(request: &Request<Incoming>) -> Option<&str> {
    request
        .headers()
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        // An empty configured token must not make "Bearer " a valid credential.
        .filter(|token| !token.is_empty())
}

/// The Async API's side: the worker's bell and its counters. The queue
/// itself is in the store, committed with the `QUEUED` answer.
pub(crate) struct IngestQueue {
    /// Rung when a payload is queued.
    pub(crate) wake: tokio::sync::Notify,
    /// Payloads queued (by this process, and left by earlier runs).
    pub(crate) accepted: AtomicU64,
    /// Payloads applied by this process.
    pub(crate) processed: AtomicU64,
    pub(crate) log: Mutex<Vec<crate::api::ingest::IngestRecord>>,
}

/// A request the service declines to answer: the connection is dropped.
#[derive(Debug)]
pub(crate) struct Dropped;

impl std::fmt::Display for Dropped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("connection dropped by fault injection")
    }
}

impl std::error::Error for Dropped {}

type Answer = Response<Full<Bytes>>;

fn json_response(status: u16, body: &Value) -> Answer {
    let text = if status == 200 {
        wire_with(&[], body, &[])
    } else {
        body.to_string()
    };
    text_response(status, text)
}

/// A JSON answer whose body is already written.
fn text_response(status: u16, text: String) -> Answer {
    let mut response = Response::new(Full::new(Bytes::from(text)));
    *response.status_mut() =
        StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    response.headers_mut().insert(
        CONTENT_TYPE,
        http::HeaderValue::from_static("application/json"),
    );
    response
}

fn envelope(status: u16, code: &str, message: &str) -> Answer {
    json_response(
        status,
        &json!({"error": {"code": code, "message": message}}),
    )
}

impl From<Refusal> for Answer {
    fn from(refusal: Refusal) -> Self {
        envelope(refusal.status, refusal.code, &refusal.message)
    }
}

impl Shared {
    fn record(&self, method: &Method, path: &str, status: u16) {
        let mut log = self.log.lock().unwrap_or_else(|e| e.into_inner());
        if log.len() >= REQUEST_LOG_LIMIT {
            log.pop_front();
        }
        log.push_back(RequestRecord {
            method: method.to_string(),
            path: path.to_owned(),
            status,
        });
    }

    pub(crate) fn requests(&self) -> Vec<RequestRecord> {
        self.log
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .iter()
            .cloned()
            .collect()
    }

    pub(crate) async fn handle(
        self: Arc<Self>,
        request: Request<Incoming>,
    ) -> Result<Answer, Dropped> {
        let started = std::time::Instant::now();
        let method = request.method().clone();
        let path = request.uri().path().to_owned();
        let k = self.counter.fetch_add(1, Ordering::Relaxed);
        if !self.faults.is_none() {
            if !self.faults.latency.is_zero() {
                tokio::time::sleep(self.faults.latency).await;
            }
            match self.faults.fate(k) {
                Fate::Serve => {}
                Fate::Drop => {
                    self.record(&method, &path, 0);
                    return Err(Dropped);
                }
                Fate::Fail(status) => {
                    let mut answer = envelope(status, "SERVICE_UNAVAILABLE", "Injected fault.");
                    if let Some(value) = self
                        .faults
                        .retry_after
                        .as_deref()
                        .and_then(|v| http::HeaderValue::from_str(v).ok())
                    {
                        answer.headers_mut().insert(RETRY_AFTER, value);
                    }
                    self.record(&method, &path, status);
                    return Ok(answer);
                }
            }
        }
        let answer = self.clone().route(request, &method, &path).await;
        let status = answer.status().as_u16();
        self.record(&method, &path, status);
        // One line per request; the path only (never headers, so never a token).
        let ms = started.elapsed().as_millis();
        tracing::info!(target: "telecrm_sandbox::request", "{method} {path} {status} {ms}ms");
        if self.echo_requests {
            eprintln!("sandbox: {method} {path} {status} {ms}ms");
        }
        Ok(answer)
    }

    async fn route(
        self: Arc<Self>,
        request: Request<Incoming>,
        method: &Method,
        path: &str,
    ) -> Answer {
        let not_found = || envelope(404, "NOT_FOUND", &format!("No route for {method} {path}"));
        if let Some(rest) = path.strip_prefix(crate::config::ASYNC_BASE_PATH)
            && rest.starts_with('/')
        {
            return self.ingest(request, method, rest).await;
        }
        let Some(rest) = path.strip_prefix(self.base_path.as_str()) else {
            return not_found();
        };
        // Split first, decode after: an encoded `/` stays inside its segment.
        let segments: Vec<&str> = rest.split('/').collect();
        let ["", "enterprise", enterprise, rest @ ..] = &segments[..] else {
            return not_found();
        };
        let candidates = routes_for(rest);
        let (Some(enterprise), Some(params)) =
            (decode(enterprise), params(candidates.first(), rest))
        else {
            return not_found();
        };
        let Some(route) = candidates.iter().find(|r| r.method == method.as_str()) else {
            let allowed: Vec<&str> = candidates.iter().map(|r| r.method).collect();
            let allowed = allowed.join(", ");
            let mut answer = envelope(
                405,
                "METHOD_NOT_ALLOWED",
                &format!("Method {method} is not allowed on this route; use {allowed}."),
            );
            if let Ok(value) = http::HeaderValue::from_str(&allowed) {
                answer.headers_mut().insert(http::header::ALLOW, value);
            }
            return answer;
        };
        // The enterprise is resolved before anything else: the token's own,
        // or `401` below.
        let Some(holder) =
            bearer(&request).and_then(|t| self.tenants.iter().find(|x| x.token == t))
        else {
            return envelope(401, "NOT_AUTHORIZED", "Missing or invalid Sync API token.");
        };
        // Any other enterprise, served by another token or by none: `401`
        // naming it, as the service answers in real use.
        if enterprise != holder.enterprise {
            return envelope(
                401,
                "NOT_AUTHORIZED",
                &format!("Token is not valid for enterprise with ID {enterprise}."),
            );
        }
        let tenant = holder.enterprise.clone();
        let query = request.uri().query().map(str::to_owned);
        let body = if method == Method::GET {
            None
        } else {
            match self.json_body(request, route.search).await {
                Ok(body) => Some(body),
                Err(answer) => return answer,
            }
        };
        let parsed = Parsed {
            tenant,
            enterprise,
            handler: route.handler,
            params,
            query,
            body,
        };
        // Right here, not on the blocking pool: the store's work is short
        // (a WAL commit does not wait for the disk; only a checkpoint, every
        // ~1000 pages written, does) and a thread hop cost more than it.
        self.dispatch(parsed)
    }

    /// Runs a parsed request in one transaction of the store: committed
    /// before the answer, or `500` and nothing changed.
    fn dispatch(&self, request: Parsed) -> Answer {
        let tenant = request.tenant.clone();
        match self.store.with_tx(&tenant, |tx| self.answer(tx, request)) {
            Ok(Ok((status, text))) => text_response(status, text),
            Ok(Err(refusal)) => refusal.into(),
            Err(err) => {
                tracing::error!("sandbox: a request's changes could not be committed: {err}");
                envelope(500, "INTERNAL_ERROR", "Could not save state.")
            }
        }
    }

    /// Calls the route's handler over the parsed request.
    fn answer(&self, store: &mut Tx<'_>, request: Parsed) -> Result<(u16, String), Refusal> {
        let Parsed {
            tenant: _,
            enterprise,
            handler,
            params,
            query,
            body,
        } = request;
        let call = Call {
            enterprise: &enterprise,
            params: &params,
            query: query.as_deref(),
            body: body.unwrap_or_else(|| Value::Object(serde_json::Map::new())),
            seats: self.license_seats,
        };
        handler(store, call)
    }

    /// The Async API: `POST /enterprise/{e}/autoupdatelead` with its own token,
    /// rate-limited when configured, queued for the worker.
    async fn ingest(
        self: Arc<Self>,
        request: Request<Incoming>,
        method: &Method,
        rest: &str,
    ) -> Answer {
        let segments: Vec<&str> = rest.split('/').collect();
        let ["", "enterprise", enterprise, "autoupdatelead"] = segments[..] else {
            return envelope(404, "NOT_FOUND", &format!("No route for {method} {rest}"));
        };
        if method != Method::POST {
            let mut answer = envelope(
                405,
                "METHOD_NOT_ALLOWED",
                &format!("Method {method} is not allowed on this route; use POST."),
            );
            answer
                .headers_mut()
                .insert(http::header::ALLOW, http::HeaderValue::from_static("POST"));
            return answer;
        }
        let queue = &self.ingest;
        let Some(holder) =
            bearer(&request).and_then(|t| self.tenants.iter().find(|x| x.async_token == t))
        else {
            return envelope(401, "NOT_AUTHORIZED", "Missing or invalid Async API token.");
        };
        if let Some(limiter) = &holder.limiter
            && let Err(not_until) = limiter.check()
        {
            let wait = not_until.wait_time_from(governor::clock::Clock::now(limiter.clock()));
            let seconds = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
            let mut answer = envelope(429, "TOO_MANY_REQUESTS", "Rate limit exceeded.");
            if let Ok(value) = http::HeaderValue::from_str(&seconds.max(1).to_string()) {
                answer.headers_mut().insert(RETRY_AFTER, value);
            }
            return answer;
        }
        let body = match self.json_body(request, false).await {
            Ok(body) => body,
            Err(answer) => return answer,
        };
        let enterprise = percent_decode_str(enterprise)
            .decode_utf8()
            .map(|e| e.into_owned())
            .unwrap_or_default();
        if enterprise != holder.enterprise {
            return envelope(
                401,
                "NOT_AUTHORIZED",
                &format!("Token is not valid for enterprise with ID {enterprise}."),
            );
        }
        // Queued in the store, committed before `QUEUED` is answered.
        if self
            .store
            .with_tx(&holder.enterprise, |tx| tx.enqueue(body))
            .is_err()
        {
            tracing::error!("sandbox: could not queue an Async payload");
            return envelope(500, "INTERNAL_ERROR", "Could not save state.");
        }
        queue.accepted.fetch_add(1, Ordering::SeqCst);
        queue.wake.notify_one();
        text_response(200, r#"{"status":"QUEUED"}"#.to_owned())
    }

    /// Applies queued payloads in order, each batch with its removal from
    /// the queue in one transaction: exactly once, whatever stops the process.
    /// After `stop`, drains for at most [`crate::DRAIN_TIMEOUT`] and leaves the
    /// rest queued.
    pub(crate) async fn work_queue(self: Arc<Self>, mut stop: tokio::sync::watch::Receiver<bool>) {
        let mut deadline: Option<tokio::time::Instant> = None;
        loop {
            if deadline.is_some_and(|d| tokio::time::Instant::now() >= d) {
                return;
            }
            let applied = self.apply_batch();
            match applied {
                Ok(0) if deadline.is_some() => return,
                Ok(0) => {
                    tokio::select! {
                        () = self.ingest.wake.notified() => {}
                        _ = stop.changed() => {
                            deadline = Some(tokio::time::Instant::now() + crate::DRAIN_TIMEOUT);
                        }
                    }
                }
                Ok(_) => {
                    // Nothing else yields here: let requests in between batches.
                    tokio::task::yield_now().await;
                    if deadline.is_none() && *stop.borrow() {
                        deadline = Some(tokio::time::Instant::now() + crate::DRAIN_TIMEOUT);
                    }
                }
                Err(err) => {
                    tracing::error!("sandbox: could not apply queued payloads: {err}");
                    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
                }
            }
        }
    }

    /// Applies up to [`INGEST_BATCH`] queued payloads of each enterprise,
    /// one transaction each: how many in all.
    fn apply_batch(&self) -> Result<usize, crate::state::StoreError> {
        let mut applied = 0;
        for tenant in &self.tenants {
            let records = self.store.with_tx(&tenant.enterprise, |tx| {
                let mut records = Vec::new();
                while records.len() < INGEST_BATCH {
                    let Some((seq, body)) = tx.dequeue() else {
                        break;
                    };
                    records.push(ingest::apply(tx, seq, body));
                }
                records
            })?;
            let n = records.len();
            self.ingest
                .log
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .extend(records);
            self.ingest.processed.fetch_add(n as u64, Ordering::SeqCst);
            applied += n;
        }
        Ok(applied)
    }

    /// The POST body as a JSON object, with the checks in the API's order:
    /// content type, size, JSON, object. A search may come with no body at
    /// all: that is `{}`, content type or not.
    async fn json_body(&self, request: Request<Incoming>, search: bool) -> Result<Value, Answer> {
        let json = is_json(&request);
        if !json && !search {
            return Err(unsupported_media_type());
        }
        let body = self.read_body(request).await?;
        let body: Value = if body.is_empty() && search {
            Value::Object(serde_json::Map::new())
        } else if !json {
            return Err(unsupported_media_type());
        } else {
            serde_json::from_slice(&body).map_err(|err| {
                envelope(
                    400,
                    "BAD_REQUEST",
                    &format!("Request body is not valid JSON: {err}"),
                )
            })?
        };
        if body.is_object() {
            Ok(body)
        } else {
            Err(envelope(
                400,
                "BAD_REQUEST",
                "Request body must be a JSON object.",
            ))
        }
    }

    async fn read_body(&self, request: Request<Incoming>) -> Result<Bytes, Answer> {
        let limit = self.max_body_bytes;
        let too_large = || {
            envelope(
                413,
                "PAYLOAD_TOO_LARGE",
                &format!("Request body is larger than {limit} bytes."),
            )
        };
        let declared = request
            .headers()
            .get(CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<u64>().ok());
        if declared.is_some_and(|n| n > limit as u64) {
            return Err(too_large());
        }
        match Limited::new(request.into_body(), limit).collect().await {
            Ok(collected) => Ok(collected.to_bytes()),
            Err(err) if err.is::<http_body_util::LengthLimitError>() => Err(too_large()),
            Err(_) => Err(envelope(
                400,
                "BAD_REQUEST",
                "Request body could not be read.",
            )),
        }
    }
}

/// Payloads applied per transaction by the Async worker.
const INGEST_BATCH: usize = 64;

/// A request past the checks every route shares: what the handlers see.
struct Parsed {
    /// The token's enterprise: whose state the request runs on.
    tenant: String,
    enterprise: String,
    handler: Handler,
    /// The path's parameters, percent-decoded.
    params: Vec<String>,
    query: Option<String>,
    /// The JSON object of a POST; `None` for a GET.
    body: Option<Value>,
}

/// **Update an action**, applied to a copy of the stored state.
fn update_action(
    store: &mut Tx<'_>,
    lead: &str,
    action: &str,
    body: Value,
) -> Result<String, Refusal> {
    let missing = || Refusal {
        status: 404,
        code: "ACTION_NOT_FOUND",
        message: format!("Action with ID {action} was not found in the lead."),
    };
    match store.update(lead, action, |state| update::apply(state, body))? {
        None => Err(missing()),
        Some(state) => Ok(wire_with(&[], &state, &[])),
    }
}

/// What every handler sees: the request past the checks all routes share,
/// its enterprise resolved.
struct Call<'a> {
    enterprise: &'a str,
    /// The path's parameters, percent-decoded, in order.
    params: &'a [String],
    query: Option<&'a str>,
    /// The JSON object of a POST; `{}` for a GET.
    body: Value,
    /// Licence seats, for a new team member.
    seats: usize,
}

impl<'a> Call<'a> {
    fn param(&self, i: usize) -> &'a str {
        let params: &'a [String] = self.params;
        params.get(i).map_or("", String::as_str)
    }
}

/// One handler signature for every route.
type Handler = fn(&mut Tx<'_>, Call<'_>) -> Result<(u16, String), Refusal>;

/// A route: method, path template below `/enterprise/{e}` (`*` is a
/// parameter), handler, and whether a missing body means `{}` (searches).
struct RouteDef {
    method: &'static str,
    template: &'static [&'static str],
    handler: Handler,
    search: bool,
}

const fn route(
    method: &'static str,
    template: &'static [&'static str],
    handler: Handler,
) -> RouteDef {
    RouteDef {
        method,
        template,
        handler,
        search: false,
    }
}

/// The route table, as the docs' endpoint table. The first template that
/// matches a path is its route (so a literal segment, listed first, wins over
/// a parameter: an action whose ID is `search` cannot be addressed, as on the
/// service); its methods are the table's rows with that template.
const ROUTES: &[RouteDef] = &[
    route("POST", &["lead"], |tx, c| leads::create::answer(tx, c.body)),
    RouteDef {
        search: true,
        ..route("POST", &["lead", "search"], |tx, c| {
            leads::search::answer(tx, c.query, c.body).map(ok)
        })
    },
    route("GET", &["lead", "*"], |tx, c| {
        leads::get::answer(tx, c.param(0), c.query).map(ok)
    }),
    route("POST", &["lead", "*"], |tx, c| {
        leads::update::answer(tx, c.param(0), c.body).map(ok)
    }),
    route("POST", &["lead", "*", "action"], |tx, c| {
        create::answer(tx, c.param(0), c.body).map(ok)
    }),
    RouteDef {
        search: true,
        ..route("POST", &["lead", "*", "action", "search"], |tx, c| {
            search::answer(tx, c.param(0), c.query, c.body).map(ok)
        })
    },
    route("GET", &["lead", "*", "action", "*"], |tx, c| {
        get::answer(tx, c.param(0), c.param(1)).map(ok)
    }),
    route("POST", &["lead", "*", "action", "*"], |tx, c| {
        update_action(tx, c.param(0), c.param(1), c.body).map(ok)
    }),
    route("GET", &["team-members"], |tx, c| {
        team::list::answer(tx, c.query).map(ok)
    }),
    route("POST", &["team-members"], |tx, c| {
        team::create::answer(tx, c.seats, c.body)
    }),
    route("GET", &["team-members", "*"], |tx, c| {
        team::get::answer(tx, c.param(0), c.query).map(ok)
    }),
    route("POST", &["teammember", "state_change"], |tx, c| {
        team::state::answer(tx, c.body).map(ok)
    }),
    route("GET", &["metadata"], |tx, c| {
        Ok(ok(metadata::enterprise::answer(
            tx.workspace(),
            c.enterprise,
        )))
    }),
    route("GET", &["custom-fields"], |tx, c| {
        Ok(ok(metadata::fields::list(tx, metadata::detail(c.query))))
    }),
    route("GET", &["custom-fields", "*"], |tx, c| {
        metadata::fields::one(tx, c.param(0)).map(ok)
    }),
    route("GET", &["custom-actions"], |tx, c| {
        Ok(ok(metadata::actions::list(
            tx.workspace(),
            metadata::detail(c.query),
        )))
    }),
    route("GET", &["custom-actions", "*"], |tx, c| {
        metadata::actions::one(tx.workspace(), c.param(0)).map(ok)
    }),
    route("GET", &["lead-stage-pipeline"], |tx, _| {
        Ok(ok(metadata::pipeline::answer(tx.workspace())))
    }),
];

fn ok(body: String) -> (u16, String) {
    (200, body)
}

fn fits(template: &[&str], segments: &[&str]) -> bool {
    template.len() == segments.len()
        && template
            .iter()
            .zip(segments)
            .all(|(t, s)| *t == "*" || t == s)
}

/// The table's rows of the first template that fits the segments below
/// `/enterprise/{e}`, one per method; none for a path the API does not have.
fn routes_for(segments: &[&str]) -> Vec<&'static RouteDef> {
    let Some(first) = ROUTES.iter().find(|r| fits(r.template, segments)) else {
        return Vec::new();
    };
    ROUTES
        .iter()
        .filter(|r| r.template == first.template)
        .collect()
}

/// The route's parameters, percent-decoded; `None` when one does not decode
/// or is empty (no route then).
fn params(route: Option<&&RouteDef>, segments: &[&str]) -> Option<Vec<String>> {
    let route = route?;
    route
        .template
        .iter()
        .zip(segments)
        .filter(|(t, _)| **t == "*")
        .map(|(_, s)| decode(s))
        .collect()
}

/// A path segment, percent-decoded; `None` when empty or not UTF-8.
fn decode(segment: &str) -> Option<String> {
    percent_decode_str(segment)
        .decode_utf8()
        .ok()
        .map(|c| c.into_owned())
        .filter(|s| !s.is_empty())
}

fn unsupported_media_type() -> Answer {
    envelope(
        415,
        "UNSUPPORTED_MEDIA_TYPE",
        "Content-Type must be application/json.",
    )
}

fn is_json(request: &Request<Incoming>) -> bool {
    request
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|mime| mime.trim().eq_ignore_ascii_case("application/json"))
}
