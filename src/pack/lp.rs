//! A small dense primal simplex for the column-generation master of bin packing:
//! min Σ_p c_p x_p subject to Σ_p a_tp x_p ≥ b_t (one row per item type), x ≥ 0.
//!
//! Why not a general LP solver: in column generation a new pattern is a new *column*, which a
//! primal simplex takes as one more candidate without touching the basis, so a round costs a
//! few pivots of O(m²) with an explicit basis inverse (m = item types, a few hundred). General
//! solvers rebuild or refactorise on every edit. Accuracy is not critical here: the engine's
//! lower bound never trusts the LP value, only the duals, which it re-checks exactly (Farley
//! bound), so a drifting or failed LP only weakens the bound.
//!
//! Surplus columns −e_t (cost 0) keep the duals non-negative. Degenerate pivots are frequent
//! in this master; after a run of them the entering rule switches to Bland's to rule out
//! cycling. The inverse is recomputed from scratch every few hundred pivots.

use super::budget::Stop;

/// A column: sparse coefficients (row, value) and a cost.
#[derive(Debug, Clone)]
pub struct Column {
    /// Non-zero coefficients, rows ascending.
    pub coef: Vec<(usize, f64)>,
    /// Objective coefficient (positive).
    pub cost: f64,
}

/// The master LP with its current basis.
#[derive(Debug, Clone)]
pub struct Master {
    m: usize,
    b: Vec<f64>,
    cols: Vec<Column>,
    /// Basic variable of each row position: `v < m` is the surplus of row v, `v ≥ m` column v−m.
    basis: Vec<usize>,
    is_basic: Vec<bool>,
    binv: Vec<f64>,
    xb: Vec<f64>,
    pivots_since_inversion: usize,
    /// Total pivots done (work units).
    pub pivots: u64,
}

/// Why the simplex stopped without an optimal basis.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LpError {
    /// A basis matrix turned out singular (numerical trouble).
    Singular,
    /// The pivot limit was reached.
    Limit,
}

const EPS: f64 = 1e-9;

impl Master {
    /// A master with right-hand sides `b` and starting columns `start`, which must cover every
    /// row with a positive coefficient in a diagonal way: `start[t]` has its only entry in row
    /// t (a single-type pattern). They form the first basis.
    pub fn new(b: Vec<f64>, start: Vec<Column>) -> Option<Master> {
        let m = b.len();
        if start.len() != m {
            return None;
        }
        let mut binv = vec![0.0; m * m];
        let mut xb = vec![0.0; m];
        for (t, c) in start.iter().enumerate() {
            if c.coef.len() != 1 || c.coef[0].0 != t || c.coef[0].1 <= 0.0 {
                return None;
            }
            binv[t * m + t] = 1.0 / c.coef[0].1;
            xb[t] = b[t] / c.coef[0].1;
        }
        let mut is_basic = vec![false; m + m];
        for t in 0..m {
            is_basic[m + t] = true;
        }
        Some(Master {
            m,
            b,
            cols: start,
            basis: (m..2 * m).collect(),
            is_basic,
            binv,
            xb,
            pivots_since_inversion: 0,
            pivots: 0,
        })
    }

    /// Adds a column (not basic); returns its index.
    pub fn add_column(&mut self, c: Column) -> usize {
        self.cols.push(c);
        self.is_basic.push(false);
        self.cols.len() - 1
    }

    /// Objective value of the current basis.
    pub fn objective(&self) -> f64 {
        (0..self.m).map(|i| self.cost_of(self.basis[i]) * self.xb[i]).sum()
    }

    /// Value of each column in the current basic solution.
    pub fn column_values(&self) -> Vec<f64> {
        let mut x = vec![0.0; self.cols.len()];
        for i in 0..self.m {
            let v = self.basis[i];
            if v >= self.m {
                x[v - self.m] = self.xb[i].max(0.0);
            }
        }
        x
    }

    fn cost_of(&self, v: usize) -> f64 {
        if v < self.m { 0.0 } else { self.cols[v - self.m].cost }
    }

