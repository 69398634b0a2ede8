//! [`Transport`]: the pool, TLS and one exchange (send, read the whole body
//! within a limit). It knows nothing of endpoints, retries or workspaces.

use std::collections::hash_map::RandomState;
use std::hash::BuildHasher;
use std::sync::atomic::{AtomicU64, Ordering};

use bytes::Bytes;
use http::{HeaderMap, Request, StatusCode};
use http_body_util::{BodyExt, Full};
use hyper::body::Body as _;
use hyper_rustls::HttpsConnector;
use hyper_util::client::legacy::Client as HyperClient;

use crate::connect::Connector;
use crate::error::{Error, Kind};

/// Bodies are sent from the encoded `Vec` itself: turning it into `Bytes`
/// would allocate a shared handle for every request.
pub(crate) type Http = HyperClient<HttpsConnector<Connector>, Full<std::io::Cursor<Vec<u8>>>>;

/// The connection pool and TLS, shared by every workspace of a client.
pub(crate) struct Transport {
    pub(crate) http: Http,
}

/// What one attempt ended in, before the core's decoding.
pub(crate) struct Answer {
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
}

impl Transport {
    /// One exchange: send, then read the whole body within `limit`.
    pub(crate) async fn exchange(
        &self,
        request: Request<Vec<u8>>,
        limit: usize,
    ) -> Result<Answer, Error> {
        let request = request.map(|body| Full::new(std::io::Cursor::new(body)));
        let response = self.http.request(request).await.map_err(|err| {
            let kind = if err.is_connect() {
                Kind::Connect
            } else {
                Kind::Disconnected
            };
            Error::new(kind, Some(Box::new(err)))
        })?;
        let (head, incoming) = response.into_parts();
        // A declared length over the limit is refused before reading a byte.
        // hyper has parsed `Content-Length` already (and refused a message
        // whose value is not a length): its size hint's lower bound is that
        // length, and 0 for a chunked body, which the reader bounds as it goes.
        if incoming.size_hint().lower() > limit as u64 {
            return Err(Error::new(Kind::BodyTooLarge(limit), None));
        }
        let body = read_body(incoming, limit).await?;
        Ok(Answer {
            status: head.status,
            headers: head.headers,
            body,
        })
    }
}

/// Reads a whole body of at most `limit` bytes. The usual answer arrives as
/// one data frame, which is kept as it is; only a body in several frames is
/// copied together, and none grows past the limit.
async fn read_body(mut incoming: hyper::body::Incoming, limit: usize) -> Result<Bytes, Error> {
    let too_large = || Error::new(Kind::BodyTooLarge(limit), None);
    let broken = |err: hyper::Error| Error::new(Kind::Disconnected, Some(Box::new(err)));
    let mut first: Option<Bytes> = None;
    let mut joined: Option<bytes::BytesMut> = None;
    // A body with a declared length ends when that much has arrived: hyper
    // counts it down, and by then the connection has read the whole body and
    // is ready for the next request, so the final empty poll is skipped.
    while !incoming.is_end_stream() {
        let Some(frame) = incoming.frame().await else {
            break;
        };
        // Trailers carry nothing this API uses.
        let Ok(data) = frame.map_err(broken)?.into_data() else {
            continue;
        };
        if data.is_empty() {
            continue;
        }
        match (&mut first, &mut joined) {
            (None, None) => {
                if data.len() > limit {
                    return Err(too_large());
                }
                first = Some(data);
            }
            (Some(head), None) => {
                if head.len() + data.len() > limit {
                    return Err(too_large());
                }
                let mut buffer = bytes::BytesMut::with_capacity(head.len() + data.len());
                buffer.extend_from_slice(head);
                buffer.extend_from_slice(&data);
                joined = Some(buffer);
            }
            (_, Some(buffer)) => {
                if buffer.len() + data.len() > limit {
                    return Err(too_large());
                }
                buffer.extend_from_slice(&data);
            }
        }
    }
    Ok(match joined {
        Some(buffer) => buffer.freeze(),
        None => first.unwrap_or_default(),
    })
}

/// Random numbers for backoff jitter: splitmix64 seeded from std's per-process
/// random keys. Not cryptographic, and need not be.
pub(crate) struct Jitter(AtomicU64);

