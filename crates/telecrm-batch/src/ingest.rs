//! Rows of leads for the Async API: the `prepare` of every door that
//! ingests (`telecrm lead ingest`, Python's and Node's `Ingest`, the
//! relay's drain), and the summary's two Async keys.

use std::time::Duration;

use serde_json::{Map, Value, json};
use telecrm_hyper::core::Endpoint;
use telecrm_hyper::{AsyncClient, IngestLead, NewLead};

use crate::describe::chain;
use crate::engine::{Answer, Prepared, Stop};
use crate::rows;
use crate::source::{Content, Record};
use crate::summary::Summary;

/// What turns a row into a paced Async request: the client (its pace and
/// retry rule), the workspace's lead identifier, and the CSV header.
#[derive(Debug, Clone)]
pub struct IngestRows {
    client: AsyncClient,
    identifier: String,
    columns: Option<Vec<String>>,
}

impl IngestRows {
    /// Rows of an input with these `columns` (`Input::columns`), for leads
    /// identified by `identifier` (e.g. `phone`).
    pub fn new(client: AsyncClient, identifier: &str, columns: Option<&[String]>) -> Self {
        Self {
            client,
            identifier: identifier.to_owned(),
            columns: columns.map(<[String]>::to_vec),
        }
    }

    /// One row: refused (with its identifier as key, so that the lead's
    /// later rows are held back) or a request that waits for the pace's
    /// slot. Stopped while waiting, nothing of the row is on the wire: it
    /// counts as remaining.
    pub fn prepare(&self, record: &Record, content: &Content, stop: &Stop) -> Prepared {
        let json = match rows::lead_json(self.columns.as_deref(), record, content) {
            Ok(json) => json,
            Err(reason) => return Prepared::refused(None, Map::new(), reason),
        };
        let key = rows::identifier_key(&json, &self.identifier);
        let lead = match NewLead::from_json(json.as_bytes())
            .map_err(|e| chain(&e))
            .and_then(|lead| IngestLead::new(lead, &self.identifier).map_err(|e| e.to_string()))
        {
            Ok(lead) => lead,
            Err(reason) => return Prepared::refused(key, Map::new(), reason),
        };
        // A payload of fields only leaves the lead as one send would (it is
        // matched by its identifier) and may be resent; one with actions
        // appends them, so a lost answer leaves it in doubt.
        let idempotent = lead.idempotent();
        let client = self.client.clone();
        let mut stop = stop.clone();
        let task = Box::pin(async move {
            let slot = tokio::select! {
                slot = client.slot() => slot,
                () = stop.wait() => return Answer::NotSent,
            };
            Answer::Done(client.send_in(slot, &lead).await.map(|_| Value::Null))
        });
        if idempotent {
            Prepared::send_idempotent(key, Map::new(), task)
        } else {
            Prepared::send(key, Map::new(), task)
        }
    }

    /// Adds the Async keys to a summary: `rate_per_hour` (the pace, `null`
    /// for none) and `sent_per_s`.
    pub fn summarize(&self, map: &mut Map<String, Value>, summary: &Summary, elapsed: Duration) {
        let seconds = elapsed.as_secs_f64();
        map.insert("rate_per_hour".into(), json!(self.client.rate_per_hour()));
        map.insert(
            "sent_per_s".into(),
            json!(if seconds > 0.0 {
                (summary.sent as f64 / seconds * 100.0).round() / 100.0
            } else {
                0.0
            }),
        );
    }
}