    /// Simplex duals y = c_B B⁻¹ (one per row).
    pub fn duals(&self) -> Vec<f64> {
        let m = self.m;
        let mut y = vec![0.0; m];
        for i in 0..m {
            let c = self.cost_of(self.basis[i]);
            if c != 0.0 {
                let row = &self.binv[i * m..(i + 1) * m];
                for j in 0..m {
                    y[j] += c * row[j];
                }
            }
        }
        y
    }

    /// Reduced cost of variable v under duals y.
    fn reduced(&self, v: usize, y: &[f64]) -> f64 {
        if v < self.m {
            y[v] // surplus column −e_v with cost 0
        } else {
            let c = &self.cols[v - self.m];
            c.cost - c.coef.iter().map(|&(t, a)| y[t] * a).sum::<f64>()
        }
    }

    /// B⁻¹ a_v.
    fn ftran(&self, v: usize, out: &mut [f64]) {
        let m = self.m;
        out.iter_mut().for_each(|x| *x = 0.0);
        if v < m {
            for i in 0..m {
                out[i] = -self.binv[i * m + v];
            }
        } else {
            for &(t, a) in &self.cols[v - m].coef {
                for i in 0..m {
                    out[i] += self.binv[i * m + t] * a;
                }
            }
        }
    }

    /// Optimises over the current columns; at most `max_pivots` pivots, and never past the
    /// deadline of `stop`.
    pub fn optimize(&mut self, max_pivots: u64, stop: Option<&Stop>) -> Result<(), LpError> {
        let m = self.m;
        let mut alpha = vec![0.0; m];
        let mut degenerate_run = 0usize;
        let mut done = 0u64;
        // Duals are kept up to date by the pivots (y' = y + d_q · new row r of B⁻¹, O(m))
        // and recomputed from the inverse whenever it is rebuilt.
        let mut y = self.duals();
        loop {
            if self.pivots_since_inversion >= 300 {
                self.reinvert()?;
                y = self.duals();
            }
            let bland = degenerate_run > 30;
            // Entering variable: most negative reduced cost (Dantzig), or the first (Bland).
            let mut enter: Option<(usize, f64)> = None;
            for v in 0..m + self.cols.len() {
                if self.is_basic[v] {
                    continue;
                }
                let d = self.reduced(v, &y);
                if d < -EPS {
                    if bland {
                        enter = Some((v, d));
                        break;
                    }
                    if enter.is_none_or(|(_, bd)| d < bd) {
                        enter = Some((v, d));
                    }
                }
            }
            let Some((q, dq)) = enter else { return Ok(()) };
            if done >= max_pivots || (done & 63 == 63 && stop.is_some_and(|s| s.expired())) {
                return Err(LpError::Limit);
            }
            self.ftran(q, &mut alpha);
            // Ratio test; ties to the largest pivot element (or lowest variable under Bland).
            let mut leave: Option<(usize, f64)> = None;
            for i in 0..m {
                if alpha[i] > EPS {
                    let theta = self.xb[i].max(0.0) / alpha[i];
                    let better = match leave {
                        None => true,
                        Some((r, t)) => {
                            if theta < t - 1e-12 {
                                true
                            } else if theta <= t + 1e-12 {
                                if bland {
                                    self.basis[i] < self.basis[r]
                                } else {
                                    alpha[i] > alpha[r]
                                }
                            } else {
                                false
                            }
                        }
                    };
                    if better {
                        leave = Some((i, theta));
                    }
                }
            }
            let Some((r, theta)) = leave else {
                // Unbounded cannot happen with non-negative costs; treat as numerical trouble.
                return Err(LpError::Singular);
            };
            degenerate_run = if theta <= 1e-12 { degenerate_run + 1 } else { 0 };
            // Update basic values and the inverse.
            for i in 0..m {
                if i != r {
                    self.xb[i] -= theta * alpha[i];
                    if self.xb[i] < 0.0 && self.xb[i] > -1e-9 {
                        self.xb[i] = 0.0;
                    }
                }
            }
            self.xb[r] = theta;
            let piv = alpha[r];
            let (before, rest) = self.binv.split_at_mut(r * m);
            let (row_r, after) = rest.split_at_mut(m);
            for x in row_r.iter_mut() {
                *x /= piv;
            }
            for (i, row) in before.chunks_mut(m).enumerate() {
                let f = alpha[i];
                if f != 0.0 {
                    for j in 0..m {
                        row[j] -= f * row_r[j];
                    }
                }
            }
            for (k, row) in after.chunks_mut(m).enumerate() {
                let f = alpha[r + 1 + k];
                if f != 0.0 {
                    for j in 0..m {
                        row[j] -= f * row_r[j];
                    }
                }
            }
            for (yj, bj) in y.iter_mut().zip(row_r.iter()) {
                *yj += dq * bj;
            }
            self.is_basic[self.basis[r]] = false;
            self.is_basic[q] = true;
            self.basis[r] = q;
            self.pivots += 1;
            self.pivots_since_inversion += 1;
            done += 1;
        }
    }

