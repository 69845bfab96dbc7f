//! Reading an inventory file: YAML → [`Inventory`], with every mistake located.

use super::model::*;
use super::sections::{self, ReadFile};
use super::source_map::SourceMap;
use super::validate::validate;
use crate::error::InputError;
use crate::import::{self, RowOrigin, zones::ZoneMatcher};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// An inventory together with where it came from, so that later errors (a server that fits no
/// host) can still point into the right file.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The validated inventory.
    pub inventory: Inventory,
    /// The file named on the command line.
    pub path: PathBuf,
    /// Every file read (the named one first, then the files it extends), with node positions.
    pub files: Vec<(PathBuf, SourceMap)>,
    /// For each top-level section, the index in `files` of the file it was taken from.
    pub origin: BTreeMap<&'static str, usize>,
    /// For each server read from a ledger (`servers_from`), the row it came from.
    pub server_origins: Vec<Option<RowOrigin>>,
}

impl Loaded {
    /// An error about the node at `path` (`servers[3]`), located in the file it came from.
    pub fn error_at(&self, path: &str, message: impl Into<String>) -> InputError {
        if let Some((i, field)) = server_path(path)
            && let Some(Some(origin)) = self.server_origins.get(i)
        {
            return origin.error(field, message);
        }
        self.locate_in_files(path, message)
    }

    /// An error about the node at `path`, located in the inventory file it came from.
    fn locate_in_files(&self, path: &str, message: impl Into<String>) -> InputError {
        let section = path.split(['.', '[']).next().unwrap_or_default();
        let i = self.origin.get(section).copied().unwrap_or(0);
        let (file, source) = &self.files[i];
        locate(file, source, path, message)
    }
}

/// How many files an `extends` chain may hold.
const MAX_CHAIN: usize = 8;

/// Reads, parses and validates an inventory file (and the files it extends). Every error is an
/// [`InputError`] naming the file and, where known, the line, column and field.
pub fn load(path: &Path) -> Result<Loaded, Vec<InputError>> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| vec![InputError::file(path, format!("cannot read the inventory: {e}"))])?;
    parse(path, &text)
}

