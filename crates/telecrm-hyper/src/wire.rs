//! What went over the wire, for diagnostics: tracing events under the
//! target `telecrm_hyper::wire`, each exchange's request and answer with
//! their headers at `DEBUG` and their bodies at `TRACE`.
//!
//! Secrets never reach an event: `Authorization` (and any header that
//! carries credentials) is shown as its scheme and `<redacted>`; in bodies,
//! the token's text, wherever it is echoed, and the value of any JSON key
//! that names a password or a token are `<redacted>`. Events are only built
//! when a subscriber listens to this target at that level.
//!
//! ```text
//! DEBUG telecrm_hyper::wire: request method=POST uri=/autoupdate/v2/enterprise/…/lead headers=authorization: Bearer <redacted> …
//! TRACE telecrm_hyper::wire: request body body={"fields":{"name":"Asha"}}
//! ```

use std::fmt;

use bytes::Bytes;
use http::header::{AUTHORIZATION, COOKIE, PROXY_AUTHORIZATION, SET_COOKIE};
use http::{HeaderMap, HeaderValue, Request, StatusCode};

/// The redaction mark.
const REDACTED: &str = "<redacted>";

/// Emits the request's events, at the levels a subscriber listens to;
/// `secret` is its token ([`token_of`]), redacted wherever a body holds it.
/// Inlined, so that with nobody listening a request costs one check.
#[inline]
pub(crate) fn request(request: &Request<Vec<u8>>, secret: Option<&str>) {
    if tracing::enabled!(target: "telecrm_hyper::wire", tracing::Level::DEBUG) {
        request_events(request, secret);
    }
}

#[inline(never)]
fn request_events(request: &Request<Vec<u8>>, secret: Option<&str>) {
    let uri = request.uri();
    tracing::debug!(
        target: "telecrm_hyper::wire",
        method = %request.method(),
        uri = uri.path_and_query().map_or("/", |p| p.as_str()),
        headers = %Headers(request.headers()),
        "request"
    );
    if !request.body().is_empty()
        && tracing::enabled!(target: "telecrm_hyper::wire", tracing::Level::TRACE)
    {
        tracing::trace!(
            target: "telecrm_hyper::wire",
            body = %redact_body(request.body(), secret),
            "request body"
        );
    }
}

/// Emits an answer's events; `secret` is the request's token, redacted
/// wherever the server echoes it.
#[inline]
pub(crate) fn response(status: StatusCode, headers: &HeaderMap, body: &[u8], secret: Option<&str>) {
    if tracing::enabled!(target: "telecrm_hyper::wire", tracing::Level::DEBUG) {
        response_events(status, headers, body, secret);
    }
}

#[inline(never)]
fn response_events(status: StatusCode, headers: &HeaderMap, body: &[u8], secret: Option<&str>) {
    tracing::debug!(
        target: "telecrm_hyper::wire",
        status = status.as_u16(),
        headers = %Headers(headers),
        "response"
    );
    if !body.is_empty() && tracing::enabled!(target: "telecrm_hyper::wire", tracing::Level::TRACE) {
        tracing::trace!(
            target: "telecrm_hyper::wire",
            body = %redact_body(body, secret),
            "response body"
        );
    }
}

/// The token a request carries (what follows the scheme of its
/// `Authorization`), to redact where a body or an answer echoes it. Read
/// only when something listens.
pub(crate) fn token_of(headers: &HeaderMap) -> Option<String> {
    let token = token_in(headers.get(AUTHORIZATION)?);
    (!token.is_empty())
        .then(|| std::str::from_utf8(token).ok().map(str::to_owned))
        .flatten()
}

/// What follows the scheme of an `Authorization` value (all of it when it
/// has none), without surrounding white space; empty when there is no token.
fn token_in(authorization: &HeaderValue) -> &[u8] {
    let value = authorization.as_bytes();
    let token = match value.iter().position(|b| *b == b' ') {
        Some(space) => &value[space + 1..],
        None => value,
    };
    token.trim_ascii()
}

/// Whether answers' bodies are traced (so the token is worth keeping for
/// their redaction).
#[inline]
pub(crate) fn bodies_traced() -> bool {
    tracing::enabled!(target: "telecrm_hyper::wire", tracing::Level::TRACE)
}

/// Headers, one `name: value` after another, credentials redacted.
struct Headers<'a>(&'a HeaderMap);

