//! The utilisation chart is split into pages that each print on A4 at the print width: on the
//! sample and on a generated 2,000-server inventory, at 160 mm wide, every page's PNG is at
//! most 160 × 240 mm (pHYs), every host is named on exactly one page (SVG text), the pages
//! are numbered without gaps and the markdown report shows every one, in order.

mod common;

use std::collections::BTreeMap;

use common::*;
use consolidate::plan::PlanResult;
use consolidate::report::{self, ChartSize, Era, Lang, OutputFile, ReportOptions};

/// The utilisation pages of `files` in order (`utilisation`, `utilisation-2`, …): PNG, SVG.
fn pages(files: &[OutputFile]) -> Vec<(&[u8], String)> {
    let find = |name: &str| files.iter().find(|f| f.name == name).map(|f| f.bytes.as_slice());
    let mut out = Vec::new();
    for i in 1.. {
        let stem = if i == 1 { "utilisation".to_string() } else { format!("utilisation-{i}") };
        let (Some(png), Some(svg)) = (find(&format!("{stem}.png")), find(&format!("{stem}.svg")))
        else {
            break;
        };
        out.push((png, String::from_utf8(svg.to_vec()).expect("UTF-8")));
    }
    let written = files.iter().filter(|f| f.name.starts_with("utilisation")).count();
    assert_eq!(written, 2 * out.len(), "pages numbered from 1 without gaps, a PNG and an SVG each");
    out
}

/// Width and height in millimetres of a PNG, from its size and pHYs chunk.
fn png_mm(png: &[u8]) -> (f64, f64) {
    let w = u32::from_be_bytes(png[16..20].try_into().unwrap());
    let h = u32::from_be_bytes(png[20..24].try_into().unwrap());
    let at = png.windows(4).position(|w| w == b"pHYs").expect("a pHYs chunk");
    let per_metre = u32::from_be_bytes(png[at + 4..at + 8].try_into().unwrap());
    assert_eq!(png[at + 12], 1, "unit: metre");
    let mm = |px: u32| f64::from(px) / f64::from(per_metre) * 1000.0;
    (mm(w), mm(h))
}

/// Each `<text>` element's content, trimmed.
fn svg_texts(svg: &str) -> Vec<String> {
    svg.split("<text")
        .skip(1)
        .filter_map(|t| Some(t[t.find('>')? + 1..t.find("</text>")?].trim().to_string()))
        .collect()
}

fn check(r: &PlanResult, lang: Lang, at_least: usize) {
    let mut options = ReportOptions::new(lang, Era::Western);
    options.chart = ChartSize { width_mm: Some(160.0), dpi: 96 };
    let files = report::render_all_with(r, &options).expect("renders");
    let pages = pages(&files);
    assert!(pages.len() >= at_least, "{} pages, expected at least {at_least}", pages.len());
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    let hosts: Vec<&str> =
        r.clusters.iter().flat_map(|c| c.hosts.iter().map(|h| h.name.as_str())).collect();
    for (i, (png, svg)) in pages.iter().enumerate() {
        let (w, h) = png_mm(png);
        assert!((w - 160.0).abs() < 0.5 && h <= 240.0, "page {}: {w:.0} x {h:.0} mm", i + 1);
        assert!(svg.starts_with("<svg width=\"160.0mm\""), "page {}: print size", i + 1);
        for text in svg_texts(svg) {
            if let Some(name) = hosts.iter().find(|h| **h == text) {
                *seen.entry(name).or_default() += 1;
            }
        }
    }
    for h in &hosts {
        assert_eq!(seen.get(h), Some(&1), "{h} named on exactly one page");
    }
    // The report shows every page, in order.
    let md = files.iter().find(|f| f.name == "report.md").expect("report.md");
    let md = String::from_utf8_lossy(&md.bytes);
    let mut from = 0;
    for i in 1..=pages.len() {
        let link =
            if i == 1 { "(utilisation.png)".into() } else { format!("(utilisation-{i}.png)") };
        let at =
            md[from..].find(&link).unwrap_or_else(|| panic!("report.md shows {link} in order"));
        from += at + link.len();
    }
}

#[test]
fn the_sample_utilisation_chart_prints_on_a4_pages() {
    let (_, r) =
        consolidate::commands::plan::load_and_plan(&root().join("inventories/gifu-2018.yaml"))
            .expect("sample plans");
    check(&r, Lang::En, 2);
    check(&r, Lang::Ja, 2);
}

#[test]
fn a_two_thousand_server_utilisation_chart_prints_on_a4_pages() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("g.yaml");
    std::fs::write(&path, consolidate::plan::generate::inventory_yaml(2000, 2, 1)).unwrap();
    let (_, r) = consolidate::commands::plan::load_and_plan(&path).expect("generated plans");
    let hosts: usize = r.clusters.iter().map(|c| c.hosts.len()).sum();
    assert!(hosts > 150, "{hosts} hosts");
    check(&r, Lang::En, 10);
}
