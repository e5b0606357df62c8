//! What a phone meets first: each app's size, and Lighthouse's mobile preset on the portal's
//! home, sign-in page and a tracking link.
//!
//! `cargo bench --bench first_load` (part of `make bench`, after `make client`)
//!
//! Prints, for each app in `dist/`, its files as the server sends them (the brotli twins `make`
//! writes). Then starts the real server binary (release) on a fresh SQLite file with the
//! demo data and the built apps, checks the demo customer's car in as the advisor to get a real
//! tracking link, and runs Lighthouse (`.tools/node_modules/.bin/lighthouse`, installed by
//! `make bench`; Debian's Chromium) `RUNS` times per page with its default mobile preset
//! (simulated slow 4G, 4× slower CPU). Prints the median performance score, largest contentful
//! paint, first contentful paint, total blocking time, layout shift, bytes transferred, the
//! WebAssembly + JavaScript among them (`code`: the portal's main module and the page's own;
//! the end-to-end specs hold it to the budget) and the accessibility score. Timings are measurements, not tests: nothing here fails on a number.

#[path = "support/mod.rs"]
mod support;

use std::path::Path;
use std::process::{Command, ExitCode};
use support::{advisor_and_order, Server};

const RUNS: usize = 3;
/// The apps as `make client` leaves them. (Their budgets live in `end2end/support/bundles.ts`,
/// where the specs enforce them.)
const APPS: [(&str, &str); 2] = [("portal", "dist/portal"), ("console", "dist/console")];

/// The files of one built app: name, raw bytes, brotli bytes (its `.br` twin).
fn app_files(dir: &Path) -> Vec<(String, u64, u64)> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<_> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            matches!(
                p.extension().and_then(|e| e.to_str()),
                Some("wasm" | "pack" | "js" | "css" | "html")
            )
        })
        .map(|p| {
            let size = |p: &Path| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0);
            let twin = Path::new(&format!("{}.br", p.display())).to_path_buf();
            let name = p.file_name().unwrap_or_default().to_string_lossy().into();
            (name, size(&p), size(&twin))
        })
        .collect();
    files.sort();
    files
}

/// WebAssembly (a module, or a pack of the portal's modules) or JavaScript.
fn is_code(name: &str) -> bool {
    [".wasm", ".pack", ".js"].iter().any(|e| name.ends_with(e))
}

fn print_sizes() -> bool {
    let mut built = true;
    for (app, dir) in APPS {
        let files = app_files(Path::new(dir));
        if files.is_empty() {
            println!("{app}: {dir}/ not built (run `make client` first)");
            built = false;
            continue;
        }
        for (name, raw, brotli) in &files {
            println!("{app}: {name:<36} {raw:>9} bytes raw {brotli:>8} bytes brotli");
        }
        let code: u64 = files
            .iter()
            .filter(|(name, ..)| is_code(name))
            .map(|(_, _, brotli)| brotli)
            .sum();
        println!(
            "{app}: WebAssembly + JavaScript, all files: {:.1} KB brotli (KB = 1,000 bytes; \
             a portal page loads the main module and its group's pack: `code` below)\n",
            code as f64 / 1000.0
        );
    }
    built
}

/// One Lighthouse run's figures.
#[derive(Clone, Copy, Default)]
struct Run {
    performance: f64,
    lcp_ms: f64,
    fcp_ms: f64,
    tbt_ms: f64,
    cls: f64,
    bytes: f64,
    /// WebAssembly and JavaScript as sent (the main module and the page's own modules).
    code_bytes: f64,
    accessibility: f64,
}

