//! Stopping rules. Searches are driven by deterministic work counts so that a run gives the
//! same layout whatever the machine speed or thread count; the wall-clock deadline is only a
//! safety net (when it fires, the answer depends on timing, and the engine says so in its
//! statistics).

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// Shared stop state of one `pack` call: the deadline, a flag raised when it passed, and the
/// best lower bound known so far (raised by bounding threads, read by searches so that they
/// stop once they reach it).
#[derive(Debug)]
pub struct Stop {
    start: Instant,
    limit: Duration,
    expired: AtomicBool,
    lower_bound: AtomicU64,
}

impl Stop {
    /// Starts the clock.
    pub fn new(limit: Duration) -> Self {
        Stop {
            start: Instant::now(),
            limit,
            expired: AtomicBool::new(false),
            lower_bound: AtomicU64::new(0),
        }
    }

    /// True once the deadline has passed (and stays true).
    #[inline]
    pub fn expired(&self) -> bool {
        if self.expired.load(Ordering::Relaxed) {
            return true;
        }
        if self.start.elapsed() >= self.limit {
            self.expired.store(true, Ordering::Relaxed);
            return true;
        }
        false
    }

    /// True when the deadline fired at some point (the result may depend on timing).
    pub fn fired(&self) -> bool {
        self.expired.load(Ordering::Relaxed)
    }

    /// Seconds since the start.
    pub fn elapsed(&self) -> f64 {
        self.start.elapsed().as_secs_f64()
    }

    /// Fraction of the time limit used so far (0 when the limit is zero).
    pub fn used_fraction(&self) -> f64 {
        let l = self.limit.as_secs_f64();
        if l <= 0.0 { 1.0 } else { self.start.elapsed().as_secs_f64() / l }
    }

    /// Raises the shared lower bound to at least `lb`.
    pub fn raise_lower_bound(&self, lb: u64) {
        self.lower_bound.fetch_max(lb, Ordering::Relaxed);
    }

    /// The best lower bound published so far.
    pub fn lower_bound(&self) -> u64 {
        self.lower_bound.load(Ordering::Relaxed)
    }
}

/// A deterministic work budget: a count of elementary steps (move evaluations, nodes).
#[derive(Debug, Clone)]
pub struct Work {
    left: u64,
}

impl Work {
    /// A budget of `units` steps.
    pub fn new(units: u64) -> Self {
        Work { left: units }
    }

    /// Spends `units`; false when the budget is exhausted.
    #[inline]
    pub fn spend(&mut self, units: u64) -> bool {
        if self.left < units {
            self.left = 0;
            false
        } else {
            self.left -= units;
            true
        }
    }

    /// True while some budget remains.
    #[inline]
    pub fn left(&self) -> bool {
        self.left > 0
    }

    /// Remaining units.
    pub fn remaining(&self) -> u64 {
        self.left
    }
}
