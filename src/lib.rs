//! `consolidate`: plans the consolidation of physical servers onto virtual hosts and projects
//! the five-year cost against renewing them one for one.

pub mod cli;
pub mod commands;
pub mod cost;
pub mod error;
pub mod import;
pub mod input;
pub mod inventory;
pub mod outdir;
pub mod pack;
pub mod plan;
pub mod report;
pub mod vbp;
pub mod whatif;

pub use error::{Error, InputError};
