//! The inventory file: one planning case (plan, zones, host models, storage, policy, costs,
//! extra plan items and the servers). Every struct refuses unknown fields so that a typo is an
//! error rather than a silent default. Units are in the field names or documented in
//! `docs/inventory.md`; money is in the plan's currency (yen for the samples).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A whole inventory file.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Inventory {
    /// The planning case.
    pub plan: PlanSection,
    /// Security zones; each becomes its own cluster (three-layer model).
    pub zones: Vec<Zone>,
    /// Host models on offer.
    pub host_models: Vec<HostModel>,
    /// Shared storage bought with the hosts.
    pub storage: Storage,
    /// Sizing policy.
    #[serde(default)]
    pub policy: Policy,
    /// Cost parameters.
    pub costs: CostParameters,
    /// Items the plan adds on top of the consolidation (security, ICT-BCP, ...).
    #[serde(default)]
    pub extra_items: Vec<ExtraItem>,
    /// Demand growth per year (optional).
    #[serde(default)]
    pub growth: Growth,
    /// The ICT-BCP minimum environment at a second site (optional).
    #[serde(default)]
    pub bcp: Option<Bcp>,
    /// Ranges of uncertain inputs, by field path, for `consolidate sensitivity --samples`.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub uncertainty: std::collections::BTreeMap<String, Triangular>,
    /// The physical servers.
    pub servers: Vec<Server>,
}

/// How uncertain one input is: a triangular distribution from `low` through its most likely
/// value to `high` (`low` ≤ `likely` ≤ `high`), in the field's own unit. `consolidate
/// sensitivity --samples N` draws every field of `uncertainty:` from its range, replans and
/// gives the spread of the cost effect.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Triangular {
    /// Lowest value thought possible.
    pub low: f64,
    /// Most likely value (the mode).
    pub likely: f64,
    /// Highest value thought possible.
    pub high: f64,
}

/// The `plan:` section.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PlanSection {
    /// Short name, used for the default output folder.
    pub name: String,
    /// Human title for reports (defaults to the name).
    #[serde(default)]
    pub title: Option<String>,
    /// Currency code of every amount.
    #[serde(default = "default_currency")]
    pub currency: String,
    /// First fiscal year of the horizon.
    #[serde(default = "default_first_fy")]
    pub first_fy: i32,
    /// Number of fiscal years in the horizon.
    #[serde(default = "default_years")]
    pub years: u32,
    /// Fiscal year in which the virtual hosts are bought.
    #[serde(default = "default_refresh_fy")]
    pub refresh_fy: i32,
    /// When hosts are bought: all in the refresh year, or each in the year it is first needed.
    #[serde(default)]
    pub purchase: Purchase,
    /// Language of the outputs (`en` or `ja`; `--lang` overrides it).
    #[serde(default)]
    pub language: Option<Language>,
}

/// The language of a plan's outputs (`plan.language`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    /// English.
    En,
    /// Japanese.
    Ja,
}

/// Purchase policy for hosts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Purchase {
    /// Every host in the refresh year; servers move in their renewal year.
    #[default]
    RefreshYear,
    /// Each host in the first year a server needs it (from the refresh year on).
    AsNeeded,
}

/// A security zone (network segment); servers of different zones never share a host.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Zone {
    /// Zone name referenced by servers (`my-number`, `lgwan`, `internet`).
    pub name: String,
    /// Free text for the report.
    #[serde(default)]
    pub description: Option<String>,
    /// Other names of this zone in server ledgers (`基幹系`, `LGWAN系`, ...), matched by
    /// `consolidate import` and `servers_from` besides the name itself.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// Host models this zone's cluster may use (default: every model).
    #[serde(default)]
    pub host_models: Vec<String>,
    /// At least this many hosts in the cluster (spares included).
    #[serde(default)]
    pub min_hosts: Option<u32>,
    /// At most this many hosts in the cluster (spares included).
    #[serde(default)]
    pub max_hosts: Option<u32>,
}

/// Compound demand growth per year, counted from the first fiscal year of the horizon.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Growth {
    /// Growth of CPU, memory and storage demand per year for every server, percent.
    #[serde(default)]
    pub overall_pct: f64,
    /// Per business system, replacing `overall_pct` for its servers.
    #[serde(default)]
    pub systems: std::collections::BTreeMap<String, f64>,
}

