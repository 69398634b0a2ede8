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
    while let Some(frame) = incoming.frame().await {
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
