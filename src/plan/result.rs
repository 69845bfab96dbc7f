//! What a plan produces: everything the reports show, in one serialisable value. `plan.json`
//! is this value as JSON; every other output format is derived from it alone.

use serde::{Deserialize, Serialize};

// The projection's figures are the cost module's own types (cost/ does not import plan/).
pub use crate::cost::bom::{BomKind, BomLine, BomUnit};
pub use crate::cost::{Costs, ExtraRow, YearCosts};

/// Amounts of the packed resources. CPU is in normalised core units (one 2012-era core fully
/// busy = 1.0), vCPUs are virtual CPUs, memory is in GB.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Resources {
    /// CPU in normalised core units.
    pub cpu: f64,
    /// Virtual CPUs.
    pub vcpu: f64,
    /// Memory in GB.
    pub memory_gb: f64,
}

impl Resources {
    /// Names of the resources, in the order of [`Resources::values`].
    pub const NAMES: [&'static str; 3] = ["cpu", "vcpu", "memory"];

    /// The three values, in the order of [`Resources::NAMES`].
    pub fn values(&self) -> [f64; 3] {
        [self.cpu, self.vcpu, self.memory_gb]
    }

    /// Builds from values in the order of [`Resources::NAMES`].
    pub fn from_values(v: [f64; 3]) -> Self {
        Resources { cpu: v[0], vcpu: v[1], memory_gb: v[2] }
    }

    /// Component-wise sum.
    pub fn add(&self, o: &Resources) -> Resources {
        Resources {
            cpu: self.cpu + o.cpu,
            vcpu: self.vcpu + o.vcpu,
            memory_gb: self.memory_gb + o.memory_gb,
        }
    }

    /// Component-wise percentage `self / of × 100` (0 where `of` is 0).
    pub fn percent_of(&self, of: &Resources) -> Resources {
        let p = |a: f64, b: f64| if b > 0.0 { a / b * 100.0 } else { 0.0 };
        Resources {
            cpu: p(self.cpu, of.cpu),
            vcpu: p(self.vcpu, of.vcpu),
            memory_gb: p(self.memory_gb, of.memory_gb),
        }
    }
}

/// The whole result of `consolidate plan`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PlanResult {
    /// The planning case.
    pub plan: PlanMeta,
    /// Headline figures.
    pub summary: Summary,
    /// One cluster per zone, with its hosts.
    pub clusters: Vec<Cluster>,
    /// Cost by fiscal year, baseline beside plan.
    pub years: Vec<YearCosts>,
    /// Where every server runs in each fiscal year (hosts in service, servers moved so far).
    pub yearly: Vec<YearLayout>,
    /// Every server of the inventory and what happens to it.
    pub servers: Vec<ServerRow>,
    /// Servers left out of the plan, with the reason.
    pub excluded: Vec<Excluded>,
    /// Extra plan items as they were counted.
    pub extra_items: Vec<ExtraRow>,
    /// Assumptions the figures rest on, as facts the report words in its language.
    pub assumptions: Vec<Assumption>,
    /// What the plan buys, by fiscal year and site (empty in a `plan.json` written before the
    /// bill of materials existed).
    #[serde(default)]
    pub bom: Vec<BomLine>,
}

/// The planning case as read from the inventory.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PlanMeta {
    /// Short name (output folder).
    pub name: String,
    /// Title for reports.
    pub title: String,
    /// Currency of every amount.
    pub currency: String,
    /// First fiscal year.
    pub first_fy: i32,
    /// Number of years.
    pub years: u32,
    /// Year the hosts are bought.
    pub refresh_fy: i32,
    /// Name of the packer that made the layout.
    pub packer: String,
}

/// Headline figures.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Summary {
    /// Servers in the inventory.
    pub servers_total: usize,
    /// Servers in scope of the plan.
    pub servers_in_scope: usize,
    /// Servers moved onto virtual hosts.
    pub servers_virtualised: usize,
    /// Servers left out (out of scope).
    pub servers_excluded: usize,
    /// In-scope servers that stay physical (not packed, baseline cost kept).
    pub servers_physical: usize,
    /// Servers that also run in the ICT-BCP minimum environment.
    pub servers_bcp: usize,
    /// Virtual hosts in all clusters (spares included).
    pub hosts_total: usize,
    /// Five-year total of the baseline (first plan continued).
    pub baseline_total: f64,
    /// Five-year total of the plan.
    pub plan_total: f64,
    /// baseline_total − plan_total.
    pub cost_effect: f64,
    /// cost_effect as a percentage of baseline_total.
    pub cost_effect_pct: f64,
}

