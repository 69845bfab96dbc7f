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

use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatAlign, Formula, Workbook, Worksheet, XlsxError,
    utility::row_col_to_cell,
};

use crate::plan::{Costs, PlanResult};

use super::format::{self, Money};
use super::i18n::Text;
use super::table::{Table, Value};
use super::{Output, OutputFile, ReportError, ReportOptions, csv, document, facts};

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
    costs(wb.add_worksheet(), r, &f)?;
    layout(wb.add_worksheet(), r, &f)?;
    hosts(wb.add_worksheet(), r, &f)?;
    purchases(wb.add_worksheet(), r, &f)?;
    yearly(wb.add_worksheet(), r, &f)?;
    time_of_day(wb.add_worksheet(), r, &f)?;
    extra_items(wb.add_worksheet(), r, &f)?;
    assumptions(wb.add_worksheet(), r, &f)?;
    let bom = wb.add_worksheet().set_name(sheet_names(t)[9])?;
    table_sheet(bom, &super::bom::flat(r, t), &f)?;
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

fn costs(ws: &mut Worksheet, r: &PlanResult, f: &Formats) -> Result<(), XlsxError> {
    let t = f.t;
    ws.set_name(sheet_names(t)[1])?;
    header(ws, 0, &keyed(t, "csv_", &csv::COSTS_COLUMNS), f)?;
    let label = |column: &'static str| if t.ja() { t.s(column) } else { column };
    let mut row = 0;
    for y in &r.years {
        let effect_cat: Vec<f64> =
            y.baseline.categories().iter().zip(y.plan.categories()).map(|(a, b)| a - b).collect();
        let rows: [(&str, Vec<f64>, f64, f64); 3] = [
            ("baseline", y.baseline.categories().to_vec(), y.baseline.total, y.baseline_cumulative),
            ("plan", y.plan.categories().to_vec(), y.plan.total, y.plan_cumulative),
            ("effect", effect_cat, y.effect, y.baseline_cumulative - y.plan_cumulative),
        ];
        for (column, cats, total, cumulative) in rows {
            row += 1;
            ws.write_number(row, 0, y.fy as f64)?;
            ws.write_string(row, 1, label(column))?;
            for (i, v) in cats.iter().enumerate() {
                ws.write_number_with_format(row, 2 + i as u16, whole(*v), &f.money)?;
            }
            ws.write_number_with_format(row, 9, whole(total), &f.money_bold)?;
            ws.write_number_with_format(row, 10, whole(cumulative), &f.money)?;
        }
    }
    let last_data = row;
    row += 1;
    for (column, pick) in [
        ("baseline", (|y| &y.baseline) as fn(&crate::plan::YearCosts) -> &Costs),
        ("plan", |y| &y.plan),
        ("effect", |y| &y.baseline),
    ] {
        row += 1;
        let sum = if column == "effect" {
            let b = document::sum_costs(r.years.iter().map(|y| &y.baseline));
            let p = document::sum_costs(r.years.iter().map(|y| &y.plan));
            let mut d = Costs::default();
            for (k, (x, y)) in b.categories().iter().zip(p.categories()).enumerate() {
                set_category(&mut d, k, x - y);
            }
            d.total = r.summary.cost_effect;
            d
        } else {
            document::sum_costs(r.years.iter().map(pick))
        };
        ws.write_string_with_format(row, 0, t.s("total"), &f.bold)?;
        ws.write_string_with_format(row, 1, label(column), &f.bold)?;
        let mut values = sum.categories().to_vec();
        values.push(sum.total);
        for (i, v) in values.iter().enumerate() {
            let col = 2 + i as u16;
            let formula = sum_if(last_data, col, label(column));
            ws.write_formula_with_format(
                row,
                col,
                formula.set_result(whole(*v).to_string()),
                &f.money_bold,
            )?;
        }
    }
    if last_data > 0 {
        ws.autofilter(0, 0, last_data, (csv::COSTS_COLUMNS.len() - 1) as u16)?;
    }
    ws.set_freeze_panes(1, 2)?;
    ws.autofit();
    Ok(())
}

