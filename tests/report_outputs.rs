//! Every output format rendered from a hand-built plan result, read back and checked against the
//! model's figures.

mod report_support;

use std::collections::BTreeSet;

use consolidate::plan::{Costs, PlanResult};
use consolidate::report::{self, OutputFile, charts::ChartKind};

const FILES: [&str; 12] = [
    "report.md",
    "report.html",
    "plan.json",
    "layout.csv",
    "costs.csv",
    "plan.xlsx",
    "cumulative.png",
    "cumulative.svg",
    "yearly.png",
    "yearly.svg",
    "utilisation.png",
    "utilisation.svg",
];

fn render(r: &PlanResult) -> Vec<OutputFile> {
    report::render_all(r).expect("renders")
}

fn file<'a>(files: &'a [OutputFile], name: &str) -> &'a [u8] {
    &files.iter().find(|f| f.name == name).unwrap_or_else(|| panic!("no {name}")).bytes
}

fn text<'a>(files: &'a [OutputFile], name: &str) -> &'a str {
    std::str::from_utf8(file(files, name)).expect("UTF-8")
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-6 * a.abs().max(b.abs()).max(1.0)
}

#[test]
fn every_format_renders_with_its_fixed_file_name() {
    let files = render(&report_support::small());
    let names: BTreeSet<&str> = files.iter().map(|f| f.name.as_str()).collect();
    let expected: BTreeSet<&str> = FILES.into_iter().collect();
    assert_eq!(names, expected);
    assert_eq!(files.len(), expected.len(), "no file rendered twice");
    for f in &files {
        assert!(f.bytes.len() > 100, "{} is nearly empty ({} bytes)", f.name, f.bytes.len());
    }
}

#[test]
fn json_is_the_model_with_the_required_keys() {
    let r = report_support::small();
    let files = render(&r);
    let v: serde_json::Value = serde_json::from_slice(file(&files, "plan.json")).expect("JSON");
    assert_eq!(v, serde_json::to_value(&r).unwrap(), "exactly the model");
    assert_eq!(v["summary"]["baseline_total"].as_f64(), Some(r.summary.baseline_total));
    assert_eq!(v["summary"]["plan_total"].as_f64(), Some(r.summary.plan_total));
    assert_eq!(v["summary"]["cost_effect"].as_f64(), Some(r.summary.cost_effect));
    let clusters = v["clusters"].as_array().expect("clusters[]");
    assert_eq!(clusters.len(), 2);
    for (c, model) in clusters.iter().zip(&r.clusters) {
        let hosts = c["hosts"].as_array().expect("hosts[]");
        assert_eq!(hosts.len(), model.hosts.len());
        for (h, mh) in hosts.iter().zip(&model.hosts) {
            let servers: Vec<&str> =
                h["servers"].as_array().unwrap().iter().map(|s| s.as_str().unwrap()).collect();
            assert_eq!(servers, mh.servers);
        }
    }
    let years = v["years"].as_array().expect("years[]");
    assert_eq!(years.len(), 5);
    for (y, my) in years.iter().zip(&r.years) {
        assert_eq!(y["fy"].as_i64(), Some(i64::from(my.fy)));
        for (column, costs) in [("baseline", &my.baseline), ("plan", &my.plan)] {
            for (cat, amount) in Costs::CATEGORIES.iter().zip(costs.categories()) {
                assert_eq!(y[column][cat].as_f64(), Some(amount), "{} {column} {cat}", my.fy);
            }
            assert_eq!(y[column]["total"].as_f64(), Some(costs.total));
        }
    }
}

