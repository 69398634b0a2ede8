//! Where requests go: [`BaseUrl`].

use std::fmt;
use std::net::{IpAddr, Ipv6Addr};

use http::Uri;
use http::uri::{Authority, Scheme};

/// The production base URL of the Sync API.
pub const PRODUCTION: &str = "https://next.telecrm.in/autoupdate/v2";

/// The production base URL of the Async API (lead ingestion).
pub const ASYNC_PRODUCTION: &str = "https://next-api.telecrm.in";

/// The base URL that every route is appended to, e.g. `https://next.telecrm.in/autoupdate/v2`.
///
/// Any path prefix is kept (a gateway may mount the API under its own path) and a
/// trailing `/` is dropped. `https` is required, because the bearer token would
/// otherwise cross the network in the clear; plain `http` is accepted for
/// loopback hosts (`127.0.0.0/8`, `::1`, `localhost`), where the sandbox runs,
/// and anywhere else only through [`BaseUrl::parse_allowing_http`].
///
/// ```
/// use telecrm_core::BaseUrl;
///
/// assert_eq!(BaseUrl::default().as_str(), "https://next.telecrm.in/autoupdate/v2");
/// assert!(BaseUrl::parse("http://127.0.0.1:8080/autoupdate/v2/").is_ok());
/// assert!(BaseUrl::parse("http://example.com/autoupdate/v2").is_err());
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct BaseUrl {
    /// Scheme, authority and path prefix, without a trailing `/`.
    prefix: String,
    /// The same, parsed once, so that building each request's URI parses only
    /// its path.
    scheme: Scheme,
    authority: Authority,
    /// The path prefix, without a trailing `/` (empty for none).
    path: String,
    loopback: bool,
    https: bool,
}

/// Why a string is not a usable base URL.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BaseUrlError {
    /// The string is not a URI at all.
    #[error("base URL is not a valid URI")]
    Invalid(#[source] http::uri::InvalidUri),
    /// The URI is not absolute (`https://host/...`).
    #[error("base URL must be absolute, with a scheme and a host")]
    NotAbsolute,
    /// The scheme is neither `https` nor `http`.
    #[error("base URL scheme `{0}` is not supported; use https")]
    UnsupportedScheme(String),
    /// Plain `http` to a host that is not loopback, without the explicit opt-in.
    #[error(
        "base URL uses plain http to non-loopback host `{host}`; the token would travel unencrypted (use https)"
    )]
    InsecureHttp {
        /// The host that was named.
        host: String,
    },
    /// The URI has a query or fragment, which would end up in the middle of every route.
    #[error("base URL must not have a query or fragment")]
    QueryOrFragment,
    /// The URI carries user information (`user:password@`), which this client never sends.
    #[error("base URL must not contain user information")]
    UserInfo,
}

impl BaseUrl {
    /// The production Sync API, [`PRODUCTION`].
    pub fn production() -> Self {
        Self {
            prefix: PRODUCTION.to_owned(),
            scheme: Scheme::HTTPS,
            authority: Authority::from_static("next.telecrm.in"),
            path: "/autoupdate/v2".to_owned(),
            loopback: false,
            https: true,
        }
    }

    /// The production Async API, [`ASYNC_PRODUCTION`].
    pub fn async_production() -> Self {
        Self {
            prefix: ASYNC_PRODUCTION.to_owned(),
            scheme: Scheme::HTTPS,
            authority: Authority::from_static("next-api.telecrm.in"),
            path: String::new(),
            loopback: false,
            https: true,
        }
    }

    /// Parses a base URL, requiring `https` unless the host is loopback.
    ///
    /// # Errors
    ///
    /// [`BaseUrlError`] when the string is not an absolute `http(s)` URI without
    /// query, fragment or user information, or is plain `http` to a non-loopback host.
    pub fn parse(url: &str) -> Result<Self, BaseUrlError> {
        let base = Self::parse_allowing_http(url)?;
        if !base.https && !base.loopback {
            let host = base
                .prefix
                .parse::<Uri>()
                .ok()
                .and_then(|u| u.host().map(str::to_owned))
                .unwrap_or_default();
            return Err(BaseUrlError::InsecureHttp { host });
        }
        Ok(base)
    }

    /// Parses a base URL and accepts plain `http` to any host: the explicit opt-in
    /// for a trusted network (a test rig, a TLS-terminating sidecar).
    ///
    /// # Errors
    ///
    /// [`BaseUrlError`] when the string is not an absolute `http(s)` URI without
    /// query, fragment or user information.
    pub fn parse_allowing_http(url: &str) -> Result<Self, BaseUrlError> {
        if url.contains('#') {
            return Err(BaseUrlError::QueryOrFragment);
        }
        let uri: Uri = url.parse().map_err(BaseUrlError::Invalid)?;
        let (Some(scheme), Some(authority)) = (uri.scheme(), uri.authority()) else {
            return Err(BaseUrlError::NotAbsolute);
        };
        let https = if *scheme == Scheme::HTTPS {
            true
        } else if *scheme == Scheme::HTTP {
            false
        } else {
            return Err(BaseUrlError::UnsupportedScheme(scheme.as_str().to_owned()));
        };
        if uri.query().is_some() || url.ends_with('?') {
            return Err(BaseUrlError::QueryOrFragment);
        }
        if authority.as_str().contains('@') {
            return Err(BaseUrlError::UserInfo);
        }
        if authority.host().is_empty() {
            return Err(BaseUrlError::NotAbsolute);
        }
        let path = uri.path().trim_end_matches('/');
        let prefix = format!("{}://{}{}", scheme.as_str(), authority.as_str(), path);
        Ok(Self {
            prefix,
            scheme: scheme.clone(),
            authority: authority.clone(),
            path: path.to_owned(),
            loopback: is_loopback_host(authority.host()),
            https,
        })
    }

