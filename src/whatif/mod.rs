//! The planners' questions (issue 12): which assumption moves the cost effect most
//! ([`sensitivity`]), what if a field took other values ([`sweep`]), and how wide the cost
//! effect is when the uncertain inputs are drawn from their ranges ([`uncertainty`]).
//!
//! Every variant is the loaded inventory as a YAML value tree with some fields replaced (by
//! path, [`crate::inventory::paths`]), read back through the normal loader (so a value out of
//! range is refused with the field's own message), and planned by one function,
//! [`plan_variant`]: inventory → plan → five-year projection (`plan::plan` calls
//! `cost::project`; `cost/` imports nothing from `plan/`).
//!
//! Layering: this module uses inventory, plan, cost and the report's chart helpers; nothing
//! below it imports it.

pub mod charts;
pub mod render;
pub mod sensitivity;
pub mod sweep;
pub mod uncertainty;

use crate::error::{Error, InputError};
use crate::inventory::load::Loaded;
use crate::inventory::paths::{self, KeyPath};
use crate::inventory::{self, Inventory};
use crate::pack::{Engine, EngineConfig, PackOptions};
use crate::plan::{self, PlanError, PlanResult};
use serde::{Deserialize, Serialize};
use serde_yaml::Value;

/// The loaded inventory, its value tree (every field present, defaults written out) and its
/// plan: what every variant starts from.
pub struct Base {
    /// The inventory as loaded (for located messages).
    pub loaded: Loaded,
    /// The inventory as a YAML value tree.
    pub tree: Value,
    /// The plan of the inventory as it is.
    pub plan: PlanResult,
}

/// A change to the named fields: a new value, or the old one multiplied.
#[derive(Debug, Clone, PartialEq)]
pub enum Edit {
    /// Every named field takes this value.
    Set(Value),
    /// Every named field is multiplied by this factor.
    Scale(f64),
}

/// Why a variant has no plan.
#[derive(Debug, Clone, PartialEq)]
pub enum VariantError {
    /// The changed inventory is refused by the loader: the field and the loader's message.
    Invalid(InputError),
    /// The changed inventory cannot be planned (a server fits no host, a constraint no layout
    /// meets).
    Unplannable(String),
    /// A bug: the plan failed the independent verifier.
    Internal(String),
}

impl Base {
    /// Plans the loaded inventory as it is (verified); bad or unplannable input is exit 2.
    pub fn new(loaded: Loaded) -> Result<Base, Error> {
        let mut tree = serde_yaml::to_value(&loaded.inventory)
            .map_err(|e| Error::Internal(format!("the inventory as a value tree: {e}")))?;
        // Variants do not need the ranges (and need not re-check them each time).
        if let Value::Mapping(m) = &mut tree {
            m.remove("uncertainty");
        }
        let plan = plan_variant(&loaded.inventory, None).map_err(|e| match e {
            VariantError::Unplannable(m) => Error::Infeasible(m),
            VariantError::Internal(m) => Error::Internal(m),
            VariantError::Invalid(e) => Error::Input(e),
        })?;
        Ok(Base { loaded, tree, plan })
    }

    /// The inventory with `edits` applied, read back through the loader. A path that names
    /// nothing is an [`Error`] (exit 2) naming it and the close valid keys.
    pub fn variant(&self, edits: &[(KeyPath, Edit)]) -> Result<Inventory, VariantError> {
        let mut tree = self.tree.clone();
        for (path, edit) in edits {
            let mut f = |old: &Value| match edit {
                Edit::Set(v) => v.clone(),
                Edit::Scale(k) => paths::number(old).map_or(old.clone(), |x| Value::from(x * k)),
            };
            paths::set(&mut tree, path, &mut f).map_err(|e| {
                VariantError::Invalid(self.key_error(path.as_str(), &e.to_string()))
            })?;
        }
        self.reload(tree)
    }

    /// A changed tree through the loader: its mistakes are reported at the field they name,
    /// located in the inventory file (the line where the field is written, or where its
    /// section is).
    fn reload(&self, mut tree: Value) -> Result<Inventory, VariantError> {
        // A section the inventory leaves out (`bcp: null` in the tree) is left out of the file.
        if let Value::Mapping(m) = &mut tree {
            m.retain(|_, v| !v.is_null());
        }
        let text = serde_yaml::to_string(&tree)
            .map_err(|e| VariantError::Internal(format!("writing a variant: {e}")))?;
        match inventory::parse(&self.loaded.path, &text) {
            Ok(l) => Ok(l.inventory),
            Err(errors) => {
                let e = errors.into_iter().next().unwrap_or_else(|| {
                    InputError::file(&self.loaded.path, "the changed inventory is refused")
                });
                let message = match &e.field {
                    Some(f) => format!("{f}: {}", e.message),
                    None => e.message.clone(),
                };
                // Sound values that no plan can meet (a server larger than every host model
                // at this target): an unplannable variant, not bad input.
                if infeasible(tree) {
                    return Err(VariantError::Unplannable(message));
                }
                Err(VariantError::Invalid(match &e.field {
                    Some(field) => self.loaded.error_at(field, e.message),
                    None => InputError { line: None, column: None, ..e },
                }))
            }
        }
    }

