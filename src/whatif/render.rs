//! The files of `sensitivity` and `sweep`, rendered in memory from their view models
//! ([`Sensitivity`], [`Sweep`]) alone, in the language of the options:
//!
//! | file | what |
//! | --- | --- |
//! | `sensitivity.md` | ranking by swing, break-evens, the uncertainty band |
//! | `sensitivity.csv` | one row per parameter, ranked |
//! | `sensitivity.json` | the whole [`Sensitivity`] |
//! | `tornado.png/.svg` | the ranking as a tornado chart |
//! | `uncertainty.csv`, `uncertainty.png/.svg` | with `--samples`: P10/P50/P90 by fiscal year |
//! | `sweep.md`, `sweep.csv`, `sweep.json` | one row per value |
//! | `sweep.png/.svg` | plan total, cost effect and hosts against the value |
//!
//! CSV column names are the JSON field names (for scripts) in both languages.

use super::charts;
use super::sensitivity::{BreakEven, Sensitivity, value_text};
use super::short;
use super::sweep::Sweep;
use crate::report::csv::{encode, number};
use crate::report::format::Money;
use crate::report::i18n::{self, Text as Words};
use crate::report::markdown::escape;
use crate::report::{OutputFile, ReportError, ReportOptions};

/// A markdown table: header, rows, right-aligned columns.
fn table(header: &[String], right: &[bool], rows: &[Vec<String>]) -> String {
    let esc = |c: &String| escape(c);
    let header: Vec<String> = header.iter().map(esc).collect();
    let rows: Vec<Vec<String>> = rows.iter().map(|r| r.iter().map(esc).collect()).collect();
    let widths: Vec<usize> = (0..header.len())
        .map(|i| {
            rows.iter().filter_map(|r| r.get(i)).chain([&header[i]]).map(|c| i18n::width(c)).max()
        })
        .map(|w| w.unwrap_or(0).max(3))
        .collect();
    let line = |cells: &[String]| {
        let padded: Vec<String> = cells
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let fill = " ".repeat(widths[i].saturating_sub(i18n::width(c)));
                if right[i] { format!("{fill}{c}") } else { format!("{c}{fill}") }
            })
            .collect();
        format!("| {} |", padded.join(" | "))
    };
    let rule: Vec<String> = widths
        .iter()
        .zip(right)
        .map(|(w, r)| if *r { format!("{}:", "-".repeat(w - 1)) } else { "-".repeat(*w) })
        .collect();
    let mut out = vec![line(&header), format!("| {} |", rule.join(" | "))];
    out.extend(rows.iter().map(|r| line(r)));
    out.join("\n")
}

fn opt_amount(m: &Money, x: Option<f64>) -> String {
    x.map_or_else(|| "-".into(), |x| m.amount(x))
}

fn opt_number(x: Option<f64>) -> String {
    x.map_or_else(String::new, number)
}

fn csv_error(file: &'static str) -> impl Fn(::csv::Error) -> ReportError {
    move |e| ReportError::new(file, e)
}

fn finish(w: ::csv::Writer<Vec<u8>>, file: &str) -> Result<Vec<u8>, ReportError> {
    w.into_inner().map_err(|e| ReportError::new(file, e.error()))
}

fn json<T: serde::Serialize>(x: &T, file: &str) -> Result<String, ReportError> {
    let mut s = serde_json::to_string_pretty(x).map_err(|e| ReportError::new(file, e))?;
    s.push('\n');
    Ok(s)
}

// ---------------------------------------------------------------------------------------------
// sensitivity

/// Every file of a sensitivity run.
pub fn sensitivity_files(
    s: &Sensitivity,
    options: &ReportOptions,
) -> Result<Vec<OutputFile>, ReportError> {
    let t = options.text;
    let mut files = vec![
        OutputFile::new("sensitivity.md", sensitivity_markdown(s, t)),
        OutputFile::new(
            "sensitivity.csv",
            encode(sensitivity_csv(s)?, options.csv, "sensitivity.csv")?,
        ),
        OutputFile::new("sensitivity.json", json(s, "sensitivity.json")?),
    ];
    files.extend(charts::tornado_files(s, options)?);
    if s.uncertainty.is_some() {
        let csv = encode(uncertainty_csv(s)?, options.csv, "uncertainty.csv")?;
        files.push(OutputFile::new("uncertainty.csv", csv));
        files.extend(charts::uncertainty_files(s, options)?);
    }
    Ok(files)
}

