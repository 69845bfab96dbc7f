//! Renders the fixtures into a folder for people to look at:
//! `REPORT_SAMPLES=/tmp/report-samples cargo test --test report_samples -- --ignored`.

mod report_support;

use std::path::PathBuf;

#[test]
#[ignore = "writes sample outputs into $REPORT_SAMPLES for inspection"]
fn render_samples() {
    let dir =
        PathBuf::from(std::env::var("REPORT_SAMPLES").unwrap_or("/tmp/report-samples".into()));
    for (name, r) in [
        ("small", report_support::small()),
        ("large", report_support::large(3, 14)),
        ("empty", report_support::empty()),
    ] {
        let written = consolidate::report::write_all(&r, &dir.join(name)).expect("write samples");
        assert!(!written.is_empty());
    }
}

#[test]
#[ignore = "prints the stdout summary of the fixture"]
fn print_summary() {
    print!("{}", consolidate::report::summary_text(&report_support::small()));
}
