//! The `.vbp` text format of VPSolver (Brandão & Pedroso), used by the benchmark sets:
//!
//! ```text
//! d                 number of dimensions, >= 1
//! C_1 ... C_d       bin capacity per dimension
//! m                 number of item types
//! w_1 ... w_d k     one line per item type: demand per dimension, then multiplicity k >= 1
//! ```
//!
//! Values are whitespace-separated non-negative integers. Items are numbered from 0 in file
//! order, each type expanded by its multiplicity. Errors name the file, line and column of the
//! offending token (or of the end of the file) and what was expected there.
//!
//! Every number has a range, checked before anything is allocated from it (the limits table
//! of `docs/inventory.md` lists them): so a 20-byte file cannot ask for 10⁸ items or a 4×10⁹
//! capacity, and no sum of demands can overflow a `u64` (at most 10⁵ items of at most 10⁷).

use crate::error::{Error, InputError};
use crate::pack::Problem;
use std::path::Path;

/// Largest number of dimensions accepted: a hundred times the benchmark sets' largest (10),
/// low enough that a corrupt header cannot make the parser allocate absurd amounts of memory.
pub const MAX_DIMS: u64 = 1_000;
/// Largest capacity or demand value: seven times the benchmark sets' largest (1.5×10⁶). The
/// engine's exact one-dimensional subset sum allocates four bytes per unit of capacity, so a
/// capacity of 4×10⁹ took 17 GB and minutes (found by the fuzz harness); 10⁷ keeps it at 40 MB.
pub const MAX_VALUE: u64 = 10_000_000;
/// Most items (multiplicities summed): eighteen times the benchmark sets' largest (5,486);
/// the engine's memory and time grow with it, so a header cannot ask for 10⁸.
pub const MAX_ITEMS: u64 = 100_000;
/// Most demand values (items × dimensions) in all: the engine packs 10⁶ values (10 dimensions
/// × 10⁵ items, or 1,000 × 1,000) in about its time limit and under 100 MB.
pub const MAX_VALUES: u64 = 1_000_000;

/// A parsed instance kept in its compact form: item types with multiplicities.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VbpInstance {
    /// Bin capacity per dimension.
    pub capacity: Vec<u64>,
    /// Item types in file order: demand vector and multiplicity.
    pub item_types: Vec<(Vec<u64>, u64)>,
}

impl VbpInstance {
    /// Total number of items (sum of multiplicities).
    pub fn n_items(&self) -> u64 {
        self.item_types.iter().map(|(_, k)| k).sum()
    }

    /// The expanded problem: one bin type of cost 1, items numbered in file order.
    pub fn to_problem(&self) -> Result<Problem, crate::pack::PackError> {
        let d = self.capacity.len();
        let mut flat = Vec::with_capacity(self.n_items() as usize * d);
        for (w, k) in &self.item_types {
            for _ in 0..*k {
                flat.extend_from_slice(w);
            }
        }
        let bin = crate::pack::BinType {
            name: "bin".into(),
            capacity: self.capacity.clone(),
            cost: 1,
            max_count: None,
        };
        Problem::from_flat(d, vec![bin], flat, Vec::new())
    }
}

/// Reads and parses a `.vbp` file into a [`Problem`].
pub fn read(path: &Path) -> Result<Problem, Error> {
    let inst = read_instance(path)?;
    Ok(inst.to_problem().map_err(|e| InputError::file(path, e.to_string()))?)
}

/// Reads and parses a `.vbp` file into its compact form.
pub fn read_instance(path: &Path) -> Result<VbpInstance, Error> {
    let text = crate::input::read_text(path, "the instance")?;
    Ok(parse_instance(&text, path)?)
}

/// Parses `.vbp` text into a [`Problem`]; `file` is only used in error messages.
pub fn parse(text: &str, file: &Path) -> Result<Problem, InputError> {
    parse_instance(text, file)?.to_problem().map_err(|e| InputError::file(file, e.to_string()))
}