/// `=SUMIF($B$2:$B$n,"label",C2:Cn)`: the sum of a column over the data rows of one kind.
fn sum_if(last_row: u32, col: u16, label: &str) -> Formula {
    let last_row = last_row.max(1);
    let criteria = row_col_to_cell(1, 1).replace('B', "$B$");
    let criteria_end = row_col_to_cell(last_row, 1).replace('B', "$B$");
    let from = row_col_to_cell(1, col);
    let to = row_col_to_cell(last_row, col);
    let label = label.replace('"', "\"\"");
    Formula::new(format!("=SUMIF({criteria}:{criteria_end},\"{label}\",{from}:{to})"))
}

/// Sets category `k` (in the order of [`Costs::CATEGORIES`]) of `c`.
fn set_category(c: &mut Costs, k: usize, v: f64) {
    match k {
        0 => c.hardware = v,
        1 => c.maintenance = v,
        2 => c.licences = v,
        3 => c.power = v,
        4 => c.datacentre = v,
        5 => c.migration = v,
        _ => c.extra = v,
    }
}

fn layout(ws: &mut Worksheet, r: &PlanResult, f: &Formats) -> Result<(), XlsxError> {
    let t = f.t;
    ws.set_name(sheet_names(t)[2])?;
    header(ws, 0, &keyed(t, "csv_", &csv::LAYOUT_COLUMNS), f)?;
    // The same rows as layout.csv, read back so both always agree.
    let bytes = csv::layout_in(r, t).map_err(|e| XlsxError::ParameterError(e.to_string()))?;
    let mut reader = ::csv::Reader::from_reader(bytes.as_slice());
    let quantities = ["cpu", "vcpu", "memory_gb", "storage_gb"];
    let mut row = 0;
    for rec in reader.records() {
        let rec = rec.map_err(|e| XlsxError::ParameterError(e.to_string()))?;
        row += 1;
        for (i, (value, column)) in rec.iter().zip(csv::LAYOUT_COLUMNS).enumerate() {
            let col = i as u16;
            let number = value.parse::<f64>().ok();
            match number {
                _ if value.is_empty() => {}
                Some(x) if quantities.contains(&column) => {
                    ws.write_number_with_format(row, col, x, &f.qty)?;
                }
                Some(x) if column == "move_fy" => {
                    ws.write_number(row, col, x)?;
                }
                _ => {
                    ws.write_string(row, col, value)?;
                }
            }
        }
    }
    if row > 0 {
        ws.autofilter(0, 0, row, (csv::LAYOUT_COLUMNS.len() - 1) as u16)?;
    }
    ws.set_freeze_panes(1, 0)?;
    ws.autofit();
    Ok(())
}

fn hosts(ws: &mut Worksheet, r: &PlanResult, f: &Formats) -> Result<(), XlsxError> {
    let t = f.t;
    ws.set_name(sheet_names(t)[3])?;
    let columns = [
        "cluster",
        "site",
        "host",
        "model",
        "role",
        "bought_fy",
        "servers",
        "cpu_used",
        "cpu_limit",
        "cpu_capacity",
        "cpu_utilisation",
        "vcpu_used",
        "vcpu_limit",
        "vcpu_capacity",
        "vcpu_utilisation",
        "memory_gb_used",
        "memory_gb_limit",
        "memory_gb_capacity",
        "memory_utilisation",
        "binding_loss",
    ];
    header(ws, 0, &keyed(t, "h_", &columns), f)?;
    let mut row = 0;
    for c in document::clusters_by_site(r) {
        for h in &c.hosts {
            row += 1;
            ws.write_string(row, 0, &c.name)?;
            ws.write_string(row, 1, &c.site)?;
            ws.write_string(row, 2, &h.name)?;
            ws.write_string(row, 3, &h.model)?;
            ws.write_string(row, 4, document::role_label(t, document::role(h)))?;
            ws.write_number(row, 5, f64::from(h.bought_fy))?;
            ws.write_number(row, 6, h.servers.len() as f64)?;
            for k in 0..3 {
                let col = 7 + 4 * k as u16;
                ws.write_number_with_format(row, col, h.used.values()[k], &f.qty)?;
                ws.write_number_with_format(row, col + 1, h.limit.values()[k], &f.qty)?;
                ws.write_number_with_format(row, col + 2, h.capacity.values()[k], &f.qty)?;
                ws.write_number_with_format(
                    row,
                    col + 3,
                    h.utilisation_pct.values()[k] / 100.0,
                    &f.pct,
                )?;
            }
            let binding = c.failover.required > 0 && c.failover.binding_loss.contains(&h.name);
            ws.write_string(row, 19, t.s(format::yes_no(binding)))?;
        }
    }
    if row > 0 {
        ws.autofilter(0, 0, row, (columns.len() - 1) as u16)?;
    }
    ws.set_freeze_panes(1, 3)?;
    ws.autofit();
    Ok(())
}