/// The ICT-BCP minimum environment: BCP-flagged servers also run, reduced, at a second site.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Bcp {
    /// Name of the second site.
    pub site: String,
    /// Fiscal year the environment is bought and starts running.
    pub from_fy: i32,
    /// Share of each BCP server's CPU, vCPUs and memory the minimum environment needs, percent.
    #[serde(default = "default_hundred")]
    pub sizing_pct: f64,
    /// Host models the BCP clusters may use (default: every model).
    #[serde(default)]
    pub host_models: Vec<String>,
    /// Sizing policy at the BCP site; fields left out take the main policy's values.
    #[serde(default)]
    pub policy: PolicyOverride,
    /// Power usage effectiveness of the second site's machine room (default: `costs.pue`).
    #[serde(default)]
    pub pue: Option<f64>,
    /// Fee per host and year at the second site (default: `costs.datacentre_fee_per_host_year`).
    #[serde(default)]
    pub datacentre_fee_per_host_year: Option<f64>,
    /// One-time set-up labour per BCP server (default 0).
    #[serde(default)]
    pub setup_per_server: f64,
}

/// A policy with every field optional, merged over another policy.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PolicyOverride {
    /// See [`Policy::vcpu_per_core`].
    #[serde(default)]
    pub vcpu_per_core: Option<f64>,
    /// See [`Policy::memory_overcommit`].
    #[serde(default)]
    pub memory_overcommit: Option<f64>,
    /// See [`Policy::target_cpu_pct`].
    #[serde(default)]
    pub target_cpu_pct: Option<f64>,
    /// See [`Policy::target_memory_pct`].
    #[serde(default)]
    pub target_memory_pct: Option<f64>,
    /// See [`Policy::failover_cpu_pct`].
    #[serde(default)]
    pub failover_cpu_pct: Option<f64>,
    /// See [`Policy::failover_memory_pct`].
    #[serde(default)]
    pub failover_memory_pct: Option<f64>,
    /// See [`Policy::spare_hosts`].
    #[serde(default)]
    pub spare_hosts: Option<u32>,
}

impl PolicyOverride {
    /// `base` with the fields set here replaced.
    pub fn over(&self, base: &Policy) -> Policy {
        Policy {
            vcpu_per_core: self.vcpu_per_core.unwrap_or(base.vcpu_per_core),
            memory_overcommit: self.memory_overcommit.unwrap_or(base.memory_overcommit),
            target_cpu_pct: self.target_cpu_pct.unwrap_or(base.target_cpu_pct),
            target_memory_pct: self.target_memory_pct.unwrap_or(base.target_memory_pct),
            failover_cpu_pct: self.failover_cpu_pct.unwrap_or(base.failover_cpu_pct),
            failover_memory_pct: self.failover_memory_pct.unwrap_or(base.failover_memory_pct),
            spare_hosts: self.spare_hosts.unwrap_or(base.spare_hosts),
        }
    }
}

/// A host model on offer.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HostModel {
    /// Model name referenced in layouts.
    pub name: String,
    /// Processor sockets.
    #[serde(default = "default_sockets")]
    pub sockets: u32,
    /// Physical cores in total (all sockets).
    pub cores: u32,
    /// Relative per-core performance (a 2012-era server core = 1.0).
    pub core_perf: f64,
    /// Memory in GB.
    pub memory_gb: f64,
    /// Purchase price of one host.
    pub price: f64,
    /// Annual hardware maintenance of one host.
    #[serde(default)]
    pub annual_maintenance: f64,
    /// Average power draw in watts.
    #[serde(default)]
    pub power_w: f64,
    /// Licences needed per host (hypervisor, guest OS).
    #[serde(default)]
    pub licences: Vec<Licence>,
}

/// How a licence is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum LicenceUnit {
    /// One licence per host.
    Host,
    /// One licence per processor socket.
    Socket,
    /// One licence per physical core, subject to the minimums.
    Core,
}

/// A licence attached to a host model.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Licence {
    /// Product name.
    pub name: String,
    /// Counting unit.
    pub per: LicenceUnit,
    /// One-time price per unit, paid when the host is bought.
    #[serde(default)]
    pub price: f64,
    /// Recurring price per unit and year (subscription or software assurance).
    #[serde(default)]
    pub annual: f64,
    /// Per-core licences: at least this many cores per host.
    #[serde(default)]
    pub min_cores_per_host: u32,
    /// Per-core licences: at least this many cores per socket.
    #[serde(default)]
    pub min_cores_per_socket: u32,
}

