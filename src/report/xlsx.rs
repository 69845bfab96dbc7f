//! `plan.xlsx`: a workbook for planners, with sheets Summary (headline figures and one row per
//! cluster: site, policy, sizing, failover), Costs (by fiscal year, baseline, plan and effect
//! rows, as `costs.csv`), Layout (per server, as `layout.csv`), Hosts (per host utilisation),
//! Purchases (hosts bought by fiscal year, cluster and model), Yearly (per fiscal year and host:
//! its servers and utilisation that year) and Time of day (each host's CPU hour by hour, for the
//! time-of-day clusters), Extra items (the plan's extra items) and Assumptions. Figures are
//! numbers with number formats, not text; amounts are whole units (yen: `¥#,##0`), and the
//! totals of the Costs and Purchases sheets are formulas over the rows above them (with their
//! values cached, so viewers that do not recalculate show them too). Sheet names and headers
//! are in the chosen language. The document's creation date is fixed (1 April of the first
//! fiscal year) so the same plan gives the same bytes.
//!
//! Costs, Layout, Hosts, Purchases, Time of day and BOM are tables of the shared model ([`super::tables`],
//! [`super::bom`]) laid out by `table_sheet`; Summary, Yearly, Extra items and
//! Assumptions are still written here from the plan result.

use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatAlign, Formula, Workbook, Worksheet, XlsxError,
    utility::{row_col_to_cell, row_col_to_cell_absolute},
};

use crate::plan::PlanResult;

use super::format::{self, Money};
use super::i18n::Text;
use super::table::{Cell, Row, Sum, Table, Value};
use super::{Output, OutputFile, ReportError, ReportOptions, document, facts, tables};

/// The workbook.
pub struct Xlsx;

/// File name of the workbook.
pub const FILE: &str = "plan.xlsx";

/// Sheet names in English, in order.
pub const SHEETS: [&str; 10] = [
    "Summary",
    "Costs",
    "Layout",
    "Hosts",
    "Purchases",
    "Yearly",
    "Time of day",
    "Extra items",
    "Assumptions",
    "BOM",
];

/// Catalogue keys of the sheet names, in the order of [`SHEETS`].
const SHEET_KEYS: [&str; 10] = [
    "sheet_summary",
    "sheet_costs",
    "sheet_layout",
    "sheet_hosts",
    "sheet_purchases",
    "sheet_yearly",
    "sheet_tod",
    "sheet_extra",
    "sheet_assumptions",
    "sheet_bom",
];

/// Sheet names in the language of `t`, in order.
pub fn sheet_names(t: Text) -> [&'static str; 10] {
    SHEET_KEYS.map(|k| t.s(k))
}

impl Output for Xlsx {
    fn name(&self) -> &'static str {
        "xlsx"
    }

    fn files(
        &self,
        result: &PlanResult,
        options: &ReportOptions,
    ) -> Result<Vec<OutputFile>, ReportError> {
        let bytes = render_in(result, options.text).map_err(|e| ReportError::new(FILE, e))?;
        Ok(vec![OutputFile::new(FILE, bytes)])
    }
}

/// Headers by catalogue key.
fn keyed(t: Text, prefix: &str, columns: &[&str]) -> Vec<&'static str> {
    columns.iter().map(|c| t.s(&format!("{prefix}{c}"))).collect()
}

/// An amount as written in the workbook: whole units.
fn whole(x: f64) -> f64 {
    if x.is_finite() { x.round() } else { 0.0 }
}

/// Number formats and the language of a workbook.
pub(crate) struct Formats {
    bold: Format,
    plain: Format,
    header: Format,
    money: Format,
    money_bold: Format,
    qty: Format,
    count: Format,
    count_bold: Format,
    tb: Format,
    tb_bold: Format,
    pct: Format,
    t: Text,
}

impl Formats {
    /// The formats of a workbook in `currency` (yen: `¥#,##0`), worded as `t` says.
    pub(crate) fn new(currency: &str, t: Text) -> Self {
        let money = if currency.trim().eq_ignore_ascii_case("JPY") { "¥#,##0" } else { "#,##0" };
        Formats {
            t,
            bold: Format::new().set_bold(),
            plain: Format::new(),
            header: Format::new()
                .set_bold()
                .set_background_color("DDE4EE")
                .set_align(FormatAlign::Center),
            money: Format::new().set_num_format(money),
            money_bold: Format::new().set_num_format(money).set_bold(),
            qty: Format::new().set_num_format("#,##0.##"),
            count: Format::new().set_num_format("#,##0"),
            count_bold: Format::new().set_num_format("#,##0").set_bold(),
            tb: Format::new().set_num_format("#,##0.00"),
            tb_bold: Format::new().set_num_format("#,##0.00").set_bold(),
            pct: Format::new().set_num_format("0.0%"),
        }
    }
}

