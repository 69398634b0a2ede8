//! [`SandboxConfig`]: where the sandbox listens and what it starts with.

use std::collections::hash_map::RandomState;
use std::fmt;
use std::hash::BuildHasher;
use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::time::{SystemTime, UNIX_EPOCH};

use crate::fault::Faults;

/// The base path the API is served under, as in production.
pub const DEFAULT_BASE_PATH: &str = "/autoupdate/v2";
/// The enterprise ID a sandbox serves unless told otherwise.
pub const DEFAULT_ENTERPRISE: &str = "603d2b2f9b1e8a001c8e4f5a";
/// The path prefix of the sandbox's Async API (`{prefix}/enterprise/{e}/autoupdatelead`).
pub const ASYNC_BASE_PATH: &str = "/async";
/// Licence seats of a new sandbox: the two seeded members and three more.
pub const DEFAULT_LICENSE_SEATS: usize = 5;
/// The largest request body accepted by default.
pub const DEFAULT_MAX_BODY_BYTES: usize = 1024 * 1024;

/// How to run a sandbox. Start from [`SandboxConfig::new`].
#[derive(Clone)]
pub struct SandboxConfig {
    pub(crate) listen: SocketAddr,
    pub(crate) base_path: String,
    pub(crate) token: String,
    pub(crate) enterprise: String,
    pub(crate) state_file: Option<PathBuf>,
    pub(crate) faults: Faults,
    pub(crate) max_body_bytes: usize,
    pub(crate) license_seats: usize,
    pub(crate) async_token: String,
    pub(crate) async_rate_per_hour: Option<u32>,
}

impl SandboxConfig {
    /// `127.0.0.1:0` (a free port), base path [`DEFAULT_BASE_PATH`], the
    /// document's example state, a token made up for this run,
    /// [`DEFAULT_ENTERPRISE`], no faults, a 1 MiB body limit.
    pub fn new() -> Self {
        Self {
            listen: SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
            base_path: DEFAULT_BASE_PATH.to_owned(),
            token: made_up_token(),
            enterprise: DEFAULT_ENTERPRISE.to_owned(),
            state_file: None,
            faults: Faults::default(),
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
            license_seats: DEFAULT_LICENSE_SEATS,
            async_token: format!("async_{}", made_up_token()),
            async_rate_per_hour: None,
        }
    }

    /// The one Async token the sandbox's Async API accepts (the Sync token is
    /// refused there, and this one on the Sync API, as on the service).
    #[must_use]
    pub fn async_token(mut self, token: impl Into<String>) -> Self {
        self.async_token = token.into();
        self
    }

    /// A rate limit on the Async API, requests per hour; beyond it `429` with
    /// `Retry-After`. Off unless set.
    #[must_use]
    pub fn async_rate_per_hour(mut self, rate: Option<u32>) -> Self {
        self.async_rate_per_hour = rate;
        self
    }

    /// How many licence seats the workspace has (undeleted members take one
    /// each; a create beyond them is `402 BUY_LICENSE`).
    #[must_use]
    pub fn license_seats(mut self, seats: usize) -> Self {
        self.license_seats = seats;
        self
    }

    /// The address to listen on (port 0 picks a free one).
    #[must_use]
    pub fn listen(mut self, addr: SocketAddr) -> Self {
        self.listen = addr;
        self
    }

    /// The path prefix of every route (`/autoupdate/v2`; `""` for none).
    #[must_use]
    pub fn base_path(mut self, path: impl Into<String>) -> Self {
        let path = path.into();
        let trimmed = path.trim_end_matches('/');
        self.base_path = if trimmed.is_empty() || trimmed.starts_with('/') {
            trimmed.to_owned()
        } else {
            format!("/{trimmed}")
        };
        self
    }

    /// The one token the sandbox accepts.
    #[must_use]
    pub fn token(mut self, token: impl Into<String>) -> Self {
        self.token = token.into();
        self
    }

    /// The enterprise ID served.
    #[must_use]
    pub fn enterprise(mut self, id: impl Into<String>) -> Self {
        self.enterprise = id.into();
        self
    }

    /// Keeps state in this JSON file: loaded at start (created if missing),
    /// saved atomically after each change.
    #[must_use]
    pub fn state_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.state_file = Some(path.into());
        self
    }

    /// Faults to inject.
    #[must_use]
    pub fn faults(mut self, faults: Faults) -> Self {
        self.faults = faults;
        self
    }

    /// The largest request body accepted; larger gets `413`.
    #[must_use]
    pub fn max_body_bytes(mut self, n: usize) -> Self {
        self.max_body_bytes = n;
        self
    }
}

impl Default for SandboxConfig {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Debug for SandboxConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SandboxConfig")
            .field("listen", &self.listen)
            .field("base_path", &self.base_path)
            .field("token", &"<redacted>")
            .field("enterprise", &self.enterprise)
            .field("state_file", &self.state_file)
            .field("faults", &self.faults)
            .field("max_body_bytes", &self.max_body_bytes)
            .finish()
    }
}

/// 32 hex digits from std's per-process random keys and the clock. Good enough
/// to keep two local sandboxes apart; not a secret for anything but local use.
fn made_up_token() -> String {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64);
    let a = RandomState::new().hash_one(nanos);
    let b = RandomState::new().hash_one(a ^ u64::from(std::process::id()));
    format!("sbx_{a:016x}{b:016x}")
}