/// One cluster (a zone at a site) and its hosts.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Cluster {
    /// Cluster name (the zone name; `bcp-<zone>` at the BCP site).
    pub name: String,
    /// Security zone.
    pub zone: String,
    /// Site: `main`, or the BCP site's name.
    pub site: String,
    /// True when packed on hourly CPU profiles (time of day) rather than on peaks.
    pub time_of_day: bool,
    /// With time-of-day packing: the hosts peak-based sizing would need for the same servers.
    pub peak_sizing_hosts: Option<usize>,
    /// With time-of-day packing: what those hosts would cost over the horizon.
    pub peak_sizing_cost: Option<f64>,
    /// What the cluster's hosts cost over the horizon (purchase, licences, maintenance, power,
    /// site fee), the figure the model choice minimised.
    pub horizon_cost: f64,
    /// Hosts bought, by fiscal year and model.
    pub purchases: Vec<PurchaseRow>,
    /// Per resource: total demand, what one host offers, and the hosts' worth it makes.
    pub resource_needs: Vec<ResourceNeed>,
    /// The sizing policy in force for this cluster (the BCP site may have its own).
    pub policy: crate::inventory::Policy,
    /// Servers placed on it.
    pub servers: usize,
    /// Fiscal year its hosts are bought.
    pub purchase_fy: i32,
    /// Hosts, in order; spare hosts last.
    pub hosts: Vec<Host>,
    /// Total demand of its servers.
    pub demand: Resources,
    /// Total physical capacity of its hosts.
    pub capacity: Resources,
    /// Usable capacity at the target utilisation (what normal operation may use).
    pub usable: Resources,
    /// The resource that needs the most hosts.
    pub binding_resource: String,
    /// How the host count was reached: the planner's note, as facts in reading order.
    pub sizing_note: Vec<SizingFact>,
    /// Lower bound on the number of hosts in normal operation, valid for every mix of the
    /// allowed models: the fewest hosts of any mix meeting per-resource capacity, unit fit and
    /// the largest redundancy group.
    pub lower_bound_hosts: u64,
    /// Which bound gives `lower_bound_hosts`.
    pub lower_bound_reason: LowerBoundReason,
    /// The cluster's horizon cost is proven optimal (equals `proof.cost_lower_bound`).
    pub proven_optimal: bool,
    /// Solver method that produced the layout.
    pub method: Method,
    /// Host failures the cluster survives, and the worst case.
    pub failover: Failover,
    /// Shared storage bought for it, usable TB.
    pub storage_tb: f64,
    /// Every host-model choice evaluated, cheapest first; the first is the one chosen.
    pub options: Vec<ModelOption>,
    /// What is proven about the cluster's cost and host count, for the problem with N+k.
    pub proof: ClusterProof,
    /// What became of the start plan's layout for this cluster (`plan --start`); absent when
    /// the plan had no start.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<StartUse>,
}

/// How a start plan's layout for a cluster (same cluster name in the start's `plan.json`) was
/// used: checked against this inventory, offered to the search as the answer to beat.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct StartUse {
    /// The start layout is feasible for this inventory (every resource and hour, redundancy
    /// groups, host limits, every loss of k hosts), so the cluster costs no more than it.
    pub feasible: bool,
    /// The cluster's answer is the start layout: the search found nothing strictly cheaper.
    pub taken: bool,
    /// The start layout's horizon cost under this inventory (when feasible).
    pub cost: Option<f64>,
    /// Why the start layout could not be used (when not feasible).
    pub reason: Option<StartRejection>,
}