#[test]
fn costs_csv_reads_back_to_the_model_figures() {
    let r = report_support::small();
    let files = render(&r);
    let mut rd = csv::Reader::from_reader(file(&files, "costs.csv"));
    let header: Vec<String> = rd.headers().unwrap().iter().map(String::from).collect();
    let mut expected = vec!["fy", "column"];
    expected.extend(Costs::CATEGORIES);
    expected.extend(["total", "cumulative"]);
    assert_eq!(header, expected);

    let rows: Vec<csv::StringRecord> = rd.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), r.years.len() * 3);
    let num = |rec: &csv::StringRecord, col: &str| -> f64 {
        let i = header.iter().position(|h| h == col).unwrap();
        rec[i].parse().unwrap_or_else(|_| panic!("{col} = {:?} is not a number", &rec[i]))
    };
    let mut sums = [0.0; 3];
    for (k, rec) in rows.iter().enumerate() {
        let y = &r.years[k / 3];
        assert_eq!(rec[0].parse::<i32>().unwrap(), y.fy);
        let (column, costs, cumulative) = match k % 3 {
            0 => ("baseline", y.baseline, y.baseline_cumulative),
            1 => ("plan", y.plan, y.plan_cumulative),
            _ => ("effect", Costs::default(), y.baseline_cumulative - y.plan_cumulative),
        };
        assert_eq!(&rec[1], column);
        if column == "effect" {
            for (cat, (b, p)) in Costs::CATEGORIES
                .iter()
                .zip(y.baseline.categories().iter().zip(y.plan.categories()))
            {
                assert!(close(num(rec, cat), b - p), "{} effect {cat}", y.fy);
            }
            assert!(close(num(rec, "total"), y.effect));
        } else {
            for (cat, amount) in Costs::CATEGORIES.iter().zip(costs.categories()) {
                assert_eq!(num(rec, cat), amount, "{} {column} {cat}", y.fy);
            }
            assert_eq!(num(rec, "total"), costs.total);
        }
        assert!(close(num(rec, "cumulative"), cumulative));
        sums[k % 3] += num(rec, "total");
    }
    assert!(
        close(sums[0], r.summary.baseline_total),
        "{} vs {}",
        sums[0],
        r.summary.baseline_total
    );
    assert!(close(sums[1], r.summary.plan_total));
    assert!(close(sums[2], r.summary.cost_effect));
    // The last year's cumulative figures are the horizon totals.
    let last = &rows[rows.len() - 3..];
    assert!(close(num(&last[0], "cumulative"), r.summary.baseline_total));
    assert!(close(num(&last[1], "cumulative"), r.summary.plan_total));
    assert!(close(num(&last[2], "cumulative"), r.summary.cost_effect));
}

#[test]
fn layout_csv_has_every_server_on_its_host_and_the_excluded_with_a_reason() {
    let r = report_support::small();
    let files = render(&r);
    let mut rd = csv::Reader::from_reader(file(&files, "layout.csv"));
    let header: Vec<String> = rd.headers().unwrap().iter().map(String::from).collect();
    for required in [
        "cluster",
        "host",
        "model",
        "server",
        "system",
        "zone",
        "cpu",
        "vcpu",
        "memory_gb",
        "storage_gb",
        "move_fy",
        "reason",
    ] {
        assert!(header.iter().any(|h| h == required), "column {required} missing");
    }
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = rd.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), r.servers.len(), "one row per server");

    let mut memory = 0.0;
    for s in &r.servers {
        let row = rows.iter().find(|row| row[col("server")] == s.name).expect("server row");
        assert_eq!(row[col("host")], *s.host.as_deref().unwrap_or(""), "{}", s.name);
        assert_eq!(row[col("system")], s.system);
        assert_eq!(row[col("cpu")].parse::<f64>().unwrap(), s.demand.cpu);
        assert_eq!(row[col("memory_gb")].parse::<f64>().unwrap(), s.demand.memory_gb);
        if s.host.is_some() {
            let (cluster, host) = r
                .clusters
                .iter()
                .flat_map(|c| c.hosts.iter().map(move |h| (c, h)))
                .find(|(_, h)| h.servers.contains(&s.name))
                .unwrap();
            assert_eq!(row[col("cluster")], cluster.name);
            assert_eq!(row[col("model")], host.model);
            assert_eq!(row[col("move_fy")], s.move_fy.unwrap().to_string());
            assert_eq!(&row[col("reason")], "");
            memory += s.demand.memory_gb;
        }
    }
    let excluded = rows.iter().find(|row| &row[col("server")] == "hp-db-01").unwrap();
    assert_eq!(&excluded[col("host")], "");
    assert_eq!(&excluded[col("cluster")], "");
    assert_eq!(&excluded[col("reason")], r.excluded[0].reason);
    let placed: f64 = r.clusters.iter().map(|c| c.demand.memory_gb).sum();
    assert!(close(memory, placed), "memory of placed rows {memory} vs clusters {placed}");
    // Placed servers come first, in host order.
    let order: Vec<&str> = rows.iter().map(|row| &row[col("server")]).collect();
    let hosts_order: Vec<&str> = r
        .clusters
        .iter()
        .flat_map(|c| c.hosts.iter().flat_map(|h| h.servers.iter().map(String::as_str)))
        .collect();
    assert_eq!(&order[..hosts_order.len()], hosts_order.as_slice());
}

