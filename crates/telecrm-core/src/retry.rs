//! When to try again: a pure retry decision for the transport to call.
//!
//! No clock and no randomness live here: the transport passes in the time
//! elapsed, the wall-clock time (for `Retry-After` dates) and a random number
//! for the jitter, so every decision is repeatable in a test.
//!
//! The rules:
//! * never more than [`RetryPolicy::max_attempts`] attempts in all;
//! * retry a failure to connect (nothing was sent) always; retry a connection
//!   lost mid-exchange, a timeout, and `500`, `502` and `504` only for idempotent
//!   endpoints (the request may have taken effect); retry `429` and `503` always
//!   (the server says it did not do the work); never retry anything else
//!   (`400`, `401`, `404`, ... would fail the same way again);
//! * wait a full-jitter exponential backoff, and at least what `Retry-After`
//!   asks (seconds or an HTTP date);
//! * give up rather than wait past the caller's deadline.

use std::time::{Duration, SystemTime};

use http::{HeaderValue, StatusCode};

/// What went wrong with one attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Failure {
    /// No connection was made: nothing was sent.
    Connect,
    /// The connection failed after the request may have been sent (reset,
    /// closed early, truncated response).
    Disconnected,
    /// The attempt ran out of time; the request may have been processed.
    Timeout,
    /// The server answered with this status.
    Status(StatusCode),
}

/// Why [`RetryPolicy::decide`] said stop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum StopReason {
    /// The failure is not one that a retry can mend, or not safe to repeat.
    NotRetryable,
    /// Every allowed attempt has been made.
    AttemptsExhausted,
    /// The wait before the next attempt would end past the deadline.
    DeadlineExceeded,
}

/// What to do after a failed attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetryDecision {
    /// Send the same request again after this delay.
    Retry {
        /// How long to wait first.
        after: Duration,
    },
    /// Give up and report the failure.
    Stop(StopReason),
}

/// Everything [`RetryPolicy::decide`] looks at, passed in by the transport.
#[derive(Debug, Clone, Copy)]
pub struct RetryInput<'a> {
    /// How many attempts have been made, the failed one included (1 after the first).
    pub attempt: u32,
    /// How the last attempt failed.
    pub failure: Failure,
    /// The `Retry-After` header of the last response, if any.
    pub retry_after: Option<&'a HeaderValue>,
    /// Wall-clock time now, to read a `Retry-After` date against.
    pub now: SystemTime,
    /// Time since the call began.
    pub elapsed: Duration,
    /// The total time the call may take, if bounded.
    pub deadline: Option<Duration>,
    /// A uniformly random number, for the jitter.
    pub random: u64,
    /// Whether the endpoint is idempotent ([`crate::Endpoint::IDEMPOTENT`]).
    pub idempotent: bool,
}

/// Bounded attempts and full-jitter exponential backoff.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
}

impl Default for RetryPolicy {
    /// Three attempts in all, backoff from 100 ms doubling up to 5 s.
    fn default() -> Self {
        Self {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_secs(5),
        }
    }
}

impl RetryPolicy {
    /// A policy allowing `max_attempts` attempts in all (at least 1), with the
    /// default backoff.
    pub fn new(max_attempts: u32) -> Self {
        Self {
            max_attempts: max_attempts.max(1),
            ..Self::default()
        }
    }

    /// The same policy with `max_attempts` attempts in all (at least 1); the
    /// backoff stays as it is.
    #[must_use]
    pub fn with_max_attempts(mut self, max_attempts: u32) -> Self {
        self.max_attempts = max_attempts.max(1);
        self
    }

    /// A policy that never retries.
    pub fn never() -> Self {
        Self::new(1)
    }

    /// Sets the backoff: the first retry waits up to `initial`, each later one up
    /// to twice as long, never more than `max`.
    #[must_use]
    pub fn with_backoff(mut self, initial: Duration, max: Duration) -> Self {
        self.initial_backoff = initial;
        self.max_backoff = max.max(initial);
        self
    }

    /// Attempts in all, the first included.
    pub fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// Whether `failure` may be retried at all, attempts and time aside.
    pub fn is_retryable(failure: Failure, idempotent: bool) -> bool {
        match failure {
            Failure::Connect => true,
            Failure::Disconnected | Failure::Timeout => idempotent,
            Failure::Status(status) => match status.as_u16() {
                429 | 503 => true,
                500 | 502 | 504 => idempotent,
                _ => false,
            },
        }
    }

