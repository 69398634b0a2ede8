//! `telecrm.Ingest`: leads through the Async API at its rate, on the batch
//! engine every door uses (`telecrm-batch`): the same order per lead, held
//! back rows (`blocked`), journal with its lock, rows in doubt, rejects
//! file, streaming file input, stops and summary as `telecrm lead ingest`.
//! This door converts Python's rows, runs the engine with the GIL released,
//! and turns Ctrl-C into a stop: the rows in flight finish and are
//! journaled, then `KeyboardInterrupt` is raised (with the summary as its
//! `summary` attribute), so a re-run sends only the rest.

use std::path::PathBuf;
use std::time::Instant;

use pyo3::prelude::*;
use serde_json::{Value, json};
use telecrm_batch::{Content, IngestRows, Quiet, Record, Settings, Stop, StopHandle};
use telecrm_hyper::{AsyncClient, AsyncToken, BaseUrl, EnterpriseId, Workspace};

use crate::convert::{to_json, to_py};
use crate::errors::{chain, from_call, invalid_input, telecrm_error};
use crate::{block_on_stoppable, runtime};

/// Leads through the Async API, paced, journaled, `concurrency` at a time.
#[pyclass(module = "telecrm", frozen)]
pub(crate) struct Ingest {
    client: AsyncClient,
    concurrency: usize,
    journal: Option<PathBuf>,
    rejects: Option<PathBuf>,
    resend_in_doubt: bool,
    lead_identifier: String,
}

#[pymethods]
impl Ingest {
    #[new]
    #[pyo3(signature = (async_token, enterprise, *, base_url=None, rate_per_hour=Some(18_000), concurrency=8, journal=None, rejects=None, resend_in_doubt=false, lead_identifier="phone".to_owned()))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        async_token: &str,
        enterprise: &str,
        base_url: Option<&str>,
        rate_per_hour: Option<u32>,
        concurrency: usize,
        journal: Option<PathBuf>,
        rejects: Option<PathBuf>,
        resend_in_doubt: bool,
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
            rejects,
            resend_in_doubt,
            lead_identifier,
        })
    }

    /// Sends `rows` (an iterable of dicts, each a lead's fields or
    /// `{"fields": ..., "actions": [...]}`; or the path of a CSV or JSON-lines
    /// file, read as a stream) and returns the CLI's summary.
    fn send(&self, py: Python<'_>, rows: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        let input = read_rows(py, rows)?;
        let rows = IngestRows::new(self.client.clone(), &self.lead_identifier, input.columns());
        let settings = Settings::new(self.concurrency)
            .with_journal(self.journal.clone())
            .with_rejects(self.rejects.clone())
            .resend_in_doubt(self.resend_in_doubt);
        let stop = StopHandle::new();
        let started = Instant::now();
        let run = {
            let (stop, rows) = (stop.clone(), rows.clone());
            let prepare = move |record: &Record, content: &Content, stop: &Stop| {
                rows.prepare(record, content, stop)
            };
            async move { telecrm_batch::run(settings, input, prepare, &stop, &mut Quiet).await }
        };
        let (outcome, interrupt) = block_on_stoppable(py, run, || stop.stop())?;
        let outcome = outcome.map_err(|e| match e {
            telecrm_batch::Error::Refused(message) => invalid_input(&message),
            other => telecrm_error(&other.to_string()),
        })?;
        let mut summary = outcome.to_json();
        rows.summarize(&mut summary, &outcome.summary, started.elapsed());
        let summary = to_py(py, &Value::Object(summary))?;
        if let Some(interrupt) = interrupt {
            // The rows in flight are journaled: the summary rides on the
            // KeyboardInterrupt, so a caller that catches it loses nothing.
            let _ = interrupt.value(py).setattr("summary", &summary);
            return Err(interrupt);
        }
        if outcome.summary.lines == 0 {
            let warnings = py.import("warnings")?;
            warnings.call_method1(
                "warn",
                ("telecrm.Ingest.send: the input has no rows: nothing was sent",),
            )?;
        }
        if let Some(error) = outcome.error {
            return Err(telecrm_error(&error.to_string()));
        }
        Ok(summary.unbind())
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

/// A path is streamed by the engine's source; an iterable of dicts becomes
/// JSON rows numbered from 1.
fn read_rows(py: Python<'_>, rows: &Bound<'_, PyAny>) -> PyResult<telecrm_batch::Input> {
    let os = py.import("os")?;
    if rows.is_instance(&os.getattr("PathLike")?)? || rows.extract::<String>().is_ok() {
        let path: PathBuf = rows.extract()?;
        return telecrm_batch::source::open(&path.to_string_lossy(), None)
            .map_err(|e| invalid_input(&e.to_string()));
    }
    let mut texts = Vec::new();
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
        texts.push(lead.to_string());
    }
    Ok(telecrm_batch::Input::from_json_rows(texts))
}
