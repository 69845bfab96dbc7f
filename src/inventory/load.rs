//! Reading an inventory file: YAML → [`Inventory`], with every mistake located.

use super::model::*;
use super::sections::{self, ReadFile};
use super::source_map::{MAX_EVENTS, SourceMap};
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
///
/// Reading is bounded ([`crate::input::read_text`]): only a regular file of at most 64 MiB
/// of UTF-8 text, then at most [`super::source_map::MAX_DEPTH`] levels of nesting and
/// [`super::source_map::MAX_EVENTS`] YAML nodes per file.
pub fn load(path: &Path) -> Result<Loaded, Vec<InputError>> {
    let text = crate::input::read_text(path, "the inventory").map_err(|e| vec![e])?;
    parse(path, &text)
}

/// Parses and validates inventory text; `path` is used in messages and to find the files it
/// extends.
pub fn parse(path: &Path, text: &str) -> Result<Loaded, Vec<InputError>> {
    let mut chain: Vec<(PathBuf, ReadFile, SourceMap)> = Vec::new();
    let (mut path, mut text) = (path.to_path_buf(), text.to_string());
    // What the whole chain may hold: the limits of one file, shared by all of its files.
    let (mut bytes, mut events) = (0usize, 0usize);
    loop {
        // The source map is built first: it refuses a document too deep or too large for
        // serde_yaml to read in bounded time.
        let source = SourceMap::build(&text)
            .map_err(|e| vec![InputError::at(&path, e.line, e.column, None, e.message)])?;
        bytes += text.len();
        events += source.events();
        if bytes as u64 > crate::input::MAX_FILE_BYTES || events > MAX_EVENTS {
            return Err(vec![InputError::file(
                &path,
                format!(
                    "the inventories of this `extends` chain hold more than {} MiB or {MAX_EVENTS} \
                     YAML nodes together; refusing them",
                    crate::input::MAX_FILE_BYTES >> 20
                ),
            )]);
        }
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
        text = read_base(&base_path, from, from_source)?;
        path = base_path;
    }
    let files: Vec<(PathBuf, SourceMap)> =
        chain.iter_mut().map(|(p, _, s)| (p.clone(), std::mem::take(s))).collect();
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
    let uncertainty = take!(uncertainty);
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
            uncertainty: uncertainty.unwrap_or_default(),
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
    errors.extend(null_names(&loaded));
    errors.extend(located(&loaded, &kept_index, checked(&loaded.inventory)));
    if !errors.is_empty() {
        return Err(errors);
    }
    // Constraints no plan can meet, located at the line that states them.
    let unmeetable = super::feasibility::check(&loaded.inventory);
    if !unmeetable.is_empty() {
        return Err(located(&loaded, &kept_index, unmeetable));
    }
    Ok(loaded)
}

/// The ranges of [`super::limits`] and the validator's checks, as `(path, message)`. A size or
/// horizon out of range stops there; otherwise a field both fault is reported once, in the
/// validator's words.
fn checked(inv: &Inventory) -> Vec<(String, String)> {
    let fatal = super::limits::fatal(inv);
    if !fatal.is_empty() {
        return fatal;
    }
    let mut problems: Vec<(String, String)> =
        validate(inv).into_iter().map(|p| (p.path, p.message)).collect();
    let faulted: std::collections::HashSet<String> =
        problems.iter().map(|(path, _)| path.clone()).collect();
    let ranges = super::limits::check(inv);
    problems.extend(ranges.into_iter().filter(|(path, _)| !faulted.contains(path)));
    if problems.is_empty() {
        // The ranges name other fields: checked once those are sound.
        problems.extend(super::paths::check_uncertainty(inv));
    }
    problems
}