/// Parses and validates inventory text; `path` is used in messages and to find the files it
/// extends.
pub fn parse(path: &Path, text: &str) -> Result<Loaded, Vec<InputError>> {
    let mut chain: Vec<(PathBuf, ReadFile, SourceMap)> = Vec::new();
    let (mut path, mut text) = (path.to_path_buf(), text.to_string());
    loop {
        let source = SourceMap::build(&text);
        let file = parse_file(&path, &text, &source)?;
        let next = file.file.extends.clone();
        chain.push((path.clone(), file, source));
        let Some(base) = next else { break };
        let (from, from_source) =
            (&chain.last().expect("pushed").0, &chain.last().expect("pushed").2);
        let base_path = from.parent().unwrap_or(Path::new("")).join(&base);
        if chain.len() >= MAX_CHAIN || chain.iter().any(|(p, _, _)| same_file(p, &base_path)) {
            return Err(vec![locate(
                from,
                from_source,
                "extends",
                format!(
                    "`{base}` would make the chain of extended inventories loop or exceed \
                     {MAX_CHAIN} files"
                ),
            )]);
        }
        text = std::fs::read_to_string(&base_path).map_err(|e| {
            vec![locate(
                from,
                from_source,
                "extends",
                format!("cannot read the base inventory {}: {e}", base_path.display()),
            )]
        })?;
        path = base_path;
    }
    let files: Vec<(PathBuf, SourceMap)> =
        chain.iter().map(|(p, _, s)| (p.clone(), s.clone())).collect();
    let mut errors: Vec<InputError> =
        chain.iter_mut().flat_map(|(_, f, _)| std::mem::take(&mut f.errors)).collect();
    if chain.iter().any(|(_, f, _)| f.broken) {
        return Err(errors);
    }
    let mut origin: BTreeMap<&'static str, usize> = BTreeMap::new();
    // The first file of the chain that has a section wins.
    macro_rules! take {
        ($field:ident) => {{
            let mut found = None;
            for (i, (_, f, _)) in chain.iter_mut().enumerate() {
                if let Some(v) = f.file.$field.take() {
                    origin.insert(stringify!($field), i);
                    found = Some(v);
                    break;
                }
            }
            found
        }};
    }
    let plan = take!(plan);
    let zones = take!(zones);
    let host_models = take!(host_models);
    let storage = take!(storage);
    let policy = take!(policy);
    let costs = take!(costs);
    let extra_items = take!(extra_items);
    let growth = take!(growth);
    let bcp = take!(bcp);
    // `servers` and `servers_from` are one section: the first file with either gives both.
    let servers_at = chain
        .iter()
        .position(|(_, f, _)| f.file.servers.is_some() || f.file.servers_from.is_some());
    let (entries, server_index, servers_from) = match servers_at {
        Some(i) => {
            origin.insert("servers", i);
            let f = &mut chain[i].1;
            (f.file.servers.take(), std::mem::take(&mut f.server_index), f.file.servers_from.take())
        }
        None => (None, Vec::new(), None),
    };
    let missing = |name: &str| {
        InputError::at(
            &files[0].0,
            1,
            1,
            None,
            format!(
                "missing field `{name}`{}",
                if files.len() > 1 { " (in this file and the inventories it extends)" } else { "" }
            ),
        )
    };
    let (Some(plan), Some(zones), Some(host_models), Some(storage), Some(costs), true) =
        (plan, zones, host_models, storage, costs, servers_at.is_some())
    else {
        let have = [
            ("plan", origin.contains_key("plan")),
            ("zones", origin.contains_key("zones")),
            ("host_models", origin.contains_key("host_models")),
            ("storage", origin.contains_key("storage")),
            ("costs", origin.contains_key("costs")),
            ("servers", origin.contains_key("servers")),
        ];
        errors.extend(have.iter().filter(|(_, h)| !h).map(|(n, _)| missing(n)));
        return Err(errors);
    };
    let mut loaded = Loaded {
        inventory: Inventory {
            plan,
            zones,
            host_models,
            storage,
            policy: policy.unwrap_or_default(),
            costs,
            extra_items: extra_items.unwrap_or_default(),
            growth: growth.unwrap_or_default(),
            bcp,
            servers: Vec::new(),
        },
        path: files[0].0.clone(),
        files,
        origin,
        server_origins: Vec::new(),
    };
    let n_written = entries.as_ref().map_or(0, Vec::len);
    let mut all: Vec<(ServerEntry, Option<RowOrigin>)> =
        entries.unwrap_or_default().into_iter().map(|e| (e, None)).collect();
    let mut index = server_index;
    if let Some(list) = servers_from {
        let base = loaded.files[loaded.origin["servers"]].0.clone();
        match read_servers_from(&loaded.inventory, &base, &list) {
            Ok(imported) => {
                for (k, s) in imported.into_iter().enumerate() {
                    index.push(n_written + k);
                    all.push((s.entry, Some(s.origin)));
                }
            }
            Err(mut e) => errors.append(&mut e),
        }
    }
    let zones = ZoneMatcher::new(&loaded.inventory.zones);
    let first_fy = loaded.inventory.plan.first_fy;
    // For each server kept, its index in the file's `servers` list (entries that could not be
    // read are left out, so the two may differ while there are errors).
    let mut kept_index = Vec::new();
    for (k, (entry, row)) in all.into_iter().enumerate() {
        let i = loaded.inventory.servers.len();
        match super::entry::to_server(&entry, i, &zones, first_fy) {
            Ok(server) => {
                loaded.inventory.servers.push(server);
                loaded.server_origins.push(row);
                kept_index.push(index[k]);
            }
            Err(problems) => {
                for p in problems {
                    errors.push(match &row {
                        Some(r) => r.error(server_path(&p.path).and_then(|(_, f)| f), p.message),
                        None => loaded.locate_in_files(&renumber(&p.path, index[k]), p.message),
                    });
                }
            }
        }
    }
    for p in validate(&loaded.inventory) {
        errors.push(match server_path(&p.path) {
            Some((i, field)) => match &loaded.server_origins[i] {
                Some(r) => r.error(field, p.message),
                None => loaded.locate_in_files(&renumber(&p.path, kept_index[i]), p.message),
            },
            None => loaded.error_at(&p.path, p.message),
        });
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(loaded)
}

fn parse_file(path: &Path, text: &str, source: &SourceMap) -> Result<ReadFile, Vec<InputError>> {
    if text.trim().is_empty() {
        return Err(vec![InputError::file(
            path,
            "the file is empty; expected an inventory with plan, zones, host_models, storage, \
             costs and servers",
        )]);
    }
    let value: serde_yaml::Value =
        serde_yaml::from_str(text).map_err(|e| vec![from_serde(path, &e)])?;
    Ok(sections::read(path, text, value, source))
}

/// `servers[3].costs.renewal` → (3, Some("costs.renewal")); `servers[3]` → (3, None).
fn server_path(path: &str) -> Option<(usize, Option<&str>)> {
    let rest = path.strip_prefix("servers[")?;
    let (i, rest) = rest.split_once(']')?;
    let field = rest.strip_prefix('.').filter(|f| !f.is_empty());
    Some((i.parse().ok()?, field))
}

/// `servers[i]…` with the index replaced.
fn renumber(path: &str, index: usize) -> String {
    match path.strip_prefix("servers[").and_then(|r| r.split_once(']')) {
        Some((_, rest)) => format!("servers[{index}]{rest}"),
        None => path.to_string(),
    }
}

/// Reads the servers of every `servers_from` file (relative to `inventory_file`), in order.
fn read_servers_from(
    inv: &Inventory,
    inventory_file: &Path,
    list: &[ServersFrom],
) -> Result<Vec<import::ImportedServer>, Vec<InputError>> {
    let dir = inventory_file.parent().unwrap_or(Path::new(""));
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for item in list {
        let spec = item.spec();
        let opts = import::Options {
            zones: inv.zones.clone(),
            default_zone: spec.zone.clone(),
            include_powered_off: spec.include_powered_off,
            default_renewal_fy: inv.plan.refresh_fy,
        };
        match import::read(&dir.join(&spec.path), &opts) {
            Ok(imported) => out.extend(imported.servers),
            Err(mut e) => errors.append(&mut e),
        }
    }
    if errors.is_empty() { Ok(out) } else { Err(errors) }
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => a == b,
    }
}

