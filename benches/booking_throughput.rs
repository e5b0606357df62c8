//! Booking throughput, and the no-overbooking guarantee under load.
//!
//! `cargo bench --bench booking_throughput`
//!
//! Runs the real server (release build) on a fresh SQLite file with the demo dealer group and a
//! pinned clock (Monday 2026-11-30 09:00 in Shanghai), registers `CUSTOMERS` customers with a car
//! each, then fires all their bookings at once over HTTP, spread over five services, the next
//! thirteen days and start times an hour and a half apart at the Pudong outlet, so that most are
//! booked and some meet a full window (five services at once need five technicians, and only
//! four of Pudong's five can do any of them). It prints the counts and rates, then checks the stored bookings:
//!
//! - per window asked for, no more bookings than the grid offered before firing;
//! - per day, at no moment more bookings than bays, or than technicians that can be matched to
//!   them (exact: a day is over capacity at some moment iff some booking would not fit again
//!   next to all the others, by the domain's own `OutletCapacity::remaining`).
//!
//! Exits non-zero if any window is overbooked or any request failed.
//! (The tests' harness lives in `tests/api/helpers.rs`, which benches cannot import; what the
//! benches share, such as calling a server function, is in `benches/support`.)

#[path = "support/mod.rs"]
mod support;

use aftersales::api::{auth, booking, cars, catalog};
use aftersales::domain::booking::{Availability, BookingOutcome, BookingRequest};
use aftersales::domain::catalog::{Outlet, ServiceType};
use aftersales::domain::ids::{CarId, OutletId, ServiceTypeId};
use aftersales::domain::phone_proof::CodePurpose;
use aftersales::domain::vehicle::CarForm;
use aftersales::domain::AppError;
use aftersales::server::clock::Clock;
use aftersales::server::config::Config;
use aftersales::server::sender::DevOutbox;
use aftersales::server::startup::Application;
use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};
use futures::stream::{self, StreamExt};
use leptos::server_fn::ServerFn;
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::process::ExitCode;
use std::time::Instant;

const CUSTOMERS: usize = 400;
/// Registrations hash a password each (argon2: 19 MiB and some tens of ms): a few at a time.
const REGISTRATIONS_AT_ONCE: usize = 8;
/// Monday 2026-11-30, 09:00 in Asia/Shanghai.
const NOW: &str = "2026-11-30T01:00:00Z";
const SERVICES: [&str; 5] = [
    "minor_maintenance",
    "brake_repair",
    "tyres_alignment",
    "diagnosis",
    "ev_system_check",
];
/// Tomorrow and the twelve days after: the whole booking horizon but today.
const DAYS: i64 = 13;
/// Start times asked for are every third window of the day's grid (an hour and a half apart).
const STRIDE: usize = 3;

struct Bench {
    address: String,
    /// Where the demo's texts land: registration codes are read here.
    texts: DevOutbox,
}

impl Bench {
    /// A browser on its own device: the trusted proxy reports `address` for it.
    fn browser_at(address: &str) -> reqwest::Client {
        let mut headers = reqwest::header::HeaderMap::new();
        let forwarded = address.parse().expect("a header value");
        headers.insert("x-forwarded-for", forwarded);
        reqwest::Client::builder()
            .cookie_store(true)
            .default_headers(headers)
            .timeout(std::time::Duration::from_secs(120))
            .build()
            .expect("a reqwest client")
    }

    fn browser() -> reqwest::Client {
        reqwest::Client::builder()
            .cookie_store(true)
            .timeout(std::time::Duration::from_secs(120))
            .build()
            .expect("a reqwest client")
    }

    async fn call<F>(&self, client: &reqwest::Client, args: F) -> Result<F::Output, AppError>
    where
        F: ServerFn + Serialize,
        F::Output: DeserializeOwned,
    {
        support::call(&self.address, client, args).await
    }