/// `sensitivity.csv`: one row per parameter, ranked by swing.
pub fn sensitivity_csv(s: &Sensitivity) -> Result<Vec<u8>, ReportError> {
    const FILE: &str = "sensitivity.csv";
    let err = csv_error(FILE);
    let mut w = ::csv::Writer::from_writer(Vec::new());
    w.write_record([
        "rank",
        "parameter",
        "scaled",
        "base",
        "low",
        "high",
        "effect_low",
        "effect_high",
        "swing",
        "hosts_low",
        "hosts_high",
        "note",
    ])
    .map_err(&err)?;
    for (i, p) in s.parameters.iter().enumerate() {
        w.write_record([
            (i + 1).to_string(),
            p.parameter.clone(),
            p.scaled.to_string(),
            number(p.base),
            number(p.low),
            number(p.high),
            opt_number(p.effect_low),
            opt_number(p.effect_high),
            number(p.swing),
            p.hosts_low.map_or_else(String::new, |h| h.to_string()),
            p.hosts_high.map_or_else(String::new, |h| h.to_string()),
            p.note.clone().unwrap_or_default(),
        ])
        .map_err(&err)?;
    }
    finish(w, FILE)
}

/// `uncertainty.csv`: the cumulative effect's P10/P50/P90 by fiscal year, then the five-year
/// effect's.
pub fn uncertainty_csv(s: &Sensitivity) -> Result<Vec<u8>, ReportError> {
    const FILE: &str = "uncertainty.csv";
    let err = csv_error(FILE);
    let mut w = ::csv::Writer::from_writer(Vec::new());
    w.write_record(["fy", "base", "p10", "p50", "p90"]).map_err(&err)?;
    if let Some(u) = &s.uncertainty {
        for y in &u.cumulative {
            w.write_record([
                y.fy.to_string(),
                number(y.base),
                number(y.p10),
                number(y.p50),
                number(y.p90),
            ])
            .map_err(&err)?;
        }
        w.write_record([
            "total".into(),
            number(s.base_effect),
            number(u.p10),
            number(u.p50),
            number(u.p90),
        ])
        .map_err(&err)?;
    }
    finish(w, FILE)
}

/// `sensitivity.md`.
pub fn sensitivity_markdown(s: &Sensitivity, t: Words) -> String {
    let m = Money::with_text(&s.currency, t);
    let pct = short(s.range_pct);
    let mut blocks = vec![
        format!("# {}", escape(&t.f("w_sens_title", &[("name", &s.plan_name)]))),
        escape(&t.f(
            "w_sens_intro",
            &[
                ("pct", &pct),
                ("file", &s.inventory),
                ("effect", &m.amount(s.base_effect)),
                ("hosts", &s.base.hosts.to_string()),
            ],
        )),
        format!("## {}", t.s("w_sens_h_ranking")),
    ];
    let header: Vec<String> = [
        "w_col_rank",
        "w_col_parameter",
        "w_col_base",
        "w_col_low",
        "w_col_high",
        "w_col_effect_low",
        "w_col_effect_high",
        "w_col_swing",
        "w_col_hosts",
    ]
    .iter()
    .map(|k| t.s(k).to_string())
    .collect();
    let rows: Vec<Vec<String>> = s
        .parameters
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let base = if p.scaled { "×1".to_string() } else { short(p.base) };
            let hosts = |h: Option<usize>| h.map_or_else(|| "-".into(), |h| h.to_string());
            vec![
                (i + 1).to_string(),
                p.parameter.clone(),
                base,
                value_text(p.scaled, p.low),
                value_text(p.scaled, p.high),
                opt_amount(&m, p.effect_low),
                opt_amount(&m, p.effect_high),
                m.amount(p.swing),
                format!("{} / {}", hosts(p.hosts_low), hosts(p.hosts_high)),
            ]
        })
        .collect();
    let right = [true, false, true, true, true, true, true, true, true];
    blocks.push(table(&header, &right, &rows));
    blocks.push(escape(t.s("w_sens_reading")));
    let notes: Vec<String> = s
        .parameters
        .iter()
        .filter_map(|p| {
            p.note.as_ref().map(|n| format!("- {}: {}", escape(&p.parameter), escape(n)))
        })
        .collect();
    if !notes.is_empty() {
        blocks.push(format!("{}\n\n{}", t.s("w_sens_no_plan"), notes.join("\n")));
    }
    blocks.push(format!(
        "![{}](tornado.png)\n\n*{} (vector: [tornado.svg](tornado.svg))*",
        escape(t.s("w_tornado_alt")),
        escape(&t.f("w_tornado_caption", &[("pct", &pct)]))
    ));
    blocks.push(format!("## {}", t.s("w_be_h")));
    blocks.push(escape(&t.f(
        "w_be_intro",
        &[
            ("n", &super::sensitivity::BREAK_EVEN_TOP.to_string()),
            ("points", &(super::sensitivity::GRID + 1).to_string()),
        ],
    )));
    if s.break_even.is_empty() {
        blocks.push(t.s("w_be_none").into());
    } else {
        let header: Vec<String> =
            ["w_col_parameter", "w_col_target", "w_col_break_even", "w_col_bracket"]
                .iter()
                .map(|k| t.s(k).to_string())
                .collect();
        let rows: Vec<Vec<String>> =
            s.break_even.iter().map(|b| break_even_row(b, &m, t)).collect();
        blocks.push(table(&header, &[false, true, false, false], &rows));
    }
    if let Some(u) = &s.uncertainty {
        blocks.extend(uncertainty_blocks(s, u, &m, t));
    }
    let mut out = blocks.join("\n\n");
    out.push('\n');
    out
}

