//! Inventory fields named by path (`policy.vcpu_per_core`, `host_models[v44c-768g].price`,
//! `host_models[*].licences[Windows Server 2016 Datacenter].price`), read and written on the
//! YAML value tree of an inventory before it is deserialised, so that every field is reachable
//! without a list of names to keep up to date and the normal loader validates the result.
//!
//! A path is `.`-separated keys, each followed by any number of selectors in brackets: a list
//! index (`[3]`), the `name` of a list item (`[lgwan]`), a key of a mapping
//! (`growth.systems[電子申請]`, the same as `growth.systems.電子申請`), or `*` for every item.
//! A path names one or more scalar values (a number, a text, or a field left empty); a path
//! that names a section or list is refused, as is one that names nothing, with the valid keys
//! closest to the part that did not match.

use serde_yaml::Value;
use std::fmt;

/// A parsed path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyPath {
    text: String,
    steps: Vec<Step>,
}

/// One step down the tree.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Step {
    /// A key of a mapping.
    Key(String),
    /// `[3]`: a list index, or `[lgwan]`: the item named so, or a mapping key.
    Select(String),
    /// `[*]`: every item of a list (or every value of a mapping).
    All,
}

/// Why a path cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathError {
    /// What is wrong, for a reader.
    pub message: String,
    /// Valid keys close to the part that did not match, best first.
    pub close: Vec<String>,
}

impl fmt::Display for PathError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.message)?;
        if !self.close.is_empty() {
            write!(f, "; close valid keys: {}", self.close.join(", "))?;
        }
        Ok(())
    }
}

fn fail(message: impl Into<String>) -> PathError {
    PathError { message: message.into(), close: Vec::new() }
}

impl fmt::Display for KeyPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl KeyPath {
    /// Parses `text`; a malformed path (empty key, unclosed bracket) is an error.
    pub fn parse(text: &str) -> Result<KeyPath, PathError> {
        let mut steps = Vec::new();
        let mut rest = text.trim();
        if rest.is_empty() {
            return Err(fail("an empty key; expected a field path such as policy.vcpu_per_core"));
        }
        let mut first = true;
        while !rest.is_empty() {
            if !first {
                rest = rest.strip_prefix('.').ok_or_else(|| {
                    fail(format!("`{text}`: expected `.` or `[` after `]`, found `{rest}`"))
                })?;
            }
            first = false;
            let end = rest.find(['.', '[']).unwrap_or(rest.len());
            let key = &rest[..end];
            if key.is_empty() {
                return Err(fail(format!("`{text}`: an empty key between separators")));
            }
            steps.push(Step::Key(key.to_string()));
            rest = &rest[end..];
            while let Some(inner) = rest.strip_prefix('[') {
                let close = inner
                    .find(']')
                    .ok_or_else(|| fail(format!("`{text}`: a `[` without its `]`")))?;
                let sel = inner[..close].trim();
                if sel.is_empty() {
                    return Err(fail(format!("`{text}`: an empty selector `[]`")));
                }
                steps.push(if sel == "*" { Step::All } else { Step::Select(sel.to_string()) });
                rest = &inner[close + 1..];
            }
        }
        Ok(KeyPath { text: text.trim().to_string(), steps })
    }

    /// The path as written.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The path without selectors (`zones[lgwan].max_hosts` → `zones.max_hosts`): what kind of
    /// field it names, whichever item.
    pub fn generic(&self) -> String {
        let keys: Vec<&str> = self
            .steps
            .iter()
            .filter_map(|s| match s {
                Step::Key(k) => Some(k.as_str()),
                _ => None,
            })
            .collect();
        keys.join(".")
    }

    /// Whether the path has a `*` (may name several values).
    pub fn is_wildcard(&self) -> bool {
        self.steps.contains(&Step::All)
    }

    /// The path with its last key replaced (`…price` → `…annual_maintenance`).
    pub fn sibling(&self, key: &str) -> KeyPath {
        let mut steps = self.steps.clone();
        if let Some(Step::Key(k)) = steps.last_mut() {
            *k = key.to_string();
        }
        let text = match self.text.rfind('.') {
            Some(i) => format!("{}.{key}", &self.text[..i]),
            None => key.to_string(),
        };
        KeyPath { text, steps }
    }
}

