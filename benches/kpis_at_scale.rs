//! The performance pages and the boards at scale, on SQLite and on PostgreSQL.
//!
//! `cargo bench --bench kpis_at_scale` (`BENCH_ORDERS`, default 1,000,000; PostgreSQL when
//! `TEST_POSTGRES_URL` is set, in a database of its own that is made afresh; `BENCH_REUSE=1`
//! measures the databases the last run left instead of writing them again)
//!
//! For each database: writes the demo group and `BENCH_ORDERS` delivered orders over two years
//! (`aftersales demo-history`, timed), starts the release server on it, and as headquarters
//! asks for the last full quarter's dashboard at group scope, a month's drill-down, a figure's
//! trend (twelve months), the quarter's fault frequency and its scorecards (sequentially,
//! after a warm-up) and
//! the dispatch board as the advisor; then 200 readers at
//! once read an order's tracking view, and the same 200 read `/healthz`, for a few seconds
//! each. Prints the p50 and p95 latencies and the request rates. Goals (issue 14): the
//! dashboard p95 ≤ 300 ms, a drill-down ≤ 100 ms, tracking reads at least half `/healthz`'s
//! rate. Timings are the bench's, never a test's.

#[path = "support/mod.rs"]
mod support;

use aftersales::api::{auth, kpis, scorecards, work_orders};
use chrono::{Datelike, Months, Utc};
use futures::stream::{self, StreamExt};
use leptos::server_fn::ServerFn;
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};
use support::Server;

const RUNS: usize = 30;
const READERS: usize = 200;
const READ_FOR: Duration = Duration::from_secs(5);

fn orders() -> usize {
    std::env::var("BENCH_ORDERS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(1_000_000)
}

/// p50 and p95 of the durations, in milliseconds.
fn percentiles(mut times: Vec<Duration>) -> (f64, f64) {
    times.sort();
    let at = |p: f64| {
        let i = ((times.len() as f64 * p).ceil() as usize).clamp(1, times.len()) - 1;
        times[i].as_secs_f64() * 1000.0
    };
    (at(0.50), at(0.95))
}

async fn timed<F, Fut>(mut call: F) -> (f64, f64)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    for _ in 0..3 {
        call().await;
    }
    let mut times = Vec::with_capacity(RUNS);
    for _ in 0..RUNS {
        let started = Instant::now();
        call().await;
        times.push(started.elapsed());
    }
    percentiles(times)
}

/// Requests per second and p99 with `READERS` clients reading `url` for `READ_FOR` (a POST of
/// `body` when there is one, as a server function is called; else a GET).
async fn rate(url: &str, body: Option<serde_json::Value>) -> (f64, f64) {
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(READERS)
        .build()
        .expect("a client");
    let started = Instant::now();
    let times: Vec<Duration> = stream::iter(0..READERS)
        .map(|_| {
            let (client, url, body) = (client.clone(), url.to_string(), body.clone());
            async move {
                let mut times = Vec::new();
                while started.elapsed() < READ_FOR {
                    let t = Instant::now();
                    let request = match &body {
                        Some(body) => client.post(&url).json(body),
                        None => client.get(&url),
                    };
                    let ok = request.send().await.is_ok_and(|r| r.status().is_success());
                    assert!(ok, "{url} answered");
                    times.push(t.elapsed());
                }
                times
            }
        })
        .buffer_unordered(READERS)
        .concat()
        .await;
    let per_second = times.len() as f64 / started.elapsed().as_secs_f64();
    let mut sorted = times;
    sorted.sort();
    let p99 = sorted[(sorted.len() * 99 / 100).min(sorted.len() - 1)].as_secs_f64() * 1000.0;
    (per_second, p99)
}

fn signed_in() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .expect("a client")
}

fn reuse() -> bool {
    std::env::var("BENCH_REUSE").is_ok_and(|v| v == "1")
}