#[test]
fn markdown_has_the_cost_tables_by_year_and_the_totals() {
    let r = report_support::small();
    let files = render(&r);
    let md = text(&files, "report.md");
    assert!(md.starts_with("# Fixture plan: two clusters & one spare\n"));
    for y in &r.years {
        let fy = format!("| FY{} ", y.fy);
        let rows: Vec<&str> = md.lines().filter(|l| l.starts_with(&fy)).collect();
        assert_eq!(rows.len(), 3, "FY{}: a totals row and a row per column: {rows:#?}", y.fy);
    }
    let row_2018 = md.lines().find(|l| l.starts_with("| FY2018 ")).unwrap();
    for amount in ["¥51,600,000", "¥42,000,000", "¥9,600,000", "¥69,500,000", "¥59,900,000"] {
        assert!(row_2018.contains(amount), "{amount} missing from {row_2018}");
    }
    let total = md.lines().find(|l| l.starts_with("| **Total** ")).expect("totals row");
    for amount in ["¥106,150,001", "¥78,300,000", "¥27,850,000"] {
        assert!(total.contains(amount), "{amount} missing from {total}");
    }
    let plan_total = md.lines().find(|l| l.contains("**plan**")).expect("plan category totals");
    for amount in ["¥42,500,000", "¥11,400,000", "¥8,000,000", "¥78,300,000"] {
        assert!(plan_total.contains(amount), "{amount} missing from {plan_total}");
    }
    for needle in [
        "¥106.2M",
        "¥78.3M",
        "¥27.9M",
        "26.2%",
        "How to read",
        "my-number-03",
        "mn_batch_01",
        "Binding resource: **Memory**",
        "my-number-01",
        "74.2%",
        "`2× big-64c`, ¥3,500,000 more",
        "organisation hospital is out of scope",
        "ICT-BCP environment",
        "Prices exclude consumption tax.",
        "](cumulative.png)",
        "](yearly.png)",
        "](utilisation.png)",
    ] {
        assert!(md.contains(needle), "report.md lacks {needle:?}");
    }
    // A spare host is marked as such in the hosts table.
    let spare = md.lines().find(|l| l.starts_with("| my-number-03 ")).unwrap();
    assert!(spare.contains("| yes "), "{spare}");
}

#[test]
fn html_is_self_contained_escaped_and_inlines_the_charts() {
    let files = render(&report_support::small());
    let html = text(&files, "report.html");
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.trim_end().ends_with("</html>"));
    assert!(html.contains("<title>Fixture plan: two clusters &amp; one spare</title>"));
    assert!(!html.contains("two clusters & one"), "unescaped ampersand");
    assert_eq!(html.matches("<svg").count(), 3, "the three charts inlined");
    for external in ["src=", "href=\"http", "<link", "@import", "url("] {
        assert!(!html.contains(external), "external asset: {external}");
    }
    assert!(html.contains("¥106,150,001"));
    assert!(html.contains("<td class=\"r\">¥51,600,000</td>"));
}

fn png_size(bytes: &[u8]) -> (u32, u32) {
    let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    let mut reader = decoder.read_info().expect("PNG header");
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).expect("PNG data");
    // Not a blank image: a good share of the pixels are not white.
    let inked = buf.chunks(3).filter(|p| p.iter().any(|c| *c < 200)).count();
    assert!(inked * 50 > buf.len() / 3, "almost blank: {inked} dark pixels");
    (info.width, info.height)
}

#[test]
fn charts_decode_as_png_and_read_as_svg() {
    let r = report_support::small();
    let files = render(&r);
    for kind in ChartKind::ALL {
        let png = file(&files, &format!("{}.png", kind.stem()));
        assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "{:?}", kind);
        assert!(png.len() > 10_000, "{kind:?} PNG only {} bytes", png.len());
        assert_eq!(png_size(png), report::charts::size(kind, &r));

        let svg = text(&files, &format!("{}.svg", kind.stem()));
        assert!(svg.starts_with("<svg"), "{kind:?}");
        assert!(svg.trim_end().ends_with("</svg>"), "{kind:?}");
        assert_eq!(svg.matches("<text").count(), svg.matches("</text>").count());
        assert!(!svg.contains("NaN"), "{kind:?}");
    }
    let svg = |kind: ChartKind| text(&files, &format!("{}.svg", kind.stem()));
    assert!(
        svg(ChartKind::Cumulative).contains("Cumulative cost, baseline vs plan, FY2017-FY2021")
    );
    assert!(svg(ChartKind::Cumulative).contains("million JPY"));
    assert!(svg(ChartKind::Cumulative).contains("27.9"), "the cost effect is annotated");
    assert!(svg(ChartKind::Yearly).contains("Yearly cost by category"));
    assert!(svg(ChartKind::Yearly).contains("FY2021"));
    let util = svg(ChartKind::Utilisation);
    assert!(util.contains("Host utilisation by resource"));
    assert!(util.contains("my-number-03 (spare)"));
    assert!(util.contains("target 80%"));
    assert!(util.contains("lgwan (2 hosts)"));
}