/// Every scalar the path names in `root`, in document order.
pub fn get<'a>(root: &'a Value, path: &KeyPath) -> Result<Vec<&'a Value>, PathError> {
    let mut nodes = vec![root];
    let mut walked = String::new();
    for step in &path.steps {
        // Under a `*`, items without the field are passed over (a licence some host models
        // do not have); the path must still name something.
        let mut next = Vec::new();
        let mut first_error = None;
        for node in nodes {
            match down(node, step, &walked) {
                Ok(found) => next.extend(found),
                Err(e) => {
                    first_error.get_or_insert(e);
                }
            }
        }
        if let (true, Some(e)) = (next.is_empty(), first_error) {
            return Err(e);
        }
        walked = extend_walked(&walked, step);
        nodes = next;
    }
    check_leaves(&nodes, path)?;
    Ok(nodes)
}

/// Replaces every scalar the path names by `f(old)`; returns how many were replaced.
pub fn set(
    root: &mut Value,
    path: &KeyPath,
    f: &mut dyn FnMut(&Value) -> Value,
) -> Result<usize, PathError> {
    // Resolve read-only first, so that an error leaves the tree as it was.
    get(root, path)?;
    let mut count = 0;
    set_in(root, &path.steps, f, &mut count);
    Ok(count)
}

fn set_in(node: &mut Value, steps: &[Step], f: &mut dyn FnMut(&Value) -> Value, n: &mut usize) {
    let Some((step, rest)) = steps.split_first() else {
        *node = f(node);
        *n += 1;
        return;
    };
    match (step, node) {
        (Step::Key(k), Value::Mapping(m)) | (Step::Select(k), Value::Mapping(m)) => {
            if let Some(v) = m.get_mut(k.as_str()) {
                set_in(v, rest, f, n);
            }
        }
        (Step::Select(sel), Value::Sequence(items)) => {
            for i in select(items, sel) {
                set_in(&mut items[i], rest, f, n);
            }
        }
        (Step::All, Value::Sequence(items)) => {
            items.iter_mut().for_each(|v| set_in(v, rest, f, n));
        }
        (Step::All, Value::Mapping(m)) => {
            m.iter_mut().for_each(|(_, v)| set_in(v, rest, f, n));
        }
        _ => {}
    }
}

/// Items of a list a selector picks: an index, or every item whose `name` is `sel`.
fn select(items: &[Value], sel: &str) -> Vec<usize> {
    let named: Vec<usize> = (0..items.len())
        .filter(|&i| items[i].get("name").and_then(Value::as_str) == Some(sel))
        .collect();
    if !named.is_empty() {
        return named;
    }
    match sel.parse::<usize>() {
        Ok(i) if i < items.len() => vec![i],
        _ => Vec::new(),
    }
}

fn extend_walked(walked: &str, step: &Step) -> String {
    match step {
        Step::Key(k) if walked.is_empty() => k.clone(),
        Step::Key(k) => format!("{walked}.{k}"),
        Step::Select(s) => format!("{walked}[{s}]"),
        Step::All => format!("{walked}[*]"),
    }
}

/// The children of `node` one step down, or an error naming what was expected there.
fn down<'a>(node: &'a Value, step: &Step, walked: &str) -> Result<Vec<&'a Value>, PathError> {
    let here = if walked.is_empty() { "the inventory".to_string() } else { format!("`{walked}`") };
    match (step, node) {
        (Step::Key(k), Value::Mapping(m)) | (Step::Select(k), Value::Mapping(m)) => {
            match m.get(k.as_str()) {
                Some(v) => Ok(vec![v]),
                None => Err(PathError {
                    message: format!("{here} has no field `{k}`"),
                    close: closest(k, &children(node, walked)),
                }),
            }
        }
        (Step::Select(sel), Value::Sequence(items)) => {
            let picked = select(items, sel);
            if picked.is_empty() {
                return Err(PathError {
                    message: format!("{here} has no item named `{sel}` (nor index {sel})"),
                    close: closest(&format!("{walked}[{sel}]"), &children(node, walked)),
                });
            }
            Ok(picked.into_iter().map(|i| &items[i]).collect())
        }
        (Step::All, Value::Sequence(items)) => Ok(items.iter().collect()),
        (Step::All, Value::Mapping(m)) => Ok(m.iter().map(|(_, v)| v).collect()),
        (Step::Key(k), Value::Sequence(_)) => Err(PathError {
            message: format!("{here} is a list: select an item before `.{k}`"),
            close: children(node, walked).into_iter().take(6).collect(),
        }),
        (_, Value::Null) => Err(fail(format!("{here} is not set in this inventory"))),
        (_, _) => Err(fail(format!("{here} is a single value, not a section"))),
    }
}

