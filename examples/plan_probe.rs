//! Diagnostic: plans an inventory and prints every packing call's statistics.
//! `cargo run --release --example plan_probe -- INVENTORY.yaml [planning|default|ffd]`
//! (the engine with its planning preset, by default; its default configuration; or first-fit
//! decreasing, whose calls are not listed).
use consolidate::pack::{
    Engine, EngineConfig, FirstFitDecreasing, PackError, PackOptions, Packer, Packing, Problem,
};
use std::sync::Mutex;

struct Probe {
    engine: Engine,
    log: Mutex<Vec<String>>,
}

impl Packer for Probe {
    fn name(&self) -> &str {
        "probe"
    }
    fn pack(&self, p: &Problem, o: &PackOptions) -> Result<Packing, PackError> {
        let r = self.engine.pack_with_stats(p, o);
        if let Ok((k, s)) = &r {
            self.log.lock().unwrap().push(format!(
                "n={} types={} bins={} lb={} proven={} method={} secs={:.3} limit_hit={}",
                p.len(),
                p.bin_types().len(),
                k.bins.len(),
                k.lower_bound,
                k.proven_optimal,
                k.method,
                s.seconds,
                s.time_limit_hit
            ));
        }
        r.map(|(k, _)| k)
    }
}

fn main() {
    let path = std::env::args().nth(1).expect("inventory");
    let which = std::env::args().nth(2).unwrap_or_else(|| "planning".into());
    let loaded = consolidate::inventory::load(std::path::Path::new(&path)).unwrap();
    let config = match which.as_str() {
        "planning" | "ffd" => EngineConfig::planning(),
        "default" => EngineConfig::default(),
        other => panic!("unknown packer {other}: planning, default or ffd"),
    };
    let probe = Probe { engine: Engine::with_config(config), log: Mutex::new(Vec::new()) };
    let packer: &dyn Packer = if which == "ffd" { &FirstFitDecreasing } else { &probe };
    let t = std::time::Instant::now();
    let r = consolidate::plan::plan(&loaded.inventory, packer, &PackOptions::default()).unwrap();
    for l in probe.log.lock().unwrap().iter() {
        println!("{l}");
    }
    let hosts: Vec<String> =
        r.clusters.iter().map(|c| format!("{} {}", c.name, c.hosts.len())).collect();
    println!(
        "{which}: total {:.2}s, plan {:.0}, hosts {}",
        t.elapsed().as_secs_f64(),
        r.summary.plan_total,
        hosts.join(", ")
    );
}