/// The workbook's bytes, in English.
pub fn render(r: &PlanResult) -> Result<Vec<u8>, XlsxError> {
    render_in(r, Text::EN)
}

/// The workbook's bytes in the language of `t`.
pub fn render_in(r: &PlanResult, t: Text) -> Result<Vec<u8>, XlsxError> {
    let f = Formats::new(&r.plan.currency, t);
    let mut wb = Workbook::new();
    let year = r.plan.first_fy.clamp(1900, 9999) as u16;
    let created = ExcelDateTime::from_ymd(year, 4, 1)?;
    wb.set_properties(
        &DocProperties::new().set_title(&r.plan.title).set_creation_datetime(&created),
    );
    summary(wb.add_worksheet(), r, &f)?;
    let names = sheet_names(t);
    table_sheet(wb.add_worksheet().set_name(names[1])?, &tables::costs_sheet(r, t), &f)?;
    table_sheet(wb.add_worksheet().set_name(names[2])?, &tables::layout_sheet(r, t), &f)?;
    table_sheet(wb.add_worksheet().set_name(names[3])?, &tables::hosts(r, t), &f)?;
    table_sheet(wb.add_worksheet().set_name(names[4])?, &tables::purchases(r, t), &f)?;
    yearly(wb.add_worksheet(), r, &f)?;
    let hours = tables::hours(r, t);
    let ws = wb.add_worksheet().set_name(names[6])?;
    table_sheet(ws, &hours, &f)?;
    if hours.rows.is_empty() {
        ws.write_string(1, 0, t.s("x_no_profile"))?;
        ws.autofit();
    }
    extra_items(wb.add_worksheet(), r, &f)?;
    assumptions(wb.add_worksheet(), r, &f)?;
    table_sheet(wb.add_worksheet().set_name(names[9])?, &super::bom::flat(r, t), &f)?;
    wb.save_to_buffer()
}

fn header<S: AsRef<str>>(
    ws: &mut Worksheet,
    row: u32,
    columns: &[S],
    f: &Formats,
) -> Result<(), XlsxError> {
    for (i, c) in columns.iter().enumerate() {
        ws.write_string_with_format(row, i as u16, c.as_ref(), &f.header)?;
    }
    Ok(())
}

