//! Every output format rendered from a hand-built plan result, read back and checked against the
//! model's figures.

mod common;
mod report_support;

use std::collections::BTreeSet;
use std::sync::OnceLock;

use common::{ALWAYS_WRITTEN, output_files};
use consolidate::plan::{Costs, PlanResult};
use consolidate::report::{self, OutputFile, charts::ChartKind};
use report_support::unzip;

fn render(r: &PlanResult) -> Vec<OutputFile> {
    report::render_all(r).expect("renders")
}

/// Every file but the PNG charts (their drawing is the SVGs'; rasterising is the slow part in a
/// debug build).
fn render_without_png(r: &PlanResult) -> Vec<OutputFile> {
    let mut files = Vec::new();
    for output in report::outputs().iter().filter(|o| o.name() != "charts") {
        files.extend(output.files(r, &report::ReportOptions::default()).expect("renders"));
    }
    for kind in ChartKind::shown_for(r) {
        let svg = report::charts::svg(kind, r).expect("renders");
        files.push(OutputFile::new(format!("{}.svg", kind.stem()), svg));
    }
    files
}

/// The small fixture and its files, rendered once for all the tests that only read them.
fn small() -> &'static (PlanResult, Vec<OutputFile>) {
    static SMALL: OnceLock<(PlanResult, Vec<OutputFile>)> = OnceLock::new();
    SMALL.get_or_init(|| {
        let r = report_support::small();
        let files = render(&r);
        (r, files)
    })
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
    let (_, files) = small();
    let names: BTreeSet<&str> = files.iter().map(|f| f.name.as_str()).collect();
    let expected: BTreeSet<&str> = output_files(true).into_iter().collect();
    assert_eq!(names, expected);
    assert_eq!(files.len(), expected.len(), "no file rendered twice");
    for f in files {
        assert!(f.bytes.len() > 100, "{} is nearly empty ({} bytes)", f.name, f.bytes.len());
    }
}

#[test]
fn json_is_the_model_with_the_required_keys() {
    let (r, files) = small();
    let v: serde_json::Value = serde_json::from_slice(file(files, "plan.json")).expect("JSON");
    assert_eq!(v, serde_json::to_value(r).unwrap(), "exactly the model");
    assert_eq!(v["summary"]["baseline_total"].as_f64(), Some(r.summary.baseline_total));
    assert_eq!(v["summary"]["plan_total"].as_f64(), Some(r.summary.plan_total));
    assert_eq!(v["summary"]["cost_effect"].as_f64(), Some(r.summary.cost_effect));
    let clusters = v["clusters"].as_array().expect("clusters[]");
    assert_eq!(clusters.len(), 3);
    // Issue 4's fields are in the JSON as the model has them.
    assert_eq!(clusters[2]["site"], "new-city-hall");
    assert_eq!(clusters[0]["policy"]["target_cpu_pct"].as_f64(), Some(80.0));
    assert_eq!(clusters[0]["failover"]["binding_loss"][0], "my-number-01");
    assert_eq!(clusters[0]["peak_sizing_hosts"].as_u64(), Some(4));
    assert_eq!(clusters[1]["purchases"][1]["fy"].as_i64(), Some(2019));
    assert_eq!(clusters[0]["hosts"][0]["cpu_by_hour_pct"].as_array().map(Vec::len), Some(24));
    assert_eq!(v["yearly"].as_array().map(Vec::len), Some(5));
    assert_eq!(v["summary"]["servers_physical"].as_u64(), Some(1));
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
    let (r, files) = small();
    let mut rd = csv::Reader::from_reader(file(files, "costs.csv"));
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
    let (r, files) = small();
    let mut rd = csv::Reader::from_reader(file(files, "layout.csv"));
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
                .filter(|c| c.site == "main")
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
    assert_eq!(
        &excluded[col("reason")],
        "out of scope: organisation hospital is to be discussed separately"
    );
    let placed: f64 =
        r.clusters.iter().filter(|c| c.site == "main").map(|c| c.demand.memory_gb).sum();
    assert!(close(memory, placed), "memory of placed rows {memory} vs clusters {placed}");
    // Placed servers come first, in host order.
    let order: Vec<&str> = rows.iter().map(|row| &row[col("server")]).collect();
    let hosts_order: Vec<&str> = r
        .clusters
        .iter()
        .filter(|c| c.site == "main")
        .flat_map(|c| c.hosts.iter().flat_map(|h| h.servers.iter().map(String::as_str)))
        .collect();
    assert_eq!(&order[..hosts_order.len()], hosts_order.as_slice());
}

