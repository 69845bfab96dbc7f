//! `report.md`: the report as GitHub-flavoured markdown, charts linked as PNG beside it.

use crate::plan::PlanResult;

use super::charts::{self, ChartKind, ChartSize};
use super::document::{self, Align, Block, Inline, Table};
use super::i18n::Text;
use super::{Output, OutputFile, ReportError, ReportOptions};

/// The markdown report.
pub struct Markdown;

/// File name of the markdown report.
pub const FILE: &str = "report.md";

impl Output for Markdown {
    fn name(&self) -> &'static str {
        "markdown"
    }

    fn files(
        &self,
        result: &PlanResult,
        options: &ReportOptions,
    ) -> Result<Vec<OutputFile>, ReportError> {
        Ok(vec![OutputFile::new(FILE, render_sized(result, options.text, options.chart))])
    }
}

/// The markdown report as text, in English.
pub fn render(r: &PlanResult) -> String {
    render_in(r, Text::EN)
}

/// The markdown report as text, in the language of `t`, the charts at their screen size.
pub fn render_in(r: &PlanResult, t: Text) -> String {
    render_sized(r, t, ChartSize::default())
}

/// The markdown report as text, in the language of `t`, linking the chart files written at
/// `size` (the utilisation chart may have several pages).
pub fn render_sized(r: &PlanResult, t: Text, size: ChartSize) -> String {
    let stems = |kind: ChartKind| charts::stems(kind, r, t, size);
    with_stems(&document::build_in(r, t), t, &stems)
}

/// Any document (the plan's report, the comparison) as markdown, in the language of `t`.
pub fn blocks(doc: &[Block], t: Text) -> String {
    with_stems(doc, t, &|kind: ChartKind| vec![kind.stem().to_string()])
}

/// The file stems of each chart's pages.
type Stems<'a> = &'a dyn Fn(ChartKind) -> Vec<String>;

fn with_stems(doc: &[Block], t: Text, stems: Stems) -> String {
    let blocks: Vec<String> = doc.iter().map(|b| block(b, t, stems)).collect();
    let mut out = blocks.join("\n\n");
    out.push('\n');
    out
}

fn block(b: &Block, t: Text, stems: Stems) -> String {
    match b {
        Block::Heading(level, t) => {
            format!("{} {}", "#".repeat((*level).clamp(1, 6) as usize), escape(t))
        }
        Block::Paragraph(runs) => rich(runs),
        Block::List(items) => {
            items.iter().map(|i| format!("- {}", rich(i))).collect::<Vec<_>>().join("\n")
        }
        Block::Table(t) => table(t),
        Block::Details(summary, blocks) => {
            let mut parts = vec![format!("**{}**", escape(summary.trim()))];
            parts.extend(blocks.iter().map(|b| block(b, t, stems)));
            parts.join("\n\n")
        }
        Block::Chart(kind) => {
            let pages = stems(*kind);
            let n = pages.len();
            let mut parts: Vec<String> = pages
                .iter()
                .enumerate()
                .take(n.saturating_sub(1))
                .map(|(i, stem)| {
                    format!("![{}]({stem}.png)", escape(&page_title(kind.title(t), i, n, t)))
                })
                .collect();
            if let Some(stem) = pages.last() {
                parts.push(figure(
                    &page_title(kind.title(t), n - 1, n, t),
                    stem,
                    kind.caption(t),
                    t,
                ));
            }
            parts.join("\n\n")
        }
        Block::Figure(f) => figure(&f.title, &f.stem, &f.caption, t),
    }
}

/// A chart's title, with the page (`i` from 0) when it has `n` > 1 pages.
fn page_title(title: &str, i: usize, n: usize, t: Text) -> String {
    match (n > 1, t.ja()) {
        (false, _) => title.to_string(),
        (true, true) => format!("{title}（{}/{n}）", i + 1),
        (true, false) => format!("{title} ({}/{n})", i + 1),
    }
}

/// A picture: the PNG as an image, the caption in italics with a link to the SVG.
fn figure(title: &str, stem: &str, caption: &str, t: Text) -> String {
    format!(
        "![{}]({stem}.png)\n\n*{}{}*",
        escape(title),
        escape(caption),
        super::document::lead(t, &t.f("md_vector", &[("file", &format!("{stem}.svg"))]))
    )
}