/// Why a start plan's layout could not seed a cluster (`plan.json` `clusters[].start.reason`,
/// worded by the report's catalogue).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum StartRejection {
    /// The start plan has no cluster of this name.
    NoCluster,
    /// The cluster's hosts are bought year by year: a start is used only when bought at once.
    BoughtYearByYear,
    /// A host of the start layout is of a model the inventory does not have.
    UnknownModel {
        /// The model's name.
        model: String,
    },
    /// A host of the start layout is of a model this cluster may not use.
    ModelNotAllowed {
        /// The model's name.
        model: String,
    },
    /// A server of the start layout is not one of this cluster's servers.
    UnknownServer {
        /// The server's name.
        server: String,
    },
    /// A server is on one host, a member of its affinity group on another.
    AffinitySplit {
        /// The server's name.
        server: String,
        /// Its host in the start layout.
        host: String,
        /// The host of the rest of its affinity group.
        other: String,
    },
    /// A server of this cluster is on no host of the start layout.
    NotPlaced {
        /// The server's name.
        server: String,
    },
    /// Fewer hosts than the cluster's `min_hosts`.
    BelowMinHosts {
        /// Hosts of the start layout.
        hosts: usize,
        /// The cluster's minimum.
        min: u32,
    },
    /// More hosts than the cluster's `max_hosts`.
    AboveMaxHosts {
        /// Hosts of the start layout.
        hosts: usize,
        /// The cluster's maximum.
        max: u32,
    },
    /// A host's servers exceed its limit in normal operation (some resource or hour).
    OverLimit,
    /// Redundancy partners share a host.
    PartnersShareHost,
    /// Some loss of `spare_hosts` hosts is not absorbed.
    LossNotAbsorbed {
        /// Hosts whose loss must be absorbed.
        spare_hosts: u32,
    },
}

/// What is proven about a cluster, for the problem as the inventory states it: every allowed
/// host model in any mix, the cluster's host limits, and the loss of `spare_hosts` hosts.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ClusterProof {
    /// Lower bound on the horizon cost of any plan for this cluster (`None` when hosts are
    /// bought year by year: the bound prices one purchase year).
    pub cost_lower_bound: Option<f64>,
    /// The cheapest host mix no necessary condition refutes: the bound's witness.
    pub bound_mix: Option<BoundMix>,
    /// horizon_cost − cost_lower_bound, in the plan's currency.
    pub cost_gap: Option<f64>,
    /// cost_gap as a percentage of horizon_cost.
    pub cost_gap_pct: Option<f64>,
    /// True only when horizon_cost equals cost_lower_bound: no plan for the cluster costs less.
    pub cost_proven_optimal: bool,
    /// LP relaxation bound over all mixes (good_lp / microlp), weaker than cost_lower_bound.
    pub lp_bound: Option<f64>,
    /// Fewest hosts any layout needs in normal operation (no host lost).
    pub hosts_lower_bound_normal: usize,
    /// Fewest hosts any layout needs with N+k and the cluster's host limits.
    pub hosts_lower_bound_with_failover: usize,
    /// True when the plan's host count equals hosts_lower_bound_with_failover.
    pub host_count_proven_minimal: bool,
    /// Host mixes refuted by a necessary condition (cheaper than the plan's).
    pub mixes_refuted: usize,
    /// Host mixes no construction found a layout for and an exhaustive search of the (small)
    /// cluster proved to have none: the cost bound passes over them.
    #[serde(default)]
    pub mixes_proven_empty: usize,
    /// Host mixes a layout was tried for.
    pub mixes_tried: usize,
    /// The search's work budget ran out before a layout was found (the layout then comes from
    /// the per-model packing).
    pub budget_hit: bool,
    /// A packer call was cut by its wall-clock limit (the layout may then depend on timing).
    pub cut_by_clock: bool,
}

/// One host.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Host {
    /// Host name (`my-number-01`).
    pub name: String,
    /// Host model.
    pub model: String,
    /// True for a host added only to survive host failures or reach the cluster minimum
    /// (empty in normal operation).
    pub spare: bool,
    /// `active`, `spare` (N+k) or `minimum` (cluster minimum host count).
    pub role: HostRole,
    /// Fiscal year it is bought.
    pub bought_fy: i32,
    /// Servers on it in normal operation.
    pub servers: Vec<String>,
    /// Physical capacity (vCPU: cores × vCPU per core; memory: GB × overcommit).
    pub capacity: Resources,
    /// What normal operation may use (capacity × target utilisation).
    pub limit: Resources,
    /// What its servers use.
    pub used: Resources,
    /// used / capacity × 100 (CPU: the busiest hour).
    pub utilisation_pct: Resources,
    /// With time-of-day packing: CPU utilisation for each hour 0–23, percent of capacity.
    pub cpu_by_hour_pct: Option<Vec<f64>>,
}