/// Parses `.vbp` text into its compact form; `file` is only used in error messages.
pub fn parse_instance(text: &str, file: &Path) -> Result<VbpInstance, InputError> {
    let mut t = Tokens::new(text, file);
    let d = t.number("the number of dimensions d")?;
    if d.value == 0 || d.value > MAX_DIMS {
        return Err(t.error_at(&d, format!("the number of dimensions must be 1..={MAX_DIMS}")));
    }
    let d = d.value as usize;
    let mut capacity = Vec::with_capacity(d);
    for j in 0..d {
        let c = t.number(&format!("bin capacity {} of {d}", j + 1))?;
        t.at_most(&c, MAX_VALUE, "a capacity")?;
        capacity.push(c.value);
    }
    let m = t.number("the number of item types m")?;
    t.at_most(&m, MAX_ITEMS, "the number of item types (each has at least one item)")?;
    if m.value.saturating_mul(d as u64) > MAX_VALUES {
        return Err(t.error_at(
            &m,
            format!("too many item types: at most {MAX_VALUES} demand values in all"),
        ));
    }
    let m = m.value as usize;
    let mut item_types = Vec::with_capacity(m.min(1 << 20));
    let mut total_items: u64 = 0;
    for k in 0..m {
        let mut w = Vec::with_capacity(d);
        for (j, &cj) in capacity.iter().enumerate() {
            let v = t.number(&format!("demand {} of {d} of item type {} of {m}", j + 1, k + 1))?;
            if v.value > cj {
                return Err(t.error_at(
                    &v,
                    format!(
                        "item type {}: demand {} exceeds the bin capacity {} in dimension {}",
                        k + 1,
                        v.value,
                        cj,
                        j + 1
                    ),
                ));
            }
            w.push(v.value);
        }
        let mult = t.number(&format!("the multiplicity of item type {} of {m}", k + 1))?;
        if mult.value == 0 {
            return Err(t.error_at(&mult, "the multiplicity must be at least 1".to_string()));
        }
        total_items = total_items.saturating_add(mult.value);
        if total_items > MAX_ITEMS {
            return Err(t.error_at(
                &mult,
                format!("too many items: at most {MAX_ITEMS} in all (multiplicities summed)"),
            ));
        }
        if total_items.saturating_mul(d as u64) > MAX_VALUES {
            return Err(t.error_at(
                &mult,
                format!("too many items: at most {MAX_VALUES} demand values in all"),
            ));
        }
        item_types.push((w, mult.value));
    }
    if let Some(extra) = t.next_token() {
        return Err(t.error_at(
            &extra,
            format!("expected the end of the file after {m} item types, found `{}`", extra.text),
        ));
    }
    Ok(VbpInstance { capacity, item_types })
}

/// Writes a problem with a single bin type in `.vbp` format; consecutive identical items are
/// merged into one line. Returns `None` when the problem has several bin types or conflicts,
/// which the format cannot express.
pub fn write(problem: &Problem) -> Option<String> {
    use std::fmt::Write as _;
    if problem.bin_types().len() != 1 || !problem.conflict_groups().is_empty() {
        return None;
    }
    let d = problem.dims();
    let mut lines: Vec<(&[u64], u64)> = Vec::new();
    for i in 0..problem.len() {
        let w = problem.demand(i);
        match lines.last_mut() {
            Some((last, k)) if *last == w => *k += 1,
            _ => lines.push((w, 1)),
        }
    }
    let mut s = String::new();
    let _ = writeln!(s, "{d}");
    let caps: Vec<String> = problem.bin_types()[0].capacity.iter().map(u64::to_string).collect();
    let _ = writeln!(s, "{}", caps.join(" "));
    let _ = writeln!(s, "{}", lines.len());
    for (w, k) in lines {
        for v in w {
            let _ = write!(s, "{v} ");
        }
        let _ = writeln!(s, "{k}");
    }
    Some(s)
}

/// A token with its 1-based position.
struct Token<'a> {
    text: &'a str,
    line: usize,
    column: usize,
}

/// A parsed number with its position.
struct Num {
    value: u64,
    line: usize,
    column: usize,
}

trait Pos {
    fn pos(&self) -> (usize, usize);
}
impl Pos for Num {
    fn pos(&self) -> (usize, usize) {
        (self.line, self.column)
    }
}
impl Pos for Token<'_> {
    fn pos(&self) -> (usize, usize) {
        (self.line, self.column)
    }
}

/// Whitespace tokenizer that tracks lines and columns (columns count characters).
struct Tokens<'a> {
    file: &'a Path,
    lines: std::iter::Peekable<std::iter::Enumerate<std::str::Lines<'a>>>,
    current: Option<(usize, &'a str, usize)>, // line number, line text, byte offset
    last_line: usize,
    last_line_len: usize,
}

impl<'a> Tokens<'a> {
    fn new(text: &'a str, file: &'a Path) -> Self {
        Tokens {
            file,
            lines: text.lines().enumerate().peekable(),
            current: None,
            last_line: 1,
            last_line_len: 0,
        }
    }

