//! The Python exceptions (defined in `telecrm/_errors.py`, so that
//! `InvalidInput` can be a `ValueError` too) raised for a
//! [`telecrm_hyper::Error`]. Their text is the error's own chain of messages,
//! which never holds the token.

use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use telecrm_hyper::Error;

/// An instance of `telecrm._errors.<name>` built with `args`.
fn raise<'py>(py: Python<'py>, name: &str, args: impl pyo3::call::PyCallArgs<'py>) -> PyErr {
    let made = py
        .import("telecrm._errors")
        .and_then(|module| module.getattr(name))
        .and_then(|class| class.call1(args));
    match made {
        Ok(exception) => PyErr::from_value(exception),
        Err(err) => err,
    }
}

/// `telecrm.InvalidInput` (a `ValueError`): refused before sending.
pub(crate) fn invalid_input(what: &str) -> PyErr {
    Python::attach(|py| raise(py, "InvalidInput", (what.to_owned(),)))
}

/// `telecrm.TelecrmError`.
pub(crate) fn telecrm_error(what: &str) -> PyErr {
    Python::attach(|py| {
        if py.import("telecrm._errors").is_err() {
            return PyRuntimeError::new_err(what.to_owned());
        }
        raise(py, "TelecrmError", (what.to_owned(),))
    })
}

/// `telecrm.TransportError`.
pub(crate) fn transport_error(what: &str) -> PyErr {
    Python::attach(|py| raise(py, "TransportError", (what.to_owned(),)))
}

/// An error and its causes on one line: `a: b: c` (as the CLI writes them).
pub(crate) use telecrm_batch::chain;

/// The Python exception for a failed call.
pub(crate) fn from_call(err: &Error) -> PyErr {
    let text = chain(err);
    if err.is_input() || err.is_builder() {
        return invalid_input(&text);
    }
    if err.is_decode() || err.is_pagination() {
        return telecrm_error(&text);
    }
    if let Some(status) = err.status() {
        let status = status.as_u16();
        let (code, message) = match err.api_error() {
            Some(api) => (api.code().to_string(), api.message().to_owned()),
            None => (String::new(), text.clone()),
        };
        let class = match status {
            401 => "Unauthorized",
            404 => "NotFound",
            409 => "Conflict",
            429 => "RateLimited",
            _ => "ApiError",
        };
        return Python::attach(|py| raise(py, class, (text, status, code, message)));
    }
    transport_error(&text)
}
