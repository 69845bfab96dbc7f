//! `consolidate check INVENTORY`: every mistake of the file at once, each with
//! file:line:column and field (exit code 2 if any), then warnings that are not mistakes.

use crate::cli::CheckArgs;
use crate::error::Error;
use crate::inventory::{self, validate};

/// Runs the subcommand.
pub fn run(args: &CheckArgs) -> Result<(), Error> {
    let loaded = match inventory::load(&args.inventory) {
        Ok(l) => l,
        Err(errors) => {
            eprintln!("{}: {} problem(s)", args.inventory.display(), errors.len());
            return Err(errors.into());
        }
    };
    let warnings = validate::warnings(&loaded.inventory);
    for w in &warnings {
        println!("warning: {}", loaded.error_at(&w.path, w.message.clone()));
    }
    let inv = &loaded.inventory;
    let from_ledgers = loaded.server_origins.iter().filter(|o| o.is_some()).count();
    println!(
        "{}: no mistakes, {} warning(s); {} servers ({} in scope{}), {} zones, {} host models",
        args.inventory.display(),
        warnings.len(),
        inv.servers.len(),
        inv.servers.iter().filter(|s| s.in_scope).count(),
        if from_ledgers > 0 {
            format!(", {from_ledgers} from servers_from")
        } else {
            String::new()
        },
        inv.zones.len(),
        inv.host_models.len()
    );
    Ok(())
}
