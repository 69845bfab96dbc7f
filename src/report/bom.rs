//! The bill of materials as tables, worded once in the chosen language: one table per fiscal
//! year for the report (lines by site, a subtotal per site where a year buys at more than one,
//! the year's total), a summary by year, and one flat table of every line for `bom.csv` and the
//! workbook's BOM sheet. The lines themselves are computed by [`crate::cost::bom`] when the plan
//! is made and carried in [`PlanResult::bom`].

use crate::cost::bom::{BomKind, BomLine, BomUnit, CORES_PER_PACK, totals_by_year};
use crate::plan::PlanResult;

use super::document;
use super::format::{self, Money};
use super::i18n::Text;
use super::table::{Align, Cell, Table, Value};

/// File name of the bill of materials as CSV.
pub const CSV_FILE: &str = "bom.csv";

/// Columns of `bom.csv` (and the BOM sheet), as catalogue keys after `bom_col_`.
pub const COLUMNS: [&str; 12] = [
    "fy",
    "site",
    "kind",
    "item",
    "quantity",
    "unit",
    "packs",
    "hosts",
    "unit_price",
    "amount",
    "annual_unit_price",
    "annual_amount",
];

/// The key of a kind of line, as `bom.csv` writes it in English.
fn kind_key(k: BomKind) -> &'static str {
    match k {
        BomKind::Host => "host",
        BomKind::Storage => "storage",
        BomKind::Licence => "licence",
    }
}

/// The key of a counting unit, as `bom.csv` writes it in English.
fn unit_key(u: BomUnit) -> &'static str {
    match u {
        BomUnit::Host => "host",
        BomUnit::Tb => "tb",
        BomUnit::Socket => "socket",
        BomUnit::Core => "core",
    }
}

/// The words of a kind of line.
pub fn kind_words(t: Text, k: BomKind) -> &'static str {
    t.s(&format!("bom_kind_{}", kind_key(k)))
}

/// The words of a counting unit.
pub fn unit_words(t: Text, u: BomUnit) -> &'static str {
    t.s(&format!("bom_unit_{}", unit_key(u)))
}

/// A line's quantity: whole hosts, sockets and cores; TB with two decimals.
fn quantity(l: &BomLine) -> Cell {
    match l.unit {
        BomUnit::Tb => Cell::figure(format::thousands(l.quantity, 2), Value::Quantity(l.quantity)),
        _ => Cell::figure(format::qty(l.quantity), Value::Count(l.quantity)),
    }
}

fn money(m: &Money, x: f64) -> Cell {
    Cell::figure(m.amount(x), Value::Money(x))
}

fn count(x: Option<f64>) -> Cell {
    x.map_or_else(Cell::empty, |n| Cell::figure(format::qty(n), Value::Count(n)))
}

/// The report's table of one fiscal year: its lines by site, subtotals and the year's total.
fn year_table(r: &PlanResult, fy: i32, m: &Money, t: Text) -> Table {
    let mut table = Table::new(&[
        (t.s("bom_h_site"), Align::Left),
        (t.s("bom_h_kind"), Align::Left),
        (t.s("bom_h_item"), Align::Left),
        (t.s("bom_h_quantity"), Align::Right),
        (t.s("bom_h_unit"), Align::Left),
        (t.s("bom_h_packs"), Align::Right),
        (t.s("bom_h_unit_price"), Align::Right),
        (t.s("bom_h_amount"), Align::Right),
        (t.s("bom_h_annual_unit_price"), Align::Right),
        (t.s("bom_h_annual_amount"), Align::Right),
    ]);
    let lines: Vec<&BomLine> = r.bom.iter().filter(|l| l.fy == fy).collect();
    let mut sites: Vec<&str> = Vec::new();
    for l in &lines {
        if !sites.contains(&l.site.as_str()) {
            sites.push(&l.site);
        }
    }
    let total = |ls: &[&BomLine]| -> (f64, f64) {
        ls.iter().fold((0.0, 0.0), |a, l| (a.0 + l.amount, a.1 + l.annual_amount))
    };
    for site in &sites {
        let here: Vec<&BomLine> = lines.iter().copied().filter(|l| l.site == *site).collect();
        for l in &here {
            table.cells(vec![
                Cell::text(document::site_words(&l.site, t)),
                Cell::text(kind_words(t, l.kind)),
                Cell::text(l.item.clone()),
                quantity(l),
                Cell::text(unit_words(t, l.unit)),
                count(l.packs.map(|p| p as f64)),
                money(m, l.unit_price),
                money(m, l.amount),
                money(m, l.annual_unit_price),
                money(m, l.annual_amount),
            ]);
        }
        if sites.len() > 1 {
            let (once, yearly) = total(&here);
            table.strong_cells(subtotal(
                t.f("bom_subtotal", &[("site", &document::site_words(site, t))]),
                once,
                yearly,
                m,
            ));
        }
    }
    let (once, yearly) = total(&lines);
    table.strong_cells(subtotal(t.f("bom_year_total", &[("fy", &t.fy(fy))]), once, yearly, m));
    table
}

