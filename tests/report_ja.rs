//! Japanese output (issue 9): an inventory whose zones, host models, BCP site, servers,
//! systems, organisations, extra item and title are Japanese plans with every name intact in
//! every output file, in both languages; labels, fiscal years, money units, CSV encodings and
//! the stdout summary follow `--lang`, `--era` and `--csv-encoding`.

mod common;
mod report_support;

use std::sync::OnceLock;

use common::*;
use consolidate::plan::PlanResult;
use consolidate::report::{self, CsvEncoding, Era, Lang, OutputFile, ReportOptions};
use report_support::unzip;

const FIXTURE: &str = "tests/fixtures/ja-names.yaml";

/// The names of the fixture, each of which must appear in the outputs.
const ZONES: [&str; 2] = ["個人番号系", "行政系"];
const MODEL: &str = "標準機-16コア";
const SITE: &str = "新庁舎マシン室";
const SERVERS: [&str; 6] = ["住記-AP-1", "住記-AP-2", "税-バッチ", "文書-1", "財務-DB", "病院-1"];
const TITLE: &str = "第2次情報システム最適化計画（検証用）";
const EXTRA: &str = "三層分離のセキュリティ対策";

fn planned() -> &'static PlanResult {
    static R: OnceLock<PlanResult> = OnceLock::new();
    R.get_or_init(|| {
        let path = root().join(FIXTURE);
        let (_, r) = consolidate::commands::plan::load_and_plan(&path).expect("fixture plans");
        r
    })
}

fn rendered(lang: Lang) -> &'static [OutputFile] {
    static EN: OnceLock<Vec<OutputFile>> = OnceLock::new();
    static JA: OnceLock<Vec<OutputFile>> = OnceLock::new();
    let cell = if lang == Lang::Ja { &JA } else { &EN };
    cell.get_or_init(|| {
        report::render_all_with(planned(), &ReportOptions::new(lang, Era::Western))
            .expect("renders")
    })
}

fn file<'a>(files: &'a [OutputFile], name: &str) -> &'a [u8] {
    &files.iter().find(|f| f.name == name).unwrap_or_else(|| panic!("{name} rendered")).bytes
}

fn text(files: &[OutputFile], name: &str) -> String {
    let bytes = file(files, name);
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    String::from_utf8(bytes.to_vec()).expect("UTF-8")
}

/// The text content of an SVG: what its `<text>` elements say, entities decoded.
fn svg_text(svg: &str) -> String {
    let mut out = String::new();
    let mut rest = svg;
    while let Some(start) = rest.find("<text") {
        let after = &rest[start..];
        let Some(open_end) = after.find('>') else { break };
        let Some(close) = after.find("</text>") else { break };
        out.push_str(&after[open_end + 1..close]);
        out.push('\n');
        rest = &after[close..];
    }
    out.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
}

fn assert_has(haystack: &str, needles: &[&str], what: &str) {
    for n in needles {
        assert!(haystack.contains(n), "{what} lacks {n:?}");
    }
}

#[test]
fn every_name_survives_in_every_text_output_in_both_languages() {
    for lang in [Lang::En, Lang::Ja] {
        let files = rendered(lang);
        let mut names: Vec<&str> = SERVERS.to_vec();
        names.extend(ZONES);
        names.extend([MODEL, SITE, TITLE, EXTRA]);
        for f in ["report.md", "report.html"] {
            assert_has(&text(files, f), &names, f);
        }
        assert_has(&text(files, "layout.csv"), &SERVERS, "layout.csv");
        assert_has(&text(files, "layout.csv"), &ZONES, "layout.csv");
        assert_has(&text(files, "plan.json"), &names, "plan.json");
        let xlsx = file(files, "plan.xlsx");
        let strings = unzip::text(xlsx, "xl/sharedStrings.xml");
        assert_has(&strings, &SERVERS, "plan.xlsx");
        assert_has(&strings, &[MODEL, SITE, EXTRA, ZONES[0], ZONES[1]], "plan.xlsx");
        for f in files.iter().filter(|f| !f.name.ends_with(".png") && !f.name.ends_with(".xlsx")) {
            let t = String::from_utf8_lossy(&f.bytes);
            assert!(!t.contains("???"), "{} has a name replaced by ?", f.name);
        }
    }
}

