//! The packing problem in integer units, free of any planner notion.
//!
//! Integer sizes keep the solver exact: a layout that fits here fits, with no floating-point
//! tolerance to argue about. The planner converts its demands (rounding up) and capacities
//! (rounding down) into these units, so an integer layout is always feasible in real units.

use super::PackError;

/// One kind of bin (host model) that a packing may open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BinType {
    /// Name shown in messages and layouts (a host model's name, or "bin").
    pub name: String,
    /// Capacity in each dimension.
    pub capacity: Vec<u64>,
    /// Objective weight of one bin of this type: 1 for plain bin packing, a five-year cost
    /// for the planner. Must be positive.
    pub cost: u64,
    /// At most this many bins of this type (`None`: unbounded).
    pub max_count: Option<usize>,
}

/// A vector bin packing instance: items with a demand per dimension, bin types with a capacity
/// per dimension and a cost, and groups of items that must not share a bin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    dims: usize,
    bin_types: Vec<BinType>,
    /// Row-major demands: item `i` occupies `demands[i * dims .. (i + 1) * dims]`.
    demands: Vec<u64>,
    /// Each group lists items that must lie in pairwise different bins (anti-affinity).
    conflict_groups: Vec<Vec<usize>>,
}

impl Problem {
    /// Builds a problem and checks its shape: every vector has `dims` entries, at least one
    /// bin type, positive costs, conflict indices in range and without repeats.
    ///
    /// It does *not* reject items that fit no bin type: that is a property of the instance the
    /// solver reports as [`PackError::ItemTooLarge`], with the item named.
    pub fn new(
        dims: usize,
        bin_types: Vec<BinType>,
        demands: Vec<Vec<u64>>,
        conflict_groups: Vec<Vec<usize>>,
    ) -> Result<Self, PackError> {
        let mut flat = Vec::with_capacity(demands.len() * dims);
        for (i, d) in demands.iter().enumerate() {
            if d.len() != dims {
                return Err(PackError::Malformed(format!(
                    "item {i} has {} dimensions, expected {dims}",
                    d.len()
                )));
            }
            flat.extend_from_slice(d);
        }
        Self::from_flat(dims, bin_types, flat, conflict_groups)
    }

    /// Like [`Problem::new`] with demands already flattened row-major (`n * dims` values).
    pub fn from_flat(
        dims: usize,
        bin_types: Vec<BinType>,
        demands: Vec<u64>,
        conflict_groups: Vec<Vec<usize>>,
    ) -> Result<Self, PackError> {
        if dims == 0 {
            return Err(PackError::Malformed("a problem needs at least one dimension".into()));
        }
        if !demands.len().is_multiple_of(dims) {
            return Err(PackError::Malformed(format!(
                "{} demand values is not a multiple of {dims} dimensions",
                demands.len()
            )));
        }
        if bin_types.is_empty() {
            return Err(PackError::Malformed("a problem needs at least one bin type".into()));
        }
        for t in &bin_types {
            if t.capacity.len() != dims {
                return Err(PackError::Malformed(format!(
                    "bin type {} has {} dimensions, expected {dims}",
                    t.name,
                    t.capacity.len()
                )));
            }
            if t.cost == 0 {
                return Err(PackError::Malformed(format!("bin type {} has cost 0", t.name)));
            }
        }
        let n = demands.len() / dims;
        let mut seen = vec![usize::MAX; n];
        for (g, group) in conflict_groups.iter().enumerate() {
            for &i in group {
                if i >= n {
                    return Err(PackError::Malformed(format!(
                        "conflict group {g} names item {i}, but there are {n} items"
                    )));
                }
                if seen[i] == g {
                    return Err(PackError::Malformed(format!(
                        "conflict group {g} names item {i} twice"
                    )));
                }
                seen[i] = g;
            }
        }
        Ok(Problem { dims, bin_types, demands, conflict_groups })
    }

    /// Plain vector bin packing: one bin type of cost 1, no conflicts.
    pub fn uniform(capacity: Vec<u64>, demands: Vec<Vec<u64>>) -> Result<Self, PackError> {
        let dims = capacity.len();
        let bin = BinType { name: "bin".into(), capacity, cost: 1, max_count: None };
        Self::new(dims, vec![bin], demands, Vec::new())
    }

    /// Number of dimensions (resources).
    pub fn dims(&self) -> usize {
        self.dims
    }

    /// Number of items.
    pub fn len(&self) -> usize {
        self.demands.len() / self.dims
    }

    /// True when there is no item to pack.
    pub fn is_empty(&self) -> bool {
        self.demands.is_empty()
    }

    /// Demand vector of item `i`.
    #[inline]
    pub fn demand(&self, i: usize) -> &[u64] {
        &self.demands[i * self.dims..(i + 1) * self.dims]
    }

    /// All demands, row-major.
    pub fn demands_flat(&self) -> &[u64] {
        &self.demands
    }

    /// The bin types on offer.
    pub fn bin_types(&self) -> &[BinType] {
        &self.bin_types
    }

    /// Groups of items that must be in pairwise different bins.
    pub fn conflict_groups(&self) -> &[Vec<usize>] {
        &self.conflict_groups
    }

    /// True when there is a single bin type of cost 1 with no count limit and no conflicts:
    /// classic (vector) bin packing, where cost = number of bins.
    pub fn is_plain(&self) -> bool {
        self.bin_types.len() == 1
            && self.bin_types[0].cost == 1
            && self.bin_types[0].max_count.is_none()
            && self.conflict_groups.is_empty()
    }

    /// Whether item `i` fits an empty bin of type `t`.
    pub fn fits_alone(&self, i: usize, t: usize) -> bool {
        self.demand(i).iter().zip(&self.bin_types[t].capacity).all(|(d, c)| d <= c)
    }

    /// Checks that every item fits an empty bin of at least one type; names the first that
    /// does not.
    pub fn check_items_fit(&self) -> Result<(), PackError> {
        for i in 0..self.len() {
            if !(0..self.bin_types.len()).any(|t| self.fits_alone(i, t)) {
                return Err(PackError::ItemTooLarge { item: i });
            }
        }
        Ok(())
    }
}