fn rich(runs: &[Inline]) -> String {
    runs.iter()
        .map(|r| match r {
            Inline::Text(t) => escape(t),
            Inline::Strong(t) if t.trim().is_empty() => escape(t),
            Inline::Strong(t) => {
                // Markers must touch the text: `**How to read:** the`, not `**How to read: **`.
                let lead = &t[..t.len() - t.trim_start().len()];
                let trail = &t[t.trim_end().len()..];
                format!("{}**{}**{}", escape(lead), escape(t.trim()), escape(trail))
            }
            Inline::Code(t) => code(t),
        })
        .collect()
}

fn code(t: &str) -> String {
    let t = one_line(t);
    if t.is_empty() {
        String::new()
    } else if t.contains('`') {
        format!("`` {t} ``")
    } else {
        format!("`{t}`")
    }
}

fn one_line(t: &str) -> String {
    t.replace(['\r', '\n'], " ")
}

/// Escapes characters markdown would read as markup; underscores only where they could open or
/// close emphasis (next to a non-alphanumeric character), so `srv_db_01` stays readable.
pub fn escape(t: &str) -> String {
    let chars: Vec<char> = one_line(t).chars().collect();
    let mut out = String::with_capacity(chars.len());
    for (i, &c) in chars.iter().enumerate() {
        let word =
            |j: Option<usize>| j.and_then(|j| chars.get(j)).is_some_and(|c| c.is_alphanumeric());
        let escape_it = match c {
            '\\' | '`' | '*' | '|' | '<' | '[' | ']' => true,
            '#' | '>' => i == 0,
            '_' => !(word(i.checked_sub(1)) && word(Some(i + 1))),
            _ => false,
        };
        if escape_it {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A table as markdown: cells escaped, columns padded to their display width, totals bold.
pub fn table(t: &Table) -> String {
    let columns = t.header.len();
    let cell = |s: &str| escape(s);
    let header: Vec<String> = t.header.iter().map(|h| cell(h)).collect();
    let rows: Vec<Vec<String>> = t
        .rows
        .iter()
        .map(|r| {
            (0..columns)
                .map(|i| {
                    let c = cell(Table::text(r, i));
                    if r.strong && !c.is_empty() { format!("**{c}**") } else { c }
                })
                .collect()
        })
        .collect();
    let width = |i: usize| {
        rows.iter()
            .map(|r| super::i18n::width(&r[i]))
            .chain([super::i18n::width(&header[i]), 3])
            .max()
            .unwrap_or(3)
    };
    let widths: Vec<usize> = (0..columns).map(width).collect();
    let align = |i: usize| t.align.get(i).copied().unwrap_or(Align::Left);
    let line = |cells: &[String]| {
        let padded: Vec<String> = cells
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let pad = " ".repeat(widths[i].saturating_sub(super::i18n::width(c)));
                match align(i) {
                    Align::Left => format!("{c}{pad}"),
                    Align::Right => format!("{pad}{c}"),
                }
            })
            .collect();
        format!("| {} |", padded.join(" | "))
    };
    let rule: Vec<String> = (0..columns)
        .map(|i| match align(i) {
            Align::Left => "-".repeat(widths[i]),
            Align::Right => format!("{}:", "-".repeat(widths[i] - 1)),
        })
        .collect();
    let mut out = vec![line(&header), format!("| {} |", rule.join(" | "))];
    out.extend(rows.iter().map(|r| line(r)));
    out.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_but_not_intraword_underscores() {
        assert_eq!(escape("srv_db_01"), "srv_db_01");
        assert_eq!(escape("_x_ a*b | c"), "\\_x\\_ a\\*b \\| c");
        assert_eq!(escape("line\nbreak"), "line break");
    }

    #[test]
    fn tables_are_aligned() {
        let mut t = Table::new(&[("A", Align::Left), ("Amount", Align::Right)]);
        t.row(vec!["x".into(), "¥1,000".into()]);
        t.strong_row(vec!["Total".into(), "¥1,000".into()]);
        assert_eq!(
            table(&t),
            "| A         |     Amount |\n| --------- | ---------: |\n| x         |     ¥1,000 |\n\
             | **Total** | **¥1,000** |"
        );
    }
}
