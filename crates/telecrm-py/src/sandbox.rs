//! `telecrm.Sandbox`: the embedded `telecrm-sandbox` on a free loopback port
//! of this process, for tests of code that uses `telecrm`.

use std::sync::Mutex;

use pyo3::prelude::*;
use pyo3::types::PyTuple;
use telecrm_sandbox::{Sandbox as Server, SandboxConfig};

use crate::client::{AsyncClient, Client};
use crate::errors::{chain, telecrm_error};
use crate::{block_on, runtime};

/// A running sandbox; a context manager that stops it on exit.
#[pyclass(module = "telecrm", frozen)]
pub(crate) struct Sandbox {
    server: Mutex<Option<Server>>,
    base_url: String,
    async_base_url: String,
    token: String,
    async_token: String,
    enterprise: String,
}

#[pymethods]
impl Sandbox {
    /// The lead the sandbox starts with (the API document's example).
    #[classattr]
    const SEED_LEAD: &'static str = telecrm_sandbox::SEED_LEAD;
    /// Its pending payment action.
    #[classattr]
    const SEED_PAYMENT_ACTION: &'static str = telecrm_sandbox::SEED_PAYMENT_ACTION;
    /// Its custom action (code 1001).
    #[classattr]
    const SEED_CUSTOM_ACTION: &'static str = telecrm_sandbox::SEED_CUSTOM_ACTION;

    #[new]
    #[pyo3(signature = (state=None, seed=None))]
    fn new(py: Python<'_>, state: Option<std::path::PathBuf>, seed: Option<u64>) -> PyResult<Self> {
        let mut config = SandboxConfig::new();
        if let Some(state) = state {
            config = config.state_file(state);
        }
        if let Some(seed) = seed {
            config = config.seed(seed);
        }
        let runtime = runtime()?;
        let server = py
            .detach(|| runtime.block_on(Server::start(config)))
            .map_err(|e| telecrm_error(&format!("the sandbox did not start: {}", chain(&e))))?;
        Ok(Self {
            base_url: server.base_url(),
            async_base_url: server.async_base_url(),
            token: server.token().to_owned(),
            async_token: server.async_token().to_owned(),
            enterprise: server.enterprise().to_owned(),
            server: Mutex::new(Some(server)),
        })
    }

    /// The Sync API's base URL, e.g. `http://127.0.0.1:41234/autoupdate/v2`.
    #[getter]
    fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The Async API's base URL.
    #[getter]
    fn async_base_url(&self) -> &str {
        &self.async_base_url
    }

    /// The Sync token it accepts.
    #[getter]
    fn token(&self) -> &str {
        &self.token
    }

    /// The Async token it accepts.
    #[getter]
    fn async_token(&self) -> &str {
        &self.async_token
    }

    /// The enterprise it serves.
    #[getter]
    fn enterprise(&self) -> &str {
        &self.enterprise
    }

    /// Whether it is still running.
    #[getter]
    fn running(&self) -> bool {
        self.server.lock().map(|s| s.is_some()).unwrap_or(false)
    }

    /// A blocking client on this sandbox.
    fn client(&self) -> PyResult<Client> {
        Client::for_sandbox(&self.token, &self.enterprise, &self.base_url)
    }

    /// An asyncio client on this sandbox.
    fn async_client(&self) -> PyResult<AsyncClient> {
        AsyncClient::for_sandbox(&self.token, &self.enterprise, &self.base_url)
    }

    /// Waits until every lead the Async API queued is applied.
    fn drain(&self, py: Python<'_>) -> PyResult<()> {
        let guard = self
            .server
            .lock()
            .map_err(|_| telecrm_error("the sandbox's lock is poisoned"))?;
        if let Some(server) = guard.as_ref() {
            block_on(py, server.drain_ingest())?;
        }
        Ok(())
    }

    /// Stops it and waits for the requests in flight (and, with a state
    /// file, for what it must save). Idempotent.
    fn close(&self, py: Python<'_>) -> PyResult<()> {
        let server = self.server.lock().ok().and_then(|mut s| s.take());
        if let Some(server) = server {
            block_on(py, server.shutdown())?.map_err(|e| {
                telecrm_error(&format!("the sandbox did not stop cleanly: {}", chain(&e)))
            })?;
        }
        Ok(())
    }

    fn __enter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    #[pyo3(signature = (*_args))]
    fn __exit__(&self, py: Python<'_>, _args: &Bound<'_, PyTuple>) -> PyResult<bool> {
        self.close(py)?;
        Ok(false)
    }

    fn __repr__(&self) -> String {
        format!(
            "Sandbox(base_url={:?}, enterprise={:?}, running={})",
            self.base_url,
            self.enterprise,
            if self.running() { "True" } else { "False" }
        )
    }
}
