//! A coverage-free fuzz harness on stable Rust: mutates real inputs (and generates small random
//! ones) and feeds them to four targets, with an oracle for each:
//!
//! | target | input | oracle |
//! | --- | --- | --- |
//! | `inventory` | mutated inventory bytes (the samples, the scenarios) | no panic; an accepted inventory has every value in range; under 2 s each |
//! | `vbp` | mutated `.vbp` bytes (hand-written seeds and benchmark instances) | no panic; an accepted instance is within the limits and re-parses after `vbp::write` |
//! | `pack` | random small instances, through the `.vbp` reader | the independent verifier accepts the packing; lower bound ≤ bins used |
//! | `plan` | random small inventories (1–7 servers, groups, profiles, growth, BCP) | no panic; no internal error (the plan verifier accepts every plan); every output renders |
//!
//! In CI each target runs a fixed number of cases from a fixed seed (a few seconds in all).
//! For a long run, the ignored test takes a target and a duration:
//!
//! ```sh
//! FUZZ_TARGET=inventory FUZZ_SECONDS=600 nice -n 19 cargo test --release --test fuzz \
//!     -- --ignored --nocapture fuzz_long
//! ```
//!
//! Every input that panics, takes too long, or breaks its oracle is written to
//! `target/fuzz-findings/<target>-<n>.bin` and counted; the run fails if there is any. Turn each
//! into a regression test (tests/bad_input.rs, tests/limits.rs) once fixed.

mod common;

use consolidate::commands::plan::load_and_plan;
use consolidate::pack::{Engine, PackOptions, Packer};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// splitmix64: a small deterministic generator, so that a seed replays a run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
    fn pick<'a, T>(&mut self, v: &'a [T]) -> &'a T {
        &v[self.below(v.len())]
    }
}

/// Values at and past every edge the formats have (limits, integer widths, floats, YAML
/// specials).
const INTERESTING: &[&str] = &[
    "0",
    "-1",
    "1",
    "24",
    "25",
    "30",
    "31",
    "100",
    "101",
    "200",
    "201",
    "1024",
    "1025",
    "2147483647",
    "2147483648",
    "4294967295",
    "4294967296",
    "18446744073709551615",
    "18446744073709551616",
    "99999999999999999999",
    "1e12",
    "1e13",
    "1e308",
    "1e-300",
    "-1e308",
    ".nan",
    ".inf",
    "-.inf",
    "NaN",
    "~",
    "null",
    "''",
    "\"\"",
    "true",
    "yes",
    "0x10",
    "1_000",
    "&a",
    "*a",
    "*b",
    "[",
    "]",
    "{",
    "}",
    "- ",
    ": ",
    "#",
    "\t",
    "\0",
    "\u{7f}",
    "\u{1}",
    "extends: /dev/zero",
    "extends: ../tiny.yaml",
    "extends: fuzz.yaml",
    "!!binary",
    "? ",
    "<<: *a",
    "\u{feff}",
    "住",
    "\r\n",
    "---\n",
    "...\n",
    "%YAML 1.2\n",
];

/// One random change to `data`.
fn mutate(rng: &mut Rng, data: &mut Vec<u8>) {
    let len = data.len();
    match rng.below(9) {
        0 if len > 0 => {
            let i = rng.below(len);
            data[i] ^= 1 << rng.below(8);
        }
        1 => {
            let i = rng.below(len + 1);
            data.insert(i, rng.next() as u8);
        }
        2 if len > 0 => {
            let i = rng.below(len);
            let n = 1 + rng.below(16.min(len - i));
            data.drain(i..i + n);
        }
        3 if len > 0 => {
            // Duplicate a slice (repeats lines, grows lists).
            let i = rng.below(len);
            let n = 1 + rng.below(256.min(len - i));
            let copy = data[i..i + n].to_vec();
            let at = rng.below(len + 1);
            data.splice(at..at, copy);
        }
        4 | 5 => {
            let token = rng.pick(INTERESTING).as_bytes();
            let i = rng.below(len + 1);
            data.splice(i..i, token.iter().copied());
        }
        6 | 7 => replace_number(rng, data),
        _ if len > 0 => {
            let i = rng.below(len);
            data[i] = *rng.pick(b" \n:-[]{}&*~0123456789.,'\"#\t\\");
        }
        _ => data.push(b'\n'),
    }
}

