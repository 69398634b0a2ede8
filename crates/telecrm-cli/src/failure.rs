//! How the tool fails: one type, one exit code each, one line a person can act on.

use std::fmt;
use std::process::ExitCode;

/// Exit code of a usage error or anything refused before sending.
pub(crate) const EXIT_USAGE: u8 = 2;
/// Exit code when the API refused the request (4xx).
pub(crate) const EXIT_API: u8 = 3;
/// Exit code for transport failures, timeouts, 5xx and answers not understood.
pub(crate) const EXIT_TRANSPORT: u8 = 4;

/// Why a command failed.
#[derive(Debug)]
pub(crate) enum Failure {
    /// Refused before anything was sent (bad input or configuration).
    Usage(String),
    /// The API answered 4xx.
    Api(String),
    /// The exchange failed or the answer could not be understood.
    Transport(String),
}

impl Failure {
    pub(crate) fn usage(what: impl fmt::Display) -> Self {
        Self::Usage(what.to_string())
    }

    /// Classifies a transport error by its predicates. The line is built from
    /// our own messages and the server's, never from the request, so the token
    /// cannot appear in it.
    pub(crate) fn from_call(err: &telecrm_hyper::Error) -> Self {
        // Refused by the pre-send checks: the user's input, as before sending.
        if let Some(input) = err.input_error() {
            return Self::usage(input);
        }
        if let Some(api) = err.api_error() {
            let line = format!(
                "the API refused the request: HTTP {} {}: {}",
                api.status().as_u16(),
                api.code(),
                api.message()
            );
            return if api.status().is_client_error() {
                Self::Api(line)
            } else {
                Self::Transport(line)
            };
        }
        let line = chain(err);
        match err.status() {
            Some(status) if status.is_client_error() => {
                Self::Api(format!("HTTP {}: {line}", status.as_u16()))
            }
            _ => Self::Transport(line),
        }
    }

    pub(crate) fn code(&self) -> u8 {
        match self {
            Self::Usage(_) => EXIT_USAGE,
            Self::Api(_) => EXIT_API,
            Self::Transport(_) => EXIT_TRANSPORT,
        }
    }

    pub(crate) fn message(&self) -> &str {
        match self {
            Self::Usage(m) | Self::Api(m) | Self::Transport(m) => m,
        }
    }

    /// A word for the kind, for batch output.
    pub(crate) fn kind(&self) -> &'static str {
        match self {
            Self::Usage(_) => "invalid",
            Self::Api(_) => "api",
            Self::Transport(_) => "transport",
        }
    }

    pub(crate) fn exit(&self) -> ExitCode {
        eprintln!("telecrm: {}", self.message());
        ExitCode::from(self.code())
    }
}

/// An error and its causes on one line: `a: b: c`.
pub(crate) fn chain(err: &(dyn std::error::Error + 'static)) -> String {
    let mut line = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        let text = cause.to_string();
        if !line.ends_with(&text) {
            line.push_str(": ");
            line.push_str(&text);
        }
        source = cause.source();
    }
    line
}
