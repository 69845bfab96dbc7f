//! The plain case the strong methods work on: one bin capacity, integer demands, cost = number
//! of bins. The engine reduces a [`Problem`](super::Problem) with a single unconstrained bin
//! type to this form (dropping dimensions that no item uses) and keeps normalised sizes at
//! hand for the heuristics' orderings and objectives (only orderings use floating point:
//! every feasibility test is exact integer arithmetic).

/// Plain vector bin packing instance.
#[derive(Debug, Clone)]
pub struct Plain {
    /// Number of items.
    pub n: usize,
    /// Number of (kept) dimensions.
    pub d: usize,
    /// Demands, row-major `n × d`.
    pub w: Vec<u64>,
    /// Capacity per dimension (all positive).
    pub cap: Vec<u64>,
    /// Demands divided by capacities, row-major `n × d`.
    pub nw: Vec<f64>,
    /// Sum of the normalised demands of each item.
    pub size: Vec<f64>,
    /// Original index of each kept dimension.
    pub keep: Vec<usize>,
}

impl Plain {
    /// Builds the instance from demands and a capacity, dropping every dimension in which all
    /// demands are zero (they cannot constrain anything). Items must fit an empty bin.
    pub fn new(cap: &[u64], demands: &[u64]) -> Plain {
        let d0 = cap.len();
        let n = demands.len().checked_div(d0).unwrap_or(0);
        let keep: Vec<usize> =
            (0..d0).filter(|&j| cap[j] > 0 && (0..n).any(|i| demands[i * d0 + j] > 0)).collect();
        let d = keep.len();
        let mut w = Vec::with_capacity(n * d);
        for i in 0..n {
            for &j in &keep {
                w.push(demands[i * d0 + j]);
            }
        }
        let cap: Vec<u64> = keep.iter().map(|&j| cap[j]).collect();
        Plain::from_kept(n, d, w, cap, keep)
    }

    fn from_kept(n: usize, d: usize, w: Vec<u64>, cap: Vec<u64>, keep: Vec<usize>) -> Plain {
        let mut nw = Vec::with_capacity(n * d);
        let mut size = Vec::with_capacity(n);
        for i in 0..n {
            let mut s = 0.0;
            for j in 0..d {
                let x = w[i * d + j] as f64 / cap[j] as f64;
                nw.push(x);
                s += x;
            }
            size.push(s);
        }
        Plain { n, d, w, cap, nw, size, keep }
    }

    /// Demand vector of item `i`.
    #[inline]
    pub fn item(&self, i: usize) -> &[u64] {
        &self.w[i * self.d..(i + 1) * self.d]
    }

    /// Normalised demand vector of item `i`.
    #[inline]
    pub fn nitem(&self, i: usize) -> &[f64] {
        &self.nw[i * self.d..(i + 1) * self.d]
    }

    /// True when item `i` fits on top of `load`.
    #[inline]
    pub fn fits(&self, load: &[u64], i: usize) -> bool {
        let w = self.item(i);
        (0..self.d).all(|j| w[j] <= self.cap[j] - load[j])
    }

    /// Load of a set of items.
    pub fn load_of(&self, items: &[u32]) -> Vec<u64> {
        let mut l = vec![0u64; self.d];
        for &i in items {
            for (a, b) in l.iter_mut().zip(self.item(i as usize)) {
                *a += b;
            }
        }
        l
    }

    /// True when `items` fit one bin together.
    pub fn set_fits(&self, items: &[u32]) -> bool {
        let mut l = vec![0u128; self.d];
        for &i in items {
            for (a, &b) in l.iter_mut().zip(self.item(i as usize)) {
                *a += u128::from(b);
            }
        }
        l.iter().zip(&self.cap).all(|(&a, &c)| a <= u128::from(c))
    }
}

/// A packing of a [`Plain`] instance: the items of each bin.
pub type Bins = Vec<Vec<u32>>;

/// Puts a layout in canonical order: items ascending within each bin, bins by first item.
pub fn canonical(mut bins: Bins) -> Bins {
    bins.retain(|b| !b.is_empty());
    for b in &mut bins {
        b.sort_unstable();
    }
    bins.sort_unstable();
    bins
}

/// True when `bins` is a feasible packing of every item of `p` (debug checks and tests; the
/// engine's public answers are checked by the independent verifier instead).
pub fn is_feasible(p: &Plain, bins: &Bins) -> bool {
    let mut seen = vec![false; p.n];
    for b in bins {
        for &i in b {
            let i = i as usize;
            if i >= p.n || seen[i] {
                return false;
            }
            seen[i] = true;
        }
        if !p.set_fits(b) {
            return false;
        }
    }
    seen.iter().all(|&s| s)
}