/// Replaces one run of digits with an interesting value.
fn replace_number(rng: &mut Rng, data: &mut Vec<u8>) {
    let digits: Vec<usize> = (0..data.len()).filter(|&i| data[i].is_ascii_digit()).collect();
    if digits.is_empty() {
        return;
    }
    let mut start = *rng.pick(&digits);
    while start > 0 && data[start - 1].is_ascii_digit() {
        start -= 1;
    }
    let mut end = start;
    while end < data.len() && (data[end].is_ascii_digit() || data[end] == b'.') {
        end += 1;
    }
    let value = rng.pick(INTERESTING).as_bytes().to_vec();
    data.splice(start..end, value);
}

/// What a target does with one input: `Ok(true)` when the input was accepted and went all the
/// way through, `Ok(false)` when it was refused as it should be, `Err` when the oracle broke.
type Target = fn(&[u8], &mut Rng) -> Result<bool, String>;

/// Cases run, cases accepted, findings.
struct Tally {
    done: usize,
    accepted: usize,
    findings: Vec<String>,
}

/// Runs `target` on `cases` inputs (or until `deadline`), each made by `make`; returns the
/// findings (panics, oracle failures, inputs slower than `slow`), saving each input.
fn run(
    name: &str,
    seed: u64,
    cases: usize,
    deadline: Option<Instant>,
    make: &mut dyn FnMut(&mut Rng) -> Vec<u8>,
    target: Target,
    slow: Duration,
) -> Tally {
    let mut rng = Rng(seed);
    let mut findings = Vec::new();
    let (mut done, mut accepted) = (0, 0);
    let quiet = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    while deadline.map_or(done < cases, |d| Instant::now() < d) {
        let input = make(&mut rng);
        let mut case_rng = Rng(rng.next());
        let start = Instant::now();
        let outcome = catch_unwind(AssertUnwindSafe(|| target(&input, &mut case_rng)));
        let took = start.elapsed();
        let problem = match outcome {
            Err(p) => Some(format!(
                "panic: {}",
                p.downcast_ref::<String>()
                    .cloned()
                    .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default()
            )),
            Ok(Err(e)) => Some(e),
            Ok(Ok(_)) if took > slow => Some(format!("slow: {:.1} s", took.as_secs_f64())),
            Ok(Ok(deep)) => {
                accepted += usize::from(deep);
                None
            }
        };
        if let Some(p) = problem {
            let file = save(&format!("{name}-{seed}"), findings.len(), &input);
            findings.push(format!("{p} (input: {})", file.display()));
        }
        done += 1;
    }
    std::panic::set_hook(quiet);
    Tally { done, accepted, findings }
}

fn save(target: &str, n: usize, input: &[u8]) -> PathBuf {
    let dir = findings_dir();
    std::fs::create_dir_all(&dir).expect("findings folder");
    let file = dir.join(format!("{target}-{n}.bin"));
    std::fs::write(&file, input).expect("write finding");
    file
}

fn findings_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| common::root().join("target"))
        .join("fuzz-findings")
}

// ---- inventory -------------------------------------------------------------------------

fn inventory_seeds() -> Vec<Vec<u8>> {
    let root = common::root().join("inventories");
    let mut seeds = Vec::new();
    for dir in [root.clone(), root.join("scenarios")] {
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .expect("inventories")
            .map(|e| e.expect("entry").path())
            .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
            .collect();
        files.sort();
        seeds.extend(files.iter().map(|f| std::fs::read(f).expect("seed")));
    }
    seeds
}

/// Parses as the loader does, from a path inside `inventories/scenarios` so that `extends`
/// names real files.
fn inventory_target(input: &[u8], rng: &mut Rng) -> Result<bool, String> {
    let path = common::root().join("inventories/scenarios/fuzz.yaml");
    let Ok(text) = consolidate::input::text_from_bytes(&path, input.to_vec()) else {
        return Ok(false);
    };
    match consolidate::inventory::parse(&path, &text) {
        Ok(loaded) => {
            let inv = &loaded.inventory;
            let mut out = consolidate::inventory::limits::fatal(inv);
            out.extend(consolidate::inventory::limits::check(inv));
            if !out.is_empty() {
                return Err(format!("accepted out of range: {out:?}"));
            }
            // One small accepted file in twenty is also planned (small, so that a slow parse
            // still stands out): values at odd places within their limits must plan or be
            // refused as unplannable, never fail the verifier.
            if inv.servers.len() <= 40 && rng.chance(5) {
                plan_accepted(input)?;
            }
            Ok(true)
        }
        Err(errors) if errors.is_empty() => Err("refused with no error".into()),
        Err(errors) => {
            let text = consolidate::Error::from(errors).to_string();
            if text.lines().count() > consolidate::error::MAX_ERRORS_SHOWN + 1 {
                return Err("more error lines than the cap".into());
            }
            Ok(false)
        }
    }
}

