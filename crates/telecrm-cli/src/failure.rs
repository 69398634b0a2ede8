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

    /// Classifies a call's error by its predicates, in full: the service's
    /// code and message and each `details` entry, the attempts when it was
    /// retried, and a hint where the mistake is a known one (the batch
    /// engine's words, so that a batch line and a single call read alike).
    /// Any text the server sent back is shown with the token and passwords
    /// redacted.
    pub(crate) fn from_call(err: &telecrm_hyper::Error) -> Self {
        let described = telecrm_batch::LineError::from_call(err);
        match described.kind {
            // Refused by the pre-send checks: the user's input, as before sending.
            telecrm_batch::Kind::Invalid => Self::Usage(described.message),
            telecrm_batch::Kind::Api => Self::Api(redact(&described.message)),
            _ => Self::Transport(redact(&described.message)),
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

    pub(crate) fn exit(&self) -> ExitCode {
        eprintln!("telecrm: {}", redact(self.message()));
        ExitCode::from(self.code())
    }
}

/// The secrets of this run (the token, passwords read from stdin), which no
/// text printed may show, whoever wrote it (the server may echo them).
static SECRETS: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());

/// Registers a secret to redact from everything printed.
pub(crate) fn register_secret(secret: &str) {
    let secret = secret.trim();
    // Very short values would redact ordinary words.
    if secret.len() >= 4 {
        SECRETS
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(secret.to_owned());
    }
}

/// `text` with every registered secret replaced by `<redacted>`.
pub(crate) fn redact(text: &str) -> String {
    let secrets = SECRETS.lock().unwrap_or_else(|e| e.into_inner());
    let mut text = text.to_owned();
    for secret in secrets.iter() {
        text = text.replace(secret.as_str(), "<redacted>");
    }
    text
}

/// An error and its causes on one line: `a: b: c`.
pub(crate) use telecrm_batch::chain;

/// An engine error before or during a batch: refused input (exit 2), or
/// what could not be written (exit 4). A held journal is told apart by
/// `batch::run_records` (exit 1).
impl From<telecrm_batch::Error> for Failure {
    fn from(error: telecrm_batch::Error) -> Self {
        match error {
            telecrm_batch::Error::Io(message) => Self::Transport(message),
            other => Self::usage(other),
        }
    }
}
