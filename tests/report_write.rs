//! `write_all`: every file written, the folder replaced as a whole, nothing left behind on
//! failure.

mod report_support;

use std::fs;
use std::path::Path;

use consolidate::Error;
use consolidate::report;

/// Names in a folder, sorted.
fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into())
        .collect();
    names.sort();
    names
}

#[test]
fn writes_every_file_and_leaves_no_staging_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out").join("fixture");
    let r = report_support::small();
    let written = report::write_all(&r, &out).expect("written");

    let rendered = report::render_all(&r).unwrap();
    assert_eq!(written.len(), rendered.len());
    for (path, f) in written.iter().zip(&rendered) {
        assert_eq!(path, &out.join(&f.name));
        assert_eq!(fs::read(path).unwrap(), f.bytes, "{}", f.name);
    }
    let mut names: Vec<String> = rendered.iter().map(|f| f.name.clone()).collect();
    names.sort();
    assert_eq!(entries(&out), names);
    assert_eq!(entries(&tmp.path().join("out")), ["fixture"], "no staging or old folder left");
}

#[test]
fn replaces_an_existing_output_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("plan");
    report::write_all(&report_support::empty(), &out).unwrap();
    let before = fs::read(out.join("plan.json")).unwrap();

    let r = report_support::small();
    report::write_all(&r, &out).unwrap();
    let after = fs::read(out.join("plan.json")).unwrap();
    assert_ne!(before, after);
    let v: serde_json::Value = serde_json::from_slice(&after).unwrap();
    assert_eq!(v["summary"]["plan_total"].as_f64(), Some(r.summary.plan_total));
    assert_eq!(entries(tmp.path()), ["plan"]);

    // An empty folder is replaced too.
    let empty = tmp.path().join("empty");
    fs::create_dir(&empty).unwrap();
    report::write_all(&r, &empty).unwrap();
    assert!(empty.join("report.md").is_file());
}

#[test]
fn a_folder_with_files_it_did_not_write_is_left_alone() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("notes");
    fs::create_dir(&out).unwrap();
    fs::write(out.join("mine.txt"), "keep me").unwrap();
    let err = report::write_all(&report_support::small(), &out).unwrap_err();
    match &err {
        Error::Io { path, source } => {
            assert_eq!(path, &out);
            assert!(source.to_string().contains("mine.txt"), "{source}");
        }
        other => panic!("expected Error::Io, got {other:?}"),
    }
    assert_eq!(err.exit_code(), 1);
    assert_eq!(entries(&out), ["mine.txt"]);
    assert_eq!(entries(tmp.path()), ["notes"]);
}

#[test]
fn a_folder_under_a_regular_file_fails_with_io_and_leaves_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let blocker = tmp.path().join("file.txt");
    fs::write(&blocker, "not a folder").unwrap();
    let out = blocker.join("out");
    let err = report::write_all(&report_support::small(), &out).unwrap_err();
    assert!(matches!(err, Error::Io { .. }), "{err:?}");
    assert_eq!(entries(tmp.path()), ["file.txt"]);
    assert_eq!(fs::read_to_string(&blocker).unwrap(), "not a folder");
}

#[test]
fn an_existing_regular_file_is_not_replaced() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("report");
    fs::write(&out, "a file").unwrap();
    let err = report::write_all(&report_support::small(), &out).unwrap_err();
    assert!(matches!(&err, Error::Io { path, .. } if path == &out), "{err:?}");
    assert_eq!(fs::read_to_string(&out).unwrap(), "a file");
    assert_eq!(entries(tmp.path()), ["report"]);
}

#[test]
fn a_failure_while_writing_keeps_the_previous_output_and_removes_the_staging_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("plan");
    let r = report_support::small();
    report::write_all(&r, &out).unwrap();
    let before = fs::read(out.join("report.md")).unwrap();

    // New contents, and a last file that cannot be created (its folder does not exist): the
    // write fails after the others were written into the staging folder.
    let mut files = report::render_all(&report_support::empty()).unwrap();
    files.iter_mut().for_each(|f| f.bytes = b"new".to_vec());
    files.push(report::OutputFile::new("missing/plan.json", "{}"));
    let err = report::write_files(&files, &out).unwrap_err();
    match &err {
        Error::Io { path, .. } => assert!(path.ends_with("missing/plan.json"), "{path:?}"),
        other => panic!("expected Error::Io, got {other:?}"),
    }
    assert_eq!(fs::read(out.join("report.md")).unwrap(), before, "previous output untouched");
    assert_eq!(entries(tmp.path()), ["plan"], "staging folder removed");
}

/// A plan without day profiles written over one that had them: the old time-of-day chart is
/// not a foreign file (it was ours), and it is gone afterwards.
#[test]
fn a_plan_without_profiles_replaces_one_with_its_time_of_day_chart() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("plan");
    report::write_all(&report_support::small(), &out).unwrap();
    assert!(out.join("timeofday.png").exists());
    let mut r = report_support::small();
    for c in &mut r.clusters {
        c.time_of_day = false;
        for h in &mut c.hosts {
            h.cpu_by_hour_pct = None;
        }
    }
    report::write_all(&r, &out).unwrap();
    assert!(!out.join("timeofday.png").exists() && !out.join("timeofday.svg").exists());
    assert!(out.join("utilisation.png").exists());
}