/// A copy of `inventories/` (so that `extends: ../gifu-2018.yaml` resolves), made once.
fn inventories_copy() -> &'static Path {
    static DIR: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    DIR.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = common::root().join("inventories");
        for sub in ["", "scenarios"] {
            std::fs::create_dir_all(dir.path().join(sub)).expect("folder");
            for e in std::fs::read_dir(root.join(sub)).expect("inventories") {
                let p = e.expect("entry").path();
                if p.is_file() {
                    std::fs::copy(&p, dir.path().join(sub).join(p.file_name().unwrap()))
                        .expect("copy");
                }
            }
        }
        dir
    })
    .path()
}

/// Plans an accepted inventory as `plan` does; only an internal error is a finding.
fn plan_accepted(input: &[u8]) -> Result<(), String> {
    let file = inventories_copy().join("scenarios/fuzz.yaml");
    std::fs::write(&file, input).map_err(|e| e.to_string())?;
    match load_and_plan(&file) {
        Err(e) if e.exit_code() != 2 => Err(format!("exit {}: {e}", e.exit_code())),
        _ => Ok(()),
    }
}

fn mutated(seeds: Vec<Vec<u8>>, max_mutations: usize) -> impl FnMut(&mut Rng) -> Vec<u8> {
    move |rng| {
        let mut data = rng.pick(&seeds).clone();
        for _ in 0..1 + rng.below(max_mutations) {
            mutate(rng, &mut data);
        }
        data
    }
}

// ---- vbp -------------------------------------------------------------------------------

fn benchmarks() -> PathBuf {
    std::env::var_os("CONSOLIDATE_BENCHMARKS")
        .map(PathBuf::from)
        .unwrap_or_else(|| common::root().join("../shared/benchmarks"))
}

fn vbp_seeds() -> Vec<Vec<u8>> {
    let mut seeds: Vec<Vec<u8>> = [
        "1\n10\n3\n3 2\n5 1\n7 1\n",
        "2\n10 20\n2\n1 2 2\n3 4 1\n",
        "3\n5 5 5\n2\n5 0 0 1\n0 5 5 3\n",
        "1\n0\n1\n0 4\n",
    ]
    .iter()
    .map(|s| s.as_bytes().to_vec())
    .collect();
    for f in ["vbp/caprara_toth/CL_01_100_01.vbp", "bpp/falkenauer_t/Falkenauer_t60_00.vbp"] {
        if let Ok(b) = std::fs::read(benchmarks().join(f)) {
            seeds.push(b);
        }
    }
    seeds
}

fn vbp_target(input: &[u8], _: &mut Rng) -> Result<bool, String> {
    let path = Path::new("fuzz.vbp");
    let Ok(text) = consolidate::input::text_from_bytes(path, input.to_vec()) else {
        return Ok(false);
    };
    let Ok(inst) = consolidate::vbp::parse_instance(&text, path) else { return Ok(false) };
    if inst.n_items() > consolidate::vbp::MAX_ITEMS {
        return Err(format!("accepted {} items", inst.n_items()));
    }
    let problem = inst.to_problem().map_err(|e| format!("to_problem: {e}"))?;
    let again = consolidate::vbp::write(&problem).ok_or("write refused")?;
    let back = consolidate::vbp::parse_instance(&again, path).map_err(|e| e.to_string())?;
    if back.n_items() != inst.n_items() || back.capacity != inst.capacity {
        return Err("write/parse round trip changed the instance".into());
    }
    if inst.n_items() <= 60 {
        pack_and_verify(&problem, 0.05)?;
    }
    Ok(true)
}