fn locate(file: &Path, source: &SourceMap, path: &str, message: impl Into<String>) -> InputError {
    let field = (!path.is_empty()).then(|| path.to_string());
    match source.locate(path) {
        Some((line, col)) => InputError::at(file, line, col, field, message),
        None => InputError { field, ..InputError::file(file, message) },
    }
}

/// Turns a serde_yaml error into an [`InputError`]: its position, the field path it puts in
/// front of the message, and the message without the trailing "at line … column …".
fn from_serde(file: &Path, e: &serde_yaml::Error) -> InputError {
    let mut text = e.to_string();
    if let Some(cut) = text.rfind(" at line ") {
        text.truncate(cut);
    }
    let (field, message) = split_path(&text);
    let message = explain(message);
    match e.location() {
        Some(loc) => InputError::at(file, loc.line(), loc.column(), field, message),
        None => InputError { field, ..InputError::file(file, message) },
    }
}

/// serde_yaml writes `servers[1].cores: invalid type ...`; separate the path.
fn split_path(text: &str) -> (Option<String>, &str) {
    if let Some((head, rest)) = text.split_once(": ") {
        let path_like = !head.is_empty()
            && head.chars().all(|c| c.is_ascii_alphanumeric() || "_.[]-".contains(c));
        if path_like {
            return (Some(head.to_string()), rest);
        }
    }
    (None, text)
}

/// Rewords serde's type names into what a person writing the file expects.
pub(crate) fn explain(message: &str) -> String {
    message
        .replace("expected u32", "expected a whole number ≥ 0")
        .replace("expected i32", "expected a whole number (a fiscal year such as 2018)")
        .replace("expected f64", "expected a number")
        .replace("expected a boolean", "expected true or false")
        .replace(
            "expected struct InventoryFile",
            "expected an inventory: a mapping with plan, zones, host_models, storage, costs and \
             servers",
        )
}
