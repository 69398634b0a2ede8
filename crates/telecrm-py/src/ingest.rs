//! `telecrm.Ingest`: leads through the Async API at its rate, with the CLI's
//! journal and summary.
//!
//! The CLI's engine (`telecrm-cli/src/lead/ingest.rs`) lives in a binary
//! crate and prints as it goes, so it cannot be called as a library; this is
//! a small faithful version of it over the same pieces: the same
//! [`AsyncClient`] (pace, slots, retry rule), the same checks
//! (`NewLead::from_value`, `IngestLead::new` for the identifier), the same
//! journal file format (`{"line":N,"digest":"<FNV-1a of the row's text>"}`,
//! whose entries `telecrm lead ingest` reads too; its input record, first
//! line, is skipped here), the same CSV reading (a header of field API names,
//! `name:json` columns read as JSON, empty cells left out), the same summary
//! keys and the same stops (an answer every row would get: 401, 403 but
//! `INVALID_LEAD`, `ENTERPRISE_NOT_FOUND`; 5 transport failures in a row).
//! Not carried over: holding back later rows of a lead whose earlier row
//! failed (`blocked` is always 0), the journal's lock and input record, the
//! rejects file, the progress bar, and the stop on Ctrl-C (Python's
//! `KeyboardInterrupt` is seen after `send` returns).

use std::collections::HashSet;
use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use pyo3::prelude::*;
use serde_json::{Map, Value, json};
use telecrm_hyper::{
    AsyncClient, AsyncToken, BaseUrl, EnterpriseId, ErrorCode, IngestLead, NewLead, Workspace,
};
use tokio::task::JoinSet;

use crate::convert::{to_json, to_py};
use crate::errors::{chain, from_call, invalid_input, telecrm_error};
use crate::{block_on, runtime};

/// One row: its line number, the lead as JSON, and its text for the digest.
struct Row {
    number: usize,
    lead: Value,
    original: String,
}

/// Leads through the Async API, paced, journaled, `concurrency` at a time.
#[pyclass(module = "telecrm", frozen)]
pub(crate) struct Ingest {
    client: AsyncClient,
    concurrency: usize,
    journal: Option<PathBuf>,
    lead_identifier: String,
}

#[pymethods]
impl Ingest {
    #[new]
    #[pyo3(signature = (async_token, enterprise, *, base_url=None, rate_per_hour=Some(18_000), concurrency=8, journal=None, lead_identifier="phone".to_owned()))]
    fn new(
        async_token: &str,
        enterprise: &str,
        base_url: Option<&str>,
        rate_per_hour: Option<u32>,
        concurrency: usize,
        journal: Option<PathBuf>,
        lead_identifier: String,
    ) -> PyResult<Self> {
        let token = AsyncToken::new(async_token)
            .map_err(|e| invalid_input(&format!("async_token: {}", chain(&e))))?;
        let enterprise = EnterpriseId::new(enterprise)
            .map_err(|e| invalid_input(&format!("enterprise: {}", chain(&e))))?;
        if concurrency == 0 {
            return Err(invalid_input("concurrency: at least 1"));
        }
        let mut workspace = Workspace::new(token, enterprise);
        if let Some(base_url) = base_url {
            let base = BaseUrl::parse(base_url)
                .map_err(|e| invalid_input(&format!("base_url: {}", chain(&e))))?;
            workspace = workspace.with_base_url(base);
        }
        let client = {
            let _entered = runtime()?.enter();
            telecrm_hyper::Client::new()
                .and_then(|client| client.workspace(workspace))
                .and_then(|ws| ws.with_rate_per_hour(rate_per_hour))
                .map_err(|e| from_call(&e))?
        };
        Ok(Self {
            client,
            concurrency,
            journal,
            lead_identifier,
        })
    }