async fn measure(name: &str, database_url: &str) -> bool {
    if !reuse() && !generate(name, database_url) {
        return false;
    }
    let server = Server::start(database_url).await;
    let hq = signed_in();
    server
        .call(
            &hq,
            auth::StaffSignIn {
                username: "hqadmin".into(),
                password: "demo1234".into(),
            },
        )
        .await
        .expect("headquarters signs in");
    let today = Utc::now().date_naive();
    let quarter_start = today.with_day(1).unwrap() - Months::new((today.month0() % 3) + 3);
    let quarter = format!(
        "{}-Q{}",
        quarter_start.year(),
        quarter_start.month0() / 3 + 1
    );
    let month = (today.with_day(1).unwrap() - Months::new(1))
        .format("%Y-%m")
        .to_string();
    let (p50, p95) = timed(|| async {
        server
            .call(
                &hq,
                kpis::GetDashboard {
                    period: quarter.clone(),
                    outlet: None,
                },
            )
            .await
            .expect("the dashboard");
    })
    .await;
    println!("{name}: dashboard, {quarter} at group scope: p50 {p50:.0} ms, p95 {p95:.0} ms (goal p95 ≤ 300)");
    let (p50, p95) = timed(|| async {
        server
            .call(
                &hq,
                kpis::GetDrill {
                    period: month.clone(),
                    outlet: None,
                    kpi: "on_time_delivery".into(),
                },
            )
            .await
            .expect("the drill-down");
    })
    .await;
    println!("{name}: drill-down, on-time delivery in {month}: p50 {p50:.0} ms, p95 {p95:.0} ms (goal ≤ 100)");
    let (p50, p95) = timed(|| async {
        server
            .call(
                &hq,
                kpis::GetTrend {
                    period: month.clone(),
                    outlet: None,
                    kpi: "on_time_delivery".into(),
                },
            )
            .await
            .expect("the trend");
    })
    .await;
    println!("{name}: trend, on-time delivery over the twelve months to {month}: p50 {p50:.0} ms, p95 {p95:.0} ms");
    let (p50, p95) = timed(|| async {
        server
            .call(
                &hq,
                kpis::GetFaults {
                    period: quarter.clone(),
                    outlet: None,
                },
            )
            .await
            .expect("the fault frequency");
    })
    .await;
    println!("{name}: fault frequency, {quarter} at group scope: p50 {p50:.0} ms, p95 {p95:.0} ms");
    let (p50, p95) = timed(|| async {
        server
            .call(
                &hq,
                scorecards::GetScoreBoard {
                    period: quarter.clone(),
                },
            )
            .await
            .expect("the scorecards");
    })
    .await;
    println!("{name}: scorecards, {quarter} across the group: p50 {p50:.0} ms, p95 {p95:.0} ms");
    let (advisor, _number, token) = support::advisor_and_order(&server).await;
    let (p50, p95) = timed(|| async {
        server
            .call(&advisor, work_orders::GetDispatchBoard {})
            .await
            .expect("the dispatch board");
    })
    .await;
    println!("{name}: dispatch board: p50 {p50:.0} ms, p95 {p95:.0} ms");
    let (track, track_p99) = rate(
        &format!("{}{}", server.address, work_orders::TrackedWorkOrder::PATH),
        Some(serde_json::json!({ "token": token })),
    )
    .await;
    let (health, health_p99) = rate(&format!("{}/healthz", server.address), None).await;
    println!(
        "{name}: {READERS} readers: tracking view {track:.0}/s (p99 {track_p99:.0} ms), /healthz {health:.0}/s (p99 {health_p99:.0} ms): {:.0} % (goal ≥ 50 %)",
        track * 100.0 / health
    );
    true
}

/// Writes the demo group and the orders (`aftersales demo-history`), timed.
fn generate(name: &str, database_url: &str) -> bool {
    let n = orders();
    let started = Instant::now();
    let status = Command::new(env!("CARGO_BIN_EXE_aftersales"))
        .args(["demo-history", "--orders", &n.to_string()])
        .env("DATABASE_URL", database_url)
        .env("RUST_LOG", "warn")
        .status()
        .expect("the generator runs");
    if !status.success() {
        eprintln!("{name}: the generator failed");
        return false;
    }
    println!(
        "{name}: wrote {n} orders in {:.0} s",
        started.elapsed().as_secs_f64()
    );
    true
}

#[tokio::main]
async fn main() -> ExitCode {
    let dir = std::path::Path::new("target/bench-data");
    std::fs::create_dir_all(dir).expect("a data directory");
    if !reuse() {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(dir.join(format!("scale.db{suffix}")));
        }
    }
    let mut ok = measure("SQLite", "sqlite://target/bench-data/scale.db").await;
    if let Ok(url) = std::env::var("TEST_POSTGRES_URL") {
        // Kept for a later `BENCH_REUSE=1` run (the next run without it drops it).
        let database = match reuse() {
            true => format!(
                "{}/aftersales_scale",
                url.rsplit_once('/').expect("a URL").0
            ),
            false => support::postgres_database(&url, "aftersales_scale", true).await,
        };
        ok &= measure("PostgreSQL", &database).await;
    } else {
        println!("PostgreSQL: skipped (TEST_POSTGRES_URL is not set)");
    }
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
