//! The one table model every document renderer lays out: a header and rows of typed cells.
//!
//! A cell carries its words in the document's language (what markdown and HTML print, worded
//! once where the table is built) and its value (what a workbook or CSV file stores: a number
//! with its kind, so the workbook formats money, counts and percentages as numbers and the CSV
//! writes them unrounded). The plan's report ([`super::document`]) and the comparison
//! ([`super::compare`]) build their tables here; [`super::markdown`], [`super::html`],
//! [`super::xlsx`] and [`super::csv`] each lay one out in a single function.

/// Column alignment in a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// Text.
    Left,
    /// Figures.
    Right,
}

/// What a cell holds, for the formats that store values rather than words.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Value {
    /// Words only (names, labels, sentences).
    Text,
    /// An amount in the plan's currency.
    Money(f64),
    /// A whole number of things (hosts, servers, packs).
    Count(f64),
    /// A fiscal year (2018): a number, but written without a thousands separator.
    Year(f64),
    /// A measured quantity with decimals (TB, cores of CPU).
    Quantity(f64),
    /// A percentage, in percent (65.0 is 65 %).
    Percent(f64),
}

/// One cell: its words and its value.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    /// As printed in markdown and HTML, in the document's language.
    pub text: String,
    /// As stored in a workbook or CSV file.
    pub value: Value,
}

impl Cell {
    /// A text cell.
    pub fn text(s: impl Into<String>) -> Self {
        Cell { text: s.into(), value: Value::Text }
    }

    /// An empty cell.
    pub fn empty() -> Self {
        Cell::text("")
    }

    /// A figure: its words and its value.
    pub fn figure(text: impl Into<String>, value: Value) -> Self {
        Cell { text: text.into(), value }
    }
}

impl From<String> for Cell {
    fn from(s: String) -> Self {
        Cell::text(s)
    }
}

impl From<&str> for Cell {
    fn from(s: &str) -> Self {
        Cell::text(s)
    }
}

/// How the figures of a totals row come from the data rows above it, for the formats that
/// keep formulas (the workbook writes them as `SUM`/`SUMIF` over the data rows, with the
/// cell's value cached). The cells still carry the computed values for every other format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sum {
    /// Each figure is the sum of its column over all data rows.
    All,
    /// Each figure is the sum of its column over the data rows whose cell in column `key` has
    /// the same words as this row's (the plan's column of a cost table, say).
    Matching(usize),
}

/// A table row.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// Cells, as many as the table has columns.
    pub cells: Vec<Cell>,
    /// A totals row, shown emphasised.
    pub strong: bool,
    /// For a totals row after the data rows: how its figures are summed.
    pub sum: Option<Sum>,
}

/// A table.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Column headings.
    pub header: Vec<String>,
    /// Alignment per column.
    pub align: Vec<Align>,
    /// Rows.
    pub rows: Vec<Row>,
    /// How many leading columns name a row (kept in view when scrolling sideways: the
    /// workbook freezes them).
    pub key_columns: usize,
}

impl Table {
    /// A table with headings; alignment per heading.
    pub fn new(columns: &[(&str, Align)]) -> Self {
        Table {
            header: columns.iter().map(|(h, _)| h.to_string()).collect(),
            align: columns.iter().map(|(_, a)| *a).collect(),
            rows: Vec::new(),
            key_columns: 0,
        }
    }

    /// A table with headings, alignment per column.
    pub fn with(header: Vec<String>, align: Vec<Align>) -> Self {
        Table { header, align, rows: Vec::new(), key_columns: 0 }
    }

    /// Adds a row of text cells.
    pub fn row(&mut self, cells: Vec<String>) {
        self.cells(cells.into_iter().map(Cell::text).collect());
    }

    /// Adds a totals row of text cells.
    pub fn strong_row(&mut self, cells: Vec<String>) {
        self.strong_cells(cells.into_iter().map(Cell::text).collect());
    }

    /// Adds a row of typed cells.
    pub fn cells(&mut self, cells: Vec<Cell>) {
        self.rows.push(Row { cells, strong: false, sum: None });
    }

    /// Adds a totals row of typed cells.
    pub fn strong_cells(&mut self, cells: Vec<Cell>) {
        self.rows.push(Row { cells, strong: true, sum: None });
    }

    /// Adds a totals row after the data rows whose figures are sums of the data rows, as
    /// `sum` says. Rows added after it are totals rows too.
    pub fn sum_cells(&mut self, cells: Vec<Cell>, sum: Sum) {
        self.rows.push(Row { cells, strong: true, sum: Some(sum) });
    }

    /// How many rows come before the first summed totals row: the data rows.
    pub fn data_rows(&self) -> usize {
        self.rows.iter().position(|r| r.sum.is_some()).unwrap_or(self.rows.len())
    }

    /// The words of cell `i` of `row`, empty past the end.
    pub fn text(row: &Row, i: usize) -> &str {
        row.cells.get(i).map_or("", |c| c.text.as_str())
    }
}