fn break_even_row(b: &BreakEven, m: &Money, t: Words) -> Vec<String> {
    // As many digits as tell the bracket's ends apart, no more.
    let width = b.bracket.map_or(0.0, |[x0, x1]| (x1 - x0).abs());
    let v = |x: f64| value_text(b.scaled, rounded(x, width));
    let (value, bracket) = match (b.value, b.bracket, b.effect_at) {
        (Some(x), Some([x0, x1]), Some([e0, e1])) => {
            let key = if b.jump { "w_be_jump" } else { "w_be_between" };
            (
                v(x),
                t.f(
                    key,
                    &[("x0", &v(x0)), ("x1", &v(x1)), ("e0", &m.amount(e0)), ("e1", &m.amount(e1))],
                ),
            )
        }
        _ => (
            t.f("w_be_not_reached", &[("a", &v(b.domain[0])), ("b", &v(b.domain[1]))]),
            String::new(),
        ),
    };
    vec![b.parameter.clone(), m.amount(b.target), value, bracket]
}

fn uncertainty_blocks(
    s: &Sensitivity,
    u: &super::uncertainty::Uncertainty,
    m: &Money,
    t: Words,
) -> Vec<String> {
    let mut blocks = vec![format!("## {}", t.s("w_unc_h"))];
    blocks.push(escape(
        &t.f("w_unc_intro", &[("n", &u.samples.to_string()), ("seed", &u.seed.to_string())]),
    ));
    let header: Vec<String> = ["w_col_parameter", "w_col_low", "w_col_likely", "w_col_high"]
        .iter()
        .map(|k| t.s(k).to_string())
        .collect();
    let rows: Vec<Vec<String>> = u
        .ranges
        .iter()
        .map(|r| vec![r.key.clone(), short(r.low), short(r.likely), short(r.high)])
        .collect();
    blocks.push(table(&header, &[false, true, true, true], &rows));
    let header: Vec<String> = [t.s("w_col_fy"), t.s("w_col_base"), "P10", "P50", "P90"]
        .iter()
        .map(|k| k.to_string())
        .collect();
    let mut rows: Vec<Vec<String>> = u
        .cumulative
        .iter()
        .map(|y| {
            vec![t.fy(y.fy), m.amount(y.base), m.amount(y.p10), m.amount(y.p50), m.amount(y.p90)]
        })
        .collect();
    rows.push(vec![
        t.s("w_five_year").into(),
        m.amount(s.base_effect),
        m.amount(u.p10),
        m.amount(u.p50),
        m.amount(u.p90),
    ]);
    blocks.push(table(&header, &[false, true, true, true, true], &rows));
    let mut notes = vec![t.f(
        "w_unc_summary",
        &[
            ("p10", &m.amount(u.p10)),
            ("p50", &m.amount(u.p50)),
            ("p90", &m.amount(u.p90)),
            ("positive", &format!("{:.0}", u.share_positive * 100.0)),
        ],
    )];
    if let (Some(share), Some(target)) = (u.share_reaching_target, s.target_effect) {
        notes.push(t.f(
            "w_unc_target",
            &[("target", &m.amount(target)), ("share", &format!("{:.0}", share * 100.0))],
        ));
    }
    if u.unplannable > 0 {
        notes.push(t.f(
            "w_unc_unplannable",
            &[
                ("n", &u.unplannable.to_string()),
                ("reason", u.unplannable_reason.as_deref().unwrap_or("")),
            ],
        ));
    }
    blocks.push(notes.iter().map(|n| escape(n)).collect::<Vec<_>>().join(" "));
    blocks.push(format!(
        "![{}](uncertainty.png)\n\n*{} (vector: [uncertainty.svg](uncertainty.svg))*",
        escape(t.s("w_unc_alt")),
        escape(t.s("w_unc_caption"))
    ));
    blocks
}

