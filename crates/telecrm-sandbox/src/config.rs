//! [`SandboxConfig`]: where the sandbox listens and what it starts with.

use std::collections::hash_map::RandomState;
use std::fmt;
use std::hash::BuildHasher;
use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::clock::{Clock, seeded_token};
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

/// How long a connection may take to send a request's head, and how long it
/// may stay idle between requests, unless told otherwise.
pub const DEFAULT_HEADER_TIMEOUT: Duration = Duration::from_secs(10);
/// Open connections served at once unless told otherwise; more wait to be
/// accepted.
pub const DEFAULT_MAX_CONNECTIONS: usize = 1024;

/// Connection limits: a flood of idle or slow sockets cannot starve a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Limits {
    /// Time allowed to send a request's head, and to stay idle between
    /// requests on a kept-alive connection; then the connection is closed.
    pub header_timeout: Duration,
    /// Connections served at once; the next waits until one closes.
    pub max_connections: usize,
}

impl Limits {
    /// With this header and idle timeout.
    #[must_use]
    pub fn with_header_timeout(mut self, timeout: Duration) -> Self {
        self.header_timeout = timeout;
        self
    }

    /// With this many connections served at once (at least 1).
    #[must_use]
    pub fn with_max_connections(mut self, n: usize) -> Self {
        self.max_connections = n.max(1);
        self
    }
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            header_timeout: DEFAULT_HEADER_TIMEOUT,
            max_connections: DEFAULT_MAX_CONNECTIONS,
        }
    }
}

/// How to run a sandbox. Start from [`SandboxConfig::new`].
#[derive(Clone)]
pub struct SandboxConfig {
    pub(crate) listen: SocketAddr,
    pub(crate) base_path: String,
    pub(crate) token: String,
    pub(crate) enterprise: String,
    pub(crate) state_file: Option<PathBuf>,
    pub(crate) world_file: Option<PathBuf>,
    pub(crate) faults: Faults,
    pub(crate) max_body_bytes: usize,
    pub(crate) license_seats: usize,
    pub(crate) async_token: String,
    pub(crate) async_rate_per_hour: Option<u32>,
    pub(crate) clock: Clock,
    pub(crate) seed: Option<u64>,
    pub(crate) limits: Limits,
    pub(crate) echo_requests: bool,
    /// Tokens set explicitly (not made up), which a seed must not replace.
    explicit_tokens: (bool, bool),
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
            world_file: None,
            faults: Faults::default(),
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
            license_seats: DEFAULT_LICENSE_SEATS,
            async_token: format!("async_{}", made_up_token()),
            async_rate_per_hour: None,
            clock: Clock::Real,
            seed: None,
            limits: Limits::default(),
            echo_requests: false,
            explicit_tokens: (false, false),
        }
    }

    /// Where times come from: [`Clock::Real`] (the default), or a fixed clock
    /// for runs whose answers must be the same every time.
    #[must_use]
    pub fn clock(mut self, clock: Clock) -> Self {
        self.clock = clock;
        self
    }

    /// Makes new IDs, and the tokens not set explicitly, the same from run to
    /// run: with a fixed [`Clock`], a scripted session answers identically.
    #[must_use]
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = Some(seed);
        if !self.explicit_tokens.0 {
            self.token = seeded_token(seed, 1);
        }
        if !self.explicit_tokens.1 {
            self.async_token = format!("async_{}", seeded_token(seed, 2));
        }
        self
    }

    /// Writes one line per request to stderr: method, path, status,
    /// milliseconds (never a header, so never a token). Off by default; the
    /// same line is always a `tracing` event at INFO
    /// (target `telecrm_sandbox::request`).
    #[must_use]
    pub fn echo_requests(mut self, on: bool) -> Self {
        self.echo_requests = on;
        self
    }

    /// Connection limits (header and idle timeout, open connections).
    #[must_use]
    pub fn limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// The one Async token the sandbox's Async API accepts (the Sync token is
    /// refused there, and this one on the Sync API, as on the service).
    #[must_use]
    pub fn async_token(mut self, token: impl Into<String>) -> Self {
        self.async_token = token.into();
        self.explicit_tokens.1 = true;
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
        self.explicit_tokens.0 = true;
        self
    }

    /// The enterprise ID served.
    #[must_use]
    pub fn enterprise(mut self, id: impl Into<String>) -> Self {
        self.enterprise = id.into();
        self
    }

    /// Keeps state in this SQLite file: opened at start (created with the
    /// seed if missing; a JSON state file of earlier versions is imported),
    /// each request committed before its answer. One sandbox per file.
    #[must_use]
    pub fn state_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.state_file = Some(path.into());
        self
    }

    /// Serves the enterprises of this world file (JSON) instead of the
    /// built-in one: each with its own tokens (made up unless the file gives
    /// them), workspace, team and leads. The token and enterprise set here
    /// are then unused; see `docs/sandbox.md` for the format.
    #[must_use]
    pub fn world_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.world_file = Some(path.into());
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
            .field("world_file", &self.world_file)
            .field("faults", &self.faults)
            .field("max_body_bytes", &self.max_body_bytes)
            .field("clock", &self.clock)
            .field("seed", &self.seed)
            .field("limits", &self.limits)
            .finish_non_exhaustive()
    }
}

/// 32 hex digits from std's per-process random keys and the clock. Good enough
/// to keep two local sandboxes apart; not a secret for anything but local use.
pub(crate) fn made_up_token() -> String {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64);
    let a = RandomState::new().hash_one(nanos);
    let b = RandomState::new().hash_one(a ^ u64::from(std::process::id()));
    format!("sbx_{a:016x}{b:016x}")
}