fn purchases(ws: &mut Worksheet, r: &PlanResult, f: &Formats) -> Result<(), XlsxError> {
    let t = f.t;
    ws.set_name(sheet_names(t)[4])?;
    let columns = ["fy", "cluster", "site", "model", "hosts_bought"];
    header(ws, 0, &keyed(t, "h_", &columns), f)?;
    let mut rows: Vec<(i32, usize, &crate::plan::Cluster, String, usize)> = Vec::new();
    for (i, c) in document::clusters_by_site(r).into_iter().enumerate() {
        for (fy, model, count) in document::purchases_of(c) {
            rows.push((fy, i, c, model, count));
        }
    }
    rows.sort_by_key(|p| (p.0, p.1));
    let mut row = 0;
    for (fy, _, c, model, count) in &rows {
        row += 1;
        ws.write_number(row, 0, f64::from(*fy))?;
        ws.write_string(row, 1, &c.name)?;
        ws.write_string(row, 2, &c.site)?;
        ws.write_string(row, 3, model)?;
        ws.write_number(row, 4, *count as f64)?;
    }
    if row > 0 {
        ws.autofilter(0, 0, row, (columns.len() - 1) as u16)?;
        ws.write_string_with_format(row + 2, 0, t.s("total"), &f.bold)?;
        let total: usize = rows.iter().map(|p| p.4).sum();
        let formula = Formula::new(format!("=SUM(E2:{})", row_col_to_cell(row, 4)))
            .set_result(total.to_string());
        ws.write_formula_with_format(row + 2, 4, formula, &f.bold)?;
    }
    ws.set_freeze_panes(1, 0)?;
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

fn time_of_day(ws: &mut Worksheet, r: &PlanResult, f: &Formats) -> Result<(), XlsxError> {
    let t = f.t;
    ws.set_name(sheet_names(t)[6])?;
    let mut columns: Vec<String> = keyed(t, "h_", &["cluster", "host", "role", "cpu_target"])
        .iter()
        .map(|s| s.to_string())
        .collect();
    columns.extend((0..24).map(|h| format!("{h}:00")));
    let refs: Vec<&str> = columns.iter().map(String::as_str).collect();
    header(ws, 0, &refs, f)?;
    let mut row = 0;
    for c in document::clusters_by_site(r).into_iter().filter(|c| c.time_of_day) {
        for h in &c.hosts {
            let Some(p) = h.cpu_by_hour_pct.as_deref() else { continue };
            row += 1;
            ws.write_string(row, 0, &c.name)?;
            ws.write_string(row, 1, &h.name)?;
            ws.write_string(row, 2, document::role_label(t, document::role(h)))?;
            ws.write_number_with_format(row, 3, c.policy.target_cpu_pct / 100.0, &f.pct)?;
            for (k, v) in p.iter().take(24).enumerate() {
                ws.write_number_with_format(row, 4 + k as u16, v / 100.0, &f.pct)?;
            }
        }
    }
    if row > 0 {
        ws.autofilter(0, 0, row, (columns.len() - 1) as u16)?;
    } else {
        ws.write_string(1, 0, t.s("x_no_profile"))?;
    }
    ws.set_freeze_panes(1, 2)?;
    ws.autofit();
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
/// numbers, text as text; totals rows bold), an autofilter over the rows and the header frozen.
/// The one layout of the shared table model for workbooks: the plan's BOM sheet and the
/// comparison's sheets use it.
pub(crate) fn table_sheet(ws: &mut Worksheet, table: &Table, f: &Formats) -> Result<(), XlsxError> {
    header(ws, 0, &table.header, f)?;
    let mut row = 0;
    for r in &table.rows {
        row += 1;
        for (col, cell) in r.cells.iter().enumerate() {
            let col = col as u16;
            let bold = r.strong;
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
        }
    }
    if row > 0 && !table.header.is_empty() {
        ws.autofilter(0, 0, row, (table.header.len() - 1) as u16)?;
    }
    ws.set_freeze_panes(1, 0)?;
    ws.autofit();
    Ok(())
}
