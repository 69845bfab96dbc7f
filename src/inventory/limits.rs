//! The range of every number, list and text of an inventory (the limits table of
//! `docs/inventory.md`), checked before any other check or computation.
//!
//! Why ranges and not only "positive": every total the program computes (five-year costs,
//! licence counts, demand grown over the horizon, hosts per cluster) must stay finite and
//! within its integer type for every accepted inventory, and every size taken from the input
//! (hosts to try, servers, profile lengths) must be small enough to plan in seconds. The
//! bounds are far above any real municipal inventory: money up to 10¹² (a trillion yen per
//! amount), 20,000 servers, 200 hosts per cluster. With them the largest total is below
//! 20,000 servers × 30 years × 10¹² × a few items ≈ 2·10¹⁸, finite in `f64` and in `i64`.
//!
//! The loader calls [`fatal`] first: list sizes and the horizon (`first_fy`, `years`), which
//! every later check walks or computes with, so nothing else is checked while one is out of
//! range. Then [`check`] gives the other values out of range, reported beside the validator's
//! own problems (a field the validator already faults is reported once, in its words).

use super::model::*;

/// Most servers in one inventory.
pub const MAX_SERVERS: usize = 20_000;
/// Most zones, host models, or model names in one list.
pub const MAX_LIST: usize = 100;
/// Most licences per host model.
pub const MAX_LICENCES: usize = 20;
/// Most extra plan items.
pub const MAX_EXTRA_ITEMS: usize = 1_000;
/// Most hosts in one cluster (`min_hosts`, `max_hosts`).
pub const MAX_HOSTS: u32 = 200;
/// Most cores of a host model or server, and most vCPUs of a server, and the largest
/// per-core licence minimum.
pub const MAX_CORES: u32 = 1_024;
/// Most processor sockets of a host model.
pub const MAX_SOCKETS: u32 = 16;
/// Largest amount of money (price, fee, maintenance, extra item), in the plan's currency.
pub const MAX_MONEY: f64 = 1e12;
/// Largest memory of a host model or server, GB (a petabyte).
pub const MAX_MEMORY_GB: f64 = 1e6;
/// Smallest memory of a host model or server, GB (1 MB).
pub const MIN_MEMORY_GB: f64 = 0.001;
/// Largest storage of a server, GB (100 PB).
pub const MAX_STORAGE_GB: f64 = 1e8;
/// Largest power draw of a machine, W (a megawatt).
pub const MAX_POWER_W: f64 = 1e6;
/// Smallest and largest relative core performance.
pub const CORE_PERF: (f64, f64) = (0.01, 100.0);
/// Smallest and largest vCPUs per core.
pub const VCPU_PER_CORE: (f64, f64) = (0.01, 64.0);
/// Smallest and largest memory overcommit.
pub const MEMORY_OVERCOMMIT: (f64, f64) = (0.1, 10.0);
/// Smallest and largest percentage of a utilisation target, a storage fill or a BCP sizing.
pub const PERCENT: (f64, f64) = (1.0, 100.0);
/// Smallest and largest PUE.
pub const PUE: (f64, f64) = (1.0, 10.0);
/// Largest electricity price per kWh.
pub const MAX_KWH_PRICE: f64 = 1e4;
/// First and last fiscal year a horizon may start in.
pub const FIRST_FY: (i32, i32) = (1900, 2200);
/// Longest text (name, note, title), in characters: what one Excel cell holds.
pub const MAX_TEXT_CHARS: usize = 32_767;
/// Longest `plan.name`, in bytes of UTF-8 (it names the output folder; a file name holds 255).
pub const MAX_PLAN_NAME_BYTES: usize = 200;

/// Collects problems as `(path, message)`.
struct Limits {
    problems: Vec<(String, String)>,
}

impl Limits {
    fn fail(&mut self, path: String, message: String) {
        self.problems.push((path, message));
    }

    /// A finite number in `lo..=hi`.
    fn num(&mut self, path: String, v: f64, lo: f64, hi: f64) {
        if !(v.is_finite() && v >= lo && v <= hi) {
            let (lo, hi, v) = (short(lo), short(hi), short(v));
            self.fail(path, format!("expected a number from {lo} to {hi}, found {v}"));
        }
    }

    fn money(&mut self, path: String, v: f64) {
        self.num(path, v, 0.0, MAX_MONEY);
    }

