//! Reading one inventory file section by section, and list sections item by item, so that
//! every mistake of a file is reported at once (serde alone stops at the first). Each error is
//! located through the file's [`SourceMap`].

use super::model::*;
use super::source_map::SourceMap;
use crate::error::InputError;
use serde::de::DeserializeOwned;
use serde_yaml::Value;
use std::path::Path;

/// One file as read: its sections, the index in the file of each server entry that could be
/// read (entries that could not are left out and reported), and every mistake found.
#[derive(Debug, Default)]
pub(crate) struct ReadFile {
    pub file: InventoryFile,
    pub server_index: Vec<usize>,
    pub errors: Vec<InputError>,
    /// Whether a section other than `servers` had a mistake (then the file is not validated).
    pub broken: bool,
}

/// The top-level keys an inventory file may have.
const SECTIONS: &[&str] = &[
    "extends",
    "plan",
    "zones",
    "host_models",
    "storage",
    "policy",
    "costs",
    "extra_items",
    "growth",
    "bcp",
    "uncertainty",
    "servers_from",
    "servers",
];

/// Reads the sections of `value` (the parsed file).
pub(crate) fn read(path: &Path, text: &str, value: Value, source: &SourceMap) -> ReadFile {
    let mut out = ReadFile::default();
    let Value::Mapping(map) = value else {
        out.errors.push(InputError::file(
            path,
            "expected an inventory: a mapping with plan, zones, host_models, storage, costs and servers",
        ));
        out.broken = true;
        return out;
    };
    for (k, v) in map {
        let Some(key) = k.as_str().map(str::to_string) else {
            out.errors.push(locate(path, source, "", "expected section names as keys".into()));
            out.broken = true;
            continue;
        };
        let f = &mut out.file;
        let mut errs = Vec::new();
        match key.as_str() {
            "extends" => f.extends = one(path, source, &key, v, &mut errs),
            "plan" => f.plan = one(path, source, &key, v, &mut errs),
            "zones" => {
                f.zones = each(path, source, &key, v, &mut errs)
                    .map(|x| x.into_iter().map(|(_, z)| z).collect())
            }
            "host_models" => {
                f.host_models = each(path, source, &key, v, &mut errs)
                    .map(|x| x.into_iter().map(|(_, z)| z).collect())
            }
            "storage" => f.storage = one(path, source, &key, v, &mut errs),
            "policy" => f.policy = one(path, source, &key, v, &mut errs),
            "costs" => f.costs = one(path, source, &key, v, &mut errs),
            "extra_items" => {
                f.extra_items = each(path, source, &key, v, &mut errs)
                    .map(|x| x.into_iter().map(|(_, z)| z).collect())
            }
            "growth" => f.growth = one(path, source, &key, v, &mut errs),
            "bcp" => f.bcp = one(path, source, &key, v, &mut errs),
            "uncertainty" => f.uncertainty = one(path, source, &key, v, &mut errs),
            "servers_from" => {
                f.servers_from = each(path, source, &key, v, &mut errs)
                    .map(|x| x.into_iter().map(|(_, z)| z).collect())
            }
            "servers" => {
                let items: Option<Vec<(usize, ServerEntry)>> =
                    each(path, source, &key, v, &mut errs);
                if let Some(items) = items {
                    out.server_index = items.iter().map(|(i, _)| *i).collect();
                    out.file.servers = Some(items.into_iter().map(|(_, s)| s).collect());
                }
                out.errors.append(&mut errs);
                continue;
            }
            _ => errs.push(unknown_section(path, text, &key)),
        }
        out.broken |= !errs.is_empty();
        out.errors.append(&mut errs);
    }
    out
}

/// A top-level key that is no section, located at the key itself (serde's wording).
fn unknown_section(path: &Path, text: &str, key: &str) -> InputError {
    let message = format!("unknown field `{key}`, expected one of {}", SECTIONS.join(", "));
    let line = text.lines().position(|l| {
        l.strip_prefix(key)
            .or_else(|| l.strip_prefix(&format!("\"{key}\"")))
            .is_some_and(|r| r.trim_start().starts_with(':'))
    });
    match line {
        Some(l) => InputError::at(path, l + 1, 1, Some(key.to_string()), message),
        None => InputError { field: Some(key.to_string()), ..InputError::file(path, message) },
    }
}

/// A section read whole.
fn one<T: DeserializeOwned>(
    path: &Path,
    source: &SourceMap,
    at: &str,
    v: Value,
    errors: &mut Vec<InputError>,
) -> Option<T> {
    serde_path_to_error::deserialize(v).map_err(|e| errors.push(error(path, source, at, &e))).ok()
}

/// A list section read item by item: the items that could be read, with their index.
fn each<T: DeserializeOwned>(
    path: &Path,
    source: &SourceMap,
    at: &str,
    v: Value,
    errors: &mut Vec<InputError>,
) -> Option<Vec<(usize, T)>> {
    let Value::Sequence(items) = v else {
        errors.push(locate(
            path,
            source,
            at,
            format!("expected a list (items starting with `- `) for `{at}`"),
        ));
        return None;
    };
    let mut out = Vec::new();
    for (i, item) in items.into_iter().enumerate() {
        if let Some(x) = one(path, source, &format!("{at}[{i}]"), item, errors) {
            out.push((i, x));
        }
    }
    Some(out)
}

/// A serde error inside the node at `at`, located at the deepest node the source map knows
/// (the unknown field itself for an unknown field).
fn error(
    path: &Path,
    source: &SourceMap,
    at: &str,
    e: &serde_path_to_error::Error<serde_yaml::Error>,
) -> InputError {
    let inner = e.inner().to_string();
    let sub = e.path().to_string();
    let mut node = if sub.is_empty() || sub == "." {
        at.to_string()
    } else if sub.starts_with('[') {
        format!("{at}{sub}")
    } else {
        format!("{at}.{sub}")
    };
    if let Some(rest) = inner.strip_prefix("unknown field `")
        && let Some(name) = rest.split('`').next()
        && !node.ends_with(&format!(".{name}"))
    {
        node = format!("{node}.{name}");
    }
    locate(path, source, &node, super::load::explain(&inner))
}

fn locate(path: &Path, source: &SourceMap, node: &str, message: String) -> InputError {
    let field = (!node.is_empty()).then(|| node.to_string());
    match source.locate(node) {
        Some((line, col)) => InputError::at(path, line, col, field, message),
        None => InputError { field, ..InputError::file(path, message) },
    }
}
