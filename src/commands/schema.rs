//! `consolidate schema`: the JSON Schema of the inventory format, generated from the types
//! (so it cannot drift from what the loader accepts), for editors' YAML language server.

use crate::error::Error;
use crate::inventory::InventoryFile;

/// The schema as pretty-printed JSON.
pub fn schema_json() -> String {
    let schema = schemars::schema_for!(InventoryFile);
    serde_json::to_string_pretty(&schema).unwrap_or_default() + "\n"
}

/// Runs the subcommand.
pub fn run() -> Result<(), Error> {
    print!("{}", schema_json());
    Ok(())
}
