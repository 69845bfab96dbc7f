//! Times the planner alone on an inventory file, bypassing the loader's size limits (which
//! cap `servers` at 10,000): `cargo run --release --example plan_time -- FILE`. For the
//! issue-8 scale target of 20,000 servers (`gen_inventory 20000 1 1 FILE`); prints the
//! wall time of `plan::plan` and the plan's host count and cost.
use consolidate::commands::plan::planner_engine;
use consolidate::inventory::Inventory;
use consolidate::pack::PackOptions;
use consolidate::plan;

fn main() {
    let path = std::env::args().nth(1).expect("usage: plan_time FILE");
    let text = std::fs::read_to_string(&path).expect("reads the file");
    let inv: Inventory = serde_yaml::from_str(&text).expect("a plain inventory");
    let start = std::time::Instant::now();
    let p = plan::plan(&inv, &planner_engine(), &PackOptions::default()).expect("plans");
    let hosts: usize = p.clusters.iter().map(|c| c.hosts.len()).sum();
    println!(
        "planned in {:.2} s: {} clusters, {hosts} hosts",
        start.elapsed().as_secs_f64(),
        p.clusters.len()
    );
}
