//! [`Call`]: the attempts of one call as a state machine, with no I/O.
//!
//! A transport drives it: [`Call::start`] before each attempt (its number and
//! how long it may take), the attempt itself (encode, send, read the whole
//! body), then [`Call::handle`] with what happened, which answers
//! [`Step::Done`] (a 2xx: decode it), [`Step::Retry`] (wait, then attempt
//! again) or [`Step::Stop`] (decode the answer into its error, or report the
//! transport's failure). The rules are [`RetryPolicy`]'s: bounded attempts,
//! full-jitter backoff, `Retry-After` honoured, never a wait past the deadline,
//! never a repeat of a non-idempotent request that may have arrived.
//!
//! Nothing here reads a clock or a random source: the driver passes them in
//! ([`Moment`]), so every decision can be replayed in a test. The machine is
//! not generic over the endpoint: one copy serves every endpoint, and only
//! encoding and decoding are per endpoint.
//!
//! ```
//! use std::time::{Duration, SystemTime};
//! use http::{HeaderMap, StatusCode};
//! use telecrm_core::call::{Call, Moment, Outcome, Step};
//! use telecrm_core::RetryPolicy;
//!
//! let mut call = Call::new(RetryPolicy::default(), true).with_deadline(Duration::from_secs(60));
//! let moment = |elapsed| Moment { now: SystemTime::UNIX_EPOCH, elapsed, random: 0 };
//! let headers = HeaderMap::new();
//!
//! let first = call.start(Duration::ZERO).expect("time left");
//! assert_eq!(first.number, 1);
//! // The server is busy: try again.
//! let busy = Outcome::Answered { status: StatusCode::SERVICE_UNAVAILABLE, headers: &headers };
//! assert!(matches!(call.handle(busy, moment(Duration::from_millis(5))), Step::Retry { .. }));
//!
//! let second = call.start(Duration::from_millis(10)).expect("time left");
//! assert_eq!(second.number, 2);
//! let ok = Outcome::Answered { status: StatusCode::OK, headers: &headers };
//! assert_eq!(call.handle(ok, moment(Duration::from_millis(20))), Step::Done);
//! assert_eq!(call.attempts(), 2);
//! ```

use std::time::{Duration, SystemTime};

use http::header::RETRY_AFTER;
use http::{HeaderMap, StatusCode};

use crate::endpoint::Endpoint;
use crate::retry::{Failure, RetryDecision, RetryInput, RetryPolicy, StopReason};

/// What one attempt ended in.
#[derive(Debug, Clone, Copy)]
pub enum Outcome<'a> {
    /// The server answered with this status; the whole body has been read.
    Answered {
        /// The status.
        status: StatusCode,
        /// The headers (for `Retry-After`).
        headers: &'a HeaderMap,
    },
    /// The attempt failed without an answer.
    Failed(Failure),
}

/// The time and randomness a decision needs, read by the driver.
#[derive(Debug, Clone, Copy)]
pub struct Moment {
    /// Wall-clock time now, to read a `Retry-After` date against.
    pub now: SystemTime,
    /// Time since the call began.
    pub elapsed: Duration,
    /// A uniformly random number, for the backoff's jitter.
    pub random: u64,
}

/// What to do after an attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// The server answered 2xx: decode the body; the call is over.
    Done,
    /// Wait this long, then make the next attempt.
    Retry {
        /// How long to wait.
        after: Duration,
    },
    /// The call is over and failed: decode the answer into its error, or
    /// report the transport's failure.
    Stop(StopReason),
}

/// What bounds an attempt's time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bound {
    /// The attempt's own timeout.
    Attempt,
    /// What is left of the call's deadline.
    Deadline,
}

/// One attempt about to be made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Attempt {
    /// Its number, from 1.
    pub number: u32,
    /// How long it may take, when bounded.
    pub timeout: Option<Duration>,
    /// Which bound that is, when bounded.
    pub bound: Option<Bound>,
}

/// The attempts of one call. See the module documentation.
#[derive(Debug, Clone)]
pub struct Call {
    policy: RetryPolicy,
    idempotent: bool,
    deadline: Option<Duration>,
    attempt_timeout: Option<Duration>,
    attempts: u32,
}

impl Call {
    /// A call under `policy`; `idempotent` says whether the request may be
    /// repeated after it may have arrived.
    pub fn new(policy: RetryPolicy, idempotent: bool) -> Self {
        Self {
            policy,
            idempotent,
            deadline: None,
            attempt_timeout: None,
            attempts: 0,
        }
    }

    /// A call of `endpoint` under `policy` (its idempotency read from it).
    pub fn of<E: Endpoint + ?Sized>(endpoint: &E, policy: RetryPolicy) -> Self {
        Self::new(policy, endpoint.idempotent())
    }

    /// Bounds the whole call, retries and waits included.
    #[must_use]
    pub fn with_deadline(mut self, deadline: Duration) -> Self {
        self.deadline = Some(deadline);
        self
    }

    /// Bounds each attempt.
    #[must_use]
    pub fn with_attempt_timeout(mut self, timeout: Duration) -> Self {
        self.attempt_timeout = Some(timeout);
        self
    }

    /// Attempts made (started) so far.
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// The policy the call follows.
    pub fn policy(&self) -> &RetryPolicy {
        &self.policy
    }