    /// The upper bound of the backoff before attempt `attempt + 1`.
    pub fn backoff_ceiling(&self, attempt: u32) -> Duration {
        let doublings = attempt.saturating_sub(1).min(31);
        self.initial_backoff
            .saturating_mul(1u32 << doublings)
            .min(self.max_backoff)
    }

    /// Decides whether and when to retry.
    pub fn decide(&self, input: &RetryInput<'_>) -> RetryDecision {
        if !Self::is_retryable(input.failure, input.idempotent) {
            return RetryDecision::Stop(StopReason::NotRetryable);
        }
        if input.attempt >= self.max_attempts {
            return RetryDecision::Stop(StopReason::AttemptsExhausted);
        }
        let ceiling = self.backoff_ceiling(input.attempt);
        // Full jitter: uniform in [0, ceiling), computed without floating point.
        let nanos = (ceiling.as_nanos() * u128::from(input.random)) >> 64;
        let mut after = Duration::from_nanos(u64::try_from(nanos).unwrap_or(u64::MAX));
        if let Some(asked) = input
            .retry_after
            .and_then(|value| parse_retry_after(value, input.now))
        {
            after = after.max(asked);
        }
        if let Some(deadline) = input.deadline {
            // Waiting up to the deadline would leave no time for the attempt itself.
            if input.elapsed.saturating_add(after) >= deadline {
                return RetryDecision::Stop(StopReason::DeadlineExceeded);
            }
        }
        RetryDecision::Retry { after }
    }
}

