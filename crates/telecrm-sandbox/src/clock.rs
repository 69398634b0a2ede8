//! Where the sandbox's times and new IDs come from, injected into the store:
//! the wall clock and a random seed by default; a fixed clock and a seed for
//! runs whose every answer must be the same from run to run.

use std::collections::hash_map::RandomState;
use std::fmt;
use std::hash::BuildHasher;
use std::str::FromStr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// The sandbox's clock: the system's (the default), or a fixed one that
/// starts at a given time and moves by a fixed step at every reading.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Clock {
    /// The system clock.
    #[default]
    Real,
    /// Starts at `start_ms` (Unix milliseconds); every reading after the
    /// first is `step_ms` later than the one before (0: time stands still).
    Fixed {
        /// The first reading, Unix milliseconds.
        start_ms: i64,
        /// How far each reading moves the clock.
        step_ms: i64,
    },
}

/// A `--clock` value that is neither `real` nor `fixed:<ms>[:<step ms>]`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("expected `real` or `fixed:<unix ms>[:<step ms>]`")]
pub struct ClockParseError;

impl FromStr for Clock {
    type Err = ClockParseError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s == "real" {
            return Ok(Self::Real);
        }
        let rest = s.strip_prefix("fixed:").ok_or(ClockParseError)?;
        let (start, step) = match rest.split_once(':') {
            Some((start, step)) => (start, step),
            None => (rest, "0"),
        };
        let start_ms: i64 = start.parse().map_err(|_| ClockParseError)?;
        let step_ms: i64 = step.parse().map_err(|_| ClockParseError)?;
        if start_ms < 0 || step_ms < 0 {
            return Err(ClockParseError);
        }
        Ok(Self::Fixed { start_ms, step_ms })
    }
}

impl fmt::Display for Clock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Real => f.write_str("real"),
            Self::Fixed { start_ms, step_ms } => write!(f, "fixed:{start_ms}:{step_ms}"),
        }
    }
}

/// A running clock: readings of a [`Clock`].
#[derive(Debug)]
pub(crate) struct Ticker {
    clock: Clock,
    readings: AtomicU64,
}

impl Ticker {
    pub(crate) fn new(clock: Clock) -> Self {
        Self {
            clock,
            readings: AtomicU64::new(0),
        }
    }

    /// Now, Unix milliseconds.
    pub(crate) fn now_millis(&self) -> i64 {
        match self.clock {
            Clock::Real => SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX)),
            Clock::Fixed { start_ms, step_ms } => {
                let n = self.readings.fetch_add(1, Ordering::Relaxed);
                let n = i64::try_from(n).unwrap_or(i64::MAX);
                start_ms.saturating_add(step_ms.saturating_mul(n))
            }
        }
    }
}

/// The source of new IDs' random part: from `--seed`, or random per run.
pub(crate) fn id_seed(seed: Option<u64>) -> u64 {
    match seed {
        Some(seed) => splitmix(seed),
        None => RandomState::new().hash_one(0x1d5_u64),
    }
}

/// An ObjectId-shaped ID (24 hex digits): the creation time in Unix seconds
/// (4 bytes), 5 bytes from the seed, a 3-byte counter, as MongoDB makes them
/// and as tools that read the time back out of an ID expect.
pub(crate) fn object_id(millis: i64, seed: u64, counter: u64) -> String {
    let seconds = u32::try_from(millis.div_euclid(1000)).unwrap_or(u32::MAX);
    let random = splitmix(seed ^ (counter >> 24)) & 0xff_ffff_ffff;
    format!("{seconds:08x}{random:010x}{:06x}", counter & 0xff_ffff)
}

/// A fixed seed's tokens: the same for the same seed, different per seed.
pub(crate) fn seeded_token(seed: u64, salt: u64) -> String {
    let a = splitmix(seed ^ salt);
    let b = splitmix(a);
    format!("sbx_{a:016x}{b:016x}")
}

/// SplitMix64: a well-mixed 64-bit value from any input.
fn splitmix(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints() {
        assert_eq!("real".parse::<Clock>(), Ok(Clock::Real));
        assert_eq!(
            "fixed:1000".parse::<Clock>(),
            Ok(Clock::Fixed {
                start_ms: 1000,
                step_ms: 0
            })
        );
        let clock: Clock = "fixed:1772355600000:250".parse().unwrap();
        assert_eq!(clock.to_string(), "fixed:1772355600000:250");
        for bad in [
            "",
            "fixed",
            "fixed:",
            "fixed:x",
            "fixed:1:y",
            "fixed:-1",
            "fixed:1:2:3",
        ] {
            assert_eq!(bad.parse::<Clock>(), Err(ClockParseError), "{bad}");
        }
    }

    #[test]
    fn a_fixed_clock_steps_at_every_reading() {
        let ticker = Ticker::new(Clock::Fixed {
            start_ms: 5_000,
            step_ms: 10,
        });
        let readings: Vec<_> = (0..3).map(|_| ticker.now_millis()).collect();
        assert_eq!(readings, [5_000, 5_010, 5_020]);
    }

    #[test]
    fn ids_are_object_ids_that_carry_their_time() {
        let id = object_id(1_772_355_600_123, id_seed(Some(7)), 1);
        assert_eq!(id.len(), 24);
        assert!(id.bytes().all(|c| c.is_ascii_hexdigit()));
        assert_eq!(u32::from_str_radix(&id[..8], 16).unwrap(), 1_772_355_600);
        assert_eq!(id, object_id(1_772_355_600_123, id_seed(Some(7)), 1));
        assert_ne!(id, object_id(1_772_355_600_123, id_seed(Some(8)), 1));
        assert_ne!(id, object_id(1_772_355_600_123, id_seed(Some(7)), 2));
    }
}