// ---- pack ------------------------------------------------------------------------------

fn pack_and_verify(problem: &consolidate::pack::Problem, seconds: f64) -> Result<bool, String> {
    let options =
        PackOptions { time_limit: Duration::from_secs_f64(seconds), ..Default::default() };
    match Engine::default().pack(problem, &options) {
        Ok(packing) => {
            consolidate::pack::verify::verify(problem, &packing)
                .map_err(|v| format!("verifier refused the packing: {v}"))?;
            if packing.lower_bound > packing.bins_used() as u64 {
                return Err(format!(
                    "lower bound {} above bins used {}",
                    packing.lower_bound,
                    packing.bins_used()
                ));
            }
            Ok(true)
        }
        Err(consolidate::pack::PackError::Malformed(m)) => Err(format!("malformed: {m}")),
        Err(_) => Ok(false),
    }
}

/// A random instance of 1–3 dimensions and up to 40 items, as `.vbp` text; values are drawn
/// from small ranges, from edges (0, the capacity) and sometimes huge.
fn random_vbp(rng: &mut Rng) -> Vec<u8> {
    let d = 1 + rng.below(3);
    let big = rng.chance(10);
    let cap: Vec<u64> = (0..d)
        .map(|_| if big { 1 + rng.next() % 10_000_000 } else { 1 + rng.below(100) as u64 })
        .collect();
    let types = 1 + rng.below(12);
    let mut s = format!("{d}\n");
    s += &cap.iter().map(u64::to_string).collect::<Vec<_>>().join(" ");
    s += &format!("\n{types}\n");
    for _ in 0..types {
        for &c in &cap {
            let w = match rng.below(6) {
                0 => 0,
                1 => c,
                2 => c / 2 + 1,
                _ => rng.next() % (c + 1),
            };
            s += &format!("{w} ");
        }
        s += &format!("{}\n", 1 + rng.below(5));
    }
    s.into_bytes()
}

fn pack_target(input: &[u8], _: &mut Rng) -> Result<bool, String> {
    let text = std::str::from_utf8(input).map_err(|e| e.to_string())?;
    let problem =
        consolidate::vbp::parse(text, Path::new("fuzz.vbp")).map_err(|e| format!("{e}"))?;
    pack_and_verify(&problem, 0.1)
}

// ---- plan ------------------------------------------------------------------------------