impl fmt::Display for Headers<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, (name, value)) in self.0.iter().enumerate() {
            if index > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{name}: ")?;
            let secret = name == AUTHORIZATION
                || name == PROXY_AUTHORIZATION
                || name == COOKIE
                || name == SET_COOKIE
                || value.is_sensitive();
            if secret {
                // The scheme says which credential it was; never the rest.
                match value.to_str().ok().and_then(|v| v.split_once(' ')) {
                    Some((scheme, _)) if name != COOKIE && name != SET_COOKIE => {
                        write!(f, "{scheme} {REDACTED}")?
                    }
                    _ => f.write_str(REDACTED)?,
                }
            } else {
                f.write_str(&String::from_utf8_lossy(value.as_bytes()))?;
            }
        }
        Ok(())
    }
}

/// A body as text with its secrets redacted: JSON keys naming a password or
/// a token lose their values, and the token's text is taken out wherever it
/// appears (a server may echo it in a message).
pub(crate) fn redact_body(body: &[u8], token: Option<&str>) -> String {
    let text = match serde_json::from_slice::<serde_json::Value>(body) {
        Ok(mut value) => {
            redact_keys(&mut value);
            value.to_string()
        }
        Err(_) => String::from_utf8_lossy(body).into_owned(),
    };
    match token {
        Some(token) if !token.is_empty() => text.replace(token, REDACTED),
        _ => text,
    }
}

/// `text` without the token's text.
pub(crate) fn redact_text(text: String, token: Option<&str>) -> String {
    match token {
        Some(token) if !token.is_empty() && text.contains(token) => text.replace(token, REDACTED),
        _ => text,
    }
}

/// A refusal's body without the token that `authorization` carries,
/// wherever the server echoed it (bytes, so a body that is not UTF-8 keeps
/// the rest of its bytes as they were).
pub(crate) fn without_token(body: Bytes, authorization: &HeaderValue) -> Bytes {
    let token = token_in(authorization);
    if token.is_empty() || body.len() < token.len() {
        return body;
    }
    let mut out = Vec::new();
    let mut rest = &body[..];
    let mut found = false;
    while let Some(at) = rest.windows(token.len()).position(|w| w == token) {
        found = true;
        out.extend_from_slice(&rest[..at]);
        out.extend_from_slice(REDACTED.as_bytes());
        rest = &rest[at + token.len()..];
    }
    if !found {
        return body;
    }
    out.extend_from_slice(rest);
    Bytes::from(out)
}

fn redact_keys(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, value) in map.iter_mut() {
                let key = key.to_ascii_lowercase();
                if key.contains("password") || key.contains("token") || key == "secret" {
                    *value = serde_json::Value::String(REDACTED.to_owned());
                } else {
                    redact_keys(value);
                }
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(redact_keys),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_are_shown_by_scheme_only() {
        let mut headers = HeaderMap::new();
        headers.insert(
            AUTHORIZATION,
            HeaderValue::from_static("Bearer s3cr3t-token"),
        );
        headers.insert(COOKIE, HeaderValue::from_static("session=abc"));
        headers.insert("x-request-id", HeaderValue::from_static("42"));
        let text = Headers(&headers).to_string();
        assert!(text.contains("authorization: Bearer <redacted>"), "{text}");
        assert!(text.contains("cookie: <redacted>"), "{text}");
        assert!(text.contains("x-request-id: 42"), "{text}");
        assert!(!text.contains("s3cr3t") && !text.contains("abc"), "{text}");
        assert_eq!(token_of(&headers).as_deref(), Some("s3cr3t-token"));
    }

    #[test]
    fn bodies_lose_passwords_tokens_and_echoes() {
        let body = br#"{"name":"A","password":"hunter2","nested":[{"apiToken":"t"}],"message":"bad token s3cr3t"}"#;
        let text = redact_body(body, Some("s3cr3t"));
        assert!(
            !text.contains("hunter2") && !text.contains("s3cr3t"),
            "{text}"
        );
        assert!(text.contains(r#""password":"<redacted>""#), "{text}");
        assert!(text.contains(r#""apiToken":"<redacted>""#), "{text}");
        assert!(text.contains(r#""name":"A""#), "{text}");
        // Not JSON: the text, with the token's echo taken out.
        assert_eq!(
            redact_body(b"no s3cr3t here", Some("s3cr3t")),
            "no <redacted> here"
        );
    }
}
