//! Live updates at scale: how long a staff step takes to reach 1,000 customer pages watching
//! the order, and what holding those streams costs the server.
//!
//! `cargo bench --bench live_fanout` (part of `make bench`)
//!
//! Starts the real server binary (release) as its own process on a fresh SQLite file with the
//! demo data, checks in the demo customer's car as the advisor, opens `STREAMS` server-sent
//! event streams on the order's tracking link (as `/track/<token>` pages do), then has the
//! advisor add `ROUNDS` public notes, one at a time. For each note it records, per stream, the
//! time from sending the staff request to the stream's `changed` event, and prints the median,
//! 95th percentile and maximum over all deliveries, with the server's resident memory before and
//! while it holds the streams (read from `/proc`).
//!
//! With `TEST_POSTGRES_URL` set it runs again on a fresh PostgreSQL database with two server
//! instances: the streams are held by instance B and the notes added on instance A, so every
//! event crosses instances through LISTEN/NOTIFY.
//!
//! Exits non-zero if any stream misses an event.

#[path = "support/mod.rs"]
mod support;

use aftersales::api::work_orders;
use std::process::ExitCode;
use std::time::{Duration as StdDuration, Instant};
use support::{advisor_and_order, Server};
use tokio::sync::mpsc;

const STREAMS: usize = 1000;
const ROUNDS: usize = 20;

/// Opens one event stream; reports `hello` once, then the arrival time of every `changed`.
fn watch(
    client: reqwest::Client,
    url: String,
    index: usize,
    hello: mpsc::UnboundedSender<usize>,
    changed: mpsc::UnboundedSender<(usize, Instant)>,
) {
    tokio::spawn(async move {
        let mut response = match client.get(&url).send().await {
            Ok(r) if r.status().is_success() => r,
            Ok(r) => panic!("stream {index}: HTTP {}", r.status()),
            Err(e) => panic!("stream {index}: {e}"),
        };
        let mut pending = String::new();
        while let Ok(Some(chunk)) = response.chunk().await {
            let now = Instant::now();
            pending.push_str(&String::from_utf8_lossy(&chunk));
            while let Some(end) = pending.find("\n\n") {
                let event: String = pending.drain(..end + 2).collect();
                if event.contains("event: hello") || event.contains("event:hello") {
                    let _ = hello.send(index);
                } else if event.contains("event: changed") || event.contains("event:changed") {
                    let _ = changed.send((index, now));
                }
            }
        }
    });
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let rank = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[rank.min(sorted.len() - 1)]
}

/// Runs the measurement: streams on `watchers`, notes added on `actors`. Answers whether every
/// stream saw every event.
async fn measure(label: &str, actor: &Server, watcher: &Server) -> bool {
    let (advisor, number, token) = advisor_and_order(actor).await;
    let idle_kb = watcher.rss_kb();
    let streams = reqwest::Client::builder()
        .pool_max_idle_per_host(0)
        .build()
        .expect("a client");
    let (hello_tx, mut hello_rx) = mpsc::unbounded_channel();
    let (changed_tx, mut changed_rx) = mpsc::unbounded_channel();
    let url = format!("{}/live/track/{token}", watcher.address);
    let opening = Instant::now();
    for index in 0..STREAMS {
        watch(
            streams.clone(),
            url.clone(),
            index,
            hello_tx.clone(),
            changed_tx.clone(),
        );
    }
    for _ in 0..STREAMS {
        tokio::time::timeout(StdDuration::from_secs(60), hello_rx.recv())
            .await
            .expect("every stream opens within a minute");
    }
    let opened_in = opening.elapsed();
    tokio::time::sleep(StdDuration::from_millis(500)).await;
    let holding_kb = watcher.rss_kb();

    let mut latencies_ms = Vec::with_capacity(STREAMS * ROUNDS);
    let mut complete = true;
    for round in 0..ROUNDS {
        let sent = Instant::now();
        actor
            .call(
                &advisor,
                work_orders::AddWorkOrderNote {
                    number: number.clone(),
                    note: format!("进度更新 {round}"),
                    public: true,
                },
            )
            .await
            .expect("the note is added");
        let mut seen = vec![false; STREAMS];
        let mut count = 0;
        let deadline = tokio::time::Instant::now() + StdDuration::from_secs(10);
        while count < STREAMS {
            match tokio::time::timeout_at(deadline, changed_rx.recv()).await {
                Ok(Some((index, at))) if !seen[index] => {
                    seen[index] = true;
                    count += 1;
                    latencies_ms.push((at - sent).as_secs_f64() * 1000.0);
                }
                Ok(Some(_)) => {}
                _ => break,
            }
        }
        if count < STREAMS {
            eprintln!("round {round}: only {count} of {STREAMS} streams got the event");
            complete = false;
        }
        // Let stragglers of this round drain before the next one starts.
        tokio::time::sleep(StdDuration::from_millis(50)).await;
        while changed_rx.try_recv().is_ok() {}
    }
    latencies_ms.sort_by(f64::total_cmp);
    let per_stream_kb = holding_kb.saturating_sub(idle_kb) as f64 / STREAMS as f64;
    println!("live fan-out — {label}");
    println!(
        "  {STREAMS} streams opened in {:.2} s; {ROUNDS} staff steps, {} deliveries",
        opened_in.as_secs_f64(),
        latencies_ms.len()
    );
    if !latencies_ms.is_empty() {
        println!(
            "  staff step → event at the page: median {:.1} ms, p95 {:.1} ms, max {:.1} ms",
            percentile(&latencies_ms, 0.5),
            percentile(&latencies_ms, 0.95),
            latencies_ms[latencies_ms.len() - 1]
        );
    }
    println!(
        "  server memory (RSS): {:.1} MB before, {:.1} MB holding the streams ({per_stream_kb:.1} kB per stream)",
        idle_kb as f64 / 1024.0,
        holding_kb as f64 / 1024.0
    );
    complete
}

/// Two thousand sockets and more: raise this process's open-file limit (the servers inherit it).
fn raise_open_files() {
    // SAFETY: plain libc calls on a local struct.
    unsafe {
        let mut limit = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) == 0 {
            limit.rlim_cur = limit.rlim_max.min(65_536);
            libc::setrlimit(libc::RLIMIT_NOFILE, &limit);
        }
    }
}

const BENCH_DATABASE: &str = "aftersales_live_bench";

#[tokio::main]
async fn main() -> ExitCode {
    raise_open_files();
    let dir = std::env::temp_dir().join(format!("aftersales-live-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a scratch directory");
    let sqlite = format!("sqlite://{}", dir.join("bench.db").display());
    let mut ok = {
        let server = Server::start(&sqlite).await;
        measure(
            "SQLite, one instance (in-process broadcast)",
            &server,
            &server,
        )
        .await
    };
    let _ = std::fs::remove_dir_all(&dir);
    if let Ok(admin_url) = std::env::var("TEST_POSTGRES_URL") {
        let url = support::postgres_database(&admin_url, BENCH_DATABASE, true).await;
        {
            let a = Server::start(&url).await;
            let b = Server::start(&url).await;
            ok &= measure(
                "PostgreSQL, two instances (step on A, streams on B, LISTEN/NOTIFY)",
                &a,
                &b,
            )
            .await;
        }
        support::postgres_database(&admin_url, BENCH_DATABASE, false).await;
    } else {
        println!("(set TEST_POSTGRES_URL to measure two instances on PostgreSQL too)");
    }
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