/// Shared storage, sized per cluster from the servers' storage.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Storage {
    /// Price per usable TB (1 TB = 1000 GB).
    pub price_per_tb: f64,
    /// Annual maintenance per usable TB bought.
    #[serde(default)]
    pub annual_maintenance_per_tb: f64,
    /// Fill target in percent: usable TB bought = data / (fill target / 100).
    #[serde(default = "default_storage_fill_pct")]
    pub fill_target_pct: f64,
}

/// Sizing policy.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Policy {
    /// Virtual CPUs allowed per physical core.
    #[serde(default = "default_vcpu_per_core")]
    pub vcpu_per_core: f64,
    /// Memory overcommit ratio (1.0 = none).
    #[serde(default = "default_one")]
    pub memory_overcommit: f64,
    /// Target CPU utilisation of a host in normal operation, percent (the headroom).
    #[serde(default = "default_target_cpu_pct")]
    pub target_cpu_pct: f64,
    /// Target memory utilisation of a host in normal operation, percent.
    #[serde(default = "default_target_memory_pct")]
    pub target_memory_pct: f64,
    /// CPU utilisation a surviving host may reach after a host failure, percent.
    #[serde(default = "default_hundred")]
    pub failover_cpu_pct: f64,
    /// Memory utilisation a surviving host may reach after a host failure, percent.
    #[serde(default = "default_hundred")]
    pub failover_memory_pct: f64,
    /// Host failures each cluster must survive (N+k).
    #[serde(default = "default_spare_hosts")]
    pub spare_hosts: u32,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            vcpu_per_core: default_vcpu_per_core(),
            memory_overcommit: 1.0,
            target_cpu_pct: default_target_cpu_pct(),
            target_memory_pct: default_target_memory_pct(),
            failover_cpu_pct: 100.0,
            failover_memory_pct: 100.0,
            spare_hosts: default_spare_hosts(),
        }
    }
}

/// Cost parameters.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CostParameters {
    /// Electricity price per kWh.
    pub electricity_per_kwh: f64,
    /// Power usage effectiveness of the machine room (total power / IT power).
    #[serde(default = "default_pue")]
    pub pue: f64,
    /// Data-centre fee per machine (physical server or host) and year.
    #[serde(default)]
    pub datacentre_fee_per_host_year: f64,
    /// Migration labour per server moved to a virtual host, paid in its move year.
    #[serde(default)]
    pub migration_per_server: f64,
}

/// Which column an extra item is added to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum AppliesTo {
    /// Only the plan (new measures).
    Plan,
    /// Only the baseline.
    Baseline,
    /// Both columns (cancels out in the cost effect, shown for completeness).
    Both,
}

/// An item added on top of the consolidation: one-time in `fy`, or recurring from `from_fy`
/// to `to_fy` inclusive.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExtraItem {
    /// What it is.
    pub name: String,
    /// Amount per occurrence (per year when recurring).
    pub amount: f64,
    /// One-time: the fiscal year it is paid.
    #[serde(default)]
    pub fy: Option<i32>,
    /// Recurring: first fiscal year (default: first year of the horizon).
    #[serde(default)]
    pub from_fy: Option<i32>,
    /// Recurring: last fiscal year (default: last year of the horizon).
    #[serde(default)]
    pub to_fy: Option<i32>,
    /// Which column it counts in.
    #[serde(default = "default_applies_to")]
    pub applies_to: AppliesTo,
    /// Source or reasoning of the figure.
    #[serde(default)]
    pub note: Option<String>,
}