    /// An error about a key given on the command line or in `uncertainty:`, naming the
    /// inventory file.
    pub fn key_error(&self, key: &str, message: &str) -> InputError {
        InputError {
            field: Some(key.to_string()),
            ..InputError::file(&self.loaded.path, message.to_string())
        }
    }

    /// The values `path` names in the inventory as it is.
    pub fn values(&self, path: &KeyPath) -> Result<Vec<Value>, InputError> {
        paths::get(&self.tree, path)
            .map(|v| v.into_iter().cloned().collect())
            .map_err(|e| self.key_error(path.as_str(), &e.to_string()))
    }

    /// The plan's currency.
    pub fn currency(&self) -> &str {
        &self.loaded.inventory.plan.currency
    }
}

impl VariantError {
    /// As a command-line error: bad input exit 2, a bug exit 1.
    pub fn into_error(self) -> Error {
        match self {
            VariantError::Invalid(e) => Error::Input(e),
            VariantError::Unplannable(m) => Error::Infeasible(m),
            VariantError::Internal(m) => Error::Internal(m),
        }
    }

    /// In words, for a row of a table.
    pub fn reason(&self) -> String {
        match self {
            VariantError::Invalid(e) => match &e.field {
                Some(f) => format!("{f}: {}", e.message),
                None => e.message.clone(),
            },
            VariantError::Unplannable(m) | VariantError::Internal(m) => m.clone(),
        }
    }
}

/// Plans one variant and checks the plan with the independent verifier: every question of
/// this module plans through here.
///
/// `start` is a plan of a tighter variant whose layout stays feasible for this one (a sweep
/// relaxing a limit passes the previous value's plan): each cluster's search is seeded with it
/// ([`plan::plan_with_start`]), so the result is never dearer than the start's layout where that
/// layout holds. The sweep also carries a verified tighter plan over (see [`sweep`]) for the
/// clusters a start cannot seed (hosts bought year by year).
pub fn plan_variant(
    inv: &Inventory,
    start: Option<&PlanResult>,
) -> Result<PlanResult, VariantError> {
    let engine = Engine::with_config(EngineConfig::planning());
    let options = PackOptions::default();
    let result =
        plan::plan_with_start(inv, &engine, &options, &|_, _| {}, start).map_err(|e| match e {
            PlanError::ServerTooLarge { .. } | PlanError::Infeasible { .. } => {
                VariantError::Unplannable(e.to_string())
            }
            PlanError::Internal(m) => VariantError::Internal(m),
        })?;
    let problems = plan::verify::verify(inv, &result);
    if !problems.is_empty() {
        return Err(VariantError::Internal(format!(
            "a plan failed the independent check:\n  {}",
            problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n  ")
        )));
    }
    Ok(result)
}

/// Whether a tree passes every check of the loader but the feasibility check (a constraint no
/// plan can meet).
fn infeasible(tree: Value) -> bool {
    let Ok(inv) = serde_yaml::from_value::<Inventory>(tree) else { return false };
    inventory::limits::fatal(&inv).is_empty()
        && inventory::limits::check(&inv).is_empty()
        && inventory::validate::validate(&inv).is_empty()
        && !inventory::feasibility::check(&inv).is_empty()
}

/// The figures of one plan that the questions compare.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Figures {
    /// Virtual hosts, spares and the BCP site included.
    pub hosts: usize,
    /// Five-year baseline total.
    pub baseline_total: f64,
    /// Five-year plan total.
    pub plan_total: f64,
    /// baseline − plan over the horizon.
    pub cost_effect: f64,
    /// Cumulative cost effect at the end of each fiscal year.
    pub cumulative_effect: Vec<f64>,
}

impl Figures {
    /// The figures of a plan.
    pub fn of(r: &PlanResult) -> Figures {
        Figures {
            hosts: r.summary.hosts_total,
            baseline_total: r.summary.baseline_total,
            plan_total: r.summary.plan_total,
            cost_effect: r.summary.cost_effect,
            cumulative_effect: r
                .years
                .iter()
                .map(|y| y.baseline_cumulative - y.plan_cumulative)
                .collect(),
        }
    }
}

/// A number as a reader writes it: `3`, `0.8`, `62.5`, `1.2e-7`; at most 9 significant digits
/// so that `0.1 × 3` reads `0.3`.
pub fn short(x: f64) -> String {
    if !x.is_finite() {
        return x.to_string();
    }
    let rounded: f64 = format!("{x:.9e}").parse().unwrap_or(x);
    let s = format!("{rounded}");
    if s == "-0" { "0".into() } else { s }
}
