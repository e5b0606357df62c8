//! Memory after password hashing: resident memory of the server before, during and after a
//! burst of registrations and sign-ins (argon2id takes 19 MiB per hash).
//!
//! `cargo bench --bench sign_in_memory` (part of `make bench`)
//!
//! Starts the real server binary (release) as its own process on a fresh SQLite file with the
//! demo data; registers `CUSTOMERS` customers `AT_ONCE` at a time (each from its own address, with
//! the code from the demo's message page), then signs them in `SIGN_INS` times in all, `AT_ONCE`
//! at a time; prints resident memory (from `/proc`) at idle, right after the burst and after
//! `SETTLE` of quiet. Goal: back under `GOAL_MB` once quiet; exits non-zero above it.

#[path = "support/mod.rs"]
mod support;

use aftersales::api::auth;
use futures::stream::{self, StreamExt};
use std::process::ExitCode;
use std::time::{Duration, Instant};
use support::{device, register, Server};

const CUSTOMERS: usize = 200;
const SIGN_INS: usize = 960;
const AT_ONCE: usize = 8;
const SETTLE: Duration = Duration::from_secs(5);
const GOAL_MB: u64 = 150;
const PASSWORD: &str = "bench password 1";

fn mb(kb: u64) -> String {
    format!("{:.0} MB", kb as f64 / 1024.0)
}

fn main() -> ExitCode {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");
    runtime.block_on(run())
}

async fn run() -> ExitCode {
    let dir = std::env::temp_dir().join(format!(
        "aftersales-bench-memory-{}",
        uuid::Uuid::new_v4().simple()
    ));
    std::fs::create_dir_all(&dir).expect("a temporary directory");
    let server = Server::start(&format!("sqlite://{}", dir.join("bench.db").display())).await;
    let idle = server.rss_kb();

    let started = Instant::now();
    let phones: Vec<String> = (1..=CUSTOMERS).map(|n| format!("139{n:08}")).collect();
    stream::iter(phones.iter().enumerate())
        .for_each_concurrent(AT_ONCE, |(n, phone)| {
            let server = &server;
            async move {
                let client = device(&format!("10.1.{}.{}", n / 256, n % 256));
                register(server, &client, phone, PASSWORD).await;
            }
        })
        .await;
    let registered = server.rss_kb();
    stream::iter(0..SIGN_INS)
        .for_each_concurrent(AT_ONCE, |n| {
            let server = &server;
            let phone = phones[n % CUSTOMERS].clone();
            async move {
                let client = device(&format!("10.2.{}.{}", n / 256, n % 256));
                let sign_in = auth::SignIn {
                    phone,
                    password: PASSWORD.into(),
                };
                server.call(&client, sign_in).await.expect("signed in");
            }
        })
        .await;
    let burst = server.rss_kb();
    let took = started.elapsed();
    tokio::time::sleep(SETTLE).await;
    let settled = server.rss_kb();
    drop(server);
    let _ = std::fs::remove_dir_all(&dir);

    println!(
        "{CUSTOMERS} registrations and {SIGN_INS} sign-ins, {AT_ONCE} at a time, in {took:.1?}"
    );
    println!(
        "resident memory: idle {}, after the registrations {}, after the sign-ins {}, {SETTLE:?} later {}",
        mb(idle),
        mb(registered),
        mb(burst),
        mb(settled)
    );
    if settled > GOAL_MB * 1024 {
        eprintln!("memory stays above the {GOAL_MB} MB goal once quiet");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