/// `x` rounded to the first significant digit of `width` (a bracket's width): the digits that
/// are known.
fn rounded(x: f64, width: f64) -> f64 {
    if !(width > 0.0 && x.is_finite()) {
        return x;
    }
    let step = 10f64.powf(width.log10().floor());
    let r = (x / step).round() * step;
    if r == 0.0 && x != 0.0 { x } else { r }
}

// ---------------------------------------------------------------------------------------------
// sweep

/// Every file of a sweep.
pub fn sweep_files(s: &Sweep, options: &ReportOptions) -> Result<Vec<OutputFile>, ReportError> {
    let t = options.text;
    let mut files = vec![
        OutputFile::new("sweep.md", sweep_markdown(s, t)),
        OutputFile::new("sweep.csv", encode(sweep_csv(s)?, options.csv, "sweep.csv")?),
        OutputFile::new("sweep.json", json(s, "sweep.json")?),
    ];
    files.extend(charts::sweep_files(s, options)?);
    Ok(files)
}

/// `sweep.csv`: one row per value, a column per key.
pub fn sweep_csv(s: &Sweep) -> Result<Vec<u8>, ReportError> {
    const FILE: &str = "sweep.csv";
    let err = csv_error(FILE);
    let mut w = ::csv::Writer::from_writer(Vec::new());
    let mut header: Vec<String> = s.keys.iter().map(|k| k.key.clone()).collect();
    header.extend(
        ["hosts", "baseline_total", "plan_total", "cost_effect", "carried_over_from", "no_plan"]
            .map(String::from),
    );
    w.write_record(&header).map_err(&err)?;
    for r in &s.rows {
        let mut rec = r.values.clone();
        rec.extend([
            r.hosts.map_or_else(String::new, |h| h.to_string()),
            opt_number(r.baseline_total),
            opt_number(r.plan_total),
            opt_number(r.cost_effect),
            r.carried_over_from.clone().unwrap_or_default(),
            r.no_plan.clone().unwrap_or_default(),
        ]);
        w.write_record(&rec).map_err(&err)?;
    }
    finish(w, FILE)
}

/// `sweep.md`.
pub fn sweep_markdown(s: &Sweep, t: Words) -> String {
    let m = Money::with_text(&s.currency, t);
    let current: Vec<String> =
        s.keys.iter().map(|k| format!("{} = {}", k.key, k.current)).collect();
    let mut blocks = vec![
        format!("# {}", escape(&t.f("w_sweep_title", &[("key", &s.key), ("name", &s.plan_name)]))),
        escape(&t.f(
            "w_sweep_intro",
            &[
                ("file", &s.inventory),
                ("current", &current.join(", ")),
                ("plan", &m.amount(s.base.plan_total)),
                ("effect", &m.amount(s.base.cost_effect)),
                ("hosts", &s.base.hosts.to_string()),
            ],
        )),
    ];
    let mut header: Vec<String> = s.keys.iter().map(|k| k.key.clone()).collect();
    let n_keys = header.len();
    header.extend(
        ["w_col_hosts", "w_col_plan", "w_col_effect", "w_col_vs_base", "w_col_note"]
            .iter()
            .map(|k| t.s(k).to_string()),
    );
    let rows: Vec<Vec<String>> =
        s.rows
            .iter()
            .map(|r| {
                let mut row = r.values.clone();
                row.push(r.hosts.map_or_else(|| "-".into(), |h| h.to_string()));
                row.push(opt_amount(&m, r.plan_total));
                row.push(opt_amount(&m, r.cost_effect));
                row.push(r.plan_total.map_or_else(
                    || "-".into(),
                    |p| m.signed(p.round() - s.base.plan_total.round()),
                ));
                row.push(match (&r.carried_over_from, &r.no_plan) {
                    (Some(from), _) => t.f(
                        "w_carried",
                        &[("from", from), ("own", &opt_amount(&m, r.own_plan_total))],
                    ),
                    (None, Some(why)) => t.f("w_no_plan", &[("why", why)]),
                    _ => String::new(),
                });
                row
            })
            .collect();
    let mut right = vec![true; n_keys];
    right.extend([true, true, true, true, false]);
    blocks.push(table(&header, &right, &rows));
    let limits: Vec<String> = s
        .keys
        .iter()
        .filter_map(|k| k.looser.map(|l| (k, l)))
        .map(|(k, l)| {
            let way = match l {
                super::sweep::Looser::Up => t.s("w_looser_up"),
                super::sweep::Looser::Down => t.s("w_looser_down"),
            };
            t.f("w_sweep_limit", &[("key", &k.key), ("way", way)])
        })
        .collect();
    if !limits.is_empty() {
        blocks.push(escape(&format!("{} {}", limits.join(" "), t.s("w_sweep_monotone"))));
    }
    blocks.push(format!(
        "![{}](sweep.png)\n\n*{} (vector: [sweep.svg](sweep.svg))*",
        escape(t.s("w_sweep_alt")),
        escape(t.s("w_sweep_caption"))
    ));
    let mut out = blocks.join("\n\n");
    out.push('\n');
    out
}