#[test]
fn svg_charts_carry_the_real_names_with_a_japanese_font_list() {
    for lang in [Lang::En, Lang::Ja] {
        let files = rendered(lang);
        let util = svg_text(&text(files, "utilisation.svg"));
        assert_has(&util, &ZONES, "utilisation.svg");
        assert_has(&util, &["個人番号系-01", "行政系-02", SITE], "utilisation.svg");
        let hosts = svg_text(&text(files, "hosts_by_year.svg"));
        assert_has(&hosts, &[ZONES[0], ZONES[1], SITE], "hosts_by_year.svg");
        let tod = svg_text(&text(files, "timeofday.svg"));
        assert_has(&tod, &[ZONES[0], "個人番号系-01"], "timeofday.svg");
        for kind in report::charts::ChartKind::ALL {
            let svg = text(files, &format!("{}.svg", kind.stem()));
            assert!(!svg_text(&svg).contains('?'), "{} has a ?", kind.stem());
            assert!(svg.contains("Yu Gothic") && svg.contains("Meiryo"), "font list");
        }
    }
    let ja = svg_text(&text(rendered(Lang::Ja), "cumulative.svg"));
    assert_has(&ja, &["現行踏襲", "計画", "削減効果", "百万円", "2018年度"], "cumulative.svg");
    let en = svg_text(&text(rendered(Lang::En), "cumulative.svg"));
    assert_has(&en, &["Baseline", "million JPY", "FY2018"], "cumulative.svg in English");
}

/// A Japanese name drawn in a PNG chart sets pixels (IPAex Gothic), where a missing glyph would
/// draw an empty box or nothing: the chart of a Japanese title has more ink than the same
/// chart whose Japanese text is swapped for the same number of spaces would.
#[test]
fn png_charts_draw_japanese_glyphs() {
    use consolidate::report::glyphs;
    let w = glyphs::text_width(20.0, "個人番号系");
    assert!(w > 5.0 * 10.0, "five wide glyphs are wide: {w}");
    let png = file(rendered(Lang::Ja), "utilisation.png");
    assert!(png.starts_with(b"\x89PNG"));
}

#[test]
fn japanese_labels_units_and_fiscal_years() {
    let files = rendered(Lang::Ja);
    let md = text(files, "report.md");
    assert_has(
        &md,
        &["## 概要", "現行踏襲（第1次計画どおりの更新）", "削減効果", "百万円", "2018年度", "台"],
        "report.md",
    );
    let html = text(files, "report.html");
    assert!(html.contains("<html lang=\"ja\">"));
    assert!(!html.contains('`'), "no literal backticks in the HTML");
    let costs = text(files, "costs.csv");
    assert!(costs.starts_with("年度,区分,機器"), "{}", &costs[..40]);
    assert!(
        costs.contains(",現行踏襲,") && costs.contains(",計画,") && costs.contains(",削減効果,")
    );
    let xlsx = file(files, "plan.xlsx");
    let workbook = unzip::text(xlsx, "xl/workbook.xml");
    for name in report::xlsx::sheet_names(report::Text::new(Lang::Ja, Era::Western)) {
        assert!(workbook.contains(&format!("<sheet name=\"{name}\"")), "sheet {name}");
    }
}

#[test]
fn eras() {
    let t = |era| report::Text::new(Lang::Ja, era);
    let opts =
        |era| ReportOptions { text: t(era), csv: CsvEncoding::Utf8Bom, chart: Default::default() };
    let md = |era| report::markdown::render_in(planned(), opts(era).text);
    assert!(md(Era::Western).contains("2021年度"));
    assert!(md(Era::Japanese).contains("令和3年度") && md(Era::Japanese).contains("平成30年度"));
    assert!(md(Era::Heisei).contains("平成33年度") && !md(Era::Heisei).contains("令和"));
}

