//! [`Error`]: what a call can end in, with predicates instead of variants to match.

use std::fmt;

use http::StatusCode;
use telecrm_core::{ApiError, Failure, InputError, PaginationError, ResponseError, RetryPolicy};

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Why a call failed.
///
/// ```
/// use telecrm_hyper::{Client, Error, ErrorCode, LeadFields, NewLead, SyncToken, Workspace};
///
/// /// What to tell a person, by what went wrong.
/// fn explain(err: &Error) -> String {
///     if let Some(input) = err.input_error() {
///         return format!("fix the input: {input}");
///     }
///     if let Some(api) = err.api_error() {
///         return match api.code() {
///             ErrorCode::NotAuthorized => "check the token and the enterprise".to_owned(),
///             ErrorCode::LeadAlreadyExists => "that lead exists already".to_owned(),
///             code => format!("TeleCRM said {code}: {}", api.message()),
///         };
///     }
///     if err.is_timeout() || err.is_connect() {
///         return format!("try again later ({err}, after {} attempt(s))", err.attempts());
///     }
///     err.to_string()
/// }
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let crm = Client::new()?
///     .workspace(Workspace::new(SyncToken::new("t0k3n")?, "603d2b2f9b1e8a001c8e4f5a".parse()?))?
///     .with_lead_identifier("phone");
/// let err = crm.create_lead(NewLead::new(LeadFields::new().text("name", "Jane"))).await.unwrap_err();
/// assert_eq!(explain(&err), "fix the input: the lead identifier `phone` is required to create a lead");
/// # Ok(())
/// # }
/// ```
///
/// `Display` is one short phrase; the cause (a hyper or rustls error, the API's
/// answer) is behind [`std::error::Error::source`]. Ask with the predicates:
/// [`Error::is_timeout`], [`Error::is_connect`], [`Error::status`],
/// [`Error::api_error`], [`Error::is_retryable`]. No error ever holds the token.
pub struct Error {
    kind: Kind,
    source: Option<BoxError>,
    attempts: u32,
    /// Milliseconds the call took before failing (0: not known), kept small:
    /// an `Error` travels in every `Result` of the crate.
    elapsed_ms: u32,
}

#[derive(Debug)]
pub(crate) enum Kind {
    /// The builder's settings are unusable.
    Builder(&'static str),
    /// The endpoint could not become a request.
    Encode,
    /// The input was refused before anything was sent.
    Input(InputError),
    /// No connection could be made.
    Connect,
    /// One attempt ran out of time.
    AttemptTimeout,
    /// The whole call ran out of time: between attempts (`in_flight:
    /// false`, nothing of the last attempt is unanswered) or during one
    /// (`true`: it may have been written).
    Deadline { in_flight: bool },
    /// The connection failed during the exchange.
    Disconnected,
    /// The response body was over the limit.
    BodyTooLarge(usize),
    /// The server answered, and the answer is an error (or not understood).
    Response(ResponseError),
    /// Following pages stopped: the server is not paging as asked.
    Pagination(PaginationError),
}

impl Error {
    pub(crate) fn new(kind: Kind, source: Option<BoxError>) -> Self {
        Self {
            kind,
            source,
            attempts: 0,
            elapsed_ms: 0,
        }
    }

    pub(crate) fn input(error: InputError) -> Self {
        Self::new(Kind::Input(error), None)
    }

    pub(crate) fn builder(what: &'static str, source: Option<BoxError>) -> Self {
        Self::new(Kind::Builder(what), source)
    }

    pub(crate) fn with_elapsed(mut self, elapsed: std::time::Duration) -> Self {
        self.elapsed_ms = u32::try_from(elapsed.as_millis())
            .unwrap_or(u32::MAX)
            .max(1);
        self
    }

