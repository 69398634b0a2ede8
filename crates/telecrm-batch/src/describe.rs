//! What a failed row came to, in words a person can act on, the same on
//! every door (the CLI's lines, Python's and Node's summaries).

use telecrm_hyper::{ApiError, ErrorCode};

/// How a row failed, for its report and the summary's lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Kind {
    /// Refused before sending: the row (or the workspace's rules) is wrong.
    Invalid,
    /// The API answered 4xx.
    Api,
    /// The exchange failed, timed out, or the API answered 5xx.
    Transport,
}

impl Kind {
    /// The word used in reports: `invalid`, `api`, `transport`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Invalid => "invalid",
            Self::Api => "api",
            Self::Transport => "transport",
        }
    }
}

/// A call's failure as one line: its [`Kind`] and a message naming the
/// service's status, code, message and details, the attempts when it was
/// retried, and a hint where the mistake is a known one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineError {
    /// What kind of failure.
    pub kind: Kind,
    /// One line (two with a hint), with no secret the transport knows of:
    /// the token was taken out of the server's text before the error was
    /// made.
    pub message: String,
}

impl LineError {
    /// Describes `err`.
    pub fn from_call(err: &telecrm_hyper::Error) -> Self {
        if let Some(input) = err.input_error() {
            return Self {
                kind: Kind::Invalid,
                message: input.to_string(),
            };
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
            let kind = if api.status().is_client_error() {
                Kind::Api
            } else {
                Kind::Transport
            };
            return Self {
                kind,
                message: line,
            };
        }
        let line = format!("{}{attempts}", chain(err));
        match err.status() {
            Some(status) if status.is_client_error() => Self {
                kind: Kind::Api,
                message: format!("HTTP {}: {line}", status.as_u16()),
            },
            _ => Self {
                kind: Kind::Transport,
                message: line,
            },
        }
    }
}

/// What to do about a refusal whose cause is a known mistake.
fn hint(api: &ApiError) -> Option<&'static str> {
    match api.code() {
        ErrorCode::NotAuthorized | ErrorCode::EnterpriseNotFound => Some(
            "the token may not serve this enterprise: check TELECRM_TOKEN (a Sync API token) and TELECRM_ENTERPRISE_ID (`telecrm doctor` checks both)",
        ),
        ErrorCode::BuyLicense => Some("every licence seat is taken: free one, or buy another"),
        _ => None,
    }
}

/// An error and its causes on one line: `a: b: c`.
pub fn chain(err: &(dyn std::error::Error + 'static)) -> String {
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

/// An answer every later row would get too: the token or the enterprise is
/// wrong, not the row (401; 403 other than `INVALID_LEAD`, which is about
/// one lead; 404 `ENTERPRISE_NOT_FOUND`).
pub fn is_fatal(err: &telecrm_hyper::Error) -> bool {
    let code = err.api_error().map(|api| api.code());
    match err.status().map(|s| s.as_u16()) {
        Some(401) => true,
        Some(403) => code != Some(&ErrorCode::InvalidLead),
        _ => code == Some(&ErrorCode::EnterpriseNotFound),
    }
}