#[test]
fn csv_encodings() {
    let utf8 = report::csv::layout_in(planned(), report::Text::new(Lang::Ja, Era::Western))
        .expect("layout");
    let bom = report::csv::encode(utf8.clone(), CsvEncoding::Utf8Bom, "layout.csv").unwrap();
    assert_eq!(&bom[..3], b"\xEF\xBB\xBF");
    assert_eq!(&bom[3..], &utf8[..]);
    let sjis = report::csv::encode(utf8.clone(), CsvEncoding::Cp932, "layout.csv").unwrap();
    let (back, _, bad) = encoding_rs::SHIFT_JIS.decode(&sjis);
    assert!(!bad);
    assert_eq!(back.as_bytes(), &utf8[..]);
    // A character Shift_JIS has no code for is an error naming it, never a `?`.
    let err =
        report::csv::encode("名前\n𠮷野家\n".as_bytes().to_vec(), CsvEncoding::Cp932, "x.csv")
            .unwrap_err();
    assert!(err.to_string().contains("U+20BB7"), "{err}");
    // English keeps plain UTF-8.
    assert!(!file(rendered(Lang::En), "layout.csv").starts_with(b"\xEF\xBB\xBF"));
    assert!(file(rendered(Lang::Ja), "layout.csv").starts_with(b"\xEF\xBB\xBF"));
}

#[test]
fn cli_lang_era_and_encoding() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("ja");
    let assert = consolidate()
        .args(["plan", FIXTURE, "--era", "heisei", "--csv-encoding", "cp932", "--out"])
        .arg(&out)
        .current_dir(root())
        .assert()
        .success();
    // The fixture says `language: ja`.
    let stdout = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
    assert!(stdout.contains("現行踏襲") && stdout.contains("平成33年度"), "{stdout}");
    let md = std::fs::read_to_string(out.join("report.md")).unwrap();
    assert!(md.contains("平成33年度"));
    let csv = std::fs::read(out.join("layout.csv")).unwrap();
    let (decoded, _, bad) = encoding_rs::SHIFT_JIS.decode(&csv);
    assert!(!bad && decoded.contains("住記-AP-1"));
    // --lang en overrides the inventory's language.
    let out_en = dir.path().join("en");
    let assert = consolidate()
        .args(["plan", FIXTURE, "--lang", "en", "--out"])
        .arg(&out_en)
        .current_dir(root())
        .assert()
        .success();
    let stdout = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
    assert!(stdout.contains("baseline") && stdout.contains("FY2017-FY2021"), "{stdout}");
}

/// The cluster lines of the summary put the host counts in one column whatever the width of
/// the names (a kanji takes two columns of a terminal).
#[test]
fn summary_is_aligned_by_display_width() {
    for t in [report::Text::EN, report::Text::new(Lang::Ja, Era::Western)] {
        let s = report::summary_text_with(planned(), t);
        let starts: Vec<usize> = s
            .lines()
            .filter(|l| l.starts_with("  ") && (l.contains("標準機")))
            .map(|l| {
                let name_end = l[2..].find("  ").expect("two spaces after the name") + 2;
                let rest = &l[name_end..];
                let pad = rest.len() - rest.trim_start().len();
                unicode_width::UnicodeWidthStr::width(&l[..name_end]) + pad
            })
            .collect();
        assert_eq!(starts.len(), 3, "{s}");
        assert!(starts.windows(2).all(|w| w[0] == w[1]), "misaligned:\n{s}");
    }
}

/// Every key the renderers name literally (`t.s("key")`, `t.f("key", …)`, `t.count(n, "one",
/// "many")`) is in the catalogue, so that no label falls back to `?`.
#[test]
fn every_key_the_renderers_use_is_in_the_catalogue() {
    use consolidate::report::i18n;
    let keys: std::collections::HashSet<&str> =
        i18n::catalogue(Lang::En).iter().map(|(k, _)| *k).collect();
    let mut used = Vec::new();
    let mut stack = vec![root().join("src/report")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") && !path.ends_with("i18n/mod.rs")
            {
                let source = std::fs::read_to_string(&path).unwrap();
                for pattern in [".s(\"", ".f(\"", ".f(\n"] {
                    for (i, _) in source.match_indices(pattern) {
                        let rest = source[i + pattern.len()..].trim_start();
                        let rest = rest.strip_prefix('"').unwrap_or(rest);
                        if let Some(end) = rest.find('"') {
                            used.push((path.clone(), rest[..end].to_string()));
                        }
                    }
                }
                for (i, _) in source.match_indices(".count(") {
                    let args = &source[i..source[i..].find(')').map_or(i, |e| i + e)];
                    // Count keys are named `n_…`; other literals there are roles.
                    for key in args.split('"').skip(1).step_by(2).filter(|k| k.starts_with("n_")) {
                        used.push((path.clone(), key.to_string()));
                    }
                }
            }
        }
    }
    assert!(used.len() > 200, "the scan finds the keys: {}", used.len());
    let missing: Vec<_> = used.iter().filter(|(_, k)| !keys.contains(k.as_str())).collect();
    assert!(missing.is_empty(), "keys not in the catalogue: {missing:?}");
}