#[test]
fn markdown_has_the_cost_tables_by_year_and_the_totals() {
    let (r, files) = small();
    let whole = text(files, "report.md");
    assert!(whole.starts_with("# Fixture plan: two clusters & one spare\n"));
    let md = section(whole, "## Cost by fiscal year");
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
        "out of scope: organisation hospital is to be discussed separately",
        "ICT-BCP environment",
        "Power: average draw × 8760 h × PUE × 20 per kWh.",
        "](cumulative.png)",
        "](yearly.png)",
        "](utilisation.png)",
    ] {
        assert!(whole.contains(needle), "report.md lacks {needle:?}");
    }
    // A spare host is marked as such in the hosts table.
    let spare = whole.lines().find(|l| l.starts_with("| my-number-03 ")).unwrap();
    assert!(spare.contains("| spare "), "{spare}");
}

/// The part of a markdown report from a heading to the next heading of the same level.
fn section<'a>(md: &'a str, heading: &str) -> &'a str {
    let start = md.find(&format!("{heading}\n")).unwrap_or_else(|| panic!("no {heading:?}"));
    let level = heading.split(' ').next().unwrap();
    let rest = &md[start + heading.len()..];
    let end = rest.find(&format!("\n{level} ")).map_or(md.len(), |i| start + heading.len() + i);
    &md[start..end]
}

#[test]
fn html_is_self_contained_escaped_and_inlines_the_charts() {
    let (_, files) = small();
    let html = text(files, "report.html");
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.trim_end().ends_with("</html>"));
    assert!(html.contains("<title>Fixture plan: two clusters &amp; one spare</title>"));
    assert!(!html.contains("two clusters & one"), "unescaped ampersand");
    assert_eq!(html.matches("<svg").count(), 5, "the five charts inlined");
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
    let (r, files) = small();
    for kind in ChartKind::shown_for(r) {
        let png = file(files, &format!("{}.png", kind.stem()));
        assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "{:?}", kind);
        assert!(png.len() > 10_000, "{kind:?} PNG only {} bytes", png.len());
        assert_eq!(png_size(png), report::charts::size(kind, r));

        let svg = text(files, &format!("{}.svg", kind.stem()));
        assert!(svg.starts_with("<svg"), "{kind:?}");
        assert!(svg.trim_end().ends_with("</svg>"), "{kind:?}");
        assert_eq!(svg.matches("<text").count(), svg.matches("</text>").count());
        assert!(!svg.contains("NaN"), "{kind:?}");
    }
    let svg = |kind: ChartKind| text(files, &format!("{}.svg", kind.stem()));
    assert!(
        svg(ChartKind::Cumulative).contains("Cumulative cost, baseline vs plan, FY2017-FY2021")
    );
    assert!(svg(ChartKind::Cumulative).contains("million JPY"));
    assert!(svg(ChartKind::Cumulative).contains("27.9"), "the cost effect is annotated");
    assert!(svg(ChartKind::Yearly).contains("Yearly cost by category"));
    assert!(svg(ChartKind::Yearly).contains("FY2021"));
    let util = svg(ChartKind::Utilisation);
    assert!(util.contains("Host utilisation by resource"));
    // The spare host by its name, its role in its slot.
    assert!(util.contains("my-number-03"));
    assert!(util.contains(">\nspare\n<"), "the spare host's slot says so");
    assert!(util.contains("target 80%"));
    assert!(util.contains("lgwan (2 hosts)"));
}

