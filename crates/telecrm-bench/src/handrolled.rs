//! The client a careful user writes by hand instead of the SDK: hyper-util's
//! pooled client, `serde_json` with `#[derive]`d structs for the same request
//! and response, the status checked, the whole body read. Written the way
//! hyper's and serde's documentation show it, not tuned against the SDK: the
//! URL is formatted per call, the request made with `Request::builder()`, the
//! body collected with `http_body_util`. The one thing a careful user does
//! once is the `Authorization` header (marked sensitive).
//!
//! Two variants: without a timeout (`handrolled`), and the same call inside
//! `tokio::time::timeout` (`handrolled-timeout`), the least a user adds so
//! that a call cannot hang. Neither retries, paces or traces.

use std::collections::BTreeMap;
use std::time::Duration;

use bytes::Bytes;
use http::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, USER_AGENT};
use http::{HeaderValue, Method, Request, StatusCode};
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client as HyperClient;
use hyper_util::client::legacy::connect::Connect;
use serde::{Deserialize, Serialize};

/// The request body: `{"type":"1001","fields":{"note":"Follow-up completed"}}`.
#[derive(Debug, Serialize)]
pub(crate) struct UpdateActionBody {
    #[serde(rename = "type")]
    pub(crate) action_type: String,
    pub(crate) fields: BTreeMap<String, String>,
}

/// The answer: `{"type":"PAYMENT","status":"COMPLETED","currency":"INR","amount":"5000"}`.
/// (Decoded as a user would, then only its success is counted.)
#[derive(Debug, Deserialize)]
#[allow(dead_code)]
pub(crate) struct ActionResponse {
    #[serde(rename = "type")]
    pub(crate) action_type: String,
    #[serde(default)]
    pub(crate) status: Option<String>,
    #[serde(default)]
    pub(crate) currency: Option<String>,
    #[serde(default)]
    pub(crate) amount: Option<String>,
}

/// What can go wrong, as a user would enumerate it (the bench only counts
/// failures).
#[derive(Debug)]
#[allow(dead_code)]
pub(crate) enum HandError {
    Request(http::Error),
    Send(hyper_util::client::legacy::Error),
    Body(hyper::Error),
    Status(StatusCode, Bytes),
    Json(serde_json::Error),
    Timeout,
}

/// The hand-written client: a pool, where to send, and the token's header.
pub(crate) struct Handrolled<C> {
    http: HyperClient<C, Full<Bytes>>,
    base_url: String,
    enterprise: String,
    authorization: HeaderValue,
}

impl<C> Handrolled<C>
where
    C: Connect + Clone + Send + Sync + 'static,
{
    pub(crate) fn new(
        http: HyperClient<C, Full<Bytes>>,
        base_url: &str,
        enterprise: &str,
        token: &str,
    ) -> Result<Self, Box<dyn std::error::Error>> {
        let mut authorization = HeaderValue::from_str(&format!("Bearer {token}"))?;
        authorization.set_sensitive(true);
        Ok(Self {
            http,
            base_url: base_url.to_owned(),
            enterprise: enterprise.to_owned(),
            authorization,
        })
    }

    /// `POST {base}/enterprise/{e}/lead/{lead}/action/{action}`, decoded.
    pub(crate) async fn update_action(
        &self,
        lead: &str,
        action: &str,
        update: &UpdateActionBody,
    ) -> Result<ActionResponse, HandError> {
        let url = format!(
            "{}/enterprise/{}/lead/{lead}/action/{action}",
            self.base_url, self.enterprise
        );
        let body = serde_json::to_vec(update).map_err(HandError::Json)?;
        let request = Request::builder()
            .method(Method::POST)
            .uri(url)
            .header(AUTHORIZATION, self.authorization.clone())
            .header(CONTENT_TYPE, "application/json")
            .header(ACCEPT, "application/json")
            .header(USER_AGENT, "my-app/1.0")
            .body(Full::new(Bytes::from(body)))
            .map_err(HandError::Request)?;
        let response = self.http.request(request).await.map_err(HandError::Send)?;
        let status = response.status();
        let body = response
            .into_body()
            .collect()
            .await
            .map_err(HandError::Body)?
            .to_bytes();
        if !status.is_success() {
            return Err(HandError::Status(status, body));
        }
        serde_json::from_slice(&body).map_err(HandError::Json)
    }

    /// The same call, bounded by `tokio::time::timeout`.
    pub(crate) async fn update_action_timeout(
        &self,
        lead: &str,
        action: &str,
        update: &UpdateActionBody,
        timeout: Duration,
    ) -> Result<ActionResponse, HandError> {
        tokio::time::timeout(timeout, self.update_action(lead, action, update))
            .await
            .unwrap_or(Err(HandError::Timeout))
    }
}

/// The document's update, as the hand-written client's struct.
pub(crate) fn document_body() -> UpdateActionBody {
    UpdateActionBody {
        action_type: "1001".to_owned(),
        fields: BTreeMap::from([("note".to_owned(), "Follow-up completed".to_owned())]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_the_same_body_and_reads_the_same_answer() {
        assert_eq!(
            serde_json::to_string(&document_body()).unwrap(),
            crate::load::BODY
        );
        let answer: ActionResponse = serde_json::from_str(crate::server::DOC_200).unwrap();
        assert_eq!(answer.action_type, "PAYMENT");
        assert_eq!(answer.status.as_deref(), Some("COMPLETED"));
        assert_eq!(answer.currency.as_deref(), Some("INR"));
        assert_eq!(answer.amount.as_deref(), Some("5000"));
    }
}