/// A server's exclusion gives its own reason: an `exclude_reason` is kept in its own words
/// (behind "out of scope" in the chosen language), and the organisation sentence is used only
/// for a server left out for its organisation (`in_scope: false` with no reason).
#[test]
fn exclusion_reasons_are_each_servers_own() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("inventory.yaml");
    let retired = "  - {name: 旧-税-1, system: 市県民税, zone: 個人番号系, org: 市民税課, \
                   exclude_reason: 令和元年度に廃止予定, cores: 4, peak_cpu_pct: 10, memory_gb: 8, \
                   storage_gb: 100, renewal_fy: 2018, costs: {maintenance: 50000, power_w: 200, \
                   os_licence: 10000, renewal: 900000}}\n";
    let inventory = std::fs::read_to_string(root().join(FIXTURE)).unwrap() + retired;
    std::fs::write(&path, inventory).unwrap();
    let (_, r) = consolidate::commands::plan::load_and_plan(&path).expect("plans");
    for (lang, own, org) in [
        (
            Lang::En,
            "out of scope: 令和元年度に廃止予定",
            "organisation 市民病院 is to be discussed",
        ),
        (Lang::Ja, "対象外：令和元年度に廃止予定", "対象外：市民病院は別途検討"),
    ] {
        let files = report::render_all_with(&r, &ReportOptions::new(lang, Era::Western)).unwrap();
        for name in ["report.md", "report.html", "layout.csv"] {
            let t = text(&files, name);
            assert_has(&t, &[own, org], name);
            assert!(
                !t.contains("organisation 市民税課"),
                "{name}: the retired server's own reason"
            );
            assert!(!t.contains("市民税課は別途検討"), "{name}: the retired server's own reason");
        }
    }
}

/// `--chart-width` and `--dpi` on `plan` and `compare`: the PNGs come out that wide with that
/// resolution; a width out of range is a usage error (exit 2) and writes nothing.
#[test]
fn cli_chart_width_and_dpi() {
    let dir = tempfile::tempdir().unwrap();
    let width = |path: std::path::PathBuf| {
        let png = std::fs::read(&path).unwrap_or_else(|_| panic!("{} written", path.display()));
        u32::from_be_bytes(png[16..20].try_into().unwrap())
    };
    let out = dir.path().join("plan");
    consolidate()
        .args(["plan", FIXTURE, "--lang", "ja", "--chart-width", "120mm", "--dpi", "200"])
        .arg("--out")
        .arg(&out)
        .current_dir(root())
        .assert()
        .success();
    let expected = (120.0_f64 / 25.4 * 200.0).round() as u32;
    for f in ["cumulative.png", "utilisation.png", "timeofday.png"] {
        assert_eq!(width(out.join(f)), expected, "{f}");
    }
    let cmp = dir.path().join("compare");
    consolidate()
        .args(["compare", "inventories/tiny.yaml", FIXTURE, "--chart-width", "120", "--dpi", "200"])
        .arg("--out")
        .arg(&cmp)
        .current_dir(root())
        .assert()
        .success();
    assert_eq!(width(cmp.join("compare.png")), expected, "compare.png");
    let bad = dir.path().join("bad");
    consolidate()
        .args(["plan", FIXTURE, "--chart-width", "10mm", "--out"])
        .arg(&bad)
        .current_dir(root())
        .assert()
        .code(2);
    assert!(!bad.exists());
}