/// A random small inventory in YAML: 1–2 zones, 1–2 host models, 1–7 servers with random
/// sizes, profiles, redundancy and affinity groups, growth, a BCP site, host limits.
fn random_inventory(rng: &mut Rng) -> Vec<u8> {
    let mut y = String::from("plan:\n  name: fuzz\n  first_fy: 2017\n  years: 5\n");
    y += &format!("  refresh_fy: {}\n", 2017 + rng.below(3));
    let as_needed = rng.chance(30);
    if as_needed {
        y += "  purchase: as-needed\n";
    }
    let zones = 1 + rng.below(2);
    y += "zones:\n";
    for z in 0..zones {
        y += &format!("  - name: z{z}\n");
        if rng.chance(25) {
            y += &format!("    max_hosts: {}\n", 1 + rng.below(6));
        }
        if rng.chance(15) {
            y += &format!("    min_hosts: {}\n", rng.below(4));
        }
    }
    y += "host_models:\n";
    for m in 0..1 + rng.below(2) {
        let sockets = 1 + rng.below(2);
        y += &format!(
            "  - name: m{m}\n    sockets: {sockets}\n    cores: {}\n    core_perf: {}\n    \
             memory_gb: {}\n    price: {}\n    power_w: 400\n",
            sockets * (4 + 4 * rng.below(4)),
            1 + rng.below(3),
            64 * (1 + rng.below(6)),
            1_000_000 + 100_000 * rng.below(20)
        );
        if rng.chance(50) {
            y += &format!(
                "    licences:\n      - name: os\n        per: {}\n        price: 1000\n        \
                 annual: 100\n        min_cores_per_host: {}\n        min_cores_per_socket: {}\n",
                rng.pick(&["host", "socket", "core"]),
                rng.below(17),
                rng.below(9)
            );
        }
    }
    y += "storage:\n  price_per_tb: 100000\n";
    y += &format!("  fill_target_pct: {}\n", 50 + rng.below(51));
    y += &format!(
        "policy:\n  vcpu_per_core: {}\n  target_cpu_pct: {}\n  spare_hosts: {}\n",
        1 + rng.below(6),
        40 + rng.below(50),
        rng.below(3)
    );
    y += "costs:\n  electricity_per_kwh: 20\n  pue: 1.5\n  migration_per_server: 1000\n";
    if rng.chance(30) {
        // FUZZ_AVOID_KNOWN leaves out the known planner finding (hosts bought as needed with
        // shrinking demand, see `regression_as_needed_with_negative_growth`) to look for others.
        let avoid = as_needed && std::env::var_os("FUZZ_AVOID_KNOWN").is_some();
        let low = if avoid { 0 } else { -10 };
        y += &format!("growth:\n  overall_pct: {}\n", low + rng.below(30) as i64);
    }
    let servers = 1 + rng.below(7);
    let bcp = rng.chance(20);
    if bcp {
        y += "bcp:\n  site: dr\n  from_fy: 2019\n  sizing_pct: 50\n";
    }
    y += "servers:\n";
    for s in 0..servers {
        y += &format!(
            "  - name: s{s}\n    system: sys{}\n    zone: z{}\n    cores: {}\n    memory_gb: {}\n    \
             storage_gb: {}\n    renewal_fy: {}\n",
            rng.below(3),
            rng.below(zones),
            1 + rng.below(16),
            1 + rng.below(200),
            rng.below(2000),
            2017 + rng.below(5)
        );
        if rng.chance(30) {
            let p: Vec<String> = (0..24).map(|_| rng.below(101).to_string()).collect();
            y += &format!("    cpu_profile: [{}]\n", p.join(", "));
        } else {
            y += &format!("    peak_cpu_pct: {}\n", rng.below(101));
        }
        if rng.chance(25) {
            y += &format!("    redundancy_group: r{}\n", rng.below(2));
        }
        if rng.chance(20) {
            y += &format!("    affinity_group: a{}\n", rng.below(2));
        }
        if rng.chance(10) {
            y += "    stay_physical: true\n";
        }
        if bcp && (s == 0 || rng.chance(40)) {
            y += "    bcp: true\n";
        }
        y += "    costs: { maintenance: 100000, power_w: 300, renewal: 1500000 }\n";
    }
    y.into_bytes()
}

fn plan_target(input: &[u8], rng: &mut Rng) -> Result<bool, String> {
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let file = dir.path().join("fuzz.yaml");
    std::fs::write(&file, input).map_err(|e| e.to_string())?;
    match load_and_plan(&file) {
        Ok((_, result)) => {
            // Rendering every output is slow (charts); do it for one case in ten.
            if rng.chance(10) {
                consolidate::report::render_all(&result).map_err(|e| format!("render: {e}"))?;
            }
            Ok(true)
        }
        Err(e) if e.exit_code() == 2 => Ok(false),
        Err(e) => Err(format!("exit {}: {e}", e.exit_code())),
    }
}

// ---- entry points ----------------------------------------------------------------------

/// Makes one input from the generator.
type Maker = Box<dyn FnMut(&mut Rng) -> Vec<u8>>;

fn target(name: &str) -> (Maker, Target, Duration) {
    match name {
        "inventory" => (Box::new(mutated(inventory_seeds(), 8)), inventory_target, secs(2.0)),
        "vbp" => (Box::new(mutated(vbp_seeds(), 6)), vbp_target, secs(2.0)),
        "pack" => (Box::new(random_vbp), pack_target, secs(5.0)),
        "plan" => (Box::new(random_inventory), plan_target, secs(20.0)),
        _ => panic!("unknown FUZZ_TARGET `{name}`: inventory, vbp, pack or plan"),
    }
}

fn secs(s: f64) -> Duration {
    Duration::from_secs_f64(s)
}

fn check(name: &str, seed: u64, cases: usize, deadline: Option<Instant>) {
    let (mut make, t, slow) = target(name);
    let start = Instant::now();
    let Tally { done, accepted, findings } = run(name, seed, cases, deadline, &mut make, t, slow);
    eprintln!(
        "fuzz {name}: {done} cases ({accepted} accepted) in {:.1} s, {} finding(s)",
        start.elapsed().as_secs_f64(),
        findings.len()
    );
    assert!(findings.is_empty(), "{name}: {} finding(s):\n{}", findings.len(), findings.join("\n"));
}