    /// Sends `rows` (an iterable of dicts, each a lead's fields or
    /// `{"fields": ..., "actions": [...]}`; or the path of a CSV or JSON-lines
    /// file) and returns the CLI's summary.
    fn send(&self, py: Python<'_>, rows: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        let rows = read_rows(py, rows)?;
        let mut journal = self
            .journal
            .as_deref()
            .map(Journal::open)
            .transpose()
            .map_err(|e| invalid_input(&e))?;
        let client = self.client.clone();
        let identifier = self.lead_identifier.clone();
        let concurrency = self.concurrency;
        let report = block_on(py, async move {
            run(client, rows, &identifier, concurrency, journal.as_mut()).await
        })?
        .map_err(|e| telecrm_error(&e))?;
        Ok(to_py(py, &report)?.unbind())
    }

    fn __repr__(&self) -> String {
        format!(
            "Ingest(enterprise={:?}, base_url={:?}, rate_per_hour={:?}, concurrency={})",
            self.client.enterprise().to_string(),
            self.client.base_url().to_string(),
            self.client.rate_per_hour(),
            self.concurrency
        )
    }
}

fn read_rows(py: Python<'_>, rows: &Bound<'_, PyAny>) -> PyResult<Vec<Row>> {
    let os = py.import("os")?;
    if rows.is_instance(&os.getattr("PathLike")?)? || rows.extract::<String>().is_ok() {
        let path: PathBuf = rows.extract()?;
        let text = std::fs::read_to_string(&path)
            .map_err(|e| invalid_input(&format!("cannot read {}: {e}", path.display())))?;
        return read_file(&path.to_string_lossy(), &text).map_err(|e| invalid_input(&e));
    }
    let mut out = Vec::new();
    for (i, row) in rows.try_iter()?.enumerate() {
        let value = to_json(&row?)?;
        let Value::Object(object) = value else {
            return Err(invalid_input(&format!("row {}: not a dict", i + 1)));
        };
        let lead = if matches!(object.get("fields"), Some(Value::Object(_))) {
            Value::Object(object)
        } else {
            json!({ "fields": object })
        };
        out.push(Row {
            number: i + 1,
            original: lead.to_string(),
            lead,
        });
    }
    Ok(out)
}

/// CSV by extension or when the first line is not a JSON object (as the CLI).
fn read_file(source: &str, text: &str) -> Result<Vec<Row>, String> {
    let is_csv = source.to_ascii_lowercase().ends_with(".csv")
        || text
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty())
            .is_some_and(|l| !l.starts_with('{'));
    if !is_csv {
        return Ok(text
            .lines()
            .enumerate()
            .map(|(i, line)| (i + 1, line.trim()))
            .filter(|(_, line)| !line.is_empty())
            .map(|(number, line)| Row {
                number,
                // A line that is not JSON is refused by the checks, with its number.
                lead: serde_json::from_str(line).unwrap_or(Value::String(line.to_owned())),
                original: line.to_owned(),
            })
            .collect());
    }
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .flexible(false)
        .from_reader(text.as_bytes());
    let header = reader
        .headers()
        .map_err(|e| format!("CSV header: {e}"))?
        .clone();
    let columns: Vec<(String, bool)> = header
        .iter()
        .map(|h| match h.strip_suffix(":json") {
            Some(name) => (name.to_owned(), true),
            None => (h.to_owned(), false),
        })
        .collect();
    if columns.iter().any(|(name, _)| name.is_empty()) {
        return Err("CSV header: every column needs a field API name".to_owned());
    }
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| format!("CSV: {e}"))?;
        let number = record.position().map_or(0, |p| p.line() as usize);
        let mut fields = Map::new();
        for ((name, is_json), cell) in columns.iter().zip(record.iter()) {
            if cell.is_empty() {
                continue;
            }
            let value = if *is_json {
                serde_json::from_str(cell)
                    .map_err(|e| format!("CSV line {number}, column {name}: not valid JSON: {e}"))?
            } else {
                Value::from(cell)
            };
            fields.insert(name.clone(), value);
        }
        rows.push(Row {
            number,
            lead: json!({ "fields": fields }),
            original: csv_line(&record)?,
        });
    }
    Ok(rows)
}

/// One CSV record written back as a line (the text the CLI digests).
fn csv_line(record: &csv::StringRecord) -> Result<String, String> {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    writer
        .write_record(record)
        .map_err(|e| format!("CSV: {e}"))?;
    let bytes = writer.into_inner().map_err(|e| format!("CSV: {e}"))?;
    Ok(String::from_utf8_lossy(&bytes).trim_end().to_owned())
}

