//! The bill of materials reconciles with the cost projection of the same plan: for every fiscal
//! year, the plan's hardware, licences and maintenance in `years` are the bill's lines plus
//! what the servers still on their own hardware cost, recomputed here from the inventory. No
//! figure is written down: a bill that drops, doubles or misprices a line fails.

use consolidate::commands::plan::planner_engine;
use consolidate::inventory::Inventory;
use consolidate::pack::PackOptions;
use consolidate::plan::{self, BomKind, BomLine, PlanResult};
use consolidate::report::{self, CsvEncoding, Era, Lang, OutputFile, ReportOptions, Text};

mod common;

fn planned(file: &str) -> (Inventory, PlanResult) {
    let loaded = consolidate::inventory::load(&common::root().join(file)).expect("inventory");
    let inv = loaded.inventory;
    let result = plan::plan(&inv, &planner_engine(), &PackOptions::default()).expect("plan");
    (inv, result)
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-6 * a.abs().max(b.abs()).max(1.0)
}

/// Sum of `f` over the bill's lines of the kinds given that satisfy `when`.
fn bill(
    r: &PlanResult,
    kinds: &[BomKind],
    when: impl Fn(&BomLine) -> bool,
    f: impl Fn(&BomLine) -> f64,
) -> f64 {
    r.bom.iter().filter(|l| kinds.contains(&l.kind) && when(l)).map(f).sum()
}

fn check(file: &str) {
    let (inv, r) = planned(file);
    assert!(!r.bom.is_empty(), "{file}: a plan that buys hosts has a bill");
    let kit = [BomKind::Host, BomKind::Storage];
    for y in &r.years {
        let fy = y.fy;
        // Servers on their own hardware this year: those staying physical, and movers before
        // their move year. Only those staying physical are renewed in the plan.
        let own = |i: usize| {
            let row = &r.servers[i];
            row.in_scope && (row.stays_physical || row.move_fy.is_some_and(|m| fy < m))
        };
        let on_own: Vec<usize> = (0..inv.servers.len()).filter(|&i| own(i)).collect();
        let renewals: f64 = on_own
            .iter()
            .filter(|&&i| r.servers[i].stays_physical && inv.servers[i].renewal_fy == fy)
            .map(|&i| inv.servers[i].costs.renewal)
            .sum();
        let os: f64 = on_own.iter().map(|&i| inv.servers[i].costs.os_licence).sum();
        let maintenance: f64 = on_own.iter().map(|&i| inv.servers[i].costs.maintenance).sum();

        let bought = bill(&r, &kit, |l| l.fy == fy, |l| l.amount);
        assert!(
            close(y.plan.hardware, renewals + bought),
            "{file} FY{fy}: hardware {} ≠ renewals {renewals} + bill {bought}",
            y.plan.hardware
        );
        let once = bill(&r, &[BomKind::Licence], |l| l.fy == fy, |l| l.amount);
        let yearly = bill(&r, &[BomKind::Licence], |l| l.fy <= fy, |l| l.annual_amount);
        assert!(
            close(y.plan.licences, os + once + yearly),
            "{file} FY{fy}: licences {} ≠ OS {os} + bill {once} + subscriptions {yearly}",
            y.plan.licences
        );
        let upkeep = bill(&r, &kit, |l| l.fy <= fy, |l| l.annual_amount);
        assert!(
            close(y.plan.maintenance, maintenance + upkeep),
            "{file} FY{fy}: maintenance {} ≠ servers {maintenance} + bill {upkeep}",
            y.plan.maintenance
        );
    }
    // Hosts on the bill are the hosts of the layout, year by year and site by site.
    for c in &r.clusters {
        for h in &c.hosts {
            let on_bill = bill(
                &r,
                &[BomKind::Host],
                |l| l.fy == h.bought_fy && l.site == c.site && l.item == h.model,
                |l| l.quantity,
            );
            let in_layout = r
                .clusters
                .iter()
                .filter(|o| o.site == c.site)
                .flat_map(|o| &o.hosts)
                .filter(|o| o.bought_fy == h.bought_fy && o.model == h.model)
                .count();
            assert_eq!(
                on_bill, in_layout as f64,
                "{file}: {} {} at {}",
                h.model, h.bought_fy, c.site
            );
        }
    }
    // Per-core licences come in whole 2-core packs covering every unit.
    for l in r.bom.iter().filter(|l| l.packs.is_some()) {
        let packs = l.packs.unwrap_or(0) as f64;
        assert!(
            packs * 2.0 >= l.quantity
                && packs * 2.0 < l.quantity + 2.0 * l.hosts.unwrap_or(0) as f64
        );
    }
}

#[test]
fn the_sample_bill_reconciles_with_its_projection() {
    check("inventories/gifu-2018.yaml");
}

#[test]
fn a_bill_bought_year_by_year_reconciles_with_its_projection() {
    check("inventories/scenarios/gifu-2018-as-needed.yaml");
}

