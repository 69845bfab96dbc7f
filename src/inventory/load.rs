//! Reading an inventory file: YAML → [`Inventory`], with every mistake located.

use super::model::*;
use super::source_map::SourceMap;
use super::validate::validate;
use crate::error::InputError;
use serde::Deserialize;
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
}

impl Loaded {
    /// An error about the node at `path` (`servers[3]`), located in the file it came from.
    pub fn error_at(&self, path: &str, message: impl Into<String>) -> InputError {
        let section = path.split(['.', '[']).next().unwrap_or_default();
        let i = self.origin.get(section).copied().unwrap_or(0);
        let (file, source) = &self.files[i];
        locate(file, source, path, message)
    }
}

/// One file as written: every section optional, and `extends` naming a base inventory whose
/// sections it replaces one by one (a scenario: the base's servers with another policy, say).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct InventoryFile {
    extends: Option<String>,
    plan: Option<PlanSection>,
    zones: Option<Vec<Zone>>,
    host_models: Option<Vec<HostModel>>,
    storage: Option<Storage>,
    policy: Option<Policy>,
    costs: Option<CostParameters>,
    extra_items: Option<Vec<ExtraItem>>,
    growth: Option<Growth>,
    bcp: Option<Bcp>,
    servers: Option<Vec<Server>>,
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
    let mut chain: Vec<(PathBuf, InventoryFile, SourceMap)> = Vec::new();
    let (mut path, mut text) = (path.to_path_buf(), text.to_string());
    loop {
        let file = parse_file(&path, &text)?;
        let next = file.extends.clone();
        let source = SourceMap::build(&text);
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
    let mut origin: BTreeMap<&'static str, usize> = BTreeMap::new();
    // The first file of the chain that has a section wins.
    macro_rules! take {
        ($field:ident) => {{
            let mut found = None;
            for (i, (_, f, _)) in chain.iter_mut().enumerate() {
                if let Some(v) = f.$field.take() {
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
    let servers = take!(servers);
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
    let (Some(plan), Some(zones), Some(host_models), Some(storage), Some(costs), Some(servers)) =
        (plan, zones, host_models, storage, costs, servers)
    else {
        let have = [
            ("plan", origin.contains_key("plan")),
            ("zones", origin.contains_key("zones")),
            ("host_models", origin.contains_key("host_models")),
            ("storage", origin.contains_key("storage")),
            ("costs", origin.contains_key("costs")),
            ("servers", origin.contains_key("servers")),
        ];
        return Err(have.iter().filter(|(_, h)| !h).map(|(n, _)| missing(n)).collect());
    };
    let inventory = Inventory {
        plan,
        zones,
        host_models,
        storage,
        policy: policy.unwrap_or_default(),
        costs,
        extra_items: extra_items.unwrap_or_default(),
        growth: growth.unwrap_or_default(),
        bcp,
        servers,
    };
    let loaded = Loaded { inventory, path: files[0].0.clone(), files, origin };
    let problems = validate(&loaded.inventory);
    if !problems.is_empty() {
        return Err(problems.into_iter().map(|p| loaded.error_at(&p.path, p.message)).collect());
    }
    Ok(loaded)
}

fn parse_file(path: &Path, text: &str) -> Result<InventoryFile, Vec<InputError>> {
    if text.trim().is_empty() {
        return Err(vec![InputError::file(
            path,
            "the file is empty; expected an inventory with plan, zones, host_models, storage, \
             costs and servers",
        )]);
    }
    serde_yaml::from_str(text).map_err(|e| vec![from_serde(path, &e)])
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
fn explain(message: &str) -> String {
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