/// A physical server of the inventory.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Server {
    /// Unique name.
    pub name: String,
    /// Business system it serves.
    pub system: String,
    /// Security zone (one of `zones`).
    pub zone: String,
    /// Owning organisation.
    #[serde(default = "default_org")]
    pub org: String,
    /// Whether the plan covers it; out-of-scope servers are listed and left out of both columns.
    #[serde(default = "default_true")]
    pub in_scope: bool,
    /// Role (ap, db, batch, web, file, ...), informational.
    #[serde(default)]
    pub role: Option<String>,
    /// Physical cores.
    pub cores: u32,
    /// Relative per-core performance (a 2012-era server core = 1.0).
    #[serde(default = "default_one")]
    pub core_perf: f64,
    /// Virtual CPUs its virtual machine gets (default: its cores).
    #[serde(default)]
    pub vcpus: Option<u32>,
    /// Peak CPU utilisation, percent (required unless `cpu_profile` is given).
    #[serde(default)]
    pub peak_cpu_pct: Option<f64>,
    /// CPU utilisation for each hour of the day (24 values, percent): packs on the profile so
    /// that servers busy at different hours share a host.
    #[serde(default)]
    pub cpu_profile: Option<Vec<f64>>,
    /// Memory in GB.
    pub memory_gb: f64,
    /// Storage in GB.
    #[serde(default)]
    pub storage_gb: f64,
    /// Fiscal year its hardware is due for renewal.
    pub renewal_fy: i32,
    /// Servers of one redundancy group must not share a host.
    #[serde(default)]
    pub redundancy_group: Option<String>,
    /// Needed in the ICT-BCP minimum environment.
    #[serde(default)]
    pub bcp: bool,
    /// Stays a physical server (appliance, licence bound to hardware): not packed, keeps its
    /// baseline cost in the plan.
    #[serde(default)]
    pub stay_physical: bool,
    /// Servers of one affinity group run on the same host.
    #[serde(default)]
    pub affinity_group: Option<String>,
    /// What it costs to keep and to renew like for like.
    pub costs: ServerCosts,
    /// Why an out-of-scope server is left out (shown with it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exclude_reason: Option<String>,
}

/// What a physical server costs.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ServerCosts {
    /// Annual hardware maintenance.
    #[serde(default)]
    pub maintenance: f64,
    /// Average power draw in watts.
    #[serde(default)]
    pub power_w: f64,
    /// Annual OS licence (support or subscription); ends when the server moves to a host
    /// whose licences cover its guests.
    #[serde(default)]
    pub os_licence: f64,
    /// Like-for-like renewal price, paid in the renewal year in the baseline.
    pub renewal: f64,
}

fn default_currency() -> String {
    "JPY".into()
}
fn default_first_fy() -> i32 {
    2017
}
fn default_years() -> u32 {
    5
}
fn default_refresh_fy() -> i32 {
    2018
}
fn default_sockets() -> u32 {
    2
}
fn default_storage_fill_pct() -> f64 {
    80.0
}
fn default_vcpu_per_core() -> f64 {
    4.0
}
fn default_one() -> f64 {
    1.0
}
fn default_target_cpu_pct() -> f64 {
    70.0
}
fn default_target_memory_pct() -> f64 {
    80.0
}
fn default_hundred() -> f64 {
    100.0
}
fn default_spare_hosts() -> u32 {
    1
}
fn default_pue() -> f64 {
    1.0
}
fn default_applies_to() -> AppliesTo {
    AppliesTo::Plan
}
fn default_org() -> String {
    "city".into()
}
fn default_true() -> bool {
    true
}

impl Inventory {
    /// Fiscal years of the horizon, in order.
    pub fn fiscal_years(&self) -> impl Iterator<Item = i32> + '_ {
        let first = self.plan.first_fy;
        (0..self.plan.years as i32).map(move |k| first + k)
    }

    /// Last fiscal year of the horizon.
    pub fn last_fy(&self) -> i32 {
        self.plan.first_fy + self.plan.years as i32 - 1
    }
}

