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
    /// retried, and a hint where the mistake is a known one. Any text the
    /// server sent back is shown with the token and passwords redacted.
    pub(crate) fn from_call(err: &telecrm_hyper::Error) -> Self {
        // Refused by the pre-send checks: the user's input, as before sending.
        if let Some(input) = err.input_error() {
            return Self::usage(input);
        }
        let attempts = match (err.attempts(), err.elapsed()) {
            (0 | 1, _) => String::new(),
            (n, Some(elapsed)) => {
                format!(" (after {n} attempts in {:.1} s)", elapsed.as_secs_f64())
            }
            (n, None) => format!(" (after {n} attempts)"),
        };
        if let Some(api) = err.api_error() {
            let mut line = format!(
                "the API refused the request: HTTP {} {}: {}",
                api.status().as_u16(),
                api.code(),
                api.message()
            );
            for detail in api.details() {
                match &detail.field {
                    Some(field) => line.push_str(&format!("; {field}: {}", detail.message)),
                    None => line.push_str(&format!("; {}", detail.message)),
                }
            }
            line.push_str(&attempts);
            if let Some(hint) = hint(api) {
                line.push_str("\nhint: ");
                line.push_str(hint);
            }
            let line = redact(&line);
            return if api.status().is_client_error() {
                Self::Api(line)
            } else {
                Self::Transport(line)
            };
        }
        let line = redact(&format!("{}{attempts}", chain(err)));
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
        eprintln!("telecrm: {}", redact(self.message()));
        ExitCode::from(self.code())
    }
}

/// What to do about a refusal whose cause is a known mistake.
fn hint(api: &telecrm_core::ApiError) -> Option<&'static str> {
    use telecrm_core::ErrorCode;
    match api.code() {
        ErrorCode::NotAuthorized | ErrorCode::EnterpriseNotFound => Some(
            "the token may not serve this enterprise: check TELECRM_TOKEN (a Sync API token) and TELECRM_ENTERPRISE_ID (`telecrm doctor` checks both)",
        ),
        ErrorCode::BuyLicense => Some("every licence seat is taken: free one, or buy another"),
        _ => None,
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