#[test]
fn fuzz_inventory_briefly() {
    check("inventory", 1, 1000, None);
}

#[test]
fn fuzz_vbp_briefly() {
    check("vbp", 2, 2000, None);
}

#[test]
fn fuzz_pack_briefly() {
    check("pack", 3, 300, None);
}

#[test]
fn fuzz_plan_briefly() {
    check("plan", 4, 100, None);
}

/// The long run: `FUZZ_TARGET` (inventory, vbp, pack, plan; default all, one after the
/// other), `FUZZ_SECONDS` per target (default 60), `FUZZ_SEED` (default: the clock).
#[test]
#[ignore = "long run on demand; see the module documentation"]
fn fuzz_long() {
    let seconds: f64 =
        std::env::var("FUZZ_SECONDS").ok().and_then(|s| s.parse().ok()).unwrap_or(60.0);
    let seed: u64 =
        std::env::var("FUZZ_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or_else(|| {
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs()
        });
    let which = std::env::var("FUZZ_TARGET").unwrap_or_default();
    let names: Vec<&str> = if which.is_empty() {
        vec!["inventory", "vbp", "pack", "plan"]
    } else {
        which.split(',').collect()
    };
    eprintln!("fuzz seed {seed}");
    for name in names {
        check(name, seed, usize::MAX, Some(Instant::now() + secs(seconds)));
    }
}

// ---- regressions: every finding of the long runs --------------------------------------

/// Found by `vbp` and `pack` (seeds 12, 13): a capacity of 4×10⁹ made the engine's subset sum
/// take 17 GB and three minutes, one of 10¹¹ aborted on a 388 GB allocation. The reader now
/// refuses values over 10⁷; at the limit the engine answers at once.
#[test]
fn regression_huge_capacity_is_refused_and_the_limit_packs_quickly() {
    for text in ["1\n4294967296\n3\n3 2\n5 1\n7 1\n", "1\n97172520709\n1\n3 1\n"] {
        let e = consolidate::vbp::parse(text, Path::new("f.vbp")).unwrap_err();
        assert_eq!(e.line, Some(2), "{e}");
    }
    let start = Instant::now();
    let p = consolidate::vbp::parse("1\n10000000\n3\n3 2\n5 1\n9999999 1\n", Path::new("f.vbp"))
        .unwrap();
    assert_eq!(pack_and_verify(&p, 1.0), Ok(true));
    assert!(start.elapsed() < secs(5.0));
}

/// Found by `plan` (seed 14, all 79 findings of the run): with hosts bought as needed and a
/// negative growth, the planner's layout fails the independent verifier (a host over its
/// memory target, or spares that cannot absorb a failure). Minimised below. The planner is
/// The cause: the verifier checked the final layout (the last year's, with hosts bought as
/// needed) at each server's largest demand over its years, which with shrinking demand fall in
/// different years; it now checks that layout at the last year's demand (each year's layout at
/// its own).
#[test]
fn regression_as_needed_with_negative_growth() {
    let text = "plan:\n  name: fuzz\n  first_fy: 2017\n  years: 5\n  refresh_fy: 2018\n  \
                purchase: as-needed\nzones:\n  - name: z0\nhost_models:\n  - name: m0\n    \
                cores: 16\n    core_perf: 1\n    memory_gb: 320\n    price: 1200000\nstorage:\n  \
                price_per_tb: 100000\npolicy:\n  spare_hosts: 0\ncosts:\n  electricity_per_kwh: 20\n\
                growth:\n  overall_pct: -10\nservers:\n  - name: s0\n    system: sys1\n    zone: z0\n    \
                cores: 6\n    memory_gb: 154\n    renewal_fy: 2018\n    peak_cpu_pct: 36\n    costs: \
                { renewal: 1500000 }\n  - name: s1\n    system: sys1\n    zone: z0\n    cores: 2\n    \
                memory_gb: 181\n    renewal_fy: 2021\n    peak_cpu_pct: 50\n    costs: { renewal: 1500000 }\n";
    let mut rng = Rng(0);
    assert_eq!(plan_target(text.as_bytes(), &mut rng), Ok(true));
}