impl Jitter {
    pub(crate) fn new() -> Self {
        Self(AtomicU64::new(RandomState::new().hash_one(0x5eed_u64)))
    }

    pub(crate) fn next(&self) -> u64 {
        let mut z = self
            .0
            .fetch_add(0x9e37_79b9_7f4a_7c15, Ordering::Relaxed)
            .wrapping_add(0x9e37_79b9_7f4a_7c15);
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::sync::atomic::AtomicUsize;

    use telecrm_core::{BaseUrl, PaymentStatus, PaymentUpdate, SyncToken, Workspace};
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    use super::*;

    const ANSWER: &str =
        r#"{"type":"PAYMENT","status":"COMPLETED","currency":"INR","amount":"5000"}"#;

    /// A loopback HTTP/1.1 server that counts the connections it accepts and
    /// answers every request with `ANSWER`, with a length or chunked.
    async fn server(chunked: bool) -> (String, Arc<AtomicUsize>) {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}/autoupdate/v2", listener.local_addr().unwrap());
        let accepted = Arc::new(AtomicUsize::new(0));
        let count = accepted.clone();
        tokio::spawn(async move {
            while let Ok((mut stream, _)) = listener.accept().await {
                count.fetch_add(1, Ordering::SeqCst);
                tokio::spawn(async move {
                    let mut buffer = Vec::new();
                    let mut chunk = [0u8; 4096];
                    loop {
                        // One whole request: the head, then its declared body.
                        let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") else {
                            match stream.read(&mut chunk).await {
                                Ok(0) | Err(_) => return,
                                Ok(n) => buffer.extend_from_slice(&chunk[..n]),
                            }
                            continue;
                        };
                        let head = String::from_utf8_lossy(&buffer[..end]).to_ascii_lowercase();
                        let length: usize = head
                            .lines()
                            .find_map(|l| l.strip_prefix("content-length:"))
                            .and_then(|v| v.trim().parse().ok())
                            .unwrap_or(0);
                        if buffer.len() < end + 4 + length {
                            match stream.read(&mut chunk).await {
                                Ok(0) | Err(_) => return,
                                Ok(n) => buffer.extend_from_slice(&chunk[..n]),
                            }
                            continue;
                        }
                        buffer.drain(..end + 4 + length);
                        let answer = if chunked {
                            let (a, b) = ANSWER.split_at(20);
                            format!(
                                "HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n{:x}\r\n{a}\r\n{:x}\r\n{b}\r\n0\r\n\r\n",
                                a.len(),
                                b.len()
                            )
                        } else {
                            format!(
                                "HTTP/1.1 200 OK\r\ncontent-length: {}\r\n\r\n{ANSWER}",
                                ANSWER.len()
                            )
                        };
                        if stream.write_all(answer.as_bytes()).await.is_err() {
                            return;
                        }
                    }
                });
            }
        });
        (base, accepted)
    }

    /// A body read to its declared length, without the final poll, leaves
    /// the connection reusable: five calls, one connection, either framing.
    #[tokio::test]
    async fn the_connection_is_reused_after_a_body_read_to_its_length() {
        for chunked in [false, true] {
            let (base, accepted) = server(chunked).await;
            let workspace = Workspace::new(
                SyncToken::new("t0k3n").unwrap(),
                "603d2b2f9b1e8a001c8e4f5a".parse().unwrap(),
            )
            .with_base_url(BaseUrl::parse(&base).unwrap());
            let crm = crate::Client::new().unwrap().workspace(workspace).unwrap();
            for _ in 0..5 {
                let action = crm
                    .update_action(
                        "603d2b2f9b1e8a001c8e4f5c".parse().unwrap(),
                        "603d2b2f9b1e8a001c8e4f5e".parse().unwrap(),
                        PaymentUpdate::with_status(PaymentStatus::COMPLETED).into(),
                    )
                    .await
                    .unwrap();
                let payment = action.as_payment().unwrap();
                assert_eq!(
                    payment.amount.as_deref(),
                    Some("5000"),
                    "chunked: {chunked}"
                );
            }
            assert_eq!(accepted.load(Ordering::SeqCst), 1, "chunked: {chunked}");
        }
    }
}