/// Hosts bought in one fiscal year.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PurchaseRow {
    /// Fiscal year.
    pub fy: i32,
    /// Host model.
    pub model: String,
    /// How many.
    pub count: usize,
}

/// One resource's share in the sizing of a cluster.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ResourceNeed {
    /// `cpu` (busiest hour), `vcpu` or `memory`.
    pub resource: String,
    /// The host model `per_host` refers to (the cluster's most common active model).
    pub model: String,
    /// Total demand of the cluster's servers.
    pub demand: f64,
    /// What one host of the cluster's main model offers in normal operation.
    pub per_host: f64,
    /// demand / per_host.
    pub hosts_worth: f64,
    /// Hosts it alone requires (rounded up).
    pub hosts: u64,
    /// Demand over the capacity of the cluster's active hosts, percent.
    pub utilisation_pct: f64,
}

/// Where every server runs in one fiscal year.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct YearLayout {
    /// Fiscal year.
    pub fy: i32,
    /// Clusters in service that year.
    pub clusters: Vec<YearCluster>,
}

/// One cluster in one fiscal year.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct YearCluster {
    /// Cluster name.
    pub name: String,
    /// Hosts bought by this year.
    pub hosts_in_service: usize,
    /// Hosts bought this very year.
    pub hosts_bought: usize,
    /// Servers running on it this year.
    pub servers: usize,
    /// Hosts in service and their servers.
    pub hosts: Vec<YearHost>,
}

/// One host in one fiscal year.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct YearHost {
    /// Host name.
    pub name: String,
    /// Host model.
    pub model: String,
    /// Servers on it this year.
    pub servers: Vec<String>,
    /// What they use this year (with growth).
    pub used: Resources,
    /// used / capacity × 100.
    pub utilisation_pct: Resources,
}

/// Survival of host failures (N+k admission control).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Failover {
    /// Number of simultaneous host failures required by the policy.
    pub required: u32,
    /// Whether every loss of `required` hosts can be absorbed (checked by re-placement).
    pub survives: bool,
    /// Hosts added for it beyond the normal-operation layout.
    pub spare_hosts: usize,
    /// The host loss that leaves the least headroom (names), empty when `required` is 0.
    pub binding_loss: Vec<String>,
    /// Highest utilisation of any surviving host after that loss, per resource, percent.
    pub worst_utilisation_pct: Resources,
    /// The surviving host that reaches the highest utilisation (any resource) after that loss.
    pub worst_host: Option<String>,
    /// That host's own utilisation after the loss, per resource, percent.
    pub worst_host_utilisation_pct: Resources,
    /// Where the servers of the binding loss restart (server → host).
    pub binding_moves: Vec<(String, String)>,
}

/// A host-model choice that was evaluated for a cluster.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ModelOption {
    /// Hosts per model (spares included; empty: no new host).
    pub mix: Vec<ModelCount>,
    /// Hosts in total (spares included).
    pub hosts: usize,
    /// Cost of those hosts over the years they serve in the horizon.
    pub horizon_cost: f64,
    /// True for the option taken.
    pub chosen: bool,
}

/// A server and what the plan does with it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ServerRow {
    /// Server name.
    pub name: String,
    /// Business system.
    pub system: String,
    /// Zone.
    pub zone: String,
    /// Organisation.
    pub org: String,
    /// In scope of the plan.
    pub in_scope: bool,
    /// Host it runs on after the move (None when excluded or staying physical).
    pub host: Option<String>,
    /// Host of its reduced copy in the ICT-BCP environment.
    pub bcp_host: Option<String>,
    /// What that reduced copy needs (largest over its years in service).
    pub bcp_demand: Option<Resources>,
    /// Stays a physical server.
    pub stays_physical: bool,
    /// Affinity group (same host as its other members).
    pub affinity_group: Option<String>,
    /// Fiscal year it moves (None when excluded).
    pub move_fy: Option<i32>,
    /// Its demand as sized (largest over its years in service; CPU at its busiest hour).
    pub demand: Resources,
    /// Its storage in GB.
    pub storage_gb: f64,
    /// Redundancy group.
    pub redundancy_group: Option<String>,
    /// BCP flag.
    pub bcp: bool,
}