/// The leaves must be scalars (or empty optional fields), not sections.
fn check_leaves(nodes: &[&Value], path: &KeyPath) -> Result<(), PathError> {
    if nodes.is_empty() {
        return Err(fail(format!("`{path}` names no value (an empty list)")));
    }
    for n in nodes {
        if matches!(n, Value::Mapping(_) | Value::Sequence(_)) {
            return Err(PathError {
                message: format!("`{path}` names a section, not a value"),
                close: children(n, path.as_str()).into_iter().take(12).collect(),
            });
        }
    }
    Ok(())
}

/// The paths one step below `node` (at `walked`): its keys, or its items by name or index.
fn children(node: &Value, walked: &str) -> Vec<String> {
    let join = |k: &str| if walked.is_empty() { k.to_string() } else { format!("{walked}.{k}") };
    match node {
        Value::Mapping(m) => m.keys().filter_map(Value::as_str).map(join).collect(),
        Value::Sequence(items) => items
            .iter()
            .enumerate()
            .map(|(i, v)| match v.get("name").and_then(Value::as_str) {
                Some(name) => format!("{walked}[{name}]"),
                None => format!("{walked}[{i}]"),
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// The candidates closest to `wanted` (by Jaro–Winkler similarity of the last part), best
/// first, at most six.
fn closest(wanted: &str, candidates: &[String]) -> Vec<String> {
    let tail = |s: &str| s.rsplit(['.', '[']).next().unwrap_or(s).trim_end_matches(']').to_string();
    let w = tail(wanted);
    let mut scored: Vec<(f64, &String)> =
        candidates.iter().map(|c| (strsim::jaro_winkler(&w, &tail(c)), c)).collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
    let good: Vec<String> =
        scored.iter().filter(|(s, _)| *s >= 0.7).take(6).map(|(_, c)| (*c).clone()).collect();
    if good.is_empty() { scored.iter().take(6).map(|(_, c)| (*c).clone()).collect() } else { good }
}

/// A value as written on a command line or in a range: a YAML scalar (`3`, `2.5`, `as-needed`,
/// `~`).
pub fn scalar(text: &str) -> Value {
    match serde_yaml::from_str::<Value>(text.trim()) {
        Ok(v @ (Value::Number(_) | Value::Bool(_) | Value::Null | Value::String(_))) => v,
        _ => Value::String(text.trim().to_string()),
    }
}

/// The number a value holds, if any.
pub fn number(v: &Value) -> Option<f64> {
    v.as_f64()
}

/// A number as a YAML value: a whole number stays whole (so that it fits an integer field).
pub fn number_value(x: f64) -> Value {
    if x.fract() == 0.0 && x.abs() < 9e15 {
        if x >= 0.0 { Value::from(x as u64) } else { Value::from(x as i64) }
    } else {
        Value::from(x)
    }
}

/// The problems of the `uncertainty:` section, as `(path, message)` located at
/// `uncertainty.<key>`: a key that names no number of the inventory, a range out of order, or
/// an end of the range that the field's own limits refuse.
pub(crate) fn check_uncertainty(inv: &super::Inventory) -> Vec<(String, String)> {
    if inv.uncertainty.is_empty() {
        return Vec::new();
    }
    let Ok(tree) = serde_yaml::to_value(inv) else { return Vec::new() };
    let mut problems = Vec::new();
    for (key, range) in &inv.uncertainty {
        let at = format!("uncertainty.{key}");
        let path = match KeyPath::parse(key) {
            Ok(p) if !key.starts_with("uncertainty") => p,
            Ok(_) => {
                problems.push((at, "a range cannot name the uncertainty section itself".into()));
                continue;
            }
            Err(e) => {
                problems.push((at, e.to_string()));
                continue;
            }
        };
        match get(&tree, &path) {
            Err(e) => problems.push((at, e.to_string())),
            Ok(values) if values.iter().any(|v| !v.is_number() && !v.is_null()) => {
                problems.push((at, format!("`{key}` is not a number; a range needs a number")));
            }
            Ok(_) => problems.extend(range_problems(&tree, &path, range).map(|m| (at, m))),
        }
    }
    problems
}

/// What is wrong with a range of `path`: out of order, or an end the field's limits refuse.
fn range_problems(tree: &Value, path: &KeyPath, r: &super::Triangular) -> Option<String> {
    let finite = r.low.is_finite() && r.likely.is_finite() && r.high.is_finite();
    if !(finite && r.low <= r.likely && r.likely <= r.high) {
        return Some(format!(
            "expected low ≤ likely ≤ high, found low {}, likely {}, high {}",
            r.low, r.likely, r.high
        ));
    }
    for (end, x) in [("low", r.low), ("high", r.high)] {
        let mut t = tree.clone();
        set(&mut t, path, &mut |_| number_value(x)).ok()?;
        let inv: super::Inventory = match serde_yaml::from_value(t) {
            Ok(inv) => inv,
            Err(e) => return Some(format!("{end} {x}: {}", super::load::explain(&e.to_string()))),
        };
        let mut faults: Vec<(String, String)> = super::limits::check(&inv);
        faults.extend(super::validate::validate(&inv).into_iter().map(|p| (p.path, p.message)));
        if let Some((field, message)) = faults.first() {
            return Some(format!("{end} {x} gives {field}: {message}"));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree() -> Value {
        serde_yaml::from_str(
            "policy: {vcpu_per_core: 3.0, spare_hosts: 1}\n\
             zones: [{name: lgwan, max_hosts: ~}, {name: internet}]\n\
             host_models:\n\
             - {name: a, price: 10, licences: [{name: os, price: 1}]}\n\
             - {name: b, price: 20, licences: [{name: os, price: 1}]}\n\
             growth: {systems: {電子申請: 10}}\n",
        )
        .unwrap()
    }

    fn p(s: &str) -> KeyPath {
        KeyPath::parse(s).unwrap()
    }

    #[test]
    fn names_items_by_name_index_key_and_star() {
        let t = tree();
        assert_eq!(get(&t, &p("policy.vcpu_per_core")).unwrap(), vec![&Value::from(3.0)]);
        assert_eq!(get(&t, &p("host_models[b].price")).unwrap(), vec![&Value::from(20)]);
        assert_eq!(get(&t, &p("host_models[0].price")).unwrap(), vec![&Value::from(10)]);
        assert_eq!(get(&t, &p("host_models[*].licences[os].price")).unwrap().len(), 2);
        assert_eq!(get(&t, &p("growth.systems[電子申請]")).unwrap(), vec![&Value::from(10)]);
        assert_eq!(get(&t, &p("growth.systems.電子申請")).unwrap(), vec![&Value::from(10)]);
        assert_eq!(get(&t, &p("zones[lgwan].max_hosts")).unwrap(), vec![&Value::Null]);
        assert_eq!(p("zones[lgwan].max_hosts").generic(), "zones.max_hosts");
    }

    #[test]
    fn sets_every_named_value_and_nothing_else() {
        let mut t = tree();
        let n = set(&mut t, &p("host_models[*].price"), &mut |v| {
            Value::from(v.as_f64().unwrap() * 2.0)
        })
        .unwrap();
        assert_eq!(n, 2);
        assert_eq!(get(&t, &p("host_models[b].price")).unwrap(), vec![&Value::from(40.0)]);
        set(&mut t, &p("zones[lgwan].max_hosts"), &mut |_| Value::from(4)).unwrap();
        assert_eq!(get(&t, &p("zones[lgwan].max_hosts")).unwrap(), vec![&Value::from(4)]);
    }

    #[test]
    fn unknown_paths_name_close_keys() {
        let t = tree();
        let e = get(&t, &p("polcy.vcpu_per_core")).unwrap_err();
        assert_eq!(e.close.first().map(String::as_str), Some("policy"), "{e}");
        let e = get(&t, &p("policy.vcpu_per_cor")).unwrap_err();
        assert_eq!(e.close.first().map(String::as_str), Some("policy.vcpu_per_core"), "{e}");
        let e = get(&t, &p("host_models[c].price")).unwrap_err();
        assert!(e.close.contains(&"host_models[a]".to_string()), "{e}");
        let e = get(&t, &p("policy")).unwrap_err();
        assert!(e.message.contains("section"), "{e}");
        assert!(KeyPath::parse("a[b").is_err());
        assert!(KeyPath::parse("a..b").is_err());
        assert!(KeyPath::parse("").is_err());
    }

    #[test]
    fn scalars_read_as_yaml() {
        assert_eq!(scalar("3"), Value::from(3));
        assert_eq!(scalar("2.5"), Value::from(2.5));
        assert_eq!(scalar("as-needed"), Value::from("as-needed"));
        assert_eq!(number_value(4.0), Value::from(4u64));
        assert_eq!(number_value(4.5), Value::from(4.5));
    }
}
