//! `import telecrm`: the Python face of telecrm-rs, built by maturin.
//!
//! Not a second SDK: every call goes through `telecrm-hyper`'s
//! [`telecrm_hyper::WorkspaceClient`] (checks, pace, retries, decoding by
//! `telecrm-core`); this crate converts Python values into the core's checked
//! values, runs the call on one tokio runtime per process with the GIL
//! released, and turns the typed answer into Python objects.
//!
//! ```text
//!  Python: Client / AsyncClient / Ingest / Sandbox          (python/telecrm)
//!     │  arguments ─▶ serde_json::Value ─▶ the core's from_value (checked)
//!  _native (this crate)
//!     │  Op: a boxed future of the call + what builds the Python answer
//!     ├─ blocking: py.detach(|| RUNTIME.block_on(op))
//!     └─ asyncio:  pyo3_async_runtimes::tokio::future_into_py(op)
//!  telecrm-hyper WorkspaceClient ─▶ telecrm-core ─▶ the wire
//! ```

use std::future::Future;
use std::sync::OnceLock;
use std::time::Duration;

use pyo3::prelude::*;
use tokio::runtime::Runtime;

mod client;
mod convert;
mod errors;
mod ingest;
mod models;
mod sandbox;

/// The one multi-thread runtime of the process: every client, iterator,
/// ingest and sandbox runs on it, so connections are pooled across threads.
fn runtime() -> PyResult<&'static Runtime> {
    static RUNTIME: OnceLock<Result<Runtime, String>> = OnceLock::new();
    RUNTIME
        .get_or_init(|| {
            tokio::runtime::Builder::new_multi_thread()
                .enable_all()
                .thread_name("telecrm")
                .build()
                .map_err(|e| e.to_string())
        })
        .as_ref()
        .map_err(|e| errors::telecrm_error(&format!("cannot start the tokio runtime: {e}")))
}

/// How often a blocking call looks for a signal (Ctrl-C) while it waits.
const SIGNAL_CHECK: Duration = Duration::from_millis(100);

/// Runs `future` to its end on the runtime with the GIL released, so other
/// Python threads run meanwhile. Every [`SIGNAL_CHECK`] it takes the GIL
/// back for a moment to run Python's signal handlers: a Ctrl-C drops the
/// call (nothing more is sent) and raises `KeyboardInterrupt` at once
/// instead of waiting for the call's deadline.
fn block_on<F>(py: Python<'_>, future: F) -> PyResult<F::Output>
where
    F: Future + Send,
    F::Output: Send,
{
    wait(py, future, Err)
}

/// As [`block_on`], for a future that stops gracefully: the first signal
/// calls `stop` and the future goes on to its end (a batch finishing and
/// journaling its requests in flight); it is returned with its output. A
/// second signal drops the future and raises at once.
fn block_on_stoppable<F>(
    py: Python<'_>,
    future: F,
    stop: impl Fn() + Send + Sync,
) -> PyResult<(F::Output, Option<PyErr>)>
where
    F: Future + Send,
    F::Output: Send,
{
    let mut interrupt: Option<PyErr> = None;
    let out = wait(py, future, |err| {
        if interrupt.is_some() {
            return Err(err);
        }
        stop();
        interrupt = Some(err);
        Ok(())
    })?;
    Ok((out, interrupt))
}

/// The loop of both: the future, and Python's signal handlers run every
/// [`SIGNAL_CHECK`]; `on_signal` decides whether a raised signal ends the
/// wait (`Err`) or is kept for later (`Ok`).
fn wait<F>(
    py: Python<'_>,
    future: F,
    mut on_signal: impl FnMut(PyErr) -> PyResult<()> + Send,
) -> PyResult<F::Output>
where
    F: Future + Send,
    F::Output: Send,
{
    let runtime = runtime()?;
    py.detach(|| {
        runtime.block_on(async {
            let mut future = std::pin::pin!(future);
            loop {
                tokio::select! {
                    out = &mut future => return Ok(out),
                    () = tokio::time::sleep(SIGNAL_CHECK) => {
                        if let Err(err) = Python::attach(|py| py.check_signals()) {
                            on_signal(err)?;
                        }
                    }
                }
            }
        })
    })
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    // asyncio coroutines run on the same runtime as the blocking calls.
    let _ = pyo3_async_runtimes::tokio::init_with_runtime(runtime()?);
    m.add_class::<client::Client>()?;
    m.add_class::<client::AsyncClient>()?;
    m.add_class::<client::SyncPages>()?;
    m.add_class::<client::AsyncPages>()?;
    models::register(m)?;
    m.add_class::<ingest::Ingest>()?;
    m.add_class::<sandbox::Sandbox>()?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
