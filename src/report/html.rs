//! `report.html`: the report as one self-contained page (inline CSS, the charts inlined as SVG,
//! no external assets), with the same content as the markdown.

use crate::plan::PlanResult;

use super::charts;
use super::document::{self, Align, Block, Inline, Table};
use super::i18n::Text;
use super::{Output, OutputFile, ReportError, ReportOptions};

/// The HTML report.
pub struct Html;

/// File name of the HTML report.
pub const FILE: &str = "report.html";

const STYLE: &str = "\
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,'DejaVu Sans','Yu Gothic',YuGothic,\
Meiryo,'Hiragino Sans','IPAexGothic','Noto Sans CJK JP',sans-serif;\
color:#222;margin:0;background:#fff;line-height:1.45}
main{max-width:1200px;margin:0 auto;padding:1.5rem 2rem 3rem}
h1{font-size:1.7rem;margin:.5rem 0 .3rem}
h2{font-size:1.35rem;margin:2.2rem 0 .6rem;border-bottom:2px solid #dde4ee;padding-bottom:.2rem}
h3{font-size:1.1rem;margin:1.8rem 0 .5rem}
code{font-family:'DejaVu Sans Mono',Consolas,monospace;font-size:.92em;background:#f3f5f8;\
padding:0 .2em;border-radius:3px}
.table{overflow-x:auto;margin:.6rem 0 1rem}
table{border-collapse:collapse;font-size:.9rem}
th,td{border:1px solid #d5dbe3;padding:.25rem .55rem;vertical-align:top}
th{background:#dde4ee;text-align:left}
td.r,th.r{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
tr.total td{font-weight:600;background:#f6f8fb}
ul{padding-left:1.4rem}
figure{margin:1rem 0 1.5rem;overflow-x:auto}
figure svg{max-width:100%;height:auto;display:block}
figcaption{font-size:.88rem;color:#555;margin-top:.3rem}
details{margin:.4rem 0;border:1px solid #d5dbe3;border-radius:4px;padding:.3rem .7rem}
details[open]{padding-bottom:.2rem}
summary{cursor:pointer;font-weight:600}
";

impl Output for Html {
    fn name(&self) -> &'static str {
        "html"
    }

    fn files(
        &self,
        result: &PlanResult,
        options: &ReportOptions,
    ) -> Result<Vec<OutputFile>, ReportError> {
        Ok(vec![OutputFile::new(FILE, render_in(result, options.text)?)])
    }
}

/// The HTML page, in English.
pub fn render(r: &PlanResult) -> Result<String, ReportError> {
    render_in(r, Text::EN)
}

/// The HTML page in the language of `t`.
pub fn render_in(r: &PlanResult, t: Text) -> Result<String, ReportError> {
    page(&r.plan.title, &document::build_in(r, t), Some(r), t)
}

/// Any document (the plan's report, the comparison) as one page titled `title`; the plan's
/// charts are drawn from `plan` (a document with charts needs it), figures carry their SVG.
pub fn page(
    title: &str,
    doc: &[Block],
    plan: Option<&PlanResult>,
    t: Text,
) -> Result<String, ReportError> {
    let mut body = Vec::new();
    for b in doc {
        body.push(block(b, plan, t)?);
    }
    Ok(format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n<main>\n{}\n</main>\n\
         </body>\n</html>\n",
        t.lang.code(),
        escape(title),
        body.join("\n")
    ))
}

fn block(b: &Block, r: Option<&PlanResult>, t: Text) -> Result<String, ReportError> {
    Ok(match b {
        Block::Heading(level, t) => {
            let l = (*level).clamp(1, 6);
            format!("<h{l}>{}</h{l}>", escape(t))
        }
        Block::Paragraph(runs) => format!("<p>{}</p>", rich(runs)),
        Block::List(items) => format!(
            "<ul>\n{}\n</ul>",
            items.iter().map(|i| format!("<li>{}</li>", rich(i))).collect::<Vec<_>>().join("\n")
        ),
        Block::Table(t) => table(t),
        Block::Details(summary, blocks) => {
            let mut inner = Vec::new();
            for b in blocks {
                inner.push(block(b, r, t)?);
            }
            format!(
                "<details>\n<summary>{}</summary>\n{}\n</details>",
                escape(summary),
                inner.join("\n")
            )
        }
        Block::Chart(kind) => {
            let r =
                r.ok_or_else(|| ReportError::new(FILE, "a chart of the plan without a plan"))?;
            // Every page of the chart (the utilisation chart of a large plan has several),
            // the caption under the last.
            let size = charts::ChartSize::default();
            let n = charts::pages(*kind, r, t, size);
            let mut svgs = Vec::new();
            for page in 0..n {
                let svg = charts::svg_page(*kind, r, t, size, page)?;
                svgs.push(svg[svg.find("<svg").unwrap_or(0)..].trim_end().to_string());
            }
            figure(&svgs.join("\n"), kind.caption(t))
        }
        Block::Figure(f) => figure(&f.svg, &f.caption),
    })
}

/// A picture: the SVG inlined (from its `<svg` element on), the caption under it.
fn figure(svg: &str, caption: &str) -> String {
    let start = svg.find("<svg").unwrap_or(0);
    format!(
        "<figure>\n{}\n<figcaption>{}</figcaption>\n</figure>",
        svg[start..].trim_end(),
        escape(caption)
    )
}

fn rich(runs: &[Inline]) -> String {
    runs.iter()
        .map(|r| match r {
            Inline::Text(t) => escape(t),
            Inline::Strong(t) => format!("<strong>{}</strong>", escape(t)),
            Inline::Code(t) => format!("<code>{}</code>", escape(t)),
        })
        .collect()
}

/// A table as HTML: figures right-aligned, totals rows emphasised.
pub fn table(t: &Table) -> String {
    let class = |i: usize| match t.align.get(i) {
        Some(Align::Right) => " class=\"r\"",
        _ => "",
    };
    let mut out = String::from("<div class=\"table\"><table>\n<thead><tr>");
    for (i, h) in t.header.iter().enumerate() {
        out.push_str(&format!("<th{}>{}</th>", class(i), escape(h)));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for row in &t.rows {
        out.push_str(if row.strong { "<tr class=\"total\">" } else { "<tr>" });
        for i in 0..t.header.len() {
            let cell = Table::text(row, i);
            out.push_str(&format!("<td{}>{}</td>", class(i), escape(cell)));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table></div>");
    out
}

/// Escapes text for HTML element content and attribute values.
pub fn escape(t: &str) -> String {
    let mut out = String::with_capacity(t.len());
    for c in t.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes() {
        assert_eq!(escape("<a href=\"x\">&'"), "&lt;a href=&quot;x&quot;&gt;&amp;&#39;");
    }
}
