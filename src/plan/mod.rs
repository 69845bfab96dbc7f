//! The planner: from an inventory to a layout per cluster and the five-year projection.

pub mod result;

pub use result::*;