/// Locates each problem in the file its section came from (a ledger row for a server read
/// through `servers_from`), in file and line order. `kept_index` maps each server to its index
/// in the file's `servers` list.
fn located(
    loaded: &Loaded,
    kept_index: &[usize],
    problems: Vec<(String, String)>,
) -> Vec<InputError> {
    let mut errors: Vec<(usize, InputError)> = problems
        .into_iter()
        .map(|(path, message)| written_at(&loaded.inventory, path, message))
        .map(|(path, message)| {
            let section = path.split(['.', '[']).next().unwrap_or_default();
            let file = loaded.origin.get(section).copied().unwrap_or(0);
            let error = match server_path(&path) {
                Some((i, field)) => match loaded.server_origins.get(i) {
                    Some(Some(r)) => r.error(field, message),
                    _ => loaded.locate_in_files(
                        &renumber(&path, kept_index.get(i).copied().unwrap_or(i)),
                        message,
                    ),
                },
                None => loaded.error_at(&path, message),
            };
            (file, error)
        })
        .collect();
    errors.sort_by_key(|(file, e)| (*file, e.line.unwrap_or(0), e.column.unwrap_or(0)));
    errors.into_iter().map(|(_, e)| e).collect()
}

/// Where a problem's value is written. The BCP site's policy takes each field it leaves out
/// from `policy`, which a scenario may give while the base gives `bcp`: such a problem is
/// located at `policy.<field>`, in whichever file holds it, not at the base's `bcp.policy`.
fn written_at(inv: &Inventory, path: String, message: String) -> (String, String) {
    let Some(field) = path.strip_prefix("bcp.policy.") else { return (path, message) };
    let Some(b) = &inv.bcp else { return (path, message) };
    let o = &b.policy;
    let set = match field {
        "vcpu_per_core" => o.vcpu_per_core.is_some(),
        "memory_overcommit" => o.memory_overcommit.is_some(),
        "target_cpu_pct" => o.target_cpu_pct.is_some(),
        "target_memory_pct" => o.target_memory_pct.is_some(),
        "failover_cpu_pct" => o.failover_cpu_pct.is_some(),
        "failover_memory_pct" => o.failover_memory_pct.is_some(),
        "spare_hosts" => o.spare_hosts.is_some(),
        _ => true,
    };
    if set {
        return (path, message);
    }
    (
        format!("policy.{field}"),
        format!("{message} (at the BCP site, whose policy takes `{field}` from `policy`)"),
    )
}

/// Reads the base inventory named by `extends:` in `from`. An error about the whole base file
/// (missing, a FIFO, too large) is located at the `extends` line that names it; a bad byte
/// inside the base is located in the base.
fn read_base(
    base_path: &Path,
    from: &Path,
    from_source: &SourceMap,
) -> Result<String, Vec<InputError>> {
    crate::input::read_text(base_path, "the base inventory").map_err(|e| {
        if e.line.is_some() {
            return vec![e];
        }
        vec![locate(
            from,
            from_source,
            "extends",
            format!("{}: {}", base_path.display(), e.message),
        )]
    })
}

/// Text fields that must hold a name. serde_yaml reads a YAML null written there (`name: ~`)
/// as the string "~"; the loader refuses it instead. `[]` stands for any list index.
const NAME_FIELDS: &[&str] = &[
    "plan.name",
    "plan.currency",
    "zones[].name",
    "zones[].host_models[]",
    "host_models[].name",
    "host_models[].licences[].name",
    "extra_items[].name",
    "bcp.site",
    "bcp.host_models[]",
    "servers[].name",
    "servers[].system",
    "servers[].zone",
    "servers[].org",
];

/// Every null written where a name is expected, in the file whose section is used.
fn null_names(loaded: &Loaded) -> Vec<InputError> {
    let mut errors = Vec::new();
    for (i, (file, source)) in loaded.files.iter().enumerate() {
        for path in source.nulls() {
            let section = path.split(['.', '[']).next().unwrap_or_default();
            if loaded.origin.get(section) != Some(&i) || !NAME_FIELDS.contains(&&*generic(path)) {
                continue;
            }
            errors.push(locate(
                file,
                source,
                path,
                "expected a name, found a YAML null (`~`, `null` or nothing); quote it \
                 (`'~'`) if that is really the name",
            ));
        }
    }
    errors
}

/// `servers[3].costs` → `servers[].costs`.
fn generic(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut in_index = false;
    for c in path.chars() {
        match c {
            '[' => {
                in_index = true;
                out.push('[');
            }
            ']' => {
                in_index = false;
                out.push(']');
            }
            _ if in_index => {}
            _ => out.push(c),
        }
    }
    out
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