fn summary(ws: &mut Worksheet, r: &PlanResult, f: &Formats) -> Result<(), XlsxError> {
    let t = f.t;
    ws.set_name(sheet_names(t)[0])?;
    let m = Money::new(&r.plan.currency);
    let s = &r.summary;
    ws.write_string_with_format(0, 0, &r.plan.title, &f.bold)?;
    let texts = [
        (t.s("x_plan"), r.plan.name.clone()),
        (t.s("x_fys"), format::span(t, r)),
        (t.s("x_bought_in"), t.fy(r.plan.refresh_fy)),
        (t.s("x_currency"), r.plan.currency.clone()),
        (t.s("x_packer"), document::method_words(t, &r.plan.packer)),
    ];
    let mut row = 2;
    for (label, value) in texts {
        ws.write_string(row, 0, label)?;
        ws.write_string(row, 1, value)?;
        row += 1;
    }
    row += 1;
    let counts = [
        (t.s("x_servers_total"), s.servers_total),
        (t.s("x_servers_scope"), s.servers_in_scope),
        (t.s("x_servers_virt"), s.servers_virtualised),
        (t.s("x_servers_phys"), s.servers_physical),
        (t.s("x_servers_excl"), s.servers_excluded),
        (t.s("x_servers_bcp"), s.servers_bcp),
        (t.s("x_hosts"), s.hosts_total),
    ];
    for (label, value) in counts {
        ws.write_string(row, 0, label)?;
        ws.write_number(row, 1, value as f64)?;
        row += 1;
    }
    row += 1;
    let code = [("code", m.code.as_str())];
    let amounts = [
        (t.f("x_baseline_total", &code), s.baseline_total),
        (t.f("x_plan_total", &code), s.plan_total),
        (t.f("x_effect_total", &code), s.cost_effect),
    ];
    for (label, value) in amounts {
        ws.write_string(row, 0, label.trim_end_matches(" ()").trim_end_matches("（）"))?;
        ws.write_number_with_format(row, 1, whole(value), &f.money_bold)?;
        row += 1;
    }
    ws.write_string(row, 0, t.s("x_effect_share"))?;
    ws.write_number_with_format(row, 1, s.cost_effect_pct / 100.0, &f.pct)?;
    row += 2;

    let columns = keyed(
        t,
        "x_",
        &[
            "cluster",
            "site",
            "zone",
            "hosts_col",
            "active",
            "spare",
            "minimum",
            "servers",
            "host_models",
            "bought",
            "binding",
            "lb",
            "lb_reason",
            "tod",
            "peak_hosts",
            "cpu_target",
            "mem_target",
            "vcpu_core",
            "overcommit",
            "fo_cpu",
            "fo_mem",
            "fo_required",
            "survives",
            "binding_loss",
            "busiest",
            "cpu_after",
            "vcpu_after",
            "mem_after",
            "note",
        ],
    );
    header(ws, row, &columns, f)?;
    let header_row = row;
    for c in document::clusters_by_site(r) {
        row += 1;
        let count = |role: &str| c.hosts.iter().filter(|h| document::role(h) == role).count();
        let p = &c.policy;
        let fo = &c.failover;
        ws.write_string(row, 0, &c.name)?;
        ws.write_string(row, 1, &c.site)?;
        ws.write_string(row, 2, &c.zone)?;
        ws.write_number(row, 3, c.hosts.len() as f64)?;
        ws.write_number(row, 4, count("active") as f64)?;
        ws.write_number(row, 5, count("spare") as f64)?;
        ws.write_number(row, 6, count("minimum") as f64)?;
        ws.write_number(row, 7, c.servers as f64)?;
        if t.ja() {
            ws.write_string(row, 1, document::site_words(&c.site, t))?;
        }
        ws.write_string(row, 8, document::host_models(c, t))?;
        ws.write_string(row, 9, document::purchase_years(c, t))?;
        ws.write_string(row, 10, format::resource_label_in(t, &c.binding_resource))?;
        ws.write_number(row, 11, c.lower_bound_hosts as f64)?;
        ws.write_string(row, 12, facts::lower_bound_reason(t, &c.lower_bound_reason))?;
        ws.write_string(row, 13, t.s(format::yes_no(c.time_of_day)))?;
        if let Some(n) = c.peak_sizing_hosts {
            ws.write_number(row, 14, n as f64)?;
        }
        ws.write_number_with_format(row, 15, p.target_cpu_pct / 100.0, &f.pct)?;
        ws.write_number_with_format(row, 16, p.target_memory_pct / 100.0, &f.pct)?;
        ws.write_number_with_format(row, 17, p.vcpu_per_core, &f.qty)?;
        ws.write_number_with_format(row, 18, p.memory_overcommit, &f.qty)?;
        ws.write_number_with_format(row, 19, p.failover_cpu_pct / 100.0, &f.pct)?;
        ws.write_number_with_format(row, 20, p.failover_memory_pct / 100.0, &f.pct)?;
        ws.write_number(row, 21, f64::from(fo.required))?;
        ws.write_string(row, 22, t.s(format::yes_no(fo.survives)))?;
        if fo.required > 0 && !fo.binding_loss.is_empty() {
            ws.write_string(row, 23, fo.binding_loss.join(" + "))?;
            if let Some(h) = &fo.worst_host {
                ws.write_string(row, 24, h)?;
            }
            for (k, v) in fo.worst_utilisation_pct.values().iter().enumerate() {
                ws.write_number_with_format(row, 25 + k as u16, v / 100.0, &f.pct)?;
            }
        }
        let money = Money::with_text(&r.plan.currency, t);
        ws.write_string(row, 28, facts::sizing_note(t, &money, c))?;
    }
    if row > header_row {
        ws.autofilter(header_row, 0, row, (columns.len() - 1) as u16)?;
    }
    ws.autofit();
    Ok(())
}