    /// How long the call took before it failed, retries and waits included,
    /// to the millisecond (`None` when it failed before it started, e.g. in
    /// the builder).
    pub fn elapsed(&self) -> Option<std::time::Duration> {
        (self.elapsed_ms > 0).then(|| std::time::Duration::from_millis(self.elapsed_ms.into()))
    }

    pub(crate) fn with_attempts(mut self, attempts: u32) -> Self {
        self.attempts = attempts;
        self
    }

    /// The failure class the retry policy judges this error by.
    pub(crate) fn failure(&self) -> Option<Failure> {
        match &self.kind {
            Kind::Connect => Some(Failure::Connect),
            Kind::AttemptTimeout | Kind::Deadline { .. } => Some(Failure::Timeout),
            Kind::Disconnected => Some(Failure::Disconnected),
            Kind::Response(response) => Some(Failure::Status(response.status())),
            Kind::Builder(_)
            | Kind::Encode
            | Kind::Input(_)
            | Kind::BodyTooLarge(_)
            | Kind::Pagination(_) => None,
        }
    }

    /// Whether an attempt or the whole call ran out of time.
    pub fn is_timeout(&self) -> bool {
        matches!(self.kind, Kind::AttemptTimeout | Kind::Deadline { .. })
    }

    /// Whether the call's total deadline (retries included) passed.
    pub fn is_deadline(&self) -> bool {
        matches!(self.kind, Kind::Deadline { .. })
    }

    /// Whether no connection could be made (nothing was sent).
    pub fn is_connect(&self) -> bool {
        matches!(self.kind, Kind::Connect)
    }

    /// Whether the request may have reached the service although no answer
    /// says what became of it: the connection failed or timed out after the
    /// request was written, or a success answer could not be read. Sending
    /// it again may apply it twice (a second lead's actions, a second
    /// payment); the batch engine journals such rows as `in_doubt` and does
    /// not resend them unless asked. A refused connection is not in doubt
    /// (nothing was sent), nor is an answer with an error status (the
    /// service said what it did). A deadline that passed after an attempt
    /// passed during an attempt counts as in doubt (it may have been written);
    /// one that passed between attempts does not: a call that is not
    /// idempotent is retried only after failures where nothing arrived.
    pub fn is_in_doubt(&self) -> bool {
        match &self.kind {
            Kind::Disconnected | Kind::AttemptTimeout => true,
            Kind::Deadline { in_flight } => *in_flight,
            Kind::BodyTooLarge(_) => true,
            Kind::Response(response) => response.status().is_success(),
            _ => false,
        }
    }

    /// Whether the client's configuration was refused when it was built.
    pub fn is_builder(&self) -> bool {
        matches!(self.kind, Kind::Builder(_))
    }

    /// Whether the response body was larger than the configured limit.
    pub fn is_body_too_large(&self) -> bool {
        matches!(self.kind, Kind::BodyTooLarge(_))
    }

    /// Whether a success response's body could not be decoded.
    pub fn is_decode(&self) -> bool {
        matches!(self.kind, Kind::Response(ResponseError::Decode { .. }))
    }

    /// The HTTP status, when the server answered.
    pub fn status(&self) -> Option<StatusCode> {
        match &self.kind {
            Kind::Response(response) => Some(response.status()),
            _ => None,
        }
    }

    /// The API's error (status, code, message), when the server sent its envelope.
    pub fn api_error(&self) -> Option<&ApiError> {
        match &self.kind {
            Kind::Response(response) => response.api_error(),
            _ => None,
        }
    }

    /// The decoding error of the response, when the server answered.
    pub fn response_error(&self) -> Option<&ResponseError> {
        match &self.kind {
            Kind::Response(response) => Some(response),
            _ => None,
        }
    }

    /// Whether this kind of failure is one the retry rule retries (for an
    /// idempotent endpoint): it may succeed if tried again later.
    pub fn is_retryable(&self) -> bool {
        self.failure()
            .is_some_and(|failure| RetryPolicy::is_retryable(failure, true))
    }

