//! `consolidate import FILE… [--base INVENTORY.yaml] [--zone ZONE] [--out FILE.yaml]`: servers
//! from ledgers and RVTools exports into an inventory whose other sections come from the base
//! (or the commented template). Prints, per file and row, what was assumed, defaulted or
//! skipped. Any row that cannot be read, or an inventory that would not load, is an error
//! naming the file, row and column; then nothing is written.

use crate::cli::ImportArgs;
use crate::error::{Error, InputError};
use crate::import::{self, Imported, output, zones::ZoneMatcher};
use crate::inventory::{self, InventoryFile, Zone};
use std::path::{Path, PathBuf};

/// How many base inventories an `extends` chain may hold (as the loader).
const MAX_CHAIN: usize = 8;

/// Runs the subcommand.
pub fn run(args: &ImportArgs) -> Result<(), Error> {
    let base_text = match &args.base {
        Some(b) => crate::input::read_text(b, "the base inventory")?,
        None => output::TEMPLATE_EN.to_string(),
    };
    let base_path = args.base.clone().unwrap_or_else(|| PathBuf::from("<template>"));
    let (zones, refresh_fy) = base_zones(&base_path, &base_text)?;
    let default_zone = match &args.zone {
        Some(z) => Some(resolve_zone(z, &zones)?),
        None => None,
    };
    let opts = import::Options {
        zones,
        default_zone,
        include_powered_off: args.include_powered_off,
        default_renewal_fy: refresh_fy,
    };
    let mut imported = Vec::new();
    let mut errors = Vec::new();
    for f in &args.files {
        match import::read(f, &opts) {
            Ok(i) => imported.push(i),
            Err(mut e) => errors.append(&mut e),
        }
    }
    if !errors.is_empty() {
        return Err(errors.into());
    }
    let out_path = args.out.clone().unwrap_or_else(|| PathBuf::from("<stdout>"));
    let mut base = output::without_servers(&base_text);
    if let (Some(b), Some(o)) = (&args.base, &args.out) {
        base = rebase_extends(&base, b, o);
    }
    let text = output::compose(&base, &imported);
    check_loads(&out_path, &text, &imported, &base_path)?;
    let report: String = imported.iter().map(Imported::report).collect();
    let servers: usize = imported.iter().map(|i| i.servers.len()).sum();
    match &args.out {
        Some(o) => {
            write_atomically(o, &text)?;
            print!("{report}");
            println!(
                "wrote {} ({servers} servers); next: consolidate check {}",
                o.display(),
                o.display()
            );
        }
        None => {
            eprint!("{report}");
            print!("{text}");
        }
    }
    Ok(())
}

/// The zones and refresh year the servers go into: from the base, or the inventories it
/// extends.
fn base_zones(path: &Path, text: &str) -> Result<(Vec<Zone>, i32), Error> {
    let (mut path, mut text) = (path.to_path_buf(), text.to_string());
    let (mut zones, mut refresh) = (None, None);
    for _ in 0..MAX_CHAIN {
        let file: InventoryFile = serde_yaml::from_str(&text).map_err(|e| {
            let (line, col) = e.location().map_or((1, 1), |l| (l.line(), l.column()));
            InputError::at(
                &path,
                line,
                col,
                None,
                format!("not a readable inventory ({e}); `consolidate check` lists every mistake"),
            )
        })?;
        zones = zones.or(file.zones);
        refresh = refresh.or(file.plan.map(|p| p.refresh_fy));
        let Some(next) = file.extends.filter(|_| zones.is_none() || refresh.is_none()) else {
            break;
        };
        path = path.parent().unwrap_or(Path::new("")).join(next);
        text = crate::input::read_text(&path, "the base inventory")?;
    }
    let zones = zones.ok_or_else(|| {
        InputError::file(&path, "the base inventory has no `zones`; servers need zones to go into")
    })?;
    Ok((zones, refresh.unwrap_or(2018)))
}

/// `--zone` matched like a ledger value.
fn resolve_zone(z: &str, zones: &[Zone]) -> Result<String, Error> {
    let m = ZoneMatcher::new(zones);
    match m.resolve(z) {
        Ok(Some(name)) => Ok(name.to_string()),
        Ok(None) => Err(Error::Input(InputError {
            field: Some("--zone".into()),
            ..InputError::file(
                "<command line>",
                format!("unknown zone `{z}`; expected one of: {}", m.names()),
            )
        })),
        Err(msg) => Err(Error::Input(InputError {
            field: Some("--zone".into()),
            ..InputError::file("<command line>", msg)
        })),
    }
}

/// An `extends:` of the base, rewritten so that it still points at the same file from the
/// output's folder (an absolute path when the folders differ).
fn rebase_extends(text: &str, base: &Path, out: &Path) -> String {
    let dir = |p: &Path| {
        p.parent()
            .map(|d| if d.as_os_str().is_empty() { Path::new(".") } else { d })
            .and_then(|d| d.canonicalize().ok())
    };
    if dir(base) == dir(out) {
        return text.to_string();
    }
    text.lines()
        .map(|l| match l.strip_prefix("extends:") {
            Some(v) => {
                let target =
                    base.parent().unwrap_or(Path::new("")).join(v.trim().trim_matches(['"', '\'']));
                let abs = target.canonicalize().unwrap_or(target);
                format!("extends: {:?}\n", abs.display().to_string())
            }
            None => format!("{l}\n"),
        })
        .collect()
}

/// Loads the composed inventory as `plan` would; a mistake about an imported server is
/// reported at its file, row and column, one in the base's sections at the base.
fn check_loads(out: &Path, text: &str, imported: &[Imported], base: &Path) -> Result<(), Error> {
    let origins: Vec<&import::RowOrigin> =
        imported.iter().flat_map(|i| i.servers.iter().map(|s| &s.origin)).collect();
    let Err(errors) = inventory::parse(out, text) else { return Ok(()) };
    let errors: Vec<InputError> = errors
        .into_iter()
        .map(|e| {
            let server = e.field.as_deref().and_then(|f| {
                let rest = f.strip_prefix("servers[")?;
                let (i, field) = rest.split_once(']')?;
                Some((i.parse::<usize>().ok()?, field.strip_prefix('.').map(str::to_string)))
            });
            match server {
                Some((i, field)) if i < origins.len() => {
                    origins[i].error(field.as_deref(), e.message)
                }
                _ if e.file == out => {
                    InputError { file: base.to_path_buf(), line: None, column: None, ..e }
                }
                _ => e,
            }
        })
        .collect();
    Err(errors.into())
}

/// Writes `text` to `path` through a temporary file in the same folder, so that a failed
/// write leaves no half-written inventory.
fn write_atomically(path: &Path, text: &str) -> Result<(), Error> {
    let tmp = path.with_extension("yaml.tmp");
    std::fs::write(&tmp, text).map_err(|e| Error::io(&tmp, e))?;
    std::fs::rename(&tmp, path).map_err(|e| Error::io(path, e))
}
