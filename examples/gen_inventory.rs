//! Writes a deterministic inventory for planner benchmarks (see `plan::generate`):
//! `cargo run --release --example gen_inventory -- N K SEED OUT.yaml` (N servers, N+K).
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let n: usize = args.first().and_then(|s| s.parse().ok()).unwrap_or(2000);
    let k: u32 = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(1);
    let seed: u64 = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(1);
    let out =
        args.get(3).cloned().unwrap_or_else(|| format!("/tmp/inventory_{n}_n{k}_{seed}.yaml"));
    if let Err(e) = std::fs::write(&out, consolidate::plan::generate::inventory_yaml(n, k, seed)) {
        eprintln!("error: {out}: {e}");
        std::process::exit(1);
    }
    println!("{out}");
}