/// A totals row: label, amounts in the amount columns.
fn subtotal(label: String, once: f64, yearly: f64, m: &Money) -> Vec<Cell> {
    let mut cells = vec![Cell::text(label)];
    cells.extend((0..6).map(|_| Cell::empty()));
    cells.extend([money(m, once), Cell::empty(), money(m, yearly)]);
    cells
}

/// The summary by fiscal year: what is bought once and what it adds to each later year.
fn summary_table(r: &PlanResult, m: &Money, t: Text) -> Table {
    let mut table = Table::new(&[
        (t.s("col_fy"), Align::Left),
        (t.s("bom_h_hosts_bought"), Align::Right),
        (t.s("bom_h_tb_bought"), Align::Right),
        (t.s("bom_h_amount"), Align::Right),
        (t.s("bom_h_annual_amount"), Align::Right),
    ]);
    let by_year = totals_by_year(&r.bom);
    let of_kind = |fy: i32, k: BomKind| -> f64 {
        r.bom.iter().filter(|l| l.fy == fy && l.kind == k).map(|l| l.quantity).sum()
    };
    for &(fy, once, yearly) in &by_year {
        let tb = of_kind(fy, BomKind::Storage);
        table.cells(vec![
            Cell::text(t.fy(fy)),
            count(Some(of_kind(fy, BomKind::Host))),
            Cell::figure(format::thousands(tb, 2), Value::Quantity(tb)),
            money(m, once),
            money(m, yearly),
        ]);
    }
    let hosts: f64 = by_year.iter().map(|y| of_kind(y.0, BomKind::Host)).sum();
    let tb: f64 = by_year.iter().map(|y| of_kind(y.0, BomKind::Storage)).sum();
    table.strong_cells(vec![
        Cell::text(t.s("total")),
        count(Some(hosts)),
        Cell::figure(format::thousands(tb, 2), Value::Quantity(tb)),
        money(m, by_year.iter().map(|y| y.1).sum()),
        money(m, by_year.iter().map(|y| y.2).sum()),
    ]);
    table
}

/// The report's section: heading, what the bill is and what it reconciles with, the summary by
/// year, and one table per fiscal year.
pub fn section(r: &PlanResult, m: &Money, t: Text) -> Vec<document::Block> {
    use document::{Block, Inline};
    let mut out = vec![Block::Heading(2, t.s("bom_heading").into())];
    if r.bom.is_empty() {
        out.push(Block::Paragraph(vec![Inline::Text(t.s("bom_none").into())]));
        return out;
    }
    let pack = CORES_PER_PACK.to_string();
    out.push(Block::Paragraph(vec![Inline::Text(t.f("bom_intro", &[("pack", &pack)]))]));
    out.push(Block::Table(summary_table(r, m, t)));
    for (fy, _, _) in totals_by_year(&r.bom) {
        out.push(Block::Heading(3, t.f("bom_year_heading", &[("fy", &t.fy(fy))])));
        out.push(Block::Table(year_table(r, fy, m, t)));
    }
    out
}

/// Every line, one row each, for `bom.csv` and the workbook: headers, kinds and units in the
/// language of `t` (in English, the CSV's keys: `host`, `storage`, `licence`; `host`, `tb`,
/// `socket`, `core`), the item empty for storage, amounts unrounded.
pub fn flat(r: &PlanResult, t: Text) -> Table {
    let m = Money::with_text(&r.plan.currency, t);
    let header = COLUMNS.iter().map(|c| t.s(&format!("bom_col_{c}")).to_string()).collect();
    let mut align = vec![Align::Left; COLUMNS.len()];
    for a in align.iter_mut().skip(4) {
        *a = Align::Right;
    }
    align[5] = Align::Left;
    let mut table = Table::with(header, align);
    for l in &r.bom {
        let (kind, unit) = if t.ja() {
            (kind_words(t, l.kind), unit_words(t, l.unit))
        } else {
            (kind_key(l.kind), unit_key(l.unit))
        };
        table.cells(vec![
            Cell::figure(l.fy.to_string(), Value::Year(f64::from(l.fy))),
            Cell::text(l.site.clone()),
            Cell::text(kind),
            Cell::text(l.item.clone()),
            quantity(l),
            Cell::text(unit),
            count(l.packs.map(|p| p as f64)),
            count(l.hosts.map(|h| h as f64)),
            money(&m, l.unit_price),
            money(&m, l.amount),
            money(&m, l.annual_unit_price),
            money(&m, l.annual_amount),
        ]);
    }
    table
}
