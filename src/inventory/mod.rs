//! The inventory: YAML model, loading with positions, validation.

mod entry;
pub mod feasibility;
pub mod limits;
pub mod load;
pub mod model;
pub mod paths;
mod sections;
pub mod source_map;
pub mod validate;

pub use load::{load, parse};
pub use model::*;