    fn int(&mut self, path: String, v: u32, lo: u32, hi: u32) {
        if !(lo..=hi).contains(&v) {
            self.fail(path, format!("expected a whole number from {lo} to {hi}, found {v}"));
        }
    }

    fn list(&mut self, path: String, len: usize, max: usize) {
        if len > max {
            self.fail(path, format!("expected at most {max} entries, found {len}"));
        }
    }

    fn text(&mut self, path: String, s: &str) {
        let n = s.chars().count();
        if n > MAX_TEXT_CHARS {
            self.fail(
                path,
                format!(
                    "expected at most {MAX_TEXT_CHARS} characters (what a spreadsheet cell \
                     holds), found {n}"
                ),
            );
        }
    }

    fn opt_text(&mut self, path: String, s: &Option<String>) {
        if let Some(s) = s {
            self.text(path, s);
        }
    }
}

/// Lists over their size and a horizon out of range, as `(path, message)`: checked before
/// anything walks a list (a million-value profile gives one message) or counts years.
pub fn fatal(inv: &Inventory) -> Vec<(String, String)> {
    let mut c = Limits { problems: Vec::new() };
    sizes(&mut c, inv);
    let (lo, hi) = FIRST_FY;
    if !(lo..=hi).contains(&inv.plan.first_fy) {
        c.fail(
            "plan.first_fy".into(),
            format!("expected a fiscal year from {lo} to {hi}, found {}", inv.plan.first_fy),
        );
    }
    c.int("plan.years".into(), inv.plan.years, 1, 30);
    c.problems
}

/// A number as a reader writes it: `1e308`, `1e-300` and `1e12` rather than hundreds of
/// digits, everyday values as they are.
fn short(v: f64) -> String {
    if v != 0.0 && v.is_finite() && (v.abs() >= 1e9 || v.abs() < 1e-3) {
        format!("{v:e}")
    } else {
        format!("{v}")
    }
}

/// Every other value outside its range, as `(path, message)`; empty when all are in range.
/// Call after [`fatal`] found nothing.
pub fn check(inv: &Inventory) -> Vec<(String, String)> {
    let mut c = Limits { problems: Vec::new() };
    plan(&mut c, &inv.plan);
    for (i, z) in inv.zones.iter().enumerate() {
        c.text(format!("zones[{i}].name"), &z.name);
        c.opt_text(format!("zones[{i}].description"), &z.description);
        if let Some(v) = z.min_hosts {
            c.int(format!("zones[{i}].min_hosts"), v, 0, MAX_HOSTS);
        }
        if let Some(v) = z.max_hosts {
            c.int(format!("zones[{i}].max_hosts"), v, 1, MAX_HOSTS);
        }
        for (j, m) in z.host_models.iter().enumerate() {
            c.text(format!("zones[{i}].host_models[{j}]"), m);
        }
    }
    for (i, m) in inv.host_models.iter().enumerate() {
        host_model(&mut c, &format!("host_models[{i}]"), m);
    }
    let s = &inv.storage;
    c.money("storage.price_per_tb".into(), s.price_per_tb);
    c.money("storage.annual_maintenance_per_tb".into(), s.annual_maintenance_per_tb);
    c.num("storage.fill_target_pct".into(), s.fill_target_pct, PERCENT.0, PERCENT.1);
    policy(&mut c, "policy", &inv.policy);
    let k = &inv.costs;
    c.num("costs.electricity_per_kwh".into(), k.electricity_per_kwh, 0.0, MAX_KWH_PRICE);
    c.num("costs.pue".into(), k.pue, PUE.0, PUE.1);
    c.money("costs.datacentre_fee_per_host_year".into(), k.datacentre_fee_per_host_year);
    c.money("costs.migration_per_server".into(), k.migration_per_server);
    for (i, x) in inv.extra_items.iter().enumerate() {
        c.text(format!("extra_items[{i}].name"), &x.name);
        c.opt_text(format!("extra_items[{i}].note"), &x.note);
        c.num(format!("extra_items[{i}].amount"), x.amount, -MAX_MONEY, MAX_MONEY);
    }
    for system in inv.growth.systems.keys() {
        c.text(format!("growth.systems.{system}"), system);
    }
    if let Some(b) = &inv.bcp {
        bcp(&mut c, b);
    }
    for (i, s) in inv.servers.iter().enumerate() {
        server(&mut c, &format!("servers[{i}]"), s);
    }
    c.problems
}

