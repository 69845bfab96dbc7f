//! General problems: several bin types with costs, count limits, conflict groups.
use super::budget::Stop;
use super::engine::{Engine, PackStats};
use super::{FirstFitDecreasing, PackError, PackOptions, Packer, Packing, Problem};

/// Packs a general problem.
pub(crate) fn pack(
    _engine: &Engine,
    problem: &Problem,
    options: &PackOptions,
    _stop: &Stop,
    _stats: &mut PackStats,
) -> Result<Packing, PackError> {
    FirstFitDecreasing.pack(problem, options)
}