    /// Registers customer `n` (signed in on its own client) and adds a car; returns both.
    async fn customer(&self, n: usize) -> (reqwest::Client, CarId) {
        let client = Self::browser_at(&format!("10.0.{}.{}", n / 256, n % 256));
        let phone = format!("139{n:08}");
        let purpose = CodePurpose::Register;
        self.call(
            &client,
            auth::SendCode {
                phone: phone.clone(),
                purpose,
            },
        )
        .await
        .expect("a code is texted");
        let text = self
            .texts
            .recent()
            .into_iter()
            .find(|t| t.phone.as_str() == phone)
            .expect("the code's text")
            .text;
        let code: String = text
            .split(|c: char| !c.is_ascii_digit())
            .find(|digits| digits.len() == 6)
            .expect("six digits")
            .into();
        self.call(
            &client,
            auth::Register {
                phone,
                name: format!("压测客户{n}"),
                password: "bench password".into(),
                code,
            },
        )
        .await
        .expect("registration");
        let car = self
            .call(
                &client,
                cars::AddMyCar {
                    car: CarForm {
                        plate: format!("沪A{n:05}"),
                        model: "大众 朗逸".into(),
                        vin: String::new(),
                        mileage_km: "42000".into(),
                    },
                },
            )
            .await
            .expect("a car");
        (client, car.id)
    }
}

fn main() -> ExitCode {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");
    runtime.block_on(run())
}

