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
//! Surplus columns −e_t (cost 0) keep the duals non-negative. The entering variable is chosen
//! by devex weights (an approximation of steepest edge): on the 250- and 500-row masters of
//! the vector benchmark sets about three pivots in four are degenerate, and devex needs fewer
//! of them than the most negative reduced cost did (the LP side of the engine reaches 4–5
//! more optima per set at 1 s, see benches/RESULTS.md). After a run of degenerate pivots the
//! rule switches to Bland's to rule out cycling. The inverse is recomputed from scratch every
//! few hundred pivots. The update of the inverse, half of the master's time, runs four
//! numbers at a time where the processor has AVX2 (`sub_scaled`), with bit-identical results.

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
    /// Devex reference weights of every variable (surplus columns first), for the entering
    /// rule.
    devex: Vec<f64>,
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
            devex: vec![1.0; m + m],
            pivots: 0,
        })
    }

    /// Adds a column (not basic); returns its index.
    pub fn add_column(&mut self, c: Column) -> usize {
        self.cols.push(c);
        self.is_basic.push(false);
        self.devex.push(1.0);
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
            // Entering variable: largest d²/w under the devex weights, or the first (Bland).
            let mut enter: Option<(usize, f64, f64)> = None;
            for v in 0..m + self.cols.len() {
                if self.is_basic[v] {
                    continue;
                }
                let d = self.reduced(v, &y);
                if d < -EPS {
                    let score = d * d / self.devex[v];
                    if bland {
                        enter = Some((v, d, score));
                        break;
                    }
                    if enter.is_none_or(|(_, _, bs)| score > bs) {
                        enter = Some((v, d, score));
                    }
                }
            }
            let Some((q, dq, _)) = enter else { return Ok(()) };
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
            self.update_devex(q, r, alpha[r]);
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
                    sub_scaled(row, f, row_r);
                }
            }
            for (k, row) in after.chunks_mut(m).enumerate() {
                let f = alpha[r + 1 + k];
                if f != 0.0 {
                    sub_scaled(row, f, row_r);
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

    /// Devex weight update (Forrest & Goldfarb's approximation of steepest edge): with the
    /// pivot row α_r·, every non-basic weight grows to at least (α_rv / α_rq)² w_q, and the
    /// leaving variable gets max(w_q / α_rq², 1). Weights are reset when they grow too large.
    /// Called before the inverse is updated (row r of B⁻¹ is the pivot row's source).
    fn update_devex(&mut self, q: usize, r: usize, arq: f64) {
        let m = self.m;
        let wq = self.devex[q];
        let row = &self.binv[r * m..(r + 1) * m];
        let mut reset = false;
        for v in 0..m + self.cols.len() {
            if self.is_basic[v] || v == q {
                continue;
            }
            let arv = if v < m {
                -row[v]
            } else {
                self.cols[v - m].coef.iter().map(|&(t, a)| row[t] * a).sum::<f64>()
            };
            if arv != 0.0 {
                let ratio = arv / arq;
                let w = ratio * ratio * wq;
                if w > self.devex[v] {
                    self.devex[v] = w;
                    reset |= w > 1e6;
                }
            }
        }
        let leaving = self.basis[r];
        self.devex[leaving] = (wq / (arq * arq)).max(1.0);
        if reset {
            self.devex.iter_mut().for_each(|w| *w = 1.0);
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
                        let (pivot_row, row) = two_rows(&mut a, m, col, r);
                        sub_scaled(row, f, pivot_row);
                        let (pivot_row, row) = two_rows(&mut inv, m, col, r);
                        sub_scaled(row, f, pivot_row);
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

/// Rows `p` and `r` (different) of a row-major matrix with `m` columns, the first shared.
fn two_rows(a: &mut [f64], m: usize, p: usize, r: usize) -> (&[f64], &mut [f64]) {
    if p < r {
        let (lo, hi) = a.split_at_mut(r * m);
        (&lo[p * m..(p + 1) * m], &mut hi[..m])
    } else {
        let (lo, hi) = a.split_at_mut(p * m);
        (&hi[..m], &mut lo[r * m..(r + 1) * m])
    }
}

/// `row -= f · x`, the kernel of every pivot (about half the master's time at 500 rows).
///
/// Why the dispatch: the default build targets every x86-64, whose vectors hold two `f64`;
/// where the processor has AVX2 the same loop runs four at a time. The arithmetic is the same
/// (separate multiply and subtract, no fused multiply-add), so the result is bit-identical on
/// every machine.
fn sub_scaled(row: &mut [f64], f: f64, x: &[f64]) {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: AVX2 is present (checked just above), the only requirement of the call.
        unsafe { sub_scaled_avx2(row, f, x) };
        return;
    }
    sub_scaled_plain(row, f, x);
}

#[inline(always)]
fn sub_scaled_plain(row: &mut [f64], f: f64, x: &[f64]) {
    for (a, b) in row.iter_mut().zip(x) {
        *a -= f * *b;
    }
}

/// [`sub_scaled`] compiled for AVX2.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn sub_scaled_avx2(row: &mut [f64], f: f64, x: &[f64]) {
    sub_scaled_plain(row, f, x);
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
    fn sub_scaled_is_bit_identical_with_and_without_avx2() {
        let mut rng = crate::pack::rng::Rng::new(7);
        for len in [0usize, 1, 3, 4, 5, 17, 64, 501] {
            let x: Vec<f64> = (0..len).map(|_| rng.unit() * 200.0 - 100.0).collect();
            let row: Vec<f64> = (0..len).map(|_| rng.unit() * 2.0 - 1.0).collect();
            let f = rng.unit() * 3.0 - 1.5;
            let mut plain = row.clone();
            sub_scaled_plain(&mut plain, f, &x);
            let mut dispatched = row.clone();
            sub_scaled(&mut dispatched, f, &x);
            let bits = |v: &[f64]| v.iter().map(|a| a.to_bits()).collect::<Vec<_>>();
            assert_eq!(bits(&plain), bits(&dispatched), "length {len}");
        }
    }

    /// The master's optimum against good_lp's microlp on random covering LPs (a reference
    /// solver, independent of this simplex, its devex rule and its inverse updates).
    #[test]
    fn optimum_matches_a_reference_solver() {
        use good_lp::{ProblemVariables, Solution, SolverModel, microlp, variable};
        let mut rng = crate::pack::rng::Rng::new(11);
        for case in 0..60 {
            let m = 2 + rng.below(12);
            let b: Vec<f64> = (0..m).map(|_| (1 + rng.below(9)) as f64).collect();
            let start: Vec<Column> = (0..m)
                .map(|t| Column { coef: vec![(t, (1 + rng.below(3)) as f64)], cost: 1.0 })
                .collect();
            let mut cols = start.clone();
            for _ in 0..rng.below(40) {
                let mut coef: Vec<(usize, f64)> = Vec::new();
                for t in 0..m {
                    if rng.below(3) == 0 {
                        coef.push((t, (1 + rng.below(4)) as f64));
                    }
                }
                if coef.is_empty() {
                    coef.push((rng.below(m), 1.0));
                }
                cols.push(Column { coef, cost: 0.5 + rng.unit() });
            }
            let mut lp = Master::new(b.clone(), start).unwrap();
            for c in &cols[m..] {
                lp.add_column(c.clone());
            }
            lp.optimize(100_000, None).unwrap();
            let mut vars = ProblemVariables::new();
            let x: Vec<_> = cols.iter().map(|_| vars.add(variable().min(0.0))).collect();
            let objective: good_lp::Expression =
                cols.iter().zip(&x).map(|(c, &v)| c.cost * v).sum();
            let mut model = vars.minimise(objective.clone()).using(microlp);
            for t in 0..m {
                let row: good_lp::Expression = cols
                    .iter()
                    .zip(&x)
                    .flat_map(|(c, &v)| c.coef.iter().filter(|e| e.0 == t).map(move |e| e.1 * v))
                    .sum();
                model = model.with(row.geq(b[t]));
            }
            let reference = model.solve().unwrap().eval(&objective);
            assert!(
                (lp.objective() - reference).abs() < 1e-6 * reference.max(1.0),
                "case {case}: master {} reference {reference}",
                lp.objective()
            );
            // The duals are feasible: no column prices out.
            let y = lp.duals();
            for c in &cols {
                let val: f64 = c.coef.iter().map(|&(t, a)| y[t] * a).sum();
                assert!(val <= c.cost + 1e-7, "case {case}: a column prices out");
            }
        }
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
