//! `consolidate init [--lang ja]`: a commented starting inventory with every field and its
//! unit, the per-core performance table, and a few example servers; it loads and plans as is.

use crate::cli::{InitArgs, Lang};
use crate::error::{Error, InputError};
use crate::import::output::{TEMPLATE_EN, TEMPLATE_JA};

/// The template in a language.
pub fn template(lang: Lang) -> &'static str {
    match lang {
        Lang::En => TEMPLATE_EN,
        Lang::Ja => TEMPLATE_JA,
    }
}

/// Runs the subcommand.
pub fn run(args: &InitArgs) -> Result<(), Error> {
    let text = template(args.lang);
    let Some(out) = &args.out else {
        print!("{text}");
        return Ok(());
    };
    if out.exists() {
        return Err(InputError::file(
            out,
            "the file exists; not overwritten (remove it or choose another name)",
        )
        .into());
    }
    std::fs::write(out, text).map_err(|e| Error::io(out, e))?;
    println!("wrote {}", out.display());
    Ok(())
}
