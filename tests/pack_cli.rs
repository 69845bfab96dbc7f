//! `consolidate pack` and `consolidate harness` from the outside: JSON shape, text summary,
//! exit code 2 with file:line on malformed files.

use assert_cmd::Command;
use predicates::prelude::*;
use std::io::Write;

fn vbp(text: &str) -> tempfile::NamedTempFile {
    let mut f = tempfile::Builder::new().suffix(".vbp").tempfile().expect("temp file");
    f.write_all(text.as_bytes()).expect("write");
    f
}

const SMALL: &str = "2\n10 10\n4\n6 1 2\n1 6 2\n5 5 1\n3 3 1\n";

#[test]
fn json_has_the_documented_shape_and_every_item_once() {
    let f = vbp(SMALL);
    let out = Command::cargo_bin("consolidate")
        .unwrap()
        .args(["pack", f.path().to_str().unwrap(), "--json", "--time-limit", "2"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(text.trim().lines().count(), 1, "exactly one JSON object: {text}");
    let v: serde_json::Value = serde_json::from_str(text.trim()).unwrap();
    let obj = v.as_object().unwrap();
    let mut keys: Vec<&str> = obj.keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(keys, ["bins", "bins_used", "lower_bound", "proven_optimal", "seconds"]);
    let bins = v["bins"].as_array().unwrap();
    assert_eq!(v["bins_used"].as_u64().unwrap() as usize, bins.len());
    let mut seen: Vec<u64> = bins
        .iter()
        .flat_map(|b| b.as_array().unwrap().iter().map(|x| x.as_u64().unwrap()))
        .collect();
    seen.sort_unstable();
    assert_eq!(seen, (0..6).collect::<Vec<u64>>(), "items 0..6 exactly once");
    // (6,1)+(1,6) twice, (5,5)+(3,3): 3 bins, and the bound proves it.
    assert_eq!(v["bins_used"], 3);
    assert_eq!(v["lower_bound"], 3);
    assert_eq!(v["proven_optimal"], true);
    assert!(v["seconds"].as_f64().unwrap() >= 0.0);
}

#[test]
fn text_mode_prints_a_summary() {
    let f = vbp(SMALL);
    Command::cargo_bin("consolidate")
        .unwrap()
        .args(["pack", f.path().to_str().unwrap()])
        .assert()
        .success()
        .stdout(predicate::str::contains("bins used:    3"))
        .stdout(predicate::str::contains("proven optimal"));
}

#[test]
fn malformed_files_exit_2_with_file_and_line() {
    let f = vbp("2\n10 10\n2\n6 1 2\n1 x 2\n");
    let path = f.path().to_str().unwrap().to_string();
    Command::cargo_bin("consolidate")
        .unwrap()
        .args(["pack", &path])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(format!("{path}:5:3")))
        .stderr(predicate::str::contains("demand 2 of 2"));
    let f = vbp("1\n10\n1\n11 1\n");
    let path = f.path().to_str().unwrap().to_string();
    Command::cargo_bin("consolidate")
        .unwrap()
        .args(["pack", &path, "--json"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(format!("{path}:4:1")))
        .stderr(predicate::str::contains("exceeds the bin capacity"));
    Command::cargo_bin("consolidate")
        .unwrap()
        .args(["pack", "/nonexistent/file.vbp"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("/nonexistent/file.vbp"));
}

#[test]
fn harness_reports_a_set_against_its_optima() {
    let dir = tempfile::tempdir().unwrap();
    let set = dir.path().join("bpp").join("tiny");
    std::fs::create_dir_all(&set).unwrap();
    std::fs::write(set.join("a.vbp"), "1\n10\n3\n6 1\n4 1\n5 2\n").unwrap();
    std::fs::write(set.join("b.vbp"), SMALL).unwrap();
    std::fs::write(
        dir.path().join("optima.csv"),
        "set,instance,file,n_items,dims,capacity,lb,ub,proven_optimal,trivial_lb,source,note\n\
         tiny,a,bpp/tiny/a.vbp,4,1,10,2,2,yes,2,test,\n\
         tiny,b,bpp/tiny/b.vbp,6,2,10 10,3,3,yes,3,test,\n",
    )
    .unwrap();
    Command::cargo_bin("consolidate")
        .unwrap()
        .args(["harness", set.to_str().unwrap(), "--time-limit", "1"])
        .assert()
        .success()
        .stdout(predicate::str::contains("| tiny | 2 | 2 | 2 |"))
        .stdout(predicate::str::contains("0 instance(s) with errors"));
}
