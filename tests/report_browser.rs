//! `report.html` in a real browser: headless Chromium opens the report of the Gifu sample in
//! English and in Japanese, with no console message, renders the expected text (read back from
//! the DOM it built) and paints a screenshot with ink in every part of the page.
//!
//! Chromium is Debian's `chromium` (or `$CONSOLIDATE_CHROMIUM`). Without it the test says
//! `SKIPPED` on the terminal and passes, unless `CONSOLIDATE_REQUIRE_CHROMIUM` is set (as
//! `.ci/run` does after installing it), where its absence fails.

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::root;
use consolidate::report::{Era, Lang, Text, html};

/// How long one Chromium run may take.
const TIMEOUT: Duration = Duration::from_secs(90);

/// The browser: `$CONSOLIDATE_CHROMIUM`, else the first of the usual names on `PATH`.
fn chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("CONSOLIDATE_CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    let path = std::env::var_os("PATH")?;
    for dir in std::env::split_paths(&path) {
        for name in ["chromium", "chromium-browser", "google-chrome"] {
            let candidate = dir.join(name);
            if candidate.is_file() {
                return Some(candidate);
            }
        }
    }
    None
}

/// What one headless run gave: the DOM after load, the console lines, the screenshot.
struct Run {
    dom: String,
    console: Vec<String>,
    screenshot: Option<Vec<u8>>,
}

/// Opens `page` in a fresh profile, dumping the DOM or taking a screenshot.
fn open(browser: &Path, page: &Path, work: &Path, screenshot: bool) -> Run {
    let profile = tempfile::tempdir_in(work).expect("profile dir");
    let shot = work.join(format!("{}.png", page.file_stem().unwrap().to_string_lossy()));
    let mut cmd = Command::new(browser);
    cmd.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--enable-logging=stderr",
        "--v=0",
        "--window-size=1200,2400",
    ])
    .arg(format!("--user-data-dir={}", profile.path().display()));
    if screenshot {
        cmd.arg(format!("--screenshot={}", shot.display()));
    } else {
        cmd.arg("--dump-dom");
    }
    cmd.arg(format!("file://{}", page.display()));
    let out_path = work.join("stdout.txt");
    let err_path = work.join("stderr.txt");
    cmd.stdout(Stdio::from(std::fs::File::create(&out_path).unwrap()))
        .stderr(Stdio::from(std::fs::File::create(&err_path).unwrap()));
    let mut child = cmd.spawn().expect("chromium starts");
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if start.elapsed() > TIMEOUT {
            let _ = child.kill();
            panic!("chromium took more than {TIMEOUT:?} on {}", page.display());
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    assert!(status.success(), "chromium failed on {}", page.display());
    let stderr = std::fs::read_to_string(&err_path).unwrap_or_default();
    Run {
        dom: std::fs::read_to_string(&out_path).unwrap_or_default(),
        console: stderr.lines().filter(|l| l.contains(":CONSOLE")).map(str::to_string).collect(),
        screenshot: screenshot.then(|| std::fs::read(&shot).expect("screenshot written")),
    }
}

/// Share of non-white pixels in each of `bands` horizontal bands of a PNG.
fn ink_by_band(png: &[u8], bands: usize) -> Vec<f64> {
    let decoder = png::Decoder::new(std::io::Cursor::new(png));
    let mut reader = decoder.read_info().expect("PNG");
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).expect("frame");
    let channels = info.color_type.samples();
    let (w, h) = (info.width as usize, info.height as usize);
    let mut ink = vec![0usize; bands];
    for y in 0..h {
        for x in 0..w {
            let p = &buf[(y * w + x) * channels..][..3];
            if p.iter().any(|&c| c < 230) {
                ink[y * bands / h] += 1;
            }
        }
    }
    let per_band = (w * h / bands) as f64;
    ink.iter().map(|&n| n as f64 / per_band).collect()
}

/// Writes to the terminal past the test harness's capture, so a skip is seen.
fn say(line: &str) {
    let _ = writeln!(std::io::stderr(), "{line}");
}

#[test]
fn report_html_renders_in_chromium_in_both_languages() {
    let Some(browser) = chromium() else {
        if std::env::var_os("CONSOLIDATE_REQUIRE_CHROMIUM").is_some() {
            panic!("CONSOLIDATE_REQUIRE_CHROMIUM is set but no chromium was found");
        }
        say("SKIPPED report_html_renders_in_chromium_in_both_languages: no chromium on PATH \
             (apt-get install chromium, or set CONSOLIDATE_CHROMIUM)");
        return;
    };
    let work = tempfile::tempdir().unwrap();

    // The detection of console messages works: a page with a script error is caught.
    let bad = work.path().join("bad.html");
    std::fs::write(&bad, "<html><body><script>console.error('x'); nope();</script></body></html>")
        .unwrap();
    assert!(!open(&browser, &bad, work.path(), false).console.is_empty());

    let inventory = root().join("inventories/gifu-2018.yaml");
    let (_, plan) = consolidate::commands::plan::load_and_plan(&inventory).expect("sample plans");
    let cases = [
        (Lang::En, vec!["Summary", "Clusters and hosts", "Cost by fiscal year", "FY2021"]),
        (Lang::Ja, vec!["概要", "クラスタとホスト", "年度別の費用", "削減効果", "2021年度"]),
    ];
    for (lang, expected) in cases {
        let page = work.path().join(format!("report-{}.html", lang.code()));
        std::fs::write(&page, html::render_in(&plan, Text::new(lang, Era::Western)).unwrap())
            .unwrap();
        let run = open(&browser, &page, work.path(), false);
        assert!(run.console.is_empty(), "console messages ({lang:?}): {:?}", run.console);
        assert!(run.dom.contains(&format!("<html lang=\"{}\">", lang.code())), "{lang:?}");
        for text in expected {
            assert!(run.dom.contains(text), "rendered page ({lang:?}) lacks {text:?}");
        }
        assert!(run.dom.matches("<svg").count() >= 5, "the charts are inlined ({lang:?})");
        let shot = open(&browser, &page, work.path(), true).screenshot.unwrap();
        let ink = ink_by_band(&shot, 6);
        assert!(ink.iter().all(|&share| share > 0.01), "blank part of the page: {ink:?}");
        assert!(ink.iter().all(|&share| share < 0.9), "page painted over: {ink:?}");
    }
}