fn yearly(ws: &mut Worksheet, r: &PlanResult, f: &Formats) -> Result<(), XlsxError> {
    let t = f.t;
    ws.set_name(sheet_names(t)[5])?;
    let columns = [
        "fy",
        "cluster",
        "site",
        "hosts_in_service",
        "hosts_bought",
        "host",
        "model",
        "role",
        "servers",
        "cpu_used",
        "cpu_utilisation",
        "vcpu_used",
        "vcpu_utilisation",
        "memory_gb_used",
        "memory_utilisation",
        "server_names",
    ];
    header(ws, 0, &keyed(t, "h_", &columns), f)?;
    let mut row = 0;
    for y in &r.yearly {
        for c in &y.clusters {
            let cluster = r.clusters.iter().find(|x| x.name == c.name);
            for h in &c.hosts {
                row += 1;
                ws.write_number(row, 0, f64::from(y.fy))?;
                ws.write_string(row, 1, &c.name)?;
                if let Some(cl) = cluster {
                    ws.write_string(row, 2, &cl.site)?;
                }
                ws.write_number(row, 3, c.hosts_in_service as f64)?;
                ws.write_number(row, 4, c.hosts_bought as f64)?;
                ws.write_string(row, 5, &h.name)?;
                ws.write_string(row, 6, &h.model)?;
                let role = cluster
                    .and_then(|cl| cl.hosts.iter().find(|x| x.name == h.name))
                    .map_or("", document::role);
                ws.write_string(row, 7, document::role_label(t, role))?;
                ws.write_number(row, 8, h.servers.len() as f64)?;
                for k in 0..3 {
                    let col = 9 + 2 * k as u16;
                    ws.write_number_with_format(row, col, h.used.values()[k], &f.qty)?;
                    ws.write_number_with_format(
                        row,
                        col + 1,
                        h.utilisation_pct.values()[k] / 100.0,
                        &f.pct,
                    )?;
                }
                ws.write_string(row, 15, h.servers.join(t.s("name_sep")))?;
            }
        }
    }
    if row > 0 {
        ws.autofilter(0, 0, row, (columns.len() - 1) as u16)?;
    } else {
        ws.write_string(1, 0, t.s("no_year_layout"))?;
    }
    ws.set_freeze_panes(1, 0)?;
    ws.autofit();
    // The server lists are long: a fixed width, not autofit's.
    ws.set_column_width(15, 80)?;
    Ok(())
}

fn extra_items(ws: &mut Worksheet, r: &PlanResult, f: &Formats) -> Result<(), XlsxError> {
    let t = f.t;
    ws.set_name(sheet_names(t)[7])?;
    let columns = ["item", "applies_to", "years", "amount", "total", "note"];
    header(ws, 0, &keyed(t, "h_", &columns), f)?;
    let mut row = 0;
    for x in &r.extra_items {
        row += 1;
        ws.write_string(row, 0, &x.name)?;
        ws.write_string(row, 1, document::applies_words(t, &x.applies_to))?;
        let years: Vec<String> = x.years.iter().map(|y| t.fy(*y)).collect();
        ws.write_string(row, 2, years.join(t.s("name_sep")))?;
        ws.write_number_with_format(row, 3, whole(x.amount), &f.money)?;
        let total = whole(x.amount) * x.years.len() as f64;
        let formula = Formula::new(format!("={}*{}", row_col_to_cell(row, 3), x.years.len()))
            .set_result(total.to_string());
        ws.write_formula_with_format(row, 4, formula, &f.money)?;
        if let Some(note) = &x.note {
            ws.write_string(row, 5, note)?;
        }
    }
    if row == 0 {
        ws.write_string(1, 0, t.s("x_no_extra"))?;
    }
    ws.set_freeze_panes(1, 0)?;
    ws.autofit();
    Ok(())
}

fn assumptions(ws: &mut Worksheet, r: &PlanResult, f: &Formats) -> Result<(), XlsxError> {
    let t = f.t;
    ws.set_name(sheet_names(t)[8])?;
    header(ws, 0, &[t.s("h_assumption")], f)?;
    for (i, a) in r.assumptions.iter().enumerate() {
        ws.write_string(1 + i as u32, 0, facts::assumption(t, a))?;
    }
    if r.assumptions.is_empty() {
        ws.write_string(1, 0, t.s("x_no_assumptions"))?;
    }
    ws.set_column_width(0, 120)?;
    Ok(())
}

