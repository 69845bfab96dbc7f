//! A packer that remembers its answers. The planner asks the same question more than once —
//! with day profiles the peak-based packing it compares against is the same problem as one
//! it already solved — and packers are deterministic, so an exact repeat can be answered from
//! memory.

use crate::pack::{PackError, PackOptions, PackStats, Packer, Packing, Problem};
use std::collections::HashMap;
use std::sync::Mutex;

/// A packer's answer with its statistics.
type Answer = Result<(Packing, PackStats), PackError>;

/// Wraps a packer; answers repeated problems (same problem, same options) from a cache.
pub struct Memo<'a> {
    inner: &'a dyn Packer,
    cache: Mutex<HashMap<Vec<u64>, Answer>>,
}

impl<'a> Memo<'a> {
    /// Wraps `inner`.
    pub fn new(inner: &'a dyn Packer) -> Self {
        Memo { inner, cache: Mutex::new(HashMap::new()) }
    }
}

/// Every figure of the problem and options, in order: equal keys mean equal questions.
fn key(p: &Problem, o: &PackOptions) -> Vec<u64> {
    let mut k = vec![p.dims() as u64, p.bin_types().len() as u64];
    for t in p.bin_types() {
        k.push(t.name.len() as u64);
        k.extend(t.name.bytes().map(u64::from));
        k.extend_from_slice(&t.capacity);
        k.push(t.cost);
        k.push(t.max_count.map_or(u64::MAX, |m| m as u64));
    }
    k.push(p.len() as u64);
    k.extend_from_slice(p.demands_flat());
    for g in p.conflict_groups() {
        k.push(g.len() as u64);
        k.extend(g.iter().map(|&i| i as u64));
    }
    k.push(o.seed);
    k.push(o.time_limit.as_nanos() as u64);
    k
}

impl Packer for Memo<'_> {
    fn name(&self) -> &str {
        self.inner.name()
    }

    fn pack(&self, problem: &Problem, options: &PackOptions) -> Result<Packing, PackError> {
        self.pack_with_stats(problem, options).map(|(p, _)| p)
    }

    fn pack_with_stats(
        &self,
        problem: &Problem,
        options: &PackOptions,
    ) -> Result<(Packing, PackStats), PackError> {
        let k = key(problem, options);
        if let Some(hit) = self.cache.lock().ok().and_then(|c| c.get(&k).cloned()) {
            return hit;
        }
        let answer = self.inner.pack_with_stats(problem, options);
        if let Ok(mut c) = self.cache.lock() {
            c.insert(k, answer.clone());
        }
        answer
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    struct Counting(AtomicUsize);
    impl Packer for Counting {
        fn name(&self) -> &str {
            "counting"
        }
        fn pack(&self, p: &Problem, o: &PackOptions) -> Result<Packing, PackError> {
            self.0.fetch_add(1, Ordering::SeqCst);
            crate::pack::FirstFitDecreasing.pack(p, o)
        }
    }

    #[test]
    fn repeats_are_answered_from_memory_and_others_are_not() {
        let inner = Counting(AtomicUsize::new(0));
        let memo = Memo::new(&inner);
        let a = Problem::uniform(vec![10], vec![vec![6], vec![4]]).unwrap();
        let b = Problem::uniform(vec![10], vec![vec![6], vec![5]]).unwrap();
        let o = PackOptions::default();
        let first = memo.pack(&a, &o).unwrap();
        assert_eq!(memo.pack(&a, &o).unwrap(), first);
        assert_eq!(inner.0.load(Ordering::SeqCst), 1);
        memo.pack(&b, &o).unwrap();
        assert_eq!(inner.0.load(Ordering::SeqCst), 2);
    }
}
