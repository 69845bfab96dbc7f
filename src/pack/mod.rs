//! The packing solver: vector bin packing with bin types of different sizes and costs and
//! groups of items that must not share a bin.
//!
//! Everything here is pure: a [`Problem`] in, a [`Packing`] out, no I/O. Any layout can be
//! checked with [`verify::verify`], which shares no code with the solvers.

// Index loops over dimensions read more clearly than zipped iterators in the numeric kernels.
#![allow(clippy::needless_range_loop)]

mod bnp;
pub mod bounds;
pub mod budget;
mod colgen;
mod cover;
mod coverls;
mod engine;
mod exact;
mod exactfill;
pub mod ffd;
mod general;
pub mod generate;
pub mod heuristics;
mod knapsack;
mod lns;
mod lp;
mod milp;
pub mod plain;
mod problem;
pub(crate) mod rng;
mod search;
mod setcover;
mod solver;
mod subset;
pub mod verify;

use std::time::Duration;

pub use ffd::FirstFitDecreasing;
pub use problem::{BinType, Problem};
pub use search::Tuning;
pub use solver::{Engine, EngineConfig, PackStats};

/// One opened bin: its type and the items it holds (indices into the problem's items).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackedBin {
    /// Index into [`Problem::bin_types`].
    pub bin_type: usize,
    /// Items in this bin.
    pub items: Vec<usize>,
}

/// A solver's answer: the bins, their total cost, and what is known about optimality.
#[derive(Debug, Clone, PartialEq)]
pub struct Packing {
    /// Bins in a canonical order chosen by the solver (deterministic for a given input).
    pub bins: Vec<PackedBin>,
    /// A lower bound on the optimal total cost (for plain bin packing: on the bin count).
    pub lower_bound: u64,
    /// True only when the total cost equals a proven lower bound or an exact method finished.
    pub proven_optimal: bool,
    /// Which method produced the layout, for reports ("ffd-sum", "lns", ...).
    pub method: String,
}

impl Packing {
    /// Total cost: the sum of the costs of the opened bins.
    pub fn cost(&self, problem: &Problem) -> u64 {
        self.bins.iter().map(|b| problem.bin_types()[b.bin_type].cost).sum()
    }

    /// Number of bins opened.
    pub fn bins_used(&self) -> usize {
        self.bins.len()
    }
}

/// Options every packer understands.
#[derive(Debug, Clone, PartialEq)]
pub struct PackOptions {
    /// Wall-clock safety net. Solvers are driven by deterministic work budgets so that the same
    /// input gives the same layout on any machine and thread count; the time limit only cuts a
    /// search that would otherwise run too long (and then the answer may depend on timing).
    pub time_limit: Duration,
    /// Seed for any randomised step; part of the input for determinism.
    pub seed: u64,
}

impl Default for PackOptions {
    fn default() -> Self {
        PackOptions { time_limit: Duration::from_secs(10), seed: 0x5eed }
    }
}

/// Why a problem could not be packed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PackError {
    /// The problem itself is ill-formed (wrong vector lengths, bad indices).
    #[error("malformed problem: {0}")]
    Malformed(String),
    /// An item exceeds the capacity of every bin type, even in an empty bin.
    #[error("item {item} fits no bin type even alone")]
    ItemTooLarge { item: usize },
    /// No packing respects the bin-count limits and conflict groups.
    #[error("no feasible packing: {0}")]
    Infeasible(String),
}

/// A packing algorithm. Implementations must be deterministic for a given problem and options.
pub trait Packer: Sync {
    /// Short name for reports.
    fn name(&self) -> &str;
    /// Packs every item of `problem`.
    fn pack(&self, problem: &Problem, options: &PackOptions) -> Result<Packing, PackError>;

    /// Packs and says how: bounds, and whether the wall clock cut a step (the planner records
    /// that in the plan). Packers without statistics of their own report their answer's bound
    /// and cost, and no cut.
    fn pack_with_stats(
        &self,
        problem: &Problem,
        options: &PackOptions,
    ) -> Result<(Packing, PackStats), PackError> {
        self.pack(problem, options).map(|p| {
            let stats = PackStats {
                quick_bound: p.lower_bound,
                lp_bound: None,
                heuristic_cost: p.cost(problem),
                time_limit_hit: false,
                seconds: 0.0,
            };
            (p, stats)
        })
    }
}