/// List lengths, checked first so that nothing walks a list longer than its limit.
fn sizes(c: &mut Limits, inv: &Inventory) {
    c.list("zones".into(), inv.zones.len(), MAX_LIST);
    c.list("host_models".into(), inv.host_models.len(), MAX_LIST);
    for (i, z) in inv.zones.iter().enumerate() {
        c.list(format!("zones[{i}].host_models"), z.host_models.len(), MAX_LIST);
    }
    for (i, m) in inv.host_models.iter().enumerate() {
        c.list(format!("host_models[{i}].licences"), m.licences.len(), MAX_LICENCES);
    }
    c.list("extra_items".into(), inv.extra_items.len(), MAX_EXTRA_ITEMS);
    c.list("growth.systems".into(), inv.growth.systems.len(), MAX_SERVERS);
    if let Some(b) = &inv.bcp {
        c.list("bcp.host_models".into(), b.host_models.len(), MAX_LIST);
    }
    c.list("servers".into(), inv.servers.len(), MAX_SERVERS);
    for (i, s) in inv.servers.iter().enumerate() {
        if let Some(p) = &s.cpu_profile {
            c.list(format!("servers[{i}].cpu_profile"), p.len(), 24);
        }
    }
}

fn plan(c: &mut Limits, plan: &PlanSection) {
    let name = &plan.name;
    if name.len() > MAX_PLAN_NAME_BYTES {
        c.fail(
            "plan.name".into(),
            format!(
                "expected at most {MAX_PLAN_NAME_BYTES} bytes of UTF-8 (it names the output \
                 folder; about 66 Japanese characters), found {}",
                name.len()
            ),
        );
    }
    if let Some(ch) = name.chars().find(|c| c.is_control()) {
        c.fail(
            "plan.name".into(),
            format!(
                "expected a name usable as a folder name, found the control character U+{:04X}",
                u32::from(ch)
            ),
        );
    }
    c.opt_text("plan.title".into(), &plan.title);
    c.text("plan.currency".into(), &plan.currency);
}

fn host_model(c: &mut Limits, at: &str, m: &HostModel) {
    let p = |f: &str| format!("{at}.{f}");
    c.text(p("name"), &m.name);
    c.int(p("sockets"), m.sockets, 1, MAX_SOCKETS);
    c.int(p("cores"), m.cores, 1, MAX_CORES);
    c.num(p("core_perf"), m.core_perf, CORE_PERF.0, CORE_PERF.1);
    c.num(p("memory_gb"), m.memory_gb, MIN_MEMORY_GB, MAX_MEMORY_GB);
    c.money(p("price"), m.price);
    c.money(p("annual_maintenance"), m.annual_maintenance);
    c.num(p("power_w"), m.power_w, 0.0, MAX_POWER_W);
    for (j, l) in m.licences.iter().enumerate() {
        let q = |f: &str| format!("{at}.licences[{j}].{f}");
        c.text(q("name"), &l.name);
        c.money(q("price"), l.price);
        c.money(q("annual"), l.annual);
        c.int(q("min_cores_per_host"), l.min_cores_per_host, 0, MAX_CORES);
        c.int(q("min_cores_per_socket"), l.min_cores_per_socket, 0, MAX_CORES);
    }
}

fn policy(c: &mut Limits, at: &str, pol: &Policy) {
    let p = |f: &str| format!("{at}.{f}");
    c.num(p("vcpu_per_core"), pol.vcpu_per_core, VCPU_PER_CORE.0, VCPU_PER_CORE.1);
    c.num(p("memory_overcommit"), pol.memory_overcommit, MEMORY_OVERCOMMIT.0, MEMORY_OVERCOMMIT.1);
    for (f, v) in [
        ("target_cpu_pct", pol.target_cpu_pct),
        ("target_memory_pct", pol.target_memory_pct),
        ("failover_cpu_pct", pol.failover_cpu_pct),
        ("failover_memory_pct", pol.failover_memory_pct),
    ] {
        c.num(p(f), v, PERCENT.0, PERCENT.1);
    }
    c.int(p("spare_hosts"), pol.spare_hosts, 0, 3);
}

