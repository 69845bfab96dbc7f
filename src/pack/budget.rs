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
    cut: AtomicBool,
    lower_bound: AtomicU64,
    upper_bound: AtomicU64,
}

impl Stop {
    /// Starts the clock.
    pub fn new(limit: Duration) -> Self {
        Stop {
            start: Instant::now(),
            limit,
            expired: AtomicBool::new(false),
            cut: AtomicBool::new(false),
            lower_bound: AtomicU64::new(0),
            upper_bound: AtomicU64::new(u64::MAX),
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

    /// True when the clock cut anything: the deadline passed, a phase stopped at its share of
    /// the time ([`Stop::past`]), or a phase under its own shorter stop was cut
    /// ([`Stop::absorb`]). Then the result may depend on timing.
    pub fn fired(&self) -> bool {
        self.expired.load(Ordering::Relaxed) || self.cut.load(Ordering::Relaxed)
    }

    /// True once more than `fraction` of the time limit is used; a phase that stops because
    /// of it was cut by the clock, which [`Stop::fired`] then reports.
    pub fn past(&self, fraction: f64) -> bool {
        let past = self.used_fraction() > fraction;
        if past {
            self.cut.store(true, Ordering::Relaxed);
        }
        past
    }

    /// Records that a phase was cut by a clock of its own (a backend's time limit).
    pub fn mark_cut(&self) {
        self.cut.store(true, Ordering::Relaxed);
    }

    /// Carries over that a phase run under its own stop `child` was cut by the clock.
    pub fn absorb(&self, child: &Stop) {
        if child.fired() {
            self.cut.store(true, Ordering::Relaxed);
        }
    }

    /// Seconds since the start.
    pub fn elapsed(&self) -> f64 {
        self.start.elapsed().as_secs_f64()
    }

    /// Seconds left before the deadline (0 when passed).
    pub fn remaining_secs(&self) -> f64 {
        (self.limit.as_secs_f64() - self.start.elapsed().as_secs_f64()).max(0.0)
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

    /// Lowers the shared best solution value to at most `ub`.
    pub fn lower_upper_bound(&self, ub: u64) {
        self.upper_bound.fetch_min(ub, Ordering::Relaxed);
    }

    /// The best solution value published so far (`u64::MAX` when none).
    pub fn upper_bound(&self) -> u64 {
        self.upper_bound.load(Ordering::Relaxed)
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

/// Deterministic early stopping for searches run in parallel with different seeds.
///
/// Each search reports the layouts it finds as (bins, work spent when found). The winner is the
/// smallest (bins, work, index), which does not depend on timing. A search may stop as soon as
/// another has reached a proven lower bound with less work than it has spent: it can no longer
/// win, so stopping it changes the running time, never the answer.
#[derive(Debug, Default)]
pub struct Race {
    best: std::sync::Mutex<Option<(u64, u64, usize)>>,
}

impl Race {
    /// A race with no result yet.
    pub fn new() -> Self {
        Race::default()
    }

    /// Search `idx` found a layout of `bins` bins after `work` units.
    pub fn report(&self, bins: u64, work: u64, idx: usize) {
        if let Ok(mut g) = self.best.lock() {
            let cand = (bins, work, idx);
            if g.is_none_or(|b| cand < b) {
                *g = Some(cand);
            }
        }
    }

    /// True when search `idx`, having spent `work`, can no longer win: another search reached
    /// `lower_bound` bins (optimal) with less work (or as much work and a smaller index).
    pub fn lost(&self, idx: usize, work: u64, lower_bound: u64) -> bool {
        match self.best.lock() {
            Ok(g) => {
                g.is_some_and(|(b, w, i)| i != idx && b <= lower_bound && (w, i) < (work, idx))
            }
            Err(_) => false,
        }
    }
}