/// An inventory file as written: every section optional (a scenario takes the others from the
/// inventory it `extends`), servers listed in `servers` and/or read from ledgers named in
/// `servers_from`. The loader resolves it into an [`Inventory`]; this is the type the JSON
/// Schema (`consolidate schema`) describes.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "consolidate inventory")]
pub struct InventoryFile {
    /// A base inventory (path relative to this file) whose sections this file replaces one by
    /// one.
    #[serde(default)]
    pub extends: Option<String>,
    /// The planning case.
    #[serde(default)]
    pub plan: Option<PlanSection>,
    /// Security zones; each becomes its own cluster (three-layer model).
    #[serde(default)]
    pub zones: Option<Vec<Zone>>,
    /// Host models on offer.
    #[serde(default)]
    pub host_models: Option<Vec<HostModel>>,
    /// Shared storage bought with the hosts.
    #[serde(default)]
    pub storage: Option<Storage>,
    /// Sizing policy.
    #[serde(default)]
    pub policy: Option<Policy>,
    /// Cost parameters.
    #[serde(default)]
    pub costs: Option<CostParameters>,
    /// Items the plan adds on top of the consolidation.
    #[serde(default)]
    pub extra_items: Option<Vec<ExtraItem>>,
    /// Demand growth per year.
    #[serde(default)]
    pub growth: Option<Growth>,
    /// The ICT-BCP minimum environment at a second site.
    #[serde(default)]
    pub bcp: Option<Bcp>,
    /// Ranges of uncertain inputs for `consolidate sensitivity --samples`: field path
    /// (`costs.electricity_per_kwh`, `host_models[v44c-768g].price`,
    /// `host_models[*].licences[Windows Server 2016 Datacenter].price`) → triangular range.
    #[serde(default)]
    pub uncertainty: Option<std::collections::BTreeMap<String, Triangular>>,
    /// Server ledgers (CSV, XLSX) or RVTools exports to read servers from, relative to this
    /// file; their servers come after those of `servers`.
    #[serde(default)]
    pub servers_from: Option<Vec<ServersFrom>>,
    /// The physical servers.
    #[serde(default)]
    pub servers: Option<Vec<ServerEntry>>,
}

/// One entry of `servers_from`: a path, or a path with import options.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum ServersFrom {
    /// Just the file (relative to the inventory).
    Path(String),
    /// The file with options.
    Spec(ServersFromSpec),
}

/// A server file with import options.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ServersFromSpec {
    /// The file (relative to the inventory).
    pub path: String,
    /// Zone of the rows that name none (like `consolidate import --zone`).
    #[serde(default)]
    pub zone: Option<String>,
    /// RVTools: keep powered-off virtual machines in scope.
    #[serde(default)]
    pub include_powered_off: bool,
}

impl ServersFrom {
    /// The options as one shape.
    pub fn spec(&self) -> ServersFromSpec {
        match self {
            ServersFrom::Path(p) => {
                ServersFromSpec { path: p.clone(), zone: None, include_powered_off: false }
            }
            ServersFrom::Spec(s) => s.clone(),
        }
    }
}

/// A server as written in a file. In-scope servers need the fields [`Server`] requires;
/// out-of-scope ones (`in_scope: false`, or an `exclude_reason`) need only `name` and
/// `system` (and say why with `org` or `exclude_reason`). The loader turns entries into
/// [`Server`]s.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ServerEntry {
    /// Unique name.
    pub name: String,
    /// Business system it serves.
    pub system: String,
    /// Security zone (a zone's name or one of its aliases). Required in scope.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zone: Option<String>,
    /// Owning organisation (default `city`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub org: Option<String>,
    /// Whether the plan covers it (default: true, false when `exclude_reason` is given).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_scope: Option<bool>,
    /// Why it is out of scope; giving it makes `in_scope` default to false.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exclude_reason: Option<String>,
    /// Role (ap, db, batch, web, file, ...), informational.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// Physical cores. Required in scope.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cores: Option<u32>,
    /// Relative per-core performance (a 2012-era server core = 1.0; default 1.0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub core_perf: Option<f64>,
    /// Virtual CPUs its virtual machine gets (default: its cores).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vcpus: Option<u32>,
    /// Peak CPU utilisation, percent (in scope: this or `cpu_profile`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub peak_cpu_pct: Option<f64>,
    /// CPU utilisation for each hour of the day (24 values, percent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cpu_profile: Option<Vec<f64>>,
    /// Memory in GB. Required in scope.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memory_gb: Option<f64>,
    /// Storage in GB (default 0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub storage_gb: Option<f64>,
    /// Fiscal year its hardware is due for renewal. Required in scope.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub renewal_fy: Option<i32>,
    /// Servers of one redundancy group must not share a host.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redundancy_group: Option<String>,
    /// Needed in the ICT-BCP minimum environment (default false).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bcp: Option<bool>,
    /// Stays a physical server (default false).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stay_physical: Option<bool>,
    /// Servers of one affinity group run on the same host.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub affinity_group: Option<String>,
    /// What it costs to keep and to renew like for like. Required in scope.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub costs: Option<ServerCosts>,
}