/// Reads a `Retry-After` value: delay-seconds or an HTTP date (RFC 9110 §10.2.3).
///
/// A date in the past means "now" (zero). Anything unreadable is `None`: the
/// backoff alone then decides.
pub fn parse_retry_after(value: &HeaderValue, now: SystemTime) -> Option<Duration> {
    let text = value.to_str().ok()?.trim();
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        // Absurd values saturate; the deadline check turns them into a stop.
        return Some(Duration::from_secs(text.parse().unwrap_or(u64::MAX)));
    }
    let when = httpdate::parse_http_date(text).ok()?;
    Some(when.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(attempt: u32, failure: Failure) -> RetryInput<'static> {
        RetryInput {
            attempt,
            failure,
            retry_after: None,
            now: SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000),
            elapsed: Duration::ZERO,
            deadline: Some(Duration::from_secs(60)),
            random: u64::MAX / 2,
            idempotent: true,
        }
    }

    #[test]
    fn retries_the_documented_failures_only() {
        let policy = RetryPolicy::default();
        for status in [429, 500, 502, 503, 504] {
            let failure = Failure::Status(StatusCode::from_u16(status).unwrap());
            assert!(
                matches!(
                    policy.decide(&input(1, failure)),
                    RetryDecision::Retry { .. }
                ),
                "{status}"
            );
        }
        for status in [400, 401, 403, 404, 409, 413, 422, 501] {
            let failure = Failure::Status(StatusCode::from_u16(status).unwrap());
            assert_eq!(
                policy.decide(&input(1, failure)),
                RetryDecision::Stop(StopReason::NotRetryable),
                "{status}"
            );
        }
        for failure in [Failure::Connect, Failure::Disconnected, Failure::Timeout] {
            assert!(matches!(
                policy.decide(&input(1, failure)),
                RetryDecision::Retry { .. }
            ));
        }
    }

    #[test]
    fn non_idempotent_retries_only_what_was_not_done() {
        let policy = RetryPolicy::default();
        let decide = |failure| {
            let mut i = input(1, failure);
            i.idempotent = false;
            policy.decide(&i)
        };
        assert!(matches!(
            decide(Failure::Connect),
            RetryDecision::Retry { .. }
        ));
        assert!(matches!(
            decide(Failure::Status(StatusCode::SERVICE_UNAVAILABLE)),
            RetryDecision::Retry { .. }
        ));
        for failure in [
            Failure::Disconnected,
            Failure::Timeout,
            Failure::Status(StatusCode::INTERNAL_SERVER_ERROR),
        ] {
            assert_eq!(
                decide(failure),
                RetryDecision::Stop(StopReason::NotRetryable)
            );
        }
    }

    #[test]
    fn attempts_are_bounded() {
        let policy = RetryPolicy::new(3);
        assert!(matches!(
            policy.decide(&input(2, Failure::Connect)),
            RetryDecision::Retry { .. }
        ));
        assert_eq!(
            policy.decide(&input(3, Failure::Connect)),
            RetryDecision::Stop(StopReason::AttemptsExhausted)
        );
        assert_eq!(
            RetryPolicy::never().decide(&input(1, Failure::Connect)),
            RetryDecision::Stop(StopReason::AttemptsExhausted)
        );
    }

    #[test]
    fn full_jitter_exponential_backoff() {
        let policy =
            RetryPolicy::new(10).with_backoff(Duration::from_millis(100), Duration::from_secs(1));
        assert_eq!(policy.backoff_ceiling(1), Duration::from_millis(100));
        assert_eq!(policy.backoff_ceiling(2), Duration::from_millis(200));
        assert_eq!(policy.backoff_ceiling(4), Duration::from_millis(800));
        assert_eq!(policy.backoff_ceiling(5), Duration::from_secs(1));
        assert_eq!(policy.backoff_ceiling(40), Duration::from_secs(1));
        let at = |random| {
            let mut i = input(2, Failure::Connect);
            i.random = random;
            policy.decide(&i)
        };
        assert_eq!(
            at(0),
            RetryDecision::Retry {
                after: Duration::ZERO
            }
        );
        assert_eq!(
            at(1 << 63),
            RetryDecision::Retry {
                after: Duration::from_millis(100)
            }
        );
        let RetryDecision::Retry { after } = at(u64::MAX) else {
            panic!()
        };
        assert!(after < Duration::from_millis(200) && after > Duration::from_millis(199));
    }

    #[test]
    fn retry_after_is_a_minimum() {
        let policy = RetryPolicy::default();
        let seconds = HeaderValue::from_static("7");
        let mut i = input(1, Failure::Status(StatusCode::TOO_MANY_REQUESTS));
        i.retry_after = Some(&seconds);
        assert_eq!(
            policy.decide(&i),
            RetryDecision::Retry {
                after: Duration::from_secs(7)
            }
        );
        let date = HeaderValue::from_str(&httpdate::fmt_http_date(i.now + Duration::from_secs(12)))
            .unwrap();
        i.retry_after = Some(&date);
        assert_eq!(
            policy.decide(&i),
            RetryDecision::Retry {
                after: Duration::from_secs(12)
            }
        );
        let garbage = HeaderValue::from_static("soon");
        i.retry_after = Some(&garbage);
        assert!(
            matches!(policy.decide(&i), RetryDecision::Retry { after } if after < Duration::from_millis(100))
        );
    }

    #[test]
    fn never_waits_past_the_deadline() {
        let policy = RetryPolicy::default();
        let long = HeaderValue::from_static("120");
        let mut i = input(1, Failure::Status(StatusCode::SERVICE_UNAVAILABLE));
        i.retry_after = Some(&long);
        assert_eq!(
            policy.decide(&i),
            RetryDecision::Stop(StopReason::DeadlineExceeded)
        );
        let huge = HeaderValue::from_static("99999999999999999999999");
        i.retry_after = Some(&huge);
        assert_eq!(
            policy.decide(&i),
            RetryDecision::Stop(StopReason::DeadlineExceeded)
        );
        i.retry_after = None;
        i.elapsed = Duration::from_secs(60);
        assert_eq!(
            policy.decide(&i),
            RetryDecision::Stop(StopReason::DeadlineExceeded)
        );
        i.deadline = None;
        assert!(matches!(policy.decide(&i), RetryDecision::Retry { .. }));
    }

    #[test]
    fn retry_after_parsing() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let parse = |s: &'static str| parse_retry_after(&HeaderValue::from_static(s), now);
        assert_eq!(parse("0"), Some(Duration::ZERO));
        assert_eq!(parse(" 30 "), Some(Duration::from_secs(30)));
        assert_eq!(parse("-1"), None);
        assert_eq!(parse("1.5"), None);
        assert_eq!(parse("Wed, 21 Oct 2015 07:28:00 GMT"), Some(Duration::ZERO));
        assert_eq!(parse(""), None);
    }
}