#[test]
fn the_bill_is_in_plan_json_and_an_old_plan_json_without_it_still_reads() {
    let (_, r) = planned("inventories/tiny.yaml");
    let mut json = serde_json::to_value(&r).expect("serialises");
    assert_eq!(json["bom"].as_array().map(Vec::len), Some(r.bom.len()));
    json.as_object_mut().expect("object").remove("bom");
    let old: PlanResult = serde_json::from_value(json).expect("reads without bom");
    assert!(old.bom.is_empty());
}

/// The rendered files of the sample plan in a language and CSV encoding.
fn rendered(lang: Lang, csv: CsvEncoding) -> (PlanResult, Vec<OutputFile>) {
    let (_, r) = planned("inventories/gifu-2018.yaml");
    let options = ReportOptions { csv, ..ReportOptions::new(lang, Era::Western) };
    let files = report::render_all_with(&r, &options).expect("renders");
    (r, files)
}

fn bytes<'a>(files: &'a [OutputFile], name: &str) -> &'a [u8] {
    &files.iter().find(|f| f.name == name).unwrap_or_else(|| panic!("{name} written")).bytes
}

#[test]
fn bom_csv_has_one_row_per_line_in_every_encoding() {
    let (r, files) = rendered(Lang::En, CsvEncoding::Utf8);
    let text = String::from_utf8(bytes(&files, "bom.csv").to_vec()).expect("UTF-8");
    let mut reader = ::csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> =
        reader.headers().expect("header").iter().map(str::to_string).collect();
    assert_eq!(header, report::bom::COLUMNS);
    let rows: Vec<::csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    assert_eq!(rows.len(), r.bom.len());
    let amount: f64 = rows.iter().map(|row| row[9].parse::<f64>().expect("amount")).sum();
    let expected: f64 = r.bom.iter().map(|l| l.amount).sum();
    assert!(close(amount, expected), "{amount} vs {expected}");
    assert!(rows.iter().any(|row| &row[2] == "licence" && &row[5] == "core" && !row[6].is_empty()));

    let (_, ja) = rendered(Lang::Ja, CsvEncoding::Utf8Bom);
    let with_bom = bytes(&ja, "bom.csv");
    assert_eq!(&with_bom[..3], b"\xEF\xBB\xBF");
    let ja_text = std::str::from_utf8(&with_bom[3..]).expect("UTF-8");
    assert!(ja_text.starts_with("年度,拠点,区分,機種・製品,数量"), "{ja_text}");
    assert!(ja_text.contains(",仮想化基盤サーバ,") && ja_text.contains(",コア,"));
    let (_, sjis) = rendered(Lang::Ja, CsvEncoding::Cp932);
    let (decoded, _, bad) = encoding_rs::SHIFT_JIS.decode(bytes(&sjis, "bom.csv"));
    assert!(!bad && decoded == ja_text, "Shift_JIS holds the same text");
}

#[test]
fn the_workbook_has_a_bom_sheet_that_reads_back() {
    use calamine::{Data, Reader, Xlsx};
    for lang in [Lang::En, Lang::Ja] {
        let (r, files) = rendered(lang, CsvEncoding::Utf8);
        let cursor = std::io::Cursor::new(bytes(&files, "plan.xlsx").to_vec());
        let mut book: Xlsx<_> = calamine::open_workbook_from_rs(cursor).expect("opens");
        let name = report::xlsx::sheet_names(Text::new(lang, Era::Western))[9];
        let range = book.worksheet_range(name).expect("BOM sheet");
        let rows: Vec<&[Data]> = range.rows().collect();
        assert_eq!(rows.len(), 1 + r.bom.len(), "{lang:?}: a header and one row per line");
        let number = |d: &Data| match d {
            Data::Float(x) => *x,
            Data::Int(x) => *x as f64,
            other => panic!("a number, not {other:?}"),
        };
        for (row, line) in rows[1..].iter().zip(&r.bom) {
            assert_eq!(number(&row[0]), f64::from(line.fy));
            assert_eq!(row[1], Data::String(line.site.clone()));
            assert!((number(&row[4]) - line.quantity).abs() < 1e-9);
            assert_eq!(number(&row[9]), line.amount.round(), "whole yen");
        }
    }
}

#[test]
fn the_report_has_the_bill_in_both_languages() {
    for (lang, needles) in [
        (Lang::En, ["## Bill of materials", "Bought in FY2018", "Windows Server 2016 Datacenter"]),
        (Lang::Ja, ["## 調達内訳（部品表）", "2018年度の調達", "仮想化基盤サーバ"]),
    ] {
        let (r, files) = rendered(lang, CsvEncoding::Utf8);
        let md = String::from_utf8(bytes(&files, "report.md").to_vec()).expect("UTF-8");
        let html = String::from_utf8(bytes(&files, "report.html").to_vec()).expect("UTF-8");
        for n in needles {
            assert!(md.contains(n), "{lang:?} md: {n}");
            assert!(html.contains(&n.trim_start_matches("## ").to_string()), "{lang:?} html: {n}");
        }
        // The year's total row carries the bill's one-time total, as the money is written.
        let m = report::format::Money::with_text("JPY", Text::new(lang, Era::Western));
        for (fy, once, _) in consolidate::cost::bom::totals_by_year(&r.bom) {
            assert!(md.contains(&format!("**{}**", m.amount(once))), "{lang:?} FY{fy} total");
        }
    }
}