/// Writes a [`Table`] as a sheet: the header, then one row per table row with typed cells
/// (money in whole units with the currency format, counts, quantities and percentages as
/// numbers, fiscal years as plain numbers, text as text; totals rows bold), an autofilter over
/// the data rows, the header and the table's key columns frozen. Summed totals rows
/// ([`Row::sum`]) come one empty row below the data, their figures as `SUM`/`SUMIF` formulas
/// over the data rows with the values cached. The one layout of the shared table model for
/// workbooks: the plan's Costs, Layout, Hosts, Purchases, Time of day and BOM sheets and the comparison's
/// sheets use it.
pub(crate) fn table_sheet(ws: &mut Worksheet, table: &Table, f: &Formats) -> Result<(), XlsxError> {
    header(ws, 0, &table.header, f)?;
    let data = table.data_rows() as u32;
    let mut row = 0;
    for (i, r) in table.rows.iter().enumerate() {
        row += 1;
        if i as u32 == data {
            row += 1;
        }
        for (col, cell) in r.cells.iter().enumerate() {
            let col = col as u16;
            match (r.sum, total_formula(r, col, data)) {
                (Some(_), Some(formula)) => total_cell(ws, row, col, cell, formula, f)?,
                _ => value_cell(ws, row, col, cell, r.strong, f)?,
            }
        }
    }
    if data > 0 && !table.header.is_empty() {
        ws.autofilter(0, 0, data, (table.header.len() - 1) as u16)?;
    }
    ws.set_freeze_panes(1, table.key_columns as u16)?;
    ws.autofit();
    Ok(())
}

/// One cell of a table as a value.
fn value_cell(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    cell: &Cell,
    bold: bool,
    f: &Formats,
) -> Result<(), XlsxError> {
    match cell.value {
        Value::Text if cell.text.is_empty() => {}
        Value::Text if bold => {
            ws.write_string_with_format(row, col, &cell.text, &f.bold)?;
        }
        Value::Text => {
            ws.write_string(row, col, &cell.text)?;
        }
        Value::Money(x) => {
            let format = if bold { &f.money_bold } else { &f.money };
            ws.write_number_with_format(row, col, whole(x), format)?;
        }
        Value::Count(x) => {
            let format = if bold { &f.count_bold } else { &f.count };
            ws.write_number_with_format(row, col, x, format)?;
        }
        Value::Year(x) => {
            let format = if bold { &f.bold } else { &f.plain };
            ws.write_number_with_format(row, col, x, format)?;
        }
        Value::Quantity(x) => {
            let format = if bold { &f.tb_bold } else { &f.tb };
            ws.write_number_with_format(row, col, x, format)?;
        }
        Value::Percent(x) => {
            ws.write_number_with_format(row, col, x / 100.0, &f.pct)?;
        }
    }
    Ok(())
}

/// The formula of a summed totals cell over the `data` rows, for money, counts and
/// quantities: `=SUM(C2:Cn)`, or `=SUMIF($B$2:$B$n,"plan",C2:Cn)` for [`Sum::Matching`].
fn total_formula(r: &Row, col: u16, data: u32) -> Option<String> {
    let cell = r.cells.get(usize::from(col))?;
    if !matches!(cell.value, Value::Money(_) | Value::Count(_) | Value::Quantity(_)) {
        return None;
    }
    let last = data.max(1);
    let range = format!("{}:{}", row_col_to_cell(1, col), row_col_to_cell(last, col));
    Some(match r.sum? {
        Sum::All => format!("=SUM({range})"),
        Sum::Matching(key) => {
            let label = Table::text(r, key).replace('"', "\"\"");
            let k = key as u16;
            let keys =
                format!("{}:{}", row_col_to_cell_absolute(1, k), row_col_to_cell_absolute(last, k));
            format!("=SUMIF({keys},\"{label}\",{range})")
        }
    })
}

/// A summed totals cell: its formula, bold, with the value cached (whole units for money).
fn total_cell(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    cell: &Cell,
    formula: String,
    f: &Formats,
) -> Result<(), XlsxError> {
    let (value, format) = match cell.value {
        Value::Money(x) => (whole(x), &f.money_bold),
        Value::Count(x) => (x, &f.count_bold),
        Value::Quantity(x) => (x, &f.tb_bold),
        _ => (0.0, &f.bold),
    };
    let formula = Formula::new(formula).set_result(value.to_string());
    ws.write_formula_with_format(row, col, formula, format)?;
    Ok(())
}