/// A server left out, and why.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Excluded {
    /// Server name.
    pub server: String,
    /// Why.
    pub reason: ExcludeReason,
}

// ---------------------------------------------------------------------------------------------
// Facts the planner states, for the report to word in its language. Each is serialised in
// plan.json as an object whose `kind` names the fact (snake_case) beside its figures and
// names; docs/outputs.md lists them. No field holds prose: a renderer words every one through
// its message catalogue, so a Japanese report has no English sentence in it.

/// Why a host is in a cluster (`"active"`, `"spare"`, `"minimum"` in plan.json).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum HostRole {
    /// Carries servers in normal operation.
    #[default]
    Active,
    /// Added to survive host failures (N+k): empty in normal operation.
    Spare,
    /// Added to reach the cluster's minimum host count: empty in normal operation.
    Minimum,
}

impl HostRole {
    /// The role's name in plan.json and the catalogues (`role_<name>`).
    pub fn name(self) -> &'static str {
        match self {
            HostRole::Active => "active",
            HostRole::Spare => "spare",
            HostRole::Minimum => "minimum",
        }
    }
}

/// Hosts of one model in a mix: `{"model": "v32c-512g", "count": 4}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModelCount {
    /// Host model.
    pub model: String,
    /// How many hosts of it.
    pub count: u32,
}

/// The witness of a cluster's cost bound.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum BoundMix {
    /// The cheapest mix no necessary condition refutes (models in the inventory's order).
    Mix {
        /// Hosts per model.
        hosts: Vec<ModelCount>,
    },
    /// Too many mixes in one cost window to enumerate: the bound is that of the mixes fully
    /// refuted below it.
    EnumerationCut,
    /// No mix up to the search's cost cap survives the necessary conditions.
    NoneUpToCap,
}

/// How a cluster's layout was made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Method {
    /// The search over host mixes in cost order, N+k checked inside it.
    MixSearch {
        /// Mixes a layout was tried for.
        mixes_tried: usize,
    },
    /// One host model's count, galloping then bisecting (the options list; a layout found, not
    /// the fewest proven).
    MixSearchOneModel,
    /// A packer of the engine, by its method name (`greedy-max-ff-cheapest`, `exact+lns`).
    Packer {
        /// The packer's method name.
        name: String,
    },
    /// The layout of the plan given with `--start`, kept because the search found no cheaper
    /// mix that holds.
    Start,
    /// Nothing to pack.
    None,
}

/// Which bound gives a cluster's `lower_bound_hosts`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum LowerBoundReason {
    /// The cluster has no server.
    NoServer,
    /// One resource: its total demand over the most any allowed model offers per host.
    Resource {
        /// `cpu`, `vcpu` or `memory`.
        resource: String,
        /// Total demand (normalised cores, vCPUs or GB).
        demand: f64,
        /// The most one host of any allowed model offers in normal operation.
        per_host: f64,
    },
    /// A redundancy group whose members must run on different hosts.
    RedundancyGroup {
        /// The group's name.
        group: String,
        /// Its members in the cluster.
        servers: usize,
    },
    /// The fewest hosts of any allowed mix that carries every resource and every server.
    MixSearch,
}