    /// Whether the input was refused before anything was sent (the cause,
    /// e.g. a [`telecrm_core::FieldError`], is the source).
    pub fn is_input(&self) -> bool {
        matches!(self.kind, Kind::Input(_))
    }

    /// What the pre-send checks refused, when they did.
    pub fn input_error(&self) -> Option<&InputError> {
        match &self.kind {
            Kind::Input(error) => Some(error),
            _ => None,
        }
    }

    /// Whether following pages stopped because the server did not page as
    /// asked (it ignored `skip`, or repeated a page).
    pub fn is_pagination(&self) -> bool {
        matches!(self.kind, Kind::Pagination(_))
    }

    /// How many attempts were made before giving up (0 when none was).
    pub fn attempts(&self) -> u32 {
        self.attempts
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            Kind::Builder(what) => write!(f, "invalid client configuration: {what}"),
            Kind::Encode => f.write_str("could not build the request"),
            Kind::Input(_) => f.write_str("refused before sending"),
            Kind::Connect => f.write_str("could not connect to TeleCRM"),
            Kind::AttemptTimeout => f.write_str("the request timed out"),
            Kind::Deadline { .. } => f.write_str("the call's deadline passed (retries included)"),
            Kind::Disconnected => f.write_str("the connection failed during the exchange"),
            Kind::BodyTooLarge(limit) => {
                write!(f, "the response body is larger than the {limit}-byte limit")
            }
            Kind::Response(ResponseError::Api(api)) => {
                write!(
                    f,
                    "TeleCRM refused the request ({} {})",
                    api.status().as_u16(),
                    api.code()
                )?;
                if !api.message().is_empty() {
                    write!(f, ": {}", api.message())?;
                }
                Ok(())
            }
            Kind::Response(ResponseError::Decode { status, .. }) => {
                write!(f, "could not decode the {} response", status.as_u16())
            }
            Kind::Response(response) => write!(
                f,
                "unexpected {} response from TeleCRM",
                response.status().as_u16()
            ),
            Kind::Pagination(_) => f.write_str("the server did not page through the results"),
        }
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("Error");
        d.field("kind", &self.kind);
        if let Some(source) = &self.source {
            d.field("source", source);
        }
        if self.attempts > 0 {
            d.field("attempts", &self.attempts);
        }
        d.finish()
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.kind {
            Kind::Response(response) => Some(response),
            Kind::Pagination(err) => Some(err),
            Kind::Input(err) => Some(err),
            _ => self
                .source
                .as_deref()
                .map(|e| e as &(dyn std::error::Error + 'static)),
        }
    }
}

impl From<PaginationError> for Error {
    fn from(err: PaginationError) -> Self {
        Self::new(Kind::Pagination(err), None)
    }
}

impl From<ResponseError> for Error {
    fn from(err: ResponseError) -> Self {
        Self::new(Kind::Response(err), None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn in_doubt_is_what_may_have_arrived_unanswered() {
        let kind = |kind: Kind| Error::new(kind, None).with_attempts(1);
        assert!(kind(Kind::Disconnected).is_in_doubt());
        assert!(kind(Kind::AttemptTimeout).is_in_doubt());
        assert!(kind(Kind::Deadline { in_flight: true }).is_in_doubt());
        assert!(kind(Kind::BodyTooLarge(1)).is_in_doubt());
        // Nothing was sent, or nothing of the last attempt is unanswered.
        assert!(!kind(Kind::Connect).is_in_doubt());
        assert!(!kind(Kind::Deadline { in_flight: false }).is_in_doubt());
        assert!(!kind(Kind::Encode).is_in_doubt());
        assert!(!kind(Kind::Builder("x")).is_in_doubt());
        // Both deadlines are still deadlines and timeouts.
        assert!(kind(Kind::Deadline { in_flight: false }).is_deadline());
        assert!(kind(Kind::Deadline { in_flight: true }).is_timeout());
    }
}