    /// Starts the next attempt `elapsed` after the call began: its number and
    /// time bound, or `None` when the deadline has already passed.
    pub fn start(&mut self, elapsed: Duration) -> Option<Attempt> {
        let left = match self.deadline {
            Some(deadline) => Some(deadline.checked_sub(elapsed).filter(|d| !d.is_zero())?),
            None => None,
        };
        self.attempts += 1;
        let (timeout, bound) = match (self.attempt_timeout, left) {
            (Some(own), Some(left)) if own < left => (Some(own), Some(Bound::Attempt)),
            (_, Some(left)) => (Some(left), Some(Bound::Deadline)),
            (Some(own), None) => (Some(own), Some(Bound::Attempt)),
            (None, None) => (None, None),
        };
        Some(Attempt {
            number: self.attempts,
            timeout,
            bound,
        })
    }

    /// Decides after an attempt.
    pub fn handle(&mut self, outcome: Outcome<'_>, moment: Moment) -> Step {
        self.handle_with(outcome, || moment)
    }

    /// [`Call::handle`], with the moment read only when the decision needs
    /// it: a 2xx ends the call without a clock read or a random number.
    pub fn handle_with(&mut self, outcome: Outcome<'_>, moment: impl FnOnce() -> Moment) -> Step {
        let (failure, retry_after) = match outcome {
            Outcome::Answered { status, .. } if status.is_success() => return Step::Done,
            Outcome::Answered { status, headers } => {
                (Failure::Status(status), headers.get(RETRY_AFTER))
            }
            Outcome::Failed(failure) => (failure, None),
        };
        let moment = moment();
        let decision = self.policy.decide(&RetryInput {
            attempt: self.attempts.max(1),
            failure,
            retry_after,
            now: moment.now,
            elapsed: moment.elapsed,
            deadline: self.deadline,
            random: moment.random,
            idempotent: self.idempotent,
        });
        match decision {
            RetryDecision::Retry { after } => Step::Retry { after },
            RetryDecision::Stop(reason) => Step::Stop(reason),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(ms: u64) -> Moment {
        Moment {
            now: SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000),
            elapsed: Duration::from_millis(ms),
            random: u64::MAX / 2,
        }
    }

    #[test]
    fn a_non_idempotent_call_is_not_repeated_after_it_may_have_arrived() {
        for failure in [Failure::Disconnected, Failure::Timeout] {
            let mut call = Call::new(RetryPolicy::default(), false);
            call.start(Duration::ZERO);
            assert_eq!(
                call.handle(Outcome::Failed(failure), at(1)),
                Step::Stop(StopReason::NotRetryable)
            );
        }
        let mut call = Call::new(RetryPolicy::default(), false);
        call.start(Duration::ZERO);
        assert!(matches!(
            call.handle(Outcome::Failed(Failure::Connect), at(1)),
            Step::Retry { .. }
        ));
    }

    #[test]
    fn attempts_are_counted_and_bounded() {
        let mut call = Call::new(RetryPolicy::new(2), true);
        let headers = HeaderMap::new();
        let busy = Outcome::Answered {
            status: StatusCode::SERVICE_UNAVAILABLE,
            headers: &headers,
        };
        call.start(Duration::ZERO);
        assert!(matches!(call.handle(busy, at(1)), Step::Retry { .. }));
        call.start(Duration::from_millis(2));
        assert_eq!(
            call.handle(busy, at(3)),
            Step::Stop(StopReason::AttemptsExhausted)
        );
        assert_eq!(call.attempts(), 2);
    }

    #[test]
    fn retry_after_and_the_deadline() {
        let mut headers = HeaderMap::new();
        headers.insert(RETRY_AFTER, http::HeaderValue::from_static("7"));
        let mut call =
            Call::new(RetryPolicy::default(), true).with_deadline(Duration::from_secs(60));
        call.start(Duration::ZERO);
        let limited = Outcome::Answered {
            status: StatusCode::TOO_MANY_REQUESTS,
            headers: &headers,
        };
        assert_eq!(
            call.handle(limited, at(10)),
            Step::Retry {
                after: Duration::from_secs(7)
            }
        );
        assert_eq!(
            call.handle(limited, at(55_000)),
            Step::Stop(StopReason::DeadlineExceeded)
        );
    }

    #[test]
    fn attempt_bounds() {
        let mut call = Call::new(RetryPolicy::default(), true)
            .with_deadline(Duration::from_secs(60))
            .with_attempt_timeout(Duration::from_secs(30));
        let first = call.start(Duration::ZERO).unwrap();
        assert_eq!(first.timeout, Some(Duration::from_secs(30)));
        assert_eq!(first.bound, Some(Bound::Attempt));
        let late = call.start(Duration::from_secs(50)).unwrap();
        assert_eq!(late.timeout, Some(Duration::from_secs(10)));
        assert_eq!(late.bound, Some(Bound::Deadline));
        assert_eq!(call.start(Duration::from_secs(60)), None);
        assert_eq!(call.attempts(), 2, "no attempt started past the deadline");
        let mut unbounded = Call::new(RetryPolicy::default(), true);
        assert_eq!(
            unbounded.start(Duration::from_secs(1)).unwrap().timeout,
            None
        );
    }
}