/// Beyond about 20 hosts the utilisation chart goes on rows of whole clusters (three clusters
/// of 14 hosts: three rows) instead of one ever wider chart, on one page while it is no higher
/// than 1.45 times its width; every host is still labelled.
#[test]
fn the_utilisation_chart_splits_per_cluster_beyond_twenty_hosts() {
    let t = report::Text::EN;
    let size = report::ChartSize::default();
    let small = report::charts::size(ChartKind::Utilisation, &report_support::small());
    let large = report_support::large(3, 14);
    assert_eq!(report::charts::pages(ChartKind::Utilisation, &large, t, size), 1);
    let (w, h) = report::charts::size(ChartKind::Utilisation, &large);
    assert!(w >= 14 * 45, "14 hosts a row in {w} px");
    assert!(w <= 20 * 54 + 190, "no row wider than 20 hosts: {w} px");
    assert!(h >= small.1 + 2 * 230, "three rows in {h} px, one in {}", small.1);
    assert!(f64::from(h) <= 1.45 * f64::from(w), "one page no higher than 1.45 × its width");
    let svg = report::charts::svg(ChartKind::Utilisation, &large).unwrap();
    for c in &large.clusters {
        for h in &c.hosts {
            assert!(svg.contains(&h.name), "{} not labelled", h.name);
        }
    }
    // Two clusters of 10 hosts still share one row.
    let two = report_support::large(2, 10);
    let (_, h2) = report::charts::size(ChartKind::Utilisation, &two);
    assert!(h2 < small.1 + 100, "20 hosts on one row: {h2} px high, one row {}", small.1);
    // Ten clusters of 14 hosts: pages of whole clusters, none higher than 1.45 × its width,
    // every host on exactly one page.
    let many = report_support::large(10, 14);
    let n = report::charts::pages(ChartKind::Utilisation, &many, t, size);
    assert!(n >= 2, "{n} pages");
    let mut svgs = String::new();
    for page in 0..n {
        let (w, h) = report::charts::size_page(ChartKind::Utilisation, &many, t, size, page);
        assert!(f64::from(h) <= 1.45 * f64::from(w), "page {page}: {w} x {h}");
        svgs.push_str(
            &report::charts::svg_page(ChartKind::Utilisation, &many, t, size, page).unwrap(),
        );
    }
    // Names repeat between the clusters here: each is named as often as it is a host's.
    let mut hosts = std::collections::BTreeMap::new();
    for h in many.clusters.iter().flat_map(|c| &c.hosts) {
        *hosts.entry(h.name.as_str()).or_insert(0) += 1;
    }
    for (name, times) in hosts {
        let named = svgs.matches(&format!(">\n{name}\n</text>")).count();
        assert_eq!(named, times, "{name} on one page per host");
    }
}

#[test]
fn xlsx_is_a_zip_workbook() {
    let (_, files) = small();
    let xlsx = file(files, "plan.xlsx");
    assert!(xlsx.starts_with(b"PK\x03\x04"));
    let tail = &xlsx[xlsx.len().saturating_sub(200)..];
    assert!(tail.windows(4).any(|w| w == b"PK\x05\x06"), "zip end of central directory");
    // The zip's central directory names its parts in plain text: ten worksheets.
    let has = |part: &str| xlsx.windows(part.len()).any(|w| w == part.as_bytes());
    assert!(has("xl/workbook.xml"));
    for i in 1..=10 {
        assert!(has(&format!("xl/worksheets/sheet{i}.xml")), "sheet {i}");
    }
    assert!(!has("xl/worksheets/sheet11.xml"));
    assert_eq!(
        report::xlsx::SHEETS,
        [
            "Summary",
            "Costs",
            "Layout",
            "Hosts",
            "Purchases",
            "Yearly",
            "Time of day",
            "Extra items",
            "Assumptions",
            "BOM"
        ]
    );
}

