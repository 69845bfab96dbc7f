//! Writes the scale benchmark instance (generated VMs, see `pack::generate`) as a .vbp file:
//! `cargo run --release --example gen_fleet -- N SEED OUT.vbp`.
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let n: usize = args.first().and_then(|s| s.parse().ok()).unwrap_or(100_000);
    let seed: u64 = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(1);
    let out = args.get(2).cloned().unwrap_or_else(|| format!("/tmp/fleet_{n}_{seed}.vbp"));
    let p = consolidate::pack::generate::vm_fleet(n, seed);
    let text = consolidate::vbp::write(&p).expect("one bin type, no conflicts");
    if let Err(e) = std::fs::write(&out, text) {
        eprintln!("error: {out}: {e}");
        std::process::exit(1);
    }
    println!("{out}");
}
