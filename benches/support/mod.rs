//! What the benchmarks share: the real server binary (release) as its own process, and a work
//! order of the demo customer's car with its tracking link.

// Each benchmark includes this module and uses its own part of it.
#![allow(dead_code)]

use aftersales::api::{auth, work_orders};
use aftersales::domain::warranty::RepairCategory;
use aftersales::domain::work_order::{CheckInForm, CustomerType, OldParts, WorkOrderView};
use aftersales::domain::AppError;
use chrono::{Duration, Utc};
use leptos::server_fn::ServerFn;
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::process::{Child, Command, Stdio};
use std::time::Duration as StdDuration;

/// One running server process.
pub struct Server {
    pub address: String,
    child: Child,
}

impl Server {
    /// Starts the release binary on `database_url` with the demo data, serving the built apps
    /// in `static_dir`.
    pub async fn start(database_url: &str) -> Server {
        Self::start_serving(database_url, "target/no-dist").await
    }

    pub async fn start_serving(database_url: &str, static_dir: &str) -> Server {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let child = Command::new(env!("CARGO_BIN_EXE_aftersales"))
            .env("DATABASE_URL", database_url)
            .env("APP_ADDR", format!("127.0.0.1:{port}"))
            .env("DEMO_DATA", "true")
            .env("STATIC_DIR", static_dir)
            .env("RUST_LOG", "warn")
            .env("DB_MAX_CONNECTIONS", "20")
            // Each benchmark client is its own device, as the load balancer reports it.
            .env("TRUST_FORWARDED_FOR", "true")
            .stdout(Stdio::null())
            .spawn()
            .expect("the server binary starts");
        let server = Server {
            address: format!("http://127.0.0.1:{port}"),
            child,
        };
        let client = reqwest::Client::new();
        for _ in 0..300 {
            let health = client
                .get(format!("{}/healthz", server.address))
                .send()
                .await;
            if health.is_ok_and(|r| r.status().is_success()) {
                return server;
            }
            tokio::time::sleep(StdDuration::from_millis(100)).await;
        }
        panic!("the server did not become healthy");
    }

    /// Resident memory in kB, from `/proc/<pid>/status`.
    pub fn rss_kb(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .unwrap_or_default();
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap_or(0)
    }

    pub async fn call<F>(&self, client: &reqwest::Client, args: F) -> Result<F::Output, AppError>
    where
        F: ServerFn + Serialize,
        F::Output: DeserializeOwned,
    {
        call(&self.address, client, args).await
    }
}

/// Calls server function `F` at `address` as the browser does: POST its JSON arguments to
/// `F::PATH`; a 2xx answer is the function's `Ok` value, anything else an `AppError`.
pub async fn call<F>(
    address: &str,
    client: &reqwest::Client,
    args: F,
) -> Result<F::Output, AppError>
where
    F: ServerFn + Serialize,
    F::Output: DeserializeOwned,
{
    let response = client
        .post(format!("{address}{}", F::PATH))
        .json(&args)
        .send()
        .await
        .unwrap_or_else(|e| panic!("POST {} failed: {e}", F::PATH));
    let ok = response.status().is_success();
    let body = response.bytes().await.expect("a response body");
    let text = || String::from_utf8_lossy(&body).into_owned();
    if ok {
        Ok(serde_json::from_slice(&body)
            .unwrap_or_else(|e| panic!("{}: unexpected output ({e}): {}", F::PATH, text())))
    } else {
        Err(serde_json::from_slice(&body)
            .unwrap_or_else(|e| panic!("{}: not an AppError ({e}): {}", F::PATH, text())))
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A browser on its own device at `address` (as the trusted load balancer reports it).
pub fn device(address: &str) -> reqwest::Client {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("x-forwarded-for", address.parse().expect("a header value"));
    reqwest::Client::builder()
        .cookie_store(true)
        .default_headers(headers)
        .timeout(StdDuration::from_secs(120))
        .build()
        .expect("a reqwest client")
}

/// Registers `phone` on `client`: asks for the code, reads it on the demo's message page.
pub async fn register(server: &Server, client: &reqwest::Client, phone: &str, password: &str) {
    let purpose = aftersales::domain::phone_proof::CodePurpose::Register;
    let send = auth::SendCode {
        phone: phone.into(),
        purpose,
    };
    server.call(client, send).await.expect("a code is texted");
    let page = client
        .get(format!("{}/dev/outbox", server.address))
        .send()
        .await
        .expect("the demo's message page")
        .text()
        .await
        .expect("its text");
    let row = page
        .split("<tr>")
        .find(|row| row.contains(&format!(">{phone}<")))
        .expect("the text to the phone");
    let code: String = row
        .split(|c: char| !c.is_ascii_digit())
        .find(|digits| digits.len() == 6)
        .expect("six digits")
        .into();
    let register = auth::Register {
        phone: phone.into(),
        name: "压测客户".into(),
        password: password.into(),
        code,
    };
    server.call(client, register).await.expect("registration");
}

/// Signs the advisor in on `server` and checks the demo customer's car in as a walk-in.
pub async fn advisor_and_order(server: &Server) -> (reqwest::Client, String, String) {
    let advisor = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .expect("a client");
    server
        .call(
            &advisor,
            auth::StaffSignIn {
                username: "advisor".into(),
                password: "demo1234".into(),
            },
        )
        .await
        .expect("the advisor signs in");
    let shanghai = Utc::now()
        .with_timezone(&chrono_tz::Asia::Shanghai)
        .naive_local();
    let form = CheckInForm {
        phone: "13800138000".into(),
        plate: "沪AD12345".into(),
        customer_type: Some(CustomerType::Returning),
        repair_category: Some(RepairCategory::Minor),
        odometer_km: "23600".into(),
        fuel_percent: 60,
        customer_words: "刹车异响".into(),
        promised_at: Some(shanghai + Duration::hours(8)),
        old_parts: Some(OldParts::Returned),
        ..Default::default()
    };
    let number = server
        .call(&advisor, work_orders::CheckInCar { form })
        .await
        .expect("the car is checked in")
        .as_str()
        .to_string();
    let view: WorkOrderView = server
        .call(
            &advisor,
            work_orders::StaffWorkOrder {
                number: number.clone(),
            },
        )
        .await
        .expect("the advisor reads the order");
    (
        advisor,
        number,
        view.tracking_token.expect("a tracking token"),
    )
}

/// Drops the bench database `name` (if there) and, with `create`, makes it afresh; answers its
/// URL on the server `admin_url` points at.
pub async fn postgres_database(admin_url: &str, name: &str, create: bool) -> String {
    use sqlx::Connection;
    let mut admin = sqlx::PgConnection::connect(admin_url)
        .await
        .expect("PostgreSQL is reachable");
    sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        .execute(&mut admin)
        .await
        .expect("drop the bench database");
    if create {
        sqlx::query(&format!("CREATE DATABASE {name}"))
            .execute(&mut admin)
            .await
            .expect("create the bench database");
    }
    let (base, _) = admin_url.rsplit_once('/').expect("a database URL");
    format!("{base}/{name}")
}