    /// The base URL as text, without a trailing `/`.
    pub fn as_str(&self) -> &str {
        &self.prefix
    }

    /// The scheme (`https`, or `http` where allowed).
    pub fn scheme(&self) -> &Scheme {
        &self.scheme
    }

    /// The host and port.
    pub fn authority(&self) -> &Authority {
        &self.authority
    }

    /// The path prefix without a trailing `/` (`/autoupdate/v2`; empty for none).
    pub fn path(&self) -> &str {
        &self.path
    }

    /// Whether the host is loopback (`127.0.0.0/8`, `::1` or `localhost`).
    pub fn is_loopback(&self) -> bool {
        self.loopback
    }

    /// Whether the scheme is `https`.
    pub fn is_https(&self) -> bool {
        self.https
    }
}

fn is_loopback_host(host: &str) -> bool {
    let host = host.trim_start_matches('[').trim_end_matches(']');
    if host.eq_ignore_ascii_case("localhost") {
        return true;
    }
    match host.parse::<IpAddr>() {
        Ok(IpAddr::V4(v4)) => v4.is_loopback(),
        Ok(IpAddr::V6(v6)) => v6 == Ipv6Addr::LOCALHOST,
        Err(_) => false,
    }
}

impl Default for BaseUrl {
    fn default() -> Self {
        Self::production()
    }
}

impl fmt::Debug for BaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("BaseUrl").field(&self.prefix).finish()
    }
}

impl fmt::Display for BaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.prefix)
    }
}

impl std::str::FromStr for BaseUrl {
    type Err = BaseUrlError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_prefix_and_drops_trailing_slash() {
        let base = BaseUrl::parse("https://gw.example.com/proxy/autoupdate/v2/").unwrap();
        assert_eq!(base.as_str(), "https://gw.example.com/proxy/autoupdate/v2");
        assert_eq!(base.path(), "/proxy/autoupdate/v2");
        assert_eq!(base.authority().as_str(), "gw.example.com");
        assert!(base.is_https());
        assert!(!base.is_loopback());
        let bare = BaseUrl::parse("https://example.com").unwrap();
        assert_eq!(bare.as_str(), "https://example.com");
        assert_eq!(bare.path(), "");
        assert_eq!(
            BaseUrl::parse(ASYNC_PRODUCTION).unwrap(),
            BaseUrl::async_production()
        );
        let production = BaseUrl::parse(PRODUCTION).unwrap();
        assert_eq!(production, BaseUrl::production());
    }

    #[test]
    fn http_only_for_loopback_or_opt_in() {
        for ok in [
            "http://127.0.0.1:8080/autoupdate/v2",
            "http://127.1.2.3/x",
            "http://localhost:1",
            "http://LOCALHOST",
            "http://[::1]:9000/v2",
        ] {
            let base = BaseUrl::parse(ok).unwrap_or_else(|e| panic!("{ok}: {e}"));
            assert!(base.is_loopback(), "{ok}");
        }
        for bad in [
            "http://example.com/v2",
            "http://10.0.0.1/v2",
            "http://[::2]/v2",
            "http://localhost.evil.com/",
        ] {
            assert!(
                matches!(BaseUrl::parse(bad), Err(BaseUrlError::InsecureHttp { .. })),
                "{bad}"
            );
            assert!(BaseUrl::parse_allowing_http(bad).is_ok(), "{bad}");
        }
    }

    #[test]
    fn refuses_malformed() {
        assert!(matches!(
            BaseUrl::parse("ftp://example.com"),
            Err(BaseUrlError::UnsupportedScheme(_))
        ));
        assert!(matches!(
            BaseUrl::parse("/autoupdate/v2"),
            Err(BaseUrlError::NotAbsolute)
        ));
        assert!(matches!(
            BaseUrl::parse("https://example.com/v2?x=1"),
            Err(BaseUrlError::QueryOrFragment)
        ));
        assert!(matches!(
            BaseUrl::parse("https://example.com/v2#top"),
            Err(BaseUrlError::QueryOrFragment)
        ));
        assert!(matches!(
            BaseUrl::parse("https://user:pw@example.com/v2"),
            Err(BaseUrlError::UserInfo)
        ));
        assert!(matches!(
            BaseUrl::parse("not a url"),
            Err(BaseUrlError::Invalid(_))
        ));
    }
}
