//! Diagnostic: plans an inventory with the engine and prints every packing call's statistics.
use consolidate::pack::{Engine, EngineConfig, PackError, PackOptions, Packer, Packing, Problem};
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
    let planning = std::env::args().nth(2).is_some();
    let loaded = consolidate::inventory::load(std::path::Path::new(&path)).unwrap();
    let config = if planning { EngineConfig::planning() } else { EngineConfig::default() };
    let probe = Probe { engine: Engine::with_config(config), log: Mutex::new(Vec::new()) };
    let t = std::time::Instant::now();
    let r = consolidate::plan::plan(&loaded.inventory, &probe, &PackOptions::default()).unwrap();
    for l in probe.log.lock().unwrap().iter() {
        println!("{l}");
    }
    println!("total {:.2}s plan {}", t.elapsed().as_secs_f64(), r.summary.plan_total);
}