#[test]
fn rendering_twice_gives_identical_bytes() {
    let (r, a) = small();
    let b = render(r);
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
    let names: BTreeSet<&str> = files.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ALWAYS_WRITTEN.into_iter().collect(), "no time-of-day chart without hosts");
    assert_eq!(files.len(), ALWAYS_WRITTEN.len());
    let md = text(&files, "report.md");
    assert!(md.contains("No clusters"));
    assert!(md.contains("No fiscal years were projected."));
    let costs = text(&files, "costs.csv");
    assert_eq!(costs.lines().count(), 1, "header only");
    for kind in ChartKind::shown_for(&r) {
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
    let (r, _) = small();
    let s = report::summary_text(r);
    for needle in [
        "Fixture plan",
        "8 in scope",
        "1 excluded",
        "1 stays physical",
        "2 also at the BCP site",
        "Hosts: 6 in 3 clusters",
        "1 host: 1× std-32c (at new-city-hall from FY2021)",
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

/// The cells of a markdown table row, trimmed, without bold markers.
fn cells(line: &str) -> Vec<String> {
    let inner = line.trim().trim_start_matches('|').trim_end_matches('|');
    inner.split(" | ").map(|c| c.trim().trim_matches('*').to_string()).collect()
}

/// The table row of `md` whose first cells are `first`.
fn row(md: &str, first: &[&str]) -> Vec<String> {
    md.lines()
        .filter(|l| l.starts_with("| "))
        .map(cells)
        .find(|c| c.len() >= first.len() && c.iter().zip(first).all(|(a, b)| a == b))
        .unwrap_or_else(|| panic!("no row starting {first:?}"))
}

#[test]
fn markdown_names_the_binding_loss_the_policy_and_why_each_cluster_has_its_hosts() {
    let (_, files) = small();
    let md = text(files, "report.md");
    // Overview: one row per cluster, the BCP cluster at its site, the binding loss and the
    // busiest survivor after it.
    let mn = row(md, &["main site", "my-number", "my-number", "4", "3 (2 active, 1 spare)"]);
    assert_eq!(mn[7..], ["N+1, survives", "my-number-01", "my-number-03", "57.8% / 56.3% / 74.2%"]);
    let bcp = row(md, &["new-city-hall", "bcp-my-number", "my-number", "2"]);
    assert_eq!(bcp[5], "FY2021");
    assert_eq!(bcp[7], "none required");
    for needle in [
        "binding host loss `my-number-01`",
        "**Failover (N+1):** **binding host loss** `my-number-01`.",
        "3 hosts with time-of-day packing (¥15.0M over the horizon), 4 with peak sizing (¥20.0M): ¥5.0M saved",
        "**Policy:** CPU target 80%, memory target 80%, at most 4 vCPUs per core, memory \
         overcommit 1; survive the loss of 1 host at once (N+1)",
        "**Policy:** CPU target 85%, memory target 90%",
        "**Why 3 hosts:**",
        "Lower bound: 2 hosts in normal operation (memory: 680.0 of demand, at most 409.6 per \
         host).",
        "Chosen: 2 active hosts (cost proven optimal), + 1 spare for N+1.",
        "`resident-records` on `my-number-01` (mn-ap-01, mn-db-01)",
        "### Cluster bcp-my-number (zone my-number, site new-city-hall)",
        "bought FY2018: 1× big-64c; FY2019: 1× std-32c",
    ] {
        assert!(md.contains(needle), "report.md lacks {needle:?}");
    }
    // Why this many hosts: the binding resource's row.
    assert_eq!(row(md, &["Memory (GB)", "680"])[2..], ["409.6 (std-32c)", "1.66", "2", "66.4%"]);
    // Hosts with their role and purchase year.
    assert_eq!(row(md, &["lgwan-02"])[1..5], ["std-32c", "active", "FY2019", "1"]);
    assert_eq!(row(md, &["my-number-03"])[2], "spare");
}

#[test]
fn markdown_has_the_bcp_environment_purchases_and_the_years() {
    let (_, files) = small();
    let md = text(files, "report.md");
    let bcp = section(md, "## ICT-BCP minimum environment");
    assert!(bcp.contains("ICT-BCP: servers flagged bcp also run at new-city-hall from FY2021"));
    assert!(bcp.contains("in service from FY2021: 2 servers on 1 host bought FY2021: 1× std-32c"));
    assert_eq!(row(bcp, &["mn-ap-01"])[3..], ["my-number-01", "bcp-my-number-01", "2.5 / 4 / 32"]);
    assert_eq!(row(bcp, &["lg-fax-01"])[4], "none (stays physical)");

    let years = section(md, "## Purchases and hosts by fiscal year");
    assert_eq!(row(years, &["FY2019", "main site", "lgwan"])[3..], ["std-32c", "1"]);
    assert_eq!(row(years, &["FY2021", "new-city-hall"])[2..], ["bcp-my-number", "std-32c", "1"]);
    assert_eq!(row(years, &["Total"])[4], "6");
    // Year by year: hosts in service (+ bought) / servers, per cluster and in all.
    assert_eq!(row(years, &["FY2018", "3 (+3) / 3"])[2..], ["1 (+1) / 2", "–", "4 (+4) / 5"]);
    assert_eq!(row(years, &["FY2019", "3 / 4"])[2..], ["2 (+1) / 3", "–", "5 (+1) / 7"]);
    assert_eq!(row(years, &["FY2021", "3 / 4"])[2..], ["2 / 3", "1 (+1) / 2", "6 (+1) / 7"]);
    assert!(years.contains("](hosts_by_year.png)"));
    // Per-year layouts: every host in service, a server new on a host marked.
    assert!(years.contains("**FY2017:** no virtual host in service yet"));
    assert!(years.contains("**FY2019: 5 hosts in 2 clusters, 7 servers (+2 this year)**"));
    assert!(years.contains("**FY2021: 6 hosts in 3 clusters, 7 servers, 2 BCP copies**"));
    let fy2019 = section(years, "**FY2019: 5 hosts in 2 clusters, 7 servers (+2 this year)**");
    let fy2019 = &fy2019[..fy2019.find("**FY2020").unwrap()];
    assert_eq!(row(fy2019, &["my-number-02"])[6], "mn-ap-02, mn_batch_01 (new)");
    assert_eq!(row(fy2019, &["lgwan-02"])[2..], ["1", "28.1%", "18.8%", "39.1%", "lg-ap-01"]);
    assert_eq!(row(fy2019, &["my-number-03"])[6], "empty (spare)");

    let not_moved = section(md, "## Servers not moved");
    assert!(not_moved.contains("**Staying physical:** 1 server in scope stays"));
    assert_eq!(
        row(not_moved, &["lg-fax-01"])[4],
        "stays physical (marked stay_physical): not packed, keeps its baseline cost"
    );
    assert!(not_moved.contains("**Excluded:** 1 server left out"));
    assert_eq!(
        row(not_moved, &["hp-db-01"])[3],
        "out of scope: organisation hospital is to be discussed separately"
    );
    // The summary counts both.
    assert!(md.contains("7 moved onto virtual hosts, 1 stays physical; 1 excluded"));
    assert!(md.contains("2 servers also run at new-city-hall on 1 host from FY2021."));
}

#[test]
fn html_folds_the_yearly_layouts_into_details() {
    let (_, files) = small();
    let html = text(files, "report.html");
    assert_eq!(html.matches("<details>").count(), 4, "FY2018 to FY2021, FY2017 has no host");
    assert_eq!(html.matches("</details>").count(), 4);
    assert!(html.contains(
        "<details>\n<summary>FY2019: 5 hosts in 2 clusters, 7 servers (+2 this year)</summary>"
    ));
    assert!(html.contains("<td>mn-ap-02, mn_batch_01 (new)</td>"));
    assert!(html.contains("<h2>ICT-BCP minimum environment</h2>"));
    assert!(html.contains("<code>my-number-01</code>"));
}

#[test]
fn layout_csv_has_the_bcp_host_staying_physical_and_affinity_columns() {
    let (r, files) = small();
    let mut rd = csv::Reader::from_reader(file(files, "layout.csv"));
    let header: Vec<String> = rd.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(header, report::csv::LAYOUT_COLUMNS);
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = rd.records().map(|r| r.unwrap()).collect();
    // One row per server: the BCP copies are a column, not rows of their own.
    assert_eq!(rows.len(), r.servers.len());
    let find = |name: &str| rows.iter().position(|row| &row[col("server")] == name).unwrap();
    let ap = &rows[find("mn-ap-01")];
    assert_eq!(&ap[col("host")], "my-number-01");
    assert_eq!(&ap[col("bcp_host")], "bcp-my-number-01");
    assert_eq!(&ap[col("affinity_group")], "resident-records");
    assert_eq!(&ap[col("stays_physical")], "false");
    let fax = &rows[find("lg-fax-01")];
    assert_eq!(&fax[col("stays_physical")], "true");
    assert_eq!(&fax[col("host")], "");
    assert_eq!(&fax[col("bcp_host")], "");
    assert!(fax[col("reason")].starts_with("stays physical"));
    assert_eq!(&rows[find("lg-ap-01")][col("move_fy")], "2019");
    // Servers staying physical come before the excluded.
    assert!(find("lg-fax-01") < find("hp-db-01"));
    let with_bcp = rows.iter().filter(|row| !row[col("bcp_host")].is_empty()).count();
    assert_eq!(with_bcp, r.summary.servers_bcp);
}

/// The worksheet part of a sheet of the workbook, by name (`xl/worksheets/sheetN.xml`).
fn sheet(xlsx: &[u8], name: &str) -> String {
    let i = report::xlsx::SHEETS.iter().position(|s| *s == name).expect("sheet name") + 1;
    unzip::text(xlsx, &format!("xl/worksheets/sheet{i}.xml"))
}

#[test]
fn xlsx_has_purchases_yearly_and_time_of_day_sheets() {
    let (r, files) = small();
    let xlsx = file(files, "plan.xlsx");
    let workbook = unzip::text(xlsx, "xl/workbook.xml");
    for (i, name) in report::xlsx::SHEETS.iter().enumerate() {
        assert!(workbook.contains(&format!("<sheet name=\"{name}\" sheetId=\"{}\"", i + 1)));
    }
    let strings = unzip::text(xlsx, "xl/sharedStrings.xml");
    for s in [
        "bcp_host",
        "stays_physical",
        "affinity_group",
        "hosts_bought",
        "server_names",
        "new-city-hall",
        "Binding host loss",
        "resident-records",
        "Servers staying physical",
        "23:00",
    ] {
        assert!(strings.contains(&format!(">{s}<")), "no {s:?} in the workbook");
    }
    let rows = |xml: &str| xml.matches("<row ").count();
    // Purchases: a header, one row per purchase, a total two rows below.
    let purchases = sheet(xlsx, "Purchases");
    let bought: usize = r.clusters.iter().map(|c| c.purchases.len()).sum();
    assert_eq!(rows(&purchases), 1 + bought + 1);
    assert!(purchases.contains("<v>2019</v>"));
    assert!(purchases.contains("<v>6</v>"), "the total of hosts bought");
    // Yearly: a header and one row per host and year.
    let yearly = sheet(xlsx, "Yearly");
    let host_years: usize =
        r.yearly.iter().flat_map(|y| y.clusters.iter()).map(|c| c.hosts.len()).sum();
    assert_eq!(host_years, 20);
    assert_eq!(rows(&yearly), 1 + host_years);
    // Time of day: one row per host with a profile, 24 hours each.
    let hours = sheet(xlsx, "Time of day");
    assert_eq!(rows(&hours), 1 + 3);
    assert!(hours.contains("<v>0.578</v>"), "57.8 % at an office hour");
}

#[test]
fn the_new_charts_show_purchases_by_year_and_the_hours_of_each_host() {
    let (_, files) = small();
    let svg = |kind: ChartKind| text(files, &format!("{}.svg", kind.stem()));
    let years = svg(ChartKind::HostsByYear);
    for needle in [
        "Hosts by cluster and physical servers, by fiscal year",
        "FY2017-FY2021",
        "bcp-my-number (new-city-hall)",
        "Lighter: hosts bought that year",
        "FY2019",
        "5 hosts",
        "6 hosts",
        "2 (+1)",
    ] {
        assert!(years.contains(needle), "hosts_by_year.svg lacks {needle:?}");
    }
    let hours = svg(ChartKind::TimeOfDay);
    for needle in [
        "my-number (3 hosts, CPU target 80%)",
        "target 80%",
        "my-number-01 (peak 58%)",
        "my-number-02 (peak 38%)",
        "my-number-03 (peak 0%, spare)",
        "Hour of day",
        "12:00",
    ] {
        assert!(hours.contains(needle), "timeofday.svg lacks {needle:?}");
    }
    assert!(!hours.contains("lgwan ("), "lgwan is not packed by time of day");
    let util = svg(ChartKind::Utilisation);
    // The binding host loss named in red (under a red triangle).
    let red = |name: &str| {
        util.split("<text")
            .any(|t| t.contains(&format!(">\n{name}\n</text>")) && t.contains("fill=\"#D55E00\""))
    };
    assert!(red("my-number-01"), "my-number-01 in red");
    assert!(!red("my-number-02"), "my-number-02 in black");
    assert!(util.contains("<polygon opacity=\"1\" fill=\"#D55E00\""), "a red triangle");
    for needle in ["my-number-03", "spare", "CPU target 85%", "Memory target 90%", "target 80%"] {
        assert!(util.contains(needle), "utilisation.svg lacks {needle:?}");
    }
}

#[test]
fn without_day_profiles_there_is_no_time_of_day_chart() {
    let mut r = report_support::small();
    for c in &mut r.clusters {
        c.time_of_day = false;
        c.peak_sizing_hosts = None;
        for h in &mut c.hosts {
            h.cpu_by_hour_pct = None;
        }
    }
    let files = render(&r);
    let names: BTreeSet<&str> = files.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, output_files(false).into_iter().collect(), "no timeofday.png/.svg");
    let md = text(&files, "report.md");
    assert!(!md.contains("timeofday"), "the report shows no chart that is not there");
    assert!(!text(&files, "report.html").contains("timeofday"));
    assert!(!md.contains("## Time-of-day packing"));
    assert!(!md.contains("time-of-day packing,"));
    let hours = sheet(file(&files, "plan.xlsx"), "Time of day");
    assert_eq!(hours.matches("<row ").count(), 2, "a header and a note");
}

/// A time-of-day cluster whose hosts carry no profile gets no panel, and with no other the
/// chart is not written, though the report still describes the time-of-day packing.
#[test]
fn a_time_of_day_cluster_without_host_profiles_draws_no_panel() {
    let mut r = report_support::small();
    for c in &mut r.clusters {
        for h in &mut c.hosts {
            h.cpu_by_hour_pct = None;
        }
    }
    assert!(r.clusters.iter().any(|c| c.time_of_day));
    assert!(!ChartKind::TimeOfDay.shown(&r));
    let files = render_without_png(&r);
    assert!(files.iter().all(|f| !f.name.starts_with("timeofday")));
    let md = text(&files, "report.md");
    assert!(md.contains("## Time-of-day packing"));
    assert!(!md.contains("timeofday.png"));
}

#[test]
fn odd_plans_render_without_panicking() {
    // No yearly layouts, a cluster without hosts, a cluster of spares only, a time-of-day
    // cluster without profiles, a short profile with a NaN, names that match nothing.
    let mut r = report_support::small();
    r.yearly.clear();
    r.clusters[1].hosts.clear();
    r.clusters[1].purchases.clear();
    for h in &mut r.clusters[0].hosts {
        h.spare = true;
        h.role = consolidate::plan::HostRole::Minimum;
        h.servers.clear();
        h.cpu_by_hour_pct = Some(vec![10.0, f64::NAN, 30.0]);
    }
    r.clusters[0].failover.binding_loss = vec!["no-such-host".into()];
    r.clusters[0].failover.worst_host = None;
    r.clusters[0].resource_needs[0].resource = "disk".into();
    r.clusters[0].options.clear();
    r.clusters[2].time_of_day = true;
    r.clusters[2].peak_sizing_hosts = None;
    r.clusters[2].policy.target_cpu_pct = f64::NAN;
    r.clusters[2].purchases.clear();
    r.servers[0].bcp_host = Some("no-such-bcp-host".into());
    let files = render(&r);
    let md = text(&files, "report.md");
    assert!(md.contains("No year-by-year layout was produced."));
    assert!(md.contains("minimum host, empty in normal operation"));
    assert!(text(&files, "hosts_by_year.svg").contains("No year-by-year layout was produced."));

    // Yearly layouts naming clusters the plan does not have, and empty years.
    let mut r = report_support::small();
    r.yearly[1].clusters[0].name = "ghost".into();
    r.yearly[2].clusters.clear();
    r.yearly[3].clusters[1].hosts.clear();
    let files = render_without_png(&r);
    let md = text(&files, "report.md");
    assert!(md.contains("| **ghost** "), "the unknown cluster's hosts are still listed");
    assert!(text(&files, "hosts_by_year.svg").contains("ghost"));
}

/// At a print width the PNGs are that wide at the resolution, carry it (pHYs), and every text
/// of every chart of the plan prints at 9 pt or more: the SVG, laid out in the
/// same units, gives each text's size and the drawing's width.
#[test]
fn charts_at_a_print_width_keep_text_at_nine_points_and_carry_their_resolution() {
    use report::ChartSize;
    let r = report_support::large(3, 14);
    let size = ChartSize { width_mm: Some(160.0), dpi: 300 };
    for kind in ChartKind::shown_for(&r) {
        let png = report::charts::png_in(kind, &r, report::Text::EN, size).unwrap();
        let (w, _) = png_size(&png);
        assert_eq!(w, (160.0_f64 / 25.4 * 300.0).round() as u32, "{kind:?}: 160 mm at 300 dpi");
        let at = png.windows(4).position(|w| w == b"pHYs").expect("a pHYs chunk");
        let per_metre = u32::from_be_bytes(png[at + 4..at + 8].try_into().unwrap());
        assert_eq!(per_metre, 11811, "{kind:?}: 300 dpi in pixels per metre");
        assert_eq!(png[at + 12], 1, "unit: metre");

        let svg = report::charts::svg_in(kind, &r, report::Text::EN, size).unwrap();
        assert!(svg.starts_with("<svg width=\"160.0mm\""), "{kind:?}: {}", &svg[..60]);
        let view_w: f64 = svg
            .split("viewBox=\"0 0 ")
            .nth(1)
            .and_then(|v| v.split(' ').next())
            .and_then(|v| v.parse().ok())
            .expect("viewBox");
        let smallest = svg
            .split("font-size=\"")
            .skip(1)
            .filter_map(|v| v.split('"').next()?.parse::<f64>().ok())
            .fold(f64::INFINITY, f64::min);
        let pt = smallest * 160.0 / view_w / 25.4 * 72.0;
        assert!(pt >= 8.99, "{kind:?}: smallest text {pt:.2} pt at 160 mm");
    }
}

/// The report's cost tables carry their figures as values (fiscal years, money), so the same
/// table can go to a workbook, and their words are the markdown's.
#[test]
fn the_report_cost_tables_carry_years_and_money_as_values() {
    use report::document::{Block, Cell, Table, Value};
    let (r, _) = small();
    let doc = report::document::build(r);
    let tables: Vec<&Table> =
        doc.iter().filter_map(|b| if let Block::Table(t) = b { Some(t) } else { None }).collect();
    let m = report::format::Money::new(&r.plan.currency);
    let totals = tables
        .iter()
        .find(|t| {
            t.rows.first().is_some_and(|row| {
                row.cells.len() == 7 && row.cells[0].value == Value::Year(f64::from(r.years[0].fy))
            })
        })
        .expect("the totals by year");
    for (row, y) in totals.rows.iter().zip(&r.years) {
        assert_eq!(row.cells[0].value, Value::Year(f64::from(y.fy)));
        assert_eq!(row.cells[2], Cell::figure(m.amount(y.plan.total), Value::Money(y.plan.total)));
    }
    let last = totals.rows.last().expect("a totals row");
    assert!(last.strong);
    assert_eq!(last.cells[2].value, Value::Money(r.summary.plan_total));
}