    fn next_token(&mut self) -> Option<Token<'a>> {
        loop {
            if let Some((ln, line, off)) = self.current {
                let rest = &line[off..];
                let skipped = rest.len() - rest.trim_start().len();
                let start = off + skipped;
                if start < line.len() {
                    let tail = &line[start..];
                    let len = tail.find(char::is_whitespace).unwrap_or(tail.len());
                    self.current = Some((ln, line, start + len));
                    let column = line[..start].chars().count() + 1;
                    return Some(Token { text: &tail[..len], line: ln, column });
                }
                self.current = None;
            }
            let (i, line) = self.lines.next()?;
            self.last_line = i + 1;
            self.last_line_len = line.chars().count();
            self.current = Some((i + 1, line, 0));
        }
    }

    fn number(&mut self, what: &str) -> Result<Num, InputError> {
        let Some(tok) = self.next_token() else {
            return Err(InputError::at(
                self.file,
                self.last_line,
                self.last_line_len + 1,
                None,
                format!("unexpected end of file: expected {what}"),
            ));
        };
        match tok.text.parse::<u64>() {
            Ok(value) => Ok(Num { value, line: tok.line, column: tok.column }),
            Err(_) => Err(self.error_at(
                &tok,
                format!("expected {what} (a non-negative integer), found `{}`", tok.text),
            )),
        }
    }

    /// Refuses a number above `max`.
    fn at_most(&self, n: &Num, max: u64, what: &str) -> Result<(), InputError> {
        if n.value > max {
            return Err(
                self.error_at(n, format!("{what} must be at most {max}, found {}", n.value))
            );
        }
        Ok(())
    }

    fn error_at(&self, at: &impl Pos, message: String) -> InputError {
        let (line, column) = at.pos();
        InputError::at(self.file, line, column, None, message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(text: &str) -> Result<VbpInstance, InputError> {
        parse_instance(text, Path::new("t.vbp"))
    }

    #[test]
    fn parses_and_expands_multiplicities_in_file_order() {
        let inst = p("2\n10 20\n2\n1 2 2\n3 4 1\n").unwrap();
        assert_eq!(inst.n_items(), 3);
        let prob = inst.to_problem().unwrap();
        assert_eq!(prob.len(), 3);
        assert_eq!(prob.demand(0), &[1, 2]);
        assert_eq!(prob.demand(1), &[1, 2]);
        assert_eq!(prob.demand(2), &[3, 4]);
        assert_eq!(prob.bin_types()[0].capacity, vec![10, 20]);
    }

    #[test]
    fn reports_line_and_column_of_a_bad_token() {
        let e = p("2\n10 20\n2\n1 x 2\n3 4 1\n").unwrap_err();
        assert_eq!((e.line, e.column), (Some(4), Some(3)));
        assert!(e.message.contains("demand 2 of 2 of item type 1"), "{}", e.message);
    }

    #[test]
    fn reports_truncation_and_trailing_garbage() {
        let e = p("2\n10 20\n2\n1 2 2\n").unwrap_err();
        assert!(e.message.contains("end of file"), "{}", e.message);
        assert_eq!(e.line, Some(4));
        let e = p("1\n10\n1\n3 1\n7\n").unwrap_err();
        assert_eq!(e.line, Some(5));
        assert!(e.message.contains("end of the file"));
    }

    #[test]
    fn rejects_oversized_items_zero_dims_and_zero_multiplicity() {
        assert!(p("1\n10\n1\n11 1\n").unwrap_err().message.contains("exceeds"));
        assert!(p("0\n").unwrap_err().message.contains("dimensions"));
        assert!(p("1\n10\n1\n3 0\n").unwrap_err().message.contains("multiplicity"));
        assert!(p("1\n10\n1\n-3 1\n").unwrap_err().message.contains("non-negative"));
        assert!(p("").unwrap_err().message.contains("end of file"));
    }

    #[test]
    fn refuses_sizes_and_values_over_the_limits_before_allocating() {
        let e = p("1\n10\n1\n3 200000000\n").unwrap_err();
        assert_eq!((e.line, e.column), (Some(4), Some(3)));
        assert!(e.message.contains("at most 100000"), "{}", e.message);
        let e = p("1\n10\n2\n3 60000\n3 60000\n").unwrap_err();
        assert_eq!(e.line, Some(5));
        let e = p("1\n10\n100001\n").unwrap_err();
        assert!(e.message.contains("item types"), "{}", e.message);
        let e = p("1001\n").unwrap_err();
        assert!(e.message.contains("1..=1000"), "{}", e.message);
        let e = p("1\n10000001\n1\n3 1\n").unwrap_err();
        assert_eq!((e.line, e.column), (Some(2), Some(1)));
        let e = p("1000\n").unwrap_err();
        assert!(e.message.contains("end of file"), "{}", e.message);
        // Over 10⁶ values: 1000 dimensions × 1001 items is refused at the multiplicity.
        let caps = vec!["5"; 1000].join(" ");
        let item = vec!["1"; 1000].join(" ");
        let e = p(&format!("1000\n{caps}\n1\n{item} 1001\n")).unwrap_err();
        assert!(e.message.contains("demand values"), "{}", e.message);
        // At the limits: accepted.
        let inst = p(&format!("1\n{MAX_VALUE}\n1\n{MAX_VALUE} {MAX_ITEMS}\n")).unwrap();
        assert_eq!(inst.n_items(), MAX_ITEMS);
    }

    #[test]
    fn write_round_trips() {
        let inst = p("2\n10 20\n2\n1 2 2\n3 4 1\n").unwrap();
        let text = write(&inst.to_problem().unwrap()).unwrap();
        assert_eq!(p(&text).unwrap(), inst);
    }
}
