//! Reading an inventory file: YAML → [`Inventory`], with every mistake located.

use super::model::Inventory;
use super::source_map::SourceMap;
use super::validate::validate;
use crate::error::InputError;
use std::path::{Path, PathBuf};

/// An inventory together with where it came from, so that later errors (a server that fits no
/// host) can still point into the file.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The validated inventory.
    pub inventory: Inventory,
    /// The file it was read from.
    pub path: PathBuf,
    /// Positions of its nodes.
    pub source: SourceMap,
}

impl Loaded {
    /// An error about the node at `path` (`servers[3]`), located in the file.
    pub fn error_at(&self, path: &str, message: impl Into<String>) -> InputError {
        locate(&self.path, &self.source, path, message)
    }
}

/// Reads, parses and validates an inventory file. Every error is an [`InputError`] naming the
/// file and, where known, the line, column and field.
pub fn load(path: &Path) -> Result<Loaded, Vec<InputError>> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| vec![InputError::file(path, format!("cannot read the inventory: {e}"))])?;
    parse(path, &text)
}

/// Parses and validates inventory text; `path` is used in messages only.
pub fn parse(path: &Path, text: &str) -> Result<Loaded, Vec<InputError>> {
    if text.trim().is_empty() {
        return Err(vec![InputError::file(
            path,
            "the file is empty; expected an inventory with plan, zones, host_models, storage, \
             costs and servers",
        )]);
    }
    let inventory: Inventory =
        serde_yaml::from_str(text).map_err(|e| vec![from_serde(path, &e)])?;
    let source = SourceMap::build(text);
    let problems = validate(&inventory);
    if !problems.is_empty() {
        return Err(problems
            .into_iter()
            .map(|p| locate(path, &source, &p.path, p.message))
            .collect());
    }
    Ok(Loaded { inventory, path: path.to_path_buf(), source })
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
}
