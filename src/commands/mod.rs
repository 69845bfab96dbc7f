//! One module per subcommand: each turns parsed arguments into library calls and output.

pub mod compare;
pub mod harness;
pub mod pack;
pub mod plan;