// ---------------------------------------------------------------------------------------------
// stdout

/// The summary printed by `consolidate sensitivity`: the base effect, the five largest
/// swings, the break-evens, the uncertainty band.
pub fn sensitivity_text(s: &Sensitivity, t: Words) -> String {
    let m = Money::with_text(&s.currency, t);
    let pct = short(s.range_pct);
    let mut lines = vec![
        t.f(
            "w_txt_base",
            &[("effect", &m.amount(s.base_effect)), ("hosts", &s.base.hosts.to_string())],
        ),
        t.f("w_txt_top", &[("pct", &pct)]),
    ];
    let top: Vec<&super::sensitivity::ParameterRow> = s.parameters.iter().take(5).collect();
    let width = top.iter().map(|p| i18n::width(&p.parameter)).max().unwrap_or(0);
    for (i, p) in top.iter().enumerate() {
        let fill = " ".repeat(width - i18n::width(&p.parameter));
        lines.push(format!(
            "  {}. {}{fill}  {} … {}  {} {}",
            i + 1,
            p.parameter,
            opt_amount(&m, p.effect_low),
            opt_amount(&m, p.effect_high),
            t.s("w_col_swing"),
            m.amount(p.swing)
        ));
    }
    let mut targets: Vec<f64> = Vec::new();
    for b in &s.break_even {
        if !targets.contains(&b.target) {
            targets.push(b.target);
        }
    }
    for target in targets {
        lines.push(t.f("w_txt_be", &[("target", &m.amount(target))]));
        for b in s.break_even.iter().filter(|b| b.target == target) {
            let row = break_even_row(b, &m, t);
            let bracket = if row[3].is_empty() { String::new() } else { format!("  ({})", row[3]) };
            lines.push(format!("  {}: {}{bracket}", b.parameter, row[2]));
        }
    }
    if let Some(u) = &s.uncertainty {
        lines.push(t.f(
            "w_unc_summary",
            &[
                ("p10", &m.amount(u.p10)),
                ("p50", &m.amount(u.p50)),
                ("p90", &m.amount(u.p90)),
                ("positive", &format!("{:.0}", u.share_positive * 100.0)),
            ],
        ));
    }
    let mut out = lines.join("\n");
    out.push('\n');
    out
}

/// The table printed by `consolidate sweep`.
pub fn sweep_text(s: &Sweep, t: Words) -> String {
    let m = Money::with_text(&s.currency, t);
    let mut header: Vec<String> = s.keys.iter().map(|k| k.key.clone()).collect();
    header.extend(
        ["w_col_hosts", "w_col_plan", "w_col_effect", "w_col_note"]
            .iter()
            .map(|k| t.s(k).to_string()),
    );
    let rows: Vec<Vec<String>> = s
        .rows
        .iter()
        .map(|r| {
            let mut row = r.values.clone();
            row.push(r.hosts.map_or_else(|| "-".into(), |h| h.to_string()));
            row.push(opt_amount(&m, r.plan_total));
            row.push(opt_amount(&m, r.cost_effect));
            row.push(match (&r.carried_over_from, &r.no_plan) {
                (Some(from), _) => {
                    t.f("w_carried", &[("from", from), ("own", &opt_amount(&m, r.own_plan_total))])
                }
                (None, Some(why)) => t.f("w_no_plan", &[("why", why)]),
                _ => String::new(),
            });
            row
        })
        .collect();
    let widths: Vec<usize> = (0..header.len())
        .map(|i| {
            rows.iter()
                .map(|r| i18n::width(&r[i]))
                .chain([i18n::width(&header[i])])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line = |cells: &[String]| {
        let last = cells.len() - 1;
        let padded: Vec<String> = cells
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let fill = " ".repeat(widths[i] - i18n::width(c));
                if i == last { c.clone() } else { format!("{fill}{c}") }
            })
            .collect();
        padded.join("  ").trim_end().to_string()
    };
    let mut out = vec![line(&header)];
    out.extend(rows.iter().map(|r| line(r)));
    let mut text = out.join("\n");
    text.push('\n');
    text
}
