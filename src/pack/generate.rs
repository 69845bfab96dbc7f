//! Deterministic generators of test and benchmark instances (no I/O, no `rand` crate: the
//! stream must never change between library versions, so benchmarks stay comparable).
//!
//! [`vm_fleet`] draws virtual machines with realistic, correlated shapes: vCPU counts follow
//! the usual flavour sizes (1–32, small ones most common), memory is the vCPU count times a
//! per-family ratio (compute, general, memory-optimised families) with some spread, and local
//! storage grows with the VM size. Hosts are balanced so that CPU and memory both bind (storage
//! has slack), which is what makes consolidation a genuine vector packing problem.

use super::rng::Rng;
use super::{BinType, Problem};

/// Capacity of the benchmark host: 128 vCPU, 512 GB memory, 6000 GB local storage.
pub const VM_HOST: [u64; 3] = [128, 512, 6000];

/// `n` VMs as (vCPU, memory GB, storage GB), deterministic in `seed`.
pub fn vm_shapes(n: usize, seed: u64) -> Vec<[u64; 3]> {
    let mut rng = Rng::stream(seed, 0x766d);
    let mut out = Vec::with_capacity(n);
    // (vCPU, cumulative weight in ‰)
    const VCPU: [(u64, u64); 6] = [(1, 250), (2, 550), (4, 770), (8, 900), (16, 970), (32, 1000)];
    // (GB per vCPU, cumulative weight in ‰): compute, general, general+, memory-optimised
    const RATIO: [(u64, u64); 4] = [(1, 100), (2, 400), (4, 800), (8, 1000)];
    for _ in 0..n {
        let r = rng.below(1000) as u64;
        let vcpu = VCPU.iter().find(|&&(_, c)| r < c).map(|&(v, _)| v).unwrap_or(1);
        let r = rng.below(1000) as u64;
        let ratio = RATIO.iter().find(|&&(_, c)| r < c).map(|&(v, _)| v).unwrap_or(4);
        // memory: vcpu × ratio × U[0.75, 1.25], in whole GB, 1..=256
        let spread = 0.75 + 0.5 * rng.unit();
        let mem = ((vcpu * ratio) as f64 * spread).round().clamp(1.0, 256.0) as u64;
        // storage: 20 GB system disk + 5..=40 GB per vCPU, rounded up to 10 GB
        let per = 5 + rng.below(36) as u64;
        let disk = (20 + vcpu * per).div_ceil(10) * 10;
        out.push([vcpu, mem, disk]);
    }
    out
}

/// A plain problem of `n` generated VMs on [`VM_HOST`] hosts.
pub fn vm_fleet(n: usize, seed: u64) -> Problem {
    let shapes = vm_shapes(n, seed);
    let flat: Vec<u64> = shapes.iter().flat_map(|s| s.iter().copied()).collect();
    let host =
        BinType { name: "host".into(), capacity: VM_HOST.to_vec(), cost: 1, max_count: None };
    Problem::from_flat(3, vec![host], flat, Vec::new())
        .unwrap_or_else(|_| unreachable!("three dimensions, one positive-cost type, no groups"))
}

/// Random plain instance: `n` items in `d` dimensions with demands uniform in
/// `[lo, hi]` percent of a capacity of `cap` (for tests and benchmarks).
pub fn uniform(n: usize, d: usize, cap: u64, lo: u64, hi: u64, seed: u64) -> Problem {
    let mut rng = Rng::stream(seed, 0x756e);
    let lo = lo.min(100) * cap / 100;
    let hi = (hi.min(100) * cap / 100).max(lo);
    let flat: Vec<u64> =
        (0..n * d).map(|_| lo + rng.below((hi - lo + 1) as usize) as u64).collect();
    let bin = BinType { name: "bin".into(), capacity: vec![cap; d], cost: 1, max_count: None };
    Problem::from_flat(d.max(1), vec![bin], flat, Vec::new())
        .unwrap_or_else(|_| unreachable!("well-formed by construction"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fleet_is_deterministic_and_in_range() {
        let a = vm_shapes(1000, 1);
        assert_eq!(a, vm_shapes(1000, 1));
        assert_ne!(a, vm_shapes(1000, 2));
        for s in &a {
            assert!((1..=32).contains(&s[0]));
            assert!((1..=256).contains(&s[1]));
            assert!(s[2] >= 30 && s[2] <= VM_HOST[2]);
        }
        let p = vm_fleet(100, 3);
        assert_eq!(p.len(), 100);
        assert!(p.check_items_fit().is_ok());
    }
}