async fn run() -> ExitCode {
    // The app, on a fresh SQLite file.
    let dir = std::env::temp_dir().join(format!(
        "aftersales-bench-{}",
        uuid::Uuid::new_v4().simple()
    ));
    std::fs::create_dir_all(&dir).expect("a temporary directory");
    let env: HashMap<String, String> = [
        (
            "DATABASE_URL",
            format!("sqlite://{}", dir.join("bench.db").display()),
        ),
        ("APP_ADDR", "127.0.0.1:0".into()),
        ("DEMO_DATA", "true".into()),
        ("STATIC_DIR", dir.join("no-dist").display().to_string()),
        ("TRUST_FORWARDED_FOR", "true".into()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    let config = Config::from_map(&env).expect("a valid configuration");
    aftersales::api::register_server_functions();
    let now: DateTime<Utc> = NOW.parse().expect("NOW");
    let app = Application::build(config, Clock::fixed(now))
        .await
        .expect("the application builds");
    let bench = Bench {
        address: format!("http://127.0.0.1:{}", app.port()),
        texts: app.state.dev_outbox.clone(),
    };
    let state = app.state.clone();
    let server = tokio::spawn(app.run(std::future::pending()));

    let visitor = Bench::browser();
    let outlets: Vec<Outlet> = bench
        .call(&visitor, catalog::ListOutlets {})
        .await
        .expect("outlets");
    let pudong: OutletId = outlets
        .iter()
        .find(|o| o.code == "SH-PD")
        .expect("the Pudong outlet")
        .id;
    let services: Vec<ServiceType> = bench
        .call(&visitor, catalog::ListServiceTypes { outlet: pudong })
        .await
        .expect("services")
        .services;
    let service_id = |code: &str| -> ServiceTypeId {
        services
            .iter()
            .find(|s| s.code == code)
            .expect("a demo service")
            .id
    };
    let today = (now + Duration::hours(8)).date_naive();

    // The grids before firing: what each window offers.
    let mut grids: HashMap<&str, Availability> = HashMap::new();
    for code in SERVICES {
        let grid = bench
            .call(
                &visitor,
                booking::GetAvailability {
                    outlet_id: pudong,
                    service_ids: vec![service_id(code)],
                },
            )
            .await
            .expect("a grid");
        grids.insert(code, grid);
    }

    // Customers.
    let preparing = Instant::now();
    let customers: Vec<(reqwest::Client, CarId)> = stream::iter(0..CUSTOMERS)
        .map(|n| bench.customer(n + 1))
        .buffered(REGISTRATIONS_AT_ONCE)
        .collect()
        .await;
    println!(
        "registered {CUSTOMERS} customers with a car in {:.1?}",
        preparing.elapsed()
    );

    // Their wishes: customer n wants service n % 5, on day 1 + (n / 5) % 13, at the k-th start
    // time of that day (k = n / 65), k * STRIDE windows into the grid.
    type WindowKey = (&'static str, NaiveDate, NaiveTime);
    let mut offered: BTreeMap<WindowKey, u32> = BTreeMap::new();
    let requests: Vec<(WindowKey, BookingRequest)> = customers
        .iter()
        .enumerate()
        .map(|(n, (_, car))| {
            let code = SERVICES[n % SERVICES.len()];
            let date = today + Duration::days(1 + (n as i64 / SERVICES.len() as i64) % DAYS);
            let day = grids[code]
                .days
                .iter()
                .find(|d| d.date == date)
                .expect("the day on the grid");
            let k = n / (SERVICES.len() * DAYS as usize);
            let window = day.windows[(k * STRIDE) % day.windows.len()];
            offered.insert((code, date, window.start), window.remaining);
            let request = BookingRequest {
                outlet_id: pudong,
                car_id: *car,
                service_ids: vec![service_id(code)],
                symptoms: vec![],
                description: String::new(),
                date,
                start: window.start,
            };
            ((code, date, window.start), request)
        })
        .collect();

    // Fire them all at once.
    let firing = Instant::now();
    let calls = customers
        .iter()
        .zip(&requests)
        .map(|((client, _), (_, request))| async {
            let sent = Instant::now();
            let outcome = bench
                .call(
                    client,
                    booking::BookService {
                        request: request.clone(),
                    },
                )
                .await;
            (outcome, sent.elapsed())
        });
    let (outcomes, mut latencies): (Vec<_>, Vec<_>) =
        futures::future::join_all(calls).await.into_iter().unzip();
    let elapsed = firing.elapsed();
    latencies.sort();
    let percentile = |p: usize| latencies[(latencies.len() * p / 100).min(latencies.len() - 1)];

    let mut booked_per_window: BTreeMap<WindowKey, u32> = BTreeMap::new();
    let (mut booked, mut full, mut failed) = (0usize, 0usize, 0usize);
    for ((key, _), outcome) in requests.iter().zip(&outcomes) {
        match outcome {
            Ok(BookingOutcome::Booked(_)) => {
                booked += 1;
                *booked_per_window.entry(*key).or_default() += 1;
            }
            Ok(BookingOutcome::WindowFull) => full += 1,
            Err(error) => {
                failed += 1;
                eprintln!("booking failed: {error:?}");
            }
        }
    }
    let seconds = elapsed.as_secs_f64();
    println!("bookings attempted: {}", outcomes.len());
    println!("booked: {booked}");
    println!("window-full: {full}");
    println!("failed: {failed}");
    println!(
        "windows asked for: {} over {DAYS} days and {} services",
        offered.len(),
        SERVICES.len()
    );
    println!("wall time: {:.1} ms", seconds * 1000.0);
    println!(
        "requests per second: {:.0}",
        outcomes.len() as f64 / seconds
    );
    println!("bookings per second: {:.0}", booked as f64 / seconds);
    println!(
        "latency p50 / p95 / max: {:.1?} / {:.1?} / {:.1?}",
        percentile(50),
        percentile(95),
        percentile(100)
    );

    // No window got more than it offered, and no moment of any day is over capacity.
    let mut overbooked: BTreeSet<(NaiveDate, NaiveTime, &str)> = BTreeSet::new();
    for (key @ (code, date, start), count) in &booked_per_window {
        if *count > offered[key] {
            eprintln!(
                "{code} {date} {start}: {count} booked, {} offered",
                offered[key]
            );
            overbooked.insert((*date, *start, code));
        }
    }
    let capacity = state
        .repo()
        .outlet_capacity(pudong)
        .await
        .expect("the outlet's capacity");
    let days: BTreeSet<NaiveDate> = offered.keys().map(|(_, date, _)| *date).collect();
    for date in days {
        let occupied = state
            .repo()
            .occupancy(pudong, date, date, None)
            .await
            .expect("the day's bookings");
        for booking in capacity.over_capacity(&occupied) {
            let start = NaiveTime::from_num_seconds_from_midnight_opt(booking.start * 60, 0)
                .unwrap_or_default();
            eprintln!("{date} {start}: a booking that does not fit next to the others");
            overbooked.insert((date, start, "(stored)"));
        }
    }
    println!("overbooked windows: {}", overbooked.len());

    server.abort();
    let _ = std::fs::remove_dir_all(&dir);
    if overbooked.is_empty() && failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