/// FNV-1a, 64 bits: the digest of a row's text in the journal.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, b| {
        (hash ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The rows that are done, in an append-only file (the CLI's format).
struct Journal {
    done: HashSet<(usize, u64)>,
    file: File,
}

impl Journal {
    fn open(path: &Path) -> Result<Self, String> {
        let cannot = |e: std::io::Error| format!("cannot open the journal {}: {e}", path.display());
        #[derive(serde::Deserialize)]
        struct Entry {
            line: usize,
            digest: String,
        }
        let mut done = HashSet::new();
        match std::fs::read_to_string(path) {
            // A torn last line parses as nothing and so counts as not done.
            Ok(text) => done.extend(
                text.lines()
                    .filter_map(|l| serde_json::from_str::<Entry>(l).ok())
                    .filter_map(|e| Some((e.line, u64::from_str_radix(&e.digest, 16).ok()?))),
            ),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(cannot(e)),
        }
        let mut file = OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .map_err(cannot)?;
        if file.metadata().map_err(cannot)?.len() > 0 {
            file.write_all(b"\n").map_err(cannot)?;
        }
        Ok(Self { done, file })
    }

    fn is_done(&self, line: usize, digest: u64) -> bool {
        self.done.contains(&(line, digest))
    }

    fn record(&mut self, line: usize, digest: u64) -> Result<(), String> {
        let entry = format!("{{\"line\":{line},\"digest\":\"{digest:016x}\"}}\n");
        self.file
            .write_all(entry.as_bytes())
            .map_err(|e| format!("cannot write the journal: {e}"))?;
        self.done.insert((line, digest));
        Ok(())
    }
}

/// A failed row as the CLI reports it: its kind and one line.
fn failure(err: &telecrm_hyper::Error) -> (&'static str, String) {
    if let Some(input) = err.input_error() {
        return ("invalid", input.to_string());
    }
    if let Some(api) = err.api_error() {
        let line = format!(
            "the API refused the request: HTTP {} {}: {}",
            api.status().as_u16(),
            api.code(),
            api.message()
        );
        let kind = if api.status().is_client_error() {
            "api"
        } else {
            "transport"
        };
        return (kind, line);
    }
    let line = chain(err);
    match err.status() {
        Some(status) if status.is_client_error() => {
            ("api", format!("HTTP {}: {line}", status.as_u16()))
        }
        _ => ("transport", line),
    }
}

/// How many transport failures in a row stop a run (the CLI's N).
const MAX_TRANSPORT_FAILURES: usize = 5;

/// How many refused or failed rows the summary lists (all are counted).
const MAX_LISTED: usize = 1000;

/// A row's answer: its line, digest, and the error if it failed.
type Done = (usize, u64, Result<(), telecrm_hyper::Error>);

/// An answer every later row would get too: the token or the enterprise is
/// wrong, not the row (the CLI's rule).
fn is_fatal(err: &telecrm_hyper::Error) -> bool {
    let code = err.api_error().map(|api| api.code());
    match err.status().map(|s| s.as_u16()) {
        Some(401) => true,
        Some(403) => code != Some(&ErrorCode::InvalidLead),
        _ => code == Some(&ErrorCode::EnterpriseNotFound),
    }
}

#[derive(Default)]
struct Summary {
    lines: u64,
    sent: u64,
    ok: u64,
    refused: Vec<Value>,
    refused_count: u64,
    failed: Vec<Value>,
    failed_count: u64,
    skipped: u64,
    remaining: u64,
    stopped: Option<(&'static str, Value)>,
    transport_in_a_row: usize,
}

impl Summary {
    fn refuse(&mut self, line: usize, reason: String) {
        self.refused_count += 1;
        if self.refused.len() < MAX_LISTED {
            self.refused.push(json!({"line": line, "reason": reason}));
        }
    }

    fn stop(&mut self, reason: &'static str, line: usize, message: String) {
        if self.stopped.is_none() {
            self.stopped = Some((reason, json!({"line": line, "message": message})));
        }
    }

    fn finish(
        &mut self,
        done: Result<Done, tokio::task::JoinError>,
        journal: &mut Option<&mut Journal>,
    ) -> Result<(), String> {
        let (line, digest, result) = done.map_err(|e| format!("an ingest task failed: {e}"))?;
        match result {
            Ok(()) => {
                self.sent += 1;
                self.ok += 1;
                self.transport_in_a_row = 0;
                if let Some(journal) = journal {
                    journal.record(line, digest)?;
                }
            }
            Err(err) if err.is_input() => self.refuse(line, failure(&err).1),
            Err(err) => {
                self.sent += 1;
                let (kind, error) = failure(&err);
                self.failed_count += 1;
                if self.failed.len() < MAX_LISTED {
                    self.failed
                        .push(json!({"line": line, "kind": kind, "error": error}));
                }
                if kind == "transport" {
                    self.transport_in_a_row += 1;
                    if self.transport_in_a_row >= MAX_TRANSPORT_FAILURES {
                        let message = format!(
                            "{MAX_TRANSPORT_FAILURES} transport failures in a row, the last: {error}"
                        );
                        self.stop("transport_failures", line, message);
                    }
                } else {
                    self.transport_in_a_row = 0;
                }
                if is_fatal(&err) {
                    let message = format!("every later line would get it too: {error}");
                    self.stop("fatal_answer", line, message);
                }
            }
        }
        Ok(())
    }

    /// The CLI's summary (`telecrm lead ingest`'s last line, inside `"summary"`).
    fn report(&self, elapsed: Duration, rate: Option<u32>) -> Value {
        let seconds = elapsed.as_secs_f64();
        let (stopped, detail) = match &self.stopped {
            Some((reason, detail)) => (*reason, detail.clone()),
            None => ("finished", Value::Null),
        };
        json!({
            "lines": self.lines,
            "sent": self.sent,
            "ok": self.ok,
            "refused": self.refused,
            "refused_count": self.refused_count,
            "failed": self.failed,
            "failed_count": self.failed_count,
            "blocked": 0,
            "skipped": self.skipped,
            "remaining": self.remaining,
            "elapsed_s": (seconds * 1000.0).round() / 1000.0,
            "stopped": stopped,
            "stop_detail": detail,
            "rate_per_hour": rate,
            "sent_per_s": if seconds > 0.0 { (self.sent as f64 / seconds * 100.0).round() / 100.0 } else { 0.0 },
        })
    }
}

async fn run(
    client: AsyncClient,
    rows: Vec<Row>,
    identifier: &str,
    concurrency: usize,
    mut journal: Option<&mut Journal>,
) -> Result<Value, String> {
    let started = Instant::now();
    let mut summary = Summary::default();
    let mut in_flight = JoinSet::new();
    for Row {
        number,
        lead,
        original,
    } in rows
    {
        summary.lines += 1;
        if summary.stopped.is_some() {
            summary.remaining += 1;
            continue;
        }
        let digest = fnv1a(original.as_bytes());
        if journal.as_ref().is_some_and(|j| j.is_done(number, digest)) {
            summary.skipped += 1;
            continue;
        }
        let lead = match NewLead::from_value(lead)
            .map_err(|e| chain(&e))
            .and_then(|lead| IngestLead::new(lead, identifier).map_err(|e| e.to_string()))
        {
            Ok(lead) => lead,
            Err(reason) => {
                summary.refuse(number, reason);
                continue;
            }
        };
        while in_flight.len() >= concurrency {
            if let Some(done) = in_flight.join_next().await {
                summary.finish(done, &mut journal)?;
            }
        }
        if summary.stopped.is_some() {
            summary.remaining += 1;
            continue;
        }
        let slot = client.slot().await;
        let client = client.clone();
        in_flight.spawn(async move {
            let result = client.send_in(slot, &lead).await.map(|_| ());
            (number, digest, result)
        });
    }
    while let Some(done) = in_flight.join_next().await {
        summary.finish(done, &mut journal)?;
    }
    Ok(summary.report(started.elapsed(), client.rate_per_hour()))
}
