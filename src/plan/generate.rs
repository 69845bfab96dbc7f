//! A deterministic inventory generator for planner benchmarks (`examples/gen_inventory.rs`,
//! `benches/plan.rs`): N servers in zones of about 400 (a cluster per zone, as a city would
//! build them), three host models, N+K failover. Servers come in systems of an AP pair (a
//! redundancy group), a database and sometimes a batch server with a day profile; sizes follow
//! the illustrative sample's range. The same arguments always give the same text.

use std::fmt::Write;

/// xorshift64*: small, deterministic, good enough for test data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn pick<T: Copy>(&mut self, xs: &[T]) -> T {
        xs[(self.next() % xs.len() as u64) as usize]
    }
    fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next() % (hi - lo + 1)
    }
}

const HEADER: &str = r#"plan:
  name: generated
  title: Generated inventory (benchmark)
  first_fy: 2017
  years: 5
  refresh_fy: 2018

host_models:
  - {name: v16c-256g, sockets: 2, cores: 16, core_perf: 1.3, memory_gb: 256, price: 2200000, annual_maintenance: 176000, power_w: 280}
  - {name: v32c-512g, sockets: 2, cores: 32, core_perf: 1.5, memory_gb: 512, price: 3800000, annual_maintenance: 304000, power_w: 420}
  - {name: v44c-768g, sockets: 2, cores: 44, core_perf: 1.45, memory_gb: 768, price: 5600000, annual_maintenance: 448000, power_w: 520}

storage:
  price_per_tb: 250000
  annual_maintenance_per_tb: 25000
  fill_target_pct: 75

costs:
  electricity_per_kwh: 22
  pue: 1.8
  datacentre_fee_per_host_year: 240000
  migration_per_server: 600000

"#;

/// The inventory as YAML text.
pub fn inventory_yaml(n: usize, k: u32, seed: u64) -> String {
    let mut rng = Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
    let zones = n.div_ceil(400).max(1);
    let mut y = String::from(HEADER);
    y.push_str("zones:\n");
    for z in 0..zones {
        let _ = writeln!(y, "  - name: zone-{z:03}");
    }
    let _ = write!(
        y,
        "\npolicy:\n  vcpu_per_core: 3\n  target_cpu_pct: 65\n  target_memory_pct: 80\n  \
         failover_cpu_pct: 90\n  failover_memory_pct: 95\n  spare_hosts: {k}\n\nservers:\n"
    );
    let profile = |rng: &mut Rng| -> String {
        let peak = rng.range(30, 80) as f64;
        let start = rng.range(0, 23) as usize;
        let hours: Vec<String> = (0..24)
            .map(|h| {
                let on = (h + 24 - start) % 24 < 8;
                format!("{:.1}", if on { peak } else { peak / 8.0 })
            })
            .collect();
        format!("[{}]", hours.join(", "))
    };
    let mut made = 0usize;
    let mut system = 0usize;
    while made < n {
        let zone = (made * zones / n).min(zones - 1);
        let server = |name: String, role: &str, group: Option<String>, rng: &mut Rng| {
            let cores = rng.pick(&[4u64, 8, 8, 12, 16]);
            let mem = rng.pick(&[16u64, 32, 48, 64, 96, 128]);
            let cpu = if role == "batch" {
                format!("cpu_profile: {}", profile(rng))
            } else {
                format!("peak_cpu_pct: {}", rng.range(5, 55))
            };
            let group = group.map(|g| format!(", redundancy_group: {g}")).unwrap_or_default();
            format!(
                "  - {{name: {name}, system: sys-{system:05}, zone: zone-{zone:03}, role: {role}, \
                 cores: {cores}, core_perf: 1.0, {cpu}, memory_gb: {mem}, storage_gb: {}, \
                 renewal_fy: 2018{group}, costs: {{maintenance: 180000, power_w: 300, \
                 os_licence: 30000, renewal: 2200000}}}}\n",
                rng.range(100, 1500)
            )
        };
        let mut batch = Vec::new();
        batch.push(server(
            format!("s{system:05}-ap-1"),
            "ap",
            Some(format!("g{system:05}")),
            &mut rng,
        ));
        batch.push(server(
            format!("s{system:05}-ap-2"),
            "ap",
            Some(format!("g{system:05}")),
            &mut rng,
        ));
        batch.push(server(format!("s{system:05}-db"), "db", None, &mut rng));
        if rng.next().is_multiple_of(4) {
            batch.push(server(format!("s{system:05}-batch"), "batch", None, &mut rng));
        }
        for b in batch {
            if made < n {
                y.push_str(&b);
                made += 1;
            }
        }
        system += 1;
    }
    y
}