#[test]
fn the_utilisation_chart_grows_with_the_number_of_hosts() {
    let small = report::charts::size(ChartKind::Utilisation, &report_support::small());
    let large = report_support::large(3, 14);
    let (w, _) = report::charts::size(ChartKind::Utilisation, &large);
    assert!(w >= 42 * 45, "42 hosts in {w} px");
    assert!(w > small.0);
    let svg = report::charts::svg(ChartKind::Utilisation, &large).unwrap();
    for c in &large.clusters {
        for h in &c.hosts {
            assert!(svg.contains(&h.name), "{} not labelled", h.name);
        }
    }
}

#[test]
fn xlsx_is_a_zip_workbook() {
    let files = render(&report_support::small());
    let xlsx = file(&files, "plan.xlsx");
    assert!(xlsx.starts_with(b"PK\x03\x04"));
    let tail = &xlsx[xlsx.len().saturating_sub(200)..];
    assert!(tail.windows(4).any(|w| w == b"PK\x05\x06"), "zip end of central directory");
    // The zip's central directory names its parts in plain text: four worksheets.
    let has = |part: &str| xlsx.windows(part.len()).any(|w| w == part.as_bytes());
    assert!(has("xl/workbook.xml"));
    for i in 1..=4 {
        assert!(has(&format!("xl/worksheets/sheet{i}.xml")), "sheet {i}");
    }
    assert!(!has("xl/worksheets/sheet5.xml"));
    assert_eq!(report::xlsx::SHEETS, ["Summary", "Costs", "Layout", "Hosts"]);
}

#[test]
fn rendering_twice_gives_identical_bytes() {
    let r = report_support::small();
    let (a, b) = (render(&r), render(&r));
    assert_eq!(a.len(), b.len());
    for (x, y) in a.iter().zip(&b) {
        assert_eq!(x.name, y.name);
        assert!(x.bytes == y.bytes, "{} differs between two renderings", x.name);
    }
}

#[test]
fn an_empty_plan_renders_without_panicking() {
    let r = report_support::empty();
    let files = render(&r);
    assert_eq!(files.len(), 12);
    let md = text(&files, "report.md");
    assert!(md.contains("No clusters"));
    assert!(md.contains("No fiscal years were projected."));
    let costs = text(&files, "costs.csv");
    assert_eq!(costs.lines().count(), 1, "header only");
    for kind in ChartKind::ALL {
        assert!(file(&files, &format!("{}.png", kind.stem())).starts_with(b"\x89PNG"));
    }
    let summary = report::summary_text(&r);
    assert!(summary.contains("0 in scope"));
}

#[test]
fn zero_hosts_in_a_cluster_and_zero_totals_render() {
    let mut r = report_support::small();
    r.clusters[1].hosts.clear();
    for y in &mut r.years {
        y.baseline = Costs::default();
        y.plan = Costs::default();
        y.effect = 0.0;
        y.baseline_cumulative = 0.0;
        y.plan_cumulative = 0.0;
    }
    r.summary.baseline_total = 0.0;
    r.summary.plan_total = 0.0;
    r.summary.cost_effect = 0.0;
    r.summary.cost_effect_pct = 0.0;
    r.plan.currency = String::new();
    let files = render(&r);
    assert!(text(&files, "report.md").contains("| FY2021 "));
}

#[test]
fn summary_text_gives_scope_hosts_and_the_five_year_figures() {
    let r = report_support::small();
    let s = report::summary_text(&r);
    for needle in [
        "Fixture plan",
        "7 in scope",
        "1 excluded",
        "Hosts: 5 in 2 clusters",
        "my-number",
        "3 hosts: 2× std-32c + 1 spare std-32c",
        "lgwan",
        "FY2017-FY2021",
        "¥106,150,001",
        "¥106.2M",
        "¥78,300,000",
        "¥27,850,000",
        "26.2% of the baseline",
    ] {
        assert!(s.contains(needle), "summary lacks {needle:?}:\n{s}");
    }
    assert!(s.ends_with('\n'));
    assert!(s.lines().count() <= 12, "short:\n{s}");
}

#[test]
fn figures_that_are_not_finite_do_not_panic() {
    let mut r = report_support::small();
    r.summary.cost_effect_pct = f64::NAN;
    r.summary.cost_effect = f64::INFINITY;
    r.years[1].plan.hardware = f64::NAN;
    r.years[2].plan_cumulative = f64::NEG_INFINITY;
    r.clusters[0].hosts[0].utilisation_pct.cpu = f64::NAN;
    r.clusters[0].hosts[1].capacity = Default::default();
    let files = render(&r);
    assert!(text(&files, "report.md").contains("n/a"));
}