fn bcp(c: &mut Limits, b: &Bcp) {
    c.text("bcp.site".into(), &b.site);
    c.num("bcp.sizing_pct".into(), b.sizing_pct, PERCENT.0, PERCENT.1);
    for (j, m) in b.host_models.iter().enumerate() {
        c.text(format!("bcp.host_models[{j}]"), m);
    }
    // Only the fields the BCP policy sets are its own; the rest are the main policy's.
    let o = &b.policy;
    let p = |f: &str| format!("bcp.policy.{f}");
    if let Some(v) = o.vcpu_per_core {
        c.num(p("vcpu_per_core"), v, VCPU_PER_CORE.0, VCPU_PER_CORE.1);
    }
    if let Some(v) = o.memory_overcommit {
        c.num(p("memory_overcommit"), v, MEMORY_OVERCOMMIT.0, MEMORY_OVERCOMMIT.1);
    }
    for (f, v) in [
        ("target_cpu_pct", o.target_cpu_pct),
        ("target_memory_pct", o.target_memory_pct),
        ("failover_cpu_pct", o.failover_cpu_pct),
        ("failover_memory_pct", o.failover_memory_pct),
    ] {
        if let Some(v) = v {
            c.num(p(f), v, PERCENT.0, PERCENT.1);
        }
    }
    if let Some(v) = o.spare_hosts {
        c.int(p("spare_hosts"), v, 0, 3);
    }
    if let Some(pue) = b.pue {
        c.num("bcp.pue".into(), pue, PUE.0, PUE.1);
    }
    if let Some(fee) = b.datacentre_fee_per_host_year {
        c.money("bcp.datacentre_fee_per_host_year".into(), fee);
    }
    c.money("bcp.setup_per_server".into(), b.setup_per_server);
}

fn server(c: &mut Limits, at: &str, s: &Server) {
    let p = |f: &str| format!("{at}.{f}");
    for (f, v) in [("name", &s.name), ("system", &s.system), ("zone", &s.zone), ("org", &s.org)] {
        c.text(p(f), v);
    }
    for (f, v) in [
        ("role", &s.role),
        ("redundancy_group", &s.redundancy_group),
        ("affinity_group", &s.affinity_group),
    ] {
        c.opt_text(p(f), v);
    }
    // An out-of-scope server needs only its names: figures left out read as 0, and those
    // written are still bounded (nothing of it is planned, but it is listed).
    let (min_cores, min_memory) = if s.in_scope { (1, MIN_MEMORY_GB) } else { (0, 0.0) };
    c.int(p("cores"), s.cores, min_cores, MAX_CORES);
    c.num(p("core_perf"), s.core_perf, CORE_PERF.0, CORE_PERF.1);
    if let Some(v) = s.vcpus {
        c.int(p("vcpus"), v, 1, MAX_CORES);
    }
    if let Some(v) = s.peak_cpu_pct {
        c.num(p("peak_cpu_pct"), v, 0.0, 100.0);
    }
    for (h, v) in s.cpu_profile.iter().flatten().enumerate() {
        c.num(format!("{at}.cpu_profile[{h}]"), *v, 0.0, 100.0);
    }
    c.num(p("memory_gb"), s.memory_gb, min_memory, MAX_MEMORY_GB);
    c.num(p("storage_gb"), s.storage_gb, 0.0, MAX_STORAGE_GB);
    let q = |f: &str| format!("{at}.costs.{f}");
    c.money(q("maintenance"), s.costs.maintenance);
    c.num(q("power_w"), s.costs.power_w, 0.0, MAX_POWER_W);
    c.money(q("os_licence"), s.costs.os_licence);
    c.money(q("renewal"), s.costs.renewal);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_written_short() {
        assert_eq!(short(1e308), "1e308");
        assert_eq!(short(1e-300), "1e-300");
        assert_eq!(short(-1e12), "-1e12");
        assert_eq!(short(1_000_000.0), "1000000");
        assert_eq!(short(0.01), "0.01");
        assert_eq!(short(0.0), "0");
    }

    #[test]
    fn a_long_profile_gives_one_problem_not_a_million() {
        let text = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("inventories/tiny.yaml"),
        )
        .unwrap();
        let mut inv: Inventory = serde_yaml::from_str(&text).unwrap();
        inv.servers[0].peak_cpu_pct = None;
        inv.servers[0].cpu_profile = Some(vec![500.0; 1_000_000]);
        let problems = fatal(&inv);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].0, "servers[0].cpu_profile");
    }
}