/// The workbook's Costs, Layout, Hosts and Purchases sheets (laid out from the shared table
/// model) read back with calamine in both languages: their names, whole-yen amounts equal to
/// the model's, one row per server and per host, and the totals as formulas with their values.
#[test]
fn the_workbook_table_sheets_read_back_with_formulas_in_both_languages() {
    use calamine::{Data, Reader, Xlsx};
    let r = planned();
    let number = |d: &Data| match d {
        Data::Float(x) => *x,
        Data::Int(x) => *x as f64,
        other => panic!("a number, not {other:?}"),
    };
    for (lang, costs_name, total) in [(Lang::En, "Costs", "Total"), (Lang::Ja, "費用", "合計")]
    {
        let t = report::Text::new(lang, Era::Western);
        let bytes = report::xlsx::render_in(r, t).expect("renders");
        let mut book: Xlsx<_> =
            calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).expect("opens");
        let names = report::xlsx::sheet_names(t);
        assert_eq!(book.sheet_names(), names.map(String::from).to_vec(), "{lang:?}");
        assert_eq!(names[1], costs_name, "{lang:?}");

        // Costs: three rows a year, whole yen, then after an empty row the totals by SUMIF.
        let costs = book.worksheet_range(names[1]).expect("costs sheet");
        let rows: Vec<&[Data]> = costs.rows().collect();
        let data = 3 * r.years.len();
        assert_eq!(rows.len(), 1 + data + 1 + 3, "{lang:?}");
        for (i, y) in r.years.iter().enumerate() {
            let plan = rows[1 + 3 * i + 1];
            assert_eq!(number(&plan[0]), f64::from(y.fy));
            assert_eq!(number(&plan[9]), y.plan.total.round(), "{lang:?} FY{} plan", y.fy);
            assert_eq!(number(&plan[10]), y.plan_cumulative.round());
        }
        assert!(rows[1 + data].iter().all(|d| *d == Data::Empty), "an empty row before totals");
        let plan_total = rows[1 + data + 2];
        assert_eq!(plan_total[0], Data::String(total.into()), "{lang:?}");
        assert_eq!(number(&plan_total[9]), r.summary.plan_total.round(), "{lang:?} cached");
        let formulas = book.worksheet_formula(names[1]).expect("formulas");
        let f = formulas.get_value((1 + data as u32 + 2, 9)).expect("a formula");
        let label = if lang == Lang::Ja { "計画" } else { "plan" };
        assert_eq!(f, &format!("SUMIF($B$2:$B${},\"{label}\",J2:J{})", 1 + data, 1 + data));

        // Layout: one row per server of the layout CSV, demands as numbers.
        let layout = book.worksheet_range(names[2]).expect("layout sheet");
        let csv = report::csv::layout_in(r, t).expect("layout.csv");
        let mut reader = ::csv::Reader::from_reader(csv.as_slice());
        let records: Vec<::csv::StringRecord> = reader.records().map(|x| x.unwrap()).collect();
        assert_eq!(layout.rows().count(), 1 + records.len(), "{lang:?}");
        for (row, rec) in layout.rows().skip(1).zip(&records) {
            assert_eq!(row[3], Data::String(rec[3].to_string()), "the server");
            assert_eq!(number(&row[7]), rec[7].parse::<f64>().unwrap(), "cpu as a number");
        }

        // Hosts: one row per host.
        let hosts: usize = r.clusters.iter().map(|c| c.hosts.len()).sum();
        let sheet = book.worksheet_range(names[3]).expect("hosts sheet");
        assert_eq!(sheet.rows().count(), 1 + hosts, "{lang:?}");

        // Purchases: the total of hosts bought as a SUM formula.
        let bought: usize = r.clusters.iter().map(|c| c.hosts.len()).sum();
        let sheet = book.worksheet_range(names[4]).expect("purchases sheet");
        let rows: Vec<&[Data]> = sheet.rows().collect();
        let last = rows.last().expect("a total row");
        assert_eq!(number(&last[4]), bought as f64, "{lang:?}: every host is bought once");
        let formulas = book.worksheet_formula(names[4]).expect("formulas");
        let n = rows.len() - 2;
        let f = formulas.get_value((n as u32 + 1, 4)).expect("a formula");
        assert_eq!(f, &format!("SUM(E2:E{n})"), "{lang:?}");
    }
}
