//! Independent check of any packing. Deliberately naive (no shared code with the solvers):
//! each item exactly once, no dimension over capacity, conflict groups on distinct bins, bin
//! type counts within their limits.

use super::{Packing, Problem};
use std::fmt;

/// The first thing found wrong with a packing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Violation {
    /// A bin refers to a bin type that does not exist.
    UnknownBinType { bin: usize, bin_type: usize },
    /// An item index out of range.
    UnknownItem { bin: usize, item: usize },
    /// An item placed more than once.
    Duplicate { item: usize },
    /// An item not placed.
    Missing { item: usize },
    /// A bin over capacity in a dimension.
    OverCapacity { bin: usize, dim: usize, load: u128, capacity: u64 },
    /// Two items of one conflict group in the same bin.
    Conflict { bin: usize, group: usize, a: usize, b: usize },
    /// More bins of a type than its limit.
    TooMany { bin_type: usize, used: usize, max: usize },
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Violation::UnknownBinType { bin, bin_type } => {
                write!(f, "bin {bin} has unknown type {bin_type}")
            }
            Violation::UnknownItem { bin, item } => {
                write!(f, "bin {bin} holds unknown item {item}")
            }
            Violation::Duplicate { item } => write!(f, "item {item} is placed more than once"),
            Violation::Missing { item } => write!(f, "item {item} is not placed"),
            Violation::OverCapacity { bin, dim, load, capacity } => {
                write!(f, "bin {bin} dimension {dim}: load {load} > capacity {capacity}")
            }
            Violation::Conflict { bin, group, a, b } => {
                write!(f, "bin {bin} holds items {a} and {b} of conflict group {group}")
            }
            Violation::TooMany { bin_type, used, max } => {
                write!(f, "{used} bins of type {bin_type}, at most {max} allowed")
            }
        }
    }
}

/// Returns `Ok(())` when `packing` is a feasible packing of every item of `problem`.
pub fn verify(problem: &Problem, packing: &Packing) -> Result<(), Violation> {
    let n = problem.len();
    let mut where_: Vec<Option<usize>> = vec![None; n];
    let mut per_type = vec![0usize; problem.bin_types().len()];
    for (b, bin) in packing.bins.iter().enumerate() {
        let Some(bt) = problem.bin_types().get(bin.bin_type) else {
            return Err(Violation::UnknownBinType { bin: b, bin_type: bin.bin_type });
        };
        per_type[bin.bin_type] += 1;
        let mut load = vec![0u128; problem.dims()];
        for &i in &bin.items {
            if i >= n {
                return Err(Violation::UnknownItem { bin: b, item: i });
            }
            if where_[i].is_some() {
                return Err(Violation::Duplicate { item: i });
            }
            where_[i] = Some(b);
            for (l, &d) in load.iter_mut().zip(problem.demand(i)) {
                *l += u128::from(d);
            }
        }
        for (dim, (&l, &c)) in load.iter().zip(&bt.capacity).enumerate() {
            if l > u128::from(c) {
                return Err(Violation::OverCapacity { bin: b, dim, load: l, capacity: c });
            }
        }
    }
    if let Some(item) = where_.iter().position(Option::is_none) {
        return Err(Violation::Missing { item });
    }
    for (t, (&used, bt)) in per_type.iter().zip(problem.bin_types()).enumerate() {
        if let Some(max) = bt.max_count
            && used > max
        {
            return Err(Violation::TooMany { bin_type: t, used, max });
        }
    }
    for (g, group) in problem.conflict_groups().iter().enumerate() {
        for (x, &a) in group.iter().enumerate() {
            for &b in &group[x + 1..] {
                if where_[a] == where_[b] {
                    let bin = where_[a].unwrap_or_default();
                    return Err(Violation::Conflict { bin, group: g, a, b });
                }
            }
        }
    }
    Ok(())
}
