//! The per-client retry budget: a token bucket that stops retry storms.
//!
//! First attempts are always sent. Each retry withdraws from the bucket (a
//! timeout costs more than other failures, as it held a connection longest),
//! and each success pays a little back. During an outage the bucket empties
//! and the client stops multiplying its load by the retry count; once calls
//! succeed again, it refills. This is the scheme of the AWS SDKs' standard
//! retry mode and of gRPC's retry throttling.

use std::sync::atomic::{AtomicU32, Ordering};

/// The settings of a client's retry budget (see the module notes in `docs/transport.md`).
///
/// ```
/// use telecrm_hyper::RetryBudgetConfig;
///
/// // 50 tokens, 10 a retry, 20 after a timeout, 1 back a success.
/// let budget = RetryBudgetConfig::new(50, 10, 20, 1);
/// assert_eq!(budget.capacity, 50);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct RetryBudgetConfig {
    /// Tokens the bucket holds when full (and at start).
    pub capacity: u32,
    /// Tokens one retry costs.
    pub retry_cost: u32,
    /// Tokens one retry after a timeout costs.
    pub timeout_cost: u32,
    /// Tokens one successful call pays back.
    pub success_refund: u32,
}

impl Default for RetryBudgetConfig {
    /// 500 tokens, 5 a retry, 10 a retry after a timeout, 1 back a success:
    /// 100 retries in a row at most, refilled by 5 successes per retry.
    fn default() -> Self {
        Self {
            capacity: 500,
            retry_cost: 5,
            timeout_cost: 10,
            success_refund: 1,
        }
    }
}

impl RetryBudgetConfig {
    /// A budget of `capacity` tokens; a retry costs `retry_cost`, one after a
    /// timeout `timeout_cost`, and a success pays back `success_refund`.
    pub const fn new(
        capacity: u32,
        retry_cost: u32,
        timeout_cost: u32,
        success_refund: u32,
    ) -> Self {
        Self {
            capacity,
            retry_cost,
            timeout_cost,
            success_refund,
        }
    }

    /// A budget that never runs out.
    pub fn unlimited() -> Self {
        Self {
            capacity: u32::MAX,
            retry_cost: 0,
            timeout_cost: 0,
            success_refund: 0,
        }
    }
}

/// A token bucket shared by every clone of a client.
#[derive(Debug)]
pub(crate) struct RetryBudget {
    config: RetryBudgetConfig,
    tokens: AtomicU32,
}

impl RetryBudget {
    pub(crate) fn new(config: RetryBudgetConfig) -> Self {
        Self {
            config,
            tokens: AtomicU32::new(config.capacity),
        }
    }

    /// Takes the cost of one retry; false (and nothing taken) when there is not enough.
    pub(crate) fn try_withdraw(&self, after_timeout: bool) -> bool {
        let cost = if after_timeout {
            self.config.timeout_cost
        } else {
            self.config.retry_cost
        };
        self.tokens
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |t| t.checked_sub(cost))
            .is_ok()
    }

    /// Pays back after a success, up to capacity.
    pub(crate) fn deposit(&self) {
        let refund = self.config.success_refund;
        let capacity = self.config.capacity;
        let _ = self
            .tokens
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |t| {
                (t < capacity).then(|| t.saturating_add(refund).min(capacity))
            });
    }

    /// Tokens left.
    pub(crate) fn available(&self) -> u32 {
        self.tokens.load(Ordering::Acquire)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empties_and_refills() {
        let budget = RetryBudget::new(RetryBudgetConfig {
            capacity: 12,
            retry_cost: 5,
            timeout_cost: 10,
            success_refund: 1,
        });
        assert!(budget.try_withdraw(false));
        assert!(budget.try_withdraw(false));
        assert!(!budget.try_withdraw(false), "2 left, 5 needed");
        assert_eq!(budget.available(), 2);
        for _ in 0..3 {
            budget.deposit();
        }
        assert!(budget.try_withdraw(false));
        assert_eq!(budget.available(), 0);
        for _ in 0..100 {
            budget.deposit();
        }
        assert_eq!(budget.available(), 12, "capped at capacity");
        assert!(budget.try_withdraw(true));
        assert!(!budget.try_withdraw(true));
    }

    #[test]
    fn unlimited_never_runs_out() {
        let budget = RetryBudget::new(RetryBudgetConfig::unlimited());
        for _ in 0..10_000 {
            assert!(budget.try_withdraw(true));
        }
    }
}