    /// Recomputes B⁻¹ and the basic values from scratch (Gauss–Jordan, partial pivoting).
    fn reinvert(&mut self) -> Result<(), LpError> {
        let m = self.m;
        let mut a = vec![0.0; m * m]; // B, row-major: a[row * m + pos]
        for (pos, &v) in self.basis.iter().enumerate() {
            if v < m {
                a[v * m + pos] = -1.0;
            } else {
                for &(t, c) in &self.cols[v - m].coef {
                    a[t * m + pos] = c;
                }
            }
        }
        let mut inv = vec![0.0; m * m];
        for i in 0..m {
            inv[i * m + i] = 1.0;
        }
        for col in 0..m {
            let mut piv = col;
            for r in col + 1..m {
                if a[r * m + col].abs() > a[piv * m + col].abs() {
                    piv = r;
                }
            }
            if a[piv * m + col].abs() < 1e-12 {
                return Err(LpError::Singular);
            }
            if piv != col {
                for j in 0..m {
                    a.swap(piv * m + j, col * m + j);
                    inv.swap(piv * m + j, col * m + j);
                }
            }
            let p = a[col * m + col];
            for j in 0..m {
                a[col * m + j] /= p;
                inv[col * m + j] /= p;
            }
            for r in 0..m {
                if r != col {
                    let f = a[r * m + col];
                    if f != 0.0 {
                        for j in 0..m {
                            a[r * m + j] -= f * a[col * m + j];
                            inv[r * m + j] -= f * inv[col * m + j];
                        }
                    }
                }
            }
        }
        // inv = B⁻¹ with rows indexed by basis position.
        self.binv = inv;
        for i in 0..m {
            let row = &self.binv[i * m..(i + 1) * m];
            self.xb[i] = (0..m).map(|j| row[j] * self.b[j]).sum::<f64>().max(0.0);
        }
        self.pivots_since_inversion = 0;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn col(coef: &[(usize, f64)]) -> Column {
        Column { coef: coef.to_vec(), cost: 1.0 }
    }

    #[test]
    fn solves_a_small_cutting_stock_master() {
        // Bins of 10; items: six of 4, one of 3. Patterns {4,4}, {4,3}.
        let mut lp = Master::new(vec![6.0, 1.0], vec![col(&[(0, 2.0)]), col(&[(1, 1.0)])]).unwrap();
        lp.add_column(col(&[(0, 1.0), (1, 1.0)]));
        lp.optimize(1000, None).unwrap();
        // x{4,4} = 2.5, x{4,3} = 1: 3.5 bins.
        assert!((lp.objective() - 3.5).abs() < 1e-9, "{}", lp.objective());
        let y = lp.duals();
        assert!((y[0] - 0.5).abs() < 1e-9 && (y[1] - 0.5).abs() < 1e-9, "{y:?}");
        lp.reinvert().unwrap();
        assert!((lp.objective() - 3.5).abs() < 1e-9);
    }

    #[test]
    fn duals_stay_non_negative_when_rows_are_over_covered() {
        // One pattern covers both rows twice; row 1 needs little.
        let mut lp = Master::new(vec![4.0, 1.0], vec![col(&[(0, 1.0)]), col(&[(1, 1.0)])]).unwrap();
        lp.add_column(col(&[(0, 2.0), (1, 2.0)]));
        lp.optimize(1000, None).unwrap();
        assert!((lp.objective() - 2.0).abs() < 1e-9);
        assert!(lp.duals().iter().all(|&v| v >= -1e-9));
    }
}
