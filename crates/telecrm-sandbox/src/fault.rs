//! Fault injection, deterministic given a seed.

use std::time::Duration;

/// Faults a sandbox injects, for testing how clients cope. The default injects
/// none.
///
/// The fate of the k-th request (counting from 0 since start) depends only on
/// `seed` and k, so a failing test replays exactly.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Faults {
    /// Seed of the fault sequence.
    pub seed: u64,
    /// Added before every answer.
    pub latency: Duration,
    /// Share of requests (0 to 1) answered with `error_status`.
    pub error_rate: f64,
    /// Status of injected errors; 0 means 503.
    pub error_status: u16,
    /// `Retry-After` sent with injected errors.
    pub retry_after: Option<String>,
    /// Share of requests (0 to 1) whose connection is dropped without an answer.
    pub drop_rate: f64,
}

/// What happens to one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Fate {
    Serve,
    Drop,
    Fail(u16),
}

impl Faults {
    pub(crate) fn is_none(&self) -> bool {
        self.latency.is_zero() && self.error_rate <= 0.0 && self.drop_rate <= 0.0
    }

    pub(crate) fn fate(&self, k: u64) -> Fate {
        let draw = |salt: u64| {
            unit(splitmix64(
                self.seed ^ splitmix64(k.wrapping_mul(2).wrapping_add(salt)),
            ))
        };
        if self.drop_rate > 0.0 && draw(0) < self.drop_rate {
            return Fate::Drop;
        }
        if self.error_rate > 0.0 && draw(1) < self.error_rate {
            let status = if self.error_status == 0 {
                503
            } else {
                self.error_status
            };
            return Fate::Fail(status);
        }
        Fate::Serve
    }
}

fn splitmix64(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// A number in [0, 1) from the top 53 bits.
fn unit(x: u64) -> f64 {
    (x >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic_and_roughly_proportional() {
        let faults = Faults {
            seed: 42,
            error_rate: 0.3,
            drop_rate: 0.1,
            ..Faults::default()
        };
        let a: Vec<Fate> = (0..1000).map(|k| faults.fate(k)).collect();
        let b: Vec<Fate> = (0..1000).map(|k| faults.fate(k)).collect();
        assert_eq!(a, b);
        let drops = a.iter().filter(|f| **f == Fate::Drop).count();
        let fails = a.iter().filter(|f| **f == Fate::Fail(503)).count();
        assert!((60..140).contains(&drops), "{drops}");
        assert!((220..330).contains(&fails), "{fails}");
        let other = Faults { seed: 43, ..faults };
        assert_ne!(a, (0..1000).map(|k| other.fate(k)).collect::<Vec<_>>());
        assert!(Faults::default().is_none());
        assert_eq!(Faults::default().fate(7), Fate::Serve);
    }
}