/// One fact of a cluster's sizing note, in reading order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SizingFact {
    /// The binding resource alone needs `hosts` hosts of `model` (`hosts_worth` rounded up)
    /// at the policy's target for it (`cpu`: target CPU %, `vcpu`: vCPUs per core, `memory`:
    /// target memory %).
    ResourceBound {
        /// `cpu`, `vcpu` or `memory`.
        resource: String,
        /// Demand over what one host of `model` offers.
        hosts_worth: f64,
        /// The cluster's main model.
        model: String,
        /// The policy's limit for the resource (percent, or vCPUs per core).
        target: f64,
        /// Hosts it alone requires.
        hosts: u64,
    },
    /// A lower bound above the binding resource's count, and which bound it is.
    LowerBound {
        /// Hosts.
        hosts: u64,
        /// Which bound.
        reason: LowerBoundReason,
    },
    /// Hosts that carry servers in normal operation.
    ActiveHosts {
        /// How many.
        hosts: usize,
    },
    /// The horizon cost against the bound valid for every allowed mix with N+k.
    CostBound {
        /// The cluster's horizon cost.
        horizon_cost: f64,
        /// The lower bound.
        lower_bound: f64,
        /// Host failures survived (k of N+k).
        k: u32,
        /// The bound's witness.
        mix: Option<BoundMix>,
        /// horizon_cost − lower_bound.
        gap: f64,
        /// gap as a percentage of horizon_cost.
        gap_pct: f64,
        /// The gap is zero: no plan for the cluster costs less.
        proven_optimal: bool,
    },
    /// Hosts bought year by year: no cost bound is claimed.
    NoCostBound,
    /// Hosts added to reach the cluster's minimum.
    MinimumHosts {
        /// How many.
        hosts: usize,
    },
    /// Spare hosts for N+k, and the worst loss.
    Spares {
        /// Spare hosts added (0: none needed).
        spares: usize,
        /// Host failures survived.
        k: u32,
        /// The loss that leaves the least headroom (host names; empty when not known).
        worst_loss: Vec<String>,
        /// CPU utilisation of the fullest survivor after it, percent.
        cpu_pct: f64,
        /// Memory utilisation of the fullest survivor after it, percent.
        memory_pct: f64,
    },
    /// Time-of-day packing against peak-based sizing.
    TimeOfDay {
        /// Hosts with time-of-day packing.
        hosts: usize,
        /// Their horizon cost.
        cost: f64,
        /// Hosts peak-based sizing needs.
        peak_hosts: usize,
        /// Their horizon cost.
        peak_cost: f64,
    },
}

/// Why a server is left out of the plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ExcludeReason {
    /// Out of scope, for the reason the inventory gives (`exclude_reason`, as written).
    OutOfScope {
        /// The inventory's words.
        reason: String,
    },
    /// Out of scope: its organisation is to be discussed separately.
    Organisation {
        /// The organisation.
        org: String,
    },
    /// Marked `stay_physical`: not packed, keeps its baseline cost.
    StaysPhysical,
}

/// An assumption the figures rest on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Assumption {
    /// The baseline continues the first plan: like-for-like renewal, running costs every year.
    Baseline,
    /// Hosts and storage bought in `fy`; servers move in their renewal year.
    PlanRefreshYear {
        /// The purchase year.
        fy: i32,
    },
    /// Hosts bought in the year they are first needed.
    PlanAsNeeded,
    /// How demand and host limits are counted.
    Sizing {
        /// Target CPU utilisation, percent.
        target_cpu_pct: f64,
        /// Target memory utilisation, percent.
        target_memory_pct: f64,
        /// vCPUs per physical core, at most.
        vcpu_per_core: f64,
        /// Memory overcommit ratio.
        memory_overcommit: f64,
        /// CPU survivors may reach after a failure, percent.
        failover_cpu_pct: f64,
        /// Memory survivors may reach after a failure, percent.
        failover_memory_pct: f64,
    },
    /// N+k checked by re-placement.
    Failover {
        /// k.
        spare_hosts: u32,
    },
    /// Host licences cover the guests; a server's OS licence ends when it moves.
    Licences,
    /// Power cost: average draw × hours × PUE × price per kWh.
    Power {
        /// Hours in a year.
        hours: f64,
        /// Price of one kWh.
        electricity_per_kwh: f64,
    },
    /// Out-of-scope servers in neither column; physical ones in both.
    Scope,
    /// Demand growth.
    Growth {
        /// Percent a year.
        overall_pct: f64,
        /// From this fiscal year.
        from_fy: i32,
        /// Some systems have their own rate.
        per_system: bool,
    },
    /// The ICT-BCP environment.
    Bcp {
        /// Site name.
        site: String,
        /// First fiscal year.
        from_fy: i32,
        /// Share of CPU, vCPUs and memory, percent.
        sizing_pct: f64,
    },
}