fn lighthouse(url: &str, out: &Path) -> Option<Run> {
    let status = Command::new(".tools/node_modules/.bin/lighthouse")
        .arg(url)
        .args([
            "--quiet",
            "--only-categories=performance,accessibility",
            "--output=json",
            "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run",
        ])
        .arg(format!("--output-path={}", out.display()))
        .env("CHROME_PATH", "/usr/bin/chromium")
        .status()
        .ok()?;
    if !status.success() {
        return None;
    }
    let report: serde_json::Value = serde_json::from_slice(&std::fs::read(out).ok()?).ok()?;
    let audit = |id: &str| {
        report["audits"][id]["numericValue"]
            .as_f64()
            .unwrap_or(f64::NAN)
    };
    let score = |id: &str| {
        report["categories"][id]["score"]
            .as_f64()
            .unwrap_or(f64::NAN)
            * 100.0
    };
    let code_bytes = report["audits"]["network-requests"]["details"]["items"]
        .as_array()
        .map(|items| {
            items
                .iter()
                .filter(|i| {
                    let url = i["url"].as_str().unwrap_or_default();
                    is_code(url)
                })
                .filter_map(|i| i["transferSize"].as_f64())
                .sum()
        })
        .unwrap_or(f64::NAN);
    Some(Run {
        performance: score("performance"),
        lcp_ms: audit("largest-contentful-paint"),
        fcp_ms: audit("first-contentful-paint"),
        tbt_ms: audit("total-blocking-time"),
        cls: audit("cumulative-layout-shift"),
        bytes: audit("total-byte-weight"),
        code_bytes,
        accessibility: score("accessibility"),
    })
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

#[tokio::main]
async fn main() -> ExitCode {
    if !print_sizes() {
        return ExitCode::FAILURE;
    }
    if !Path::new(".tools/node_modules/.bin/lighthouse").exists() {
        println!("lighthouse: not installed (make bench installs it into .tools/)");
        return ExitCode::FAILURE;
    }
    let dir = std::env::temp_dir().join(format!(
        "aftersales-first-load-{}",
        uuid::Uuid::new_v4().simple()
    ));
    std::fs::create_dir_all(&dir).expect("a temporary directory");
    let database = format!("sqlite://{}", dir.join("bench.db").display());
    let server = Server::start_serving(&database, "dist").await;
    let (_, _, token) = advisor_and_order(&server).await;

    println!(
        "Lighthouse {RUNS}× per page, mobile preset (simulated slow 4G, 4× CPU), medians:\n\
         {:<12} {:>5} {:>8} {:>8} {:>8} {:>6} {:>9} {:>9} {:>5}",
        "page", "perf", "LCP", "FCP", "TBT", "CLS", "bytes", "code", "a11y"
    );
    for (page, path) in [
        ("home", "/".to_string()),
        ("sign-in", "/login".to_string()),
        ("tracking", format!("/track/{token}")),
    ] {
        let runs: Vec<Run> = (0..RUNS)
            .filter_map(|i| {
                lighthouse(
                    &format!("{}{path}", server.address),
                    &dir.join(format!("{page}-{i}.json")),
                )
            })
            .collect();
        if runs.is_empty() {
            println!("{page:<12} lighthouse failed");
            continue;
        }
        let m = |f: fn(&Run) -> f64| median(runs.iter().map(f).collect());
        println!(
            "{page:<12} {:>5.0} {:>6.2} s {:>6.2} s {:>5.0} ms {:>6.3} {:>6.0} kB {:>6.0} kB {:>5.0}",
            m(|r| r.performance),
            m(|r| r.lcp_ms) / 1000.0,
            m(|r| r.fcp_ms) / 1000.0,
            m(|r| r.tbt_ms),
            m(|r| r.cls),
            m(|r| r.bytes) / 1000.0,
            m(|r| r.code_bytes) / 1000.0,
            m(|r| r.accessibility),
        );
    }
    drop(server);
    // FIRST_LOAD_KEEP=1 keeps Lighthouse's reports (what the largest paint was, and its chain).
    if std::env::var_os("FIRST_LOAD_KEEP").is_some() {
        println!("Lighthouse's reports: {}", dir.display());
    } else {
        std::fs::remove_dir_all(&dir).ok();
    }
    ExitCode::SUCCESS
}
