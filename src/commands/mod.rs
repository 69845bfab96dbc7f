//! One module per subcommand: each turns parsed arguments into library calls and output.

pub mod check;
pub mod compare;
pub mod completions;
pub mod harness;
pub mod import;
pub mod init;
pub mod pack;
pub mod plan;
pub mod schema;
pub mod sensitivity;
pub mod sweep;
