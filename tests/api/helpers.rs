//! The test harness: `TestApp` runs the real server (`Application::build`, the same code `main`
//! runs) on port 0 against a fresh database, with the demo dealer group loaded and the clock
//! pinned, and talks to it over HTTP exactly like the browser does.
//!
//! - SQLite: a fresh file in a temporary directory, removed when the `TestApp` drops.
//! - PostgreSQL: a fresh database created through `TEST_POSTGRES_URL` and dropped
//!   (`WITH (FORCE)`) when the `TestApp` drops. Without that variable the PostgreSQL variant of a
//!   story prints a note and passes without running (CI sets it).
//!
//! Set `TEST_LOG=1` to see the server's logs (filter with `RUST_LOG`).

use aftersales::api::{auth, booking, cars, catalog, reception};
use aftersales::domain::account::Me;
use aftersales::domain::availability::{Occupancy, OutletCapacity, Window};
use aftersales::domain::booking::{
    Availability, BookingConfirmation, BookingOutcome, BookingRequest, DeskDay, SafetySymptom,
};
use aftersales::domain::catalog::{Outlet, ServiceType};
use aftersales::domain::ids::{OutletId, ServiceTypeId};
use aftersales::domain::phone_proof::CodePurpose;
use aftersales::domain::vehicle::{Car, CarForm};
use aftersales::domain::AppError;
use aftersales::server::clock::Clock;
use aftersales::server::config::Config;
use aftersales::server::demo::DEMO_PASSWORD;
use aftersales::server::startup::Application;
use aftersales::server::AppState;
use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};
use leptos::server_fn::ServerFn;
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Once;

/// The tests' "now": Monday 2026-11-30, 09:00 in Asia/Shanghai (the demo outlets' zone).
pub const NOW: &str = "2026-11-30T01:00:00Z";

/// The password every customer made by the builders uses.
pub const CUSTOMER_PASSWORD: &str = "correct horse 1";

pub fn now() -> DateTime<Utc> {
    NOW.parse().expect("NOW is an RFC 3339 instant")
}

/// `hm(14, 0)` is 14:00.
pub fn hm(hour: u32, minute: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(hour, minute, 0).expect("a valid time of day")
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Runs one story on SQLite and (when `TEST_POSTGRES_URL` is set) on PostgreSQL, as two tests:
/// `<story>::on_sqlite` and `<story>::on_postgres`. The story is `async fn <story>(app: TestApp)`.
macro_rules! on_both_databases {
    ($($story:ident),+ $(,)?) => {$(
        mod $story {
            use crate::helpers::{Backend, TestApp};

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn on_sqlite() {
                let app = TestApp::try_spawn(Backend::Sqlite).await.expect("SQLite always runs");
                super::$story(app).await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn on_postgres() {
                if let Some(app) = TestApp::try_spawn(Backend::Postgres).await {
                    super::$story(app).await;
                }
            }
        }
    )+};
}

fn init_tracing() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        if std::env::var_os("TEST_LOG").is_some() {
            let filter = tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,aftersales=debug"));
            let _ = tracing_subscriber::fmt()
                .with_env_filter(filter)
                .with_test_writer()
                .try_init();
        }
    });
}

/// Where the app's data lives, and how to get rid of it afterwards.
enum Scratch {
    SqliteDir(PathBuf),
    PostgresDatabase {
        admin_url: String,
        name: String,
    },
    /// A second instance on another's database: the first one cleans up.
    Shared,
}

/// The running application and what the tests need to drive it.
pub struct TestApp {
    pub address: String,
    /// The app's clock: `app.clock.advance(..)` moves "now" for the server.
    pub clock: Clock,
    /// The app's state, for checks that look below the API (the stored occupancy).
    pub state: AppState,
    pub backend: Backend,
    pub outlets: Vec<Outlet>,
    pub services: Vec<ServiceType>,
    next_number: AtomicU32,
    /// Each visitor's own client address (as the trusted proxy reports it).
    next_address: AtomicU32,
    /// Texts a test's own SMS gateway received (phone, text), for tests that configure one.
    pub gateway_texts: GatewayTexts,
    server: tokio::task::JoinHandle<anyhow::Result<()>>,
    /// Tells the server to shut down, as SIGTERM does.
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    scratch: Scratch,
    database_url: String,
}

impl TestApp {
    /// Spawns the app; `None` (with a printed note) for PostgreSQL without `TEST_POSTGRES_URL`.
    pub async fn try_spawn(backend: Backend) -> Option<TestApp> {
        Self::try_spawn_with(backend, &[]).await
    }

    /// Spawns the app with extra configuration (`("NOTIFY_WEBHOOK_URL", "…")`).
    pub async fn try_spawn_with(backend: Backend, env: &[(&str, &str)]) -> Option<TestApp> {
        init_tracing();
        let unique = uuid::Uuid::new_v4().simple().to_string();
        let (database_url, scratch) = match backend {
            Backend::Sqlite => {
                let dir = std::env::temp_dir().join(format!("aftersales-test-{unique}"));
                std::fs::create_dir_all(&dir).expect("create the test's temporary directory");
                (
                    format!("sqlite://{}", dir.join("app.db").display()),
                    Scratch::SqliteDir(dir),
                )
            }
            Backend::Postgres => {
                let Ok(admin_url) = std::env::var("TEST_POSTGRES_URL") else {
                    eprintln!("note: TEST_POSTGRES_URL is not set; skipping the PostgreSQL variant of this test");
                    return None;
                };
                let name = format!("aftersales_test_{unique}");
                create_postgres_database(&admin_url, &name).await;
                (
                    with_database(&admin_url, &name),
                    Scratch::PostgresDatabase { admin_url, name },
                )
            }
        };
        Some(Self::start(backend, database_url, scratch, &unique, env).await)
    }

    /// The app on a fresh PostgreSQL database reached through `proxy` (`host:port`) instead
    /// of the server's own address: cutting the proxy takes the database away from the app.
    pub async fn try_spawn_postgres_through(proxy: &str) -> Option<TestApp> {
        init_tracing();
        let Ok(admin_url) = std::env::var("TEST_POSTGRES_URL") else {
            eprintln!("note: TEST_POSTGRES_URL is not set; skipping this PostgreSQL test");
            return None;
        };
        let unique = uuid::Uuid::new_v4().simple().to_string();
        let name = format!("aftersales_test_{unique}");
        create_postgres_database(&admin_url, &name).await;
        let direct = with_database(&admin_url, &name);
        let authority_start = direct.find("://").map_or(0, |i| i + 3);
        let (head, rest) = direct.split_at(authority_start);
        let user = rest.split_once('@').map(|(user, _)| format!("{user}@"));
        let path = &rest[rest.find('/').unwrap_or(rest.len())..];
        let through = format!("{head}{}{proxy}{path}", user.unwrap_or_default());
        let scratch = Scratch::PostgresDatabase { admin_url, name };
        Some(Self::start(Backend::Postgres, through, scratch, &unique, &[]).await)
    }

    /// A second app instance on this one's database (several instances behind a load
    /// balancer), with its own clock pinned to the same "now".
    pub async fn second_instance(&self) -> TestApp {
        let unique = uuid::Uuid::new_v4().simple().to_string();
        Self::start(
            self.backend,
            self.database_url.clone(),
            Scratch::Shared,
            &unique,
            &[],
        )
        .await
    }

    async fn start(
        backend: Backend,
        database_url: String,
        scratch: Scratch,
        unique: &str,
        extra_env: &[(&str, &str)],
    ) -> TestApp {
        let static_dir = std::env::temp_dir()
            .join(format!("aftersales-test-{unique}"))
            .join("no-dist");
        let env: HashMap<String, String> = [
            ("DATABASE_URL", database_url.clone()),
            ("APP_ADDR", "127.0.0.1:0".to_string()),
            ("DEMO_DATA", "true".to_string()),
            ("STATIC_DIR", static_dir.display().to_string()),
            // The outbox worker and the delay check run often, so stories need not wait.
            ("NOTIFY_INTERVAL_MS", "100".to_string()),
            // Behind a load balancer, as in production: each visitor has its own address.
            ("TRUST_FORWARDED_FOR", "true".to_string()),
        ]
        .into_iter()
        .chain(extra_env.iter().map(|(k, v)| (*k, v.to_string())))
        .map(|(k, v)| (k.to_string(), v))
        .collect();
        let config = Config::from_map(&env).expect("a valid test configuration");
        aftersales::api::register_server_functions();
        let clock = Clock::fixed(now());
        let application = Application::build(config, clock.clone())
            .await
            .expect("the application builds");
        let port = application.port();
        let state = application.state.clone();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let server = tokio::spawn(application.run(async {
            let _ = stopped.await;
        }));
        let mut app = TestApp {
            address: format!("http://127.0.0.1:{port}"),
            clock,
            state,
            backend,
            outlets: Vec::new(),
            services: Vec::new(),
            next_number: AtomicU32::new(1),
            next_address: AtomicU32::new(1),
            gateway_texts: GatewayTexts::default(),
            server,
            stop: Some(stop),
            scratch,
            database_url,
        };
        let visitor = app.visitor();
        app.outlets = app
            .call(&visitor, catalog::ListOutlets {})
            .await
            .expect("outlets");
        // Every demo outlet offers the whole catalogue.
        let outlet = app.outlets.first().expect("an outlet").id;
        app.services = app
            .call(&visitor, catalog::ListServiceTypes { outlet })
            .await
            .expect("service types")
            .services;
        app
    }

    /// The app's database, as `DATABASE_URL` names it.
    pub fn database_url(&self) -> &str {
        &self.database_url
    }

    /// Runs SQL on the app's database directly, around the application (to play someone
    /// who edits stored rows).
    pub async fn execute_sql(&self, statement: &str) {
        execute_sql(&self.database_url, statement).await;
    }

    /// Shuts the server down as SIGTERM would; returns when it has stopped.
    pub async fn stop(&mut self) -> anyhow::Result<()> {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        (&mut self.server).await?
    }

    /// A fresh browser on its own device: its own cookie jar and client address, nobody
    /// signed in.
    pub fn visitor(&self) -> reqwest::Client {
        let n = self.next_address.fetch_add(1, Ordering::Relaxed);
        let address = format!("10.{}.{}.{}", (n >> 16) & 255, (n >> 8) & 255, n & 255);
        from_address(&address)
    }

    /// Asks for a one-time code for `phone` as `client` and reads it off the "phone": the
    /// demo's message page, or the test's own gateway.
    pub async fn texted_code(
        &self,
        client: &reqwest::Client,
        phone: &str,
        purpose: CodePurpose,
    ) -> Result<String, AppError> {
        let send = auth::SendCode {
            phone: phone.into(),
            purpose,
        };
        self.call(client, send).await?;
        Ok(self
            .last_text_to(phone)
            .and_then(|text| code_in(&text))
            .unwrap_or_else(|| panic!("no code was texted to {phone}")))
    }

    /// The last text `phone` received.
    pub fn last_text_to(&self, phone: &str) -> Option<String> {
        let demo = self.state.dev_outbox.recent();
        let from_demo = demo.iter().find(|t| t.phone.as_str() == phone);
        from_demo.map(|t| t.text.clone()).or_else(|| {
            let texts = self.gateway_texts.lock().unwrap();
            texts
                .iter()
                .rev()
                .find(|(to, _)| to == phone)
                .map(|(_, text)| text.clone())
        })
    }

    /// Calls server function `F` as the browser does: POST its JSON arguments to `F::PATH`.
    /// A 2xx answer is the function's `Ok` value; anything else must be an `AppError` body.
    pub async fn call<F>(&self, client: &reqwest::Client, args: F) -> Result<F::Output, AppError>
    where
        F: ServerFn + Serialize,
        F::Output: DeserializeOwned,
    {
        let response = client
            .post(format!("{}{}", self.address, F::PATH))
            .json(&args)
            .send()
            .await
            .unwrap_or_else(|e| panic!("POST {} failed: {e}", F::PATH));
        let status = response.status();
        let body = response.bytes().await.expect("a response body");
        if status.is_success() {
            Ok(serde_json::from_slice(&body).unwrap_or_else(|e| {
                panic!(
                    "{} answered {status} with a body that is not its output ({e}): {}",
                    F::PATH,
                    String::from_utf8_lossy(&body)
                )
            }))
        } else {
            Err(serde_json::from_slice(&body).unwrap_or_else(|e| {
                panic!(
                    "{} answered {status} with a body that is not an AppError ({e}): {}",
                    F::PATH,
                    String::from_utf8_lossy(&body)
                )
            }))
        }
    }

    /// A mobile number no one in this app has used yet (`139` + 8 digits, away from the demo's).
    pub fn fresh_phone(&self) -> String {
        format!("139{:08}", self.next_number.fetch_add(1, Ordering::Relaxed))
    }

    /// A Shanghai plate no one in this app has used yet.
    pub fn fresh_plate(&self) -> String {
        format!("沪A{:05}", self.next_number.fetch_add(1, Ordering::Relaxed))
    }

    /// A new customer: registers on the portal (and is signed in) with one car. See the builder.
    pub async fn customer(&self) -> Customer {
        self.new_customer().create().await
    }

    pub fn new_customer(&self) -> CustomerBuilder<'_> {
        CustomerBuilder {
            app: self,
            phone: None,
            name: "测试客户".into(),
            with_car: true,
        }
    }

    /// A demo staff member, signed in (`advisor`, `advisor2`, `tech`, `admin`, ...).
    pub async fn staff(&self, username: &str) -> Staff {
        let client = self.visitor();
        let me = self
            .call(
                &client,
                auth::StaffSignIn {
                    username: username.into(),
                    password: DEMO_PASSWORD.into(),
                },
            )
            .await
            .unwrap_or_else(|e| panic!("demo staff {username} cannot sign in: {e:?}"));
        assert!(matches!(me, Me::Staff { .. }), "{me:?}");
        Staff {
            client,
            username: username.into(),
        }
    }

    /// The Pudong outlet: open every day, six bays, where the demo bookings are.
    pub fn pudong(&self) -> OutletId {
        self.outlet("SH-PD")
    }

    /// The Minhang outlet, where `advisor2` works.
    pub fn minhang(&self) -> OutletId {
        self.outlet("SH-MH")
    }

    pub fn outlet(&self, code: &str) -> OutletId {
        self.outlets
            .iter()
            .find(|o| o.code == code)
            .unwrap_or_else(|| panic!("no outlet {code}"))
            .id
    }

    pub fn service(&self, code: &str) -> ServiceTypeId {
        self.services
            .iter()
            .find(|s| s.code == code)
            .unwrap_or_else(|| panic!("no service type {code}"))
            .id
    }

    pub fn service_ids(&self, codes: &[&str]) -> Vec<ServiceTypeId> {
        codes.iter().map(|code| self.service(code)).collect()
    }

    /// Today at the outlets (Asia/Shanghai) by the app's clock, plus `days`.
    pub fn day(&self, days: i64) -> NaiveDate {
        let shanghai = chrono::FixedOffset::east_opt(8 * 3600).expect("UTC+8");
        self.clock.now().with_timezone(&shanghai).date_naive() + Duration::days(days)
    }

    /// The public availability grid of `outlet` for the services with these codes.
    pub async fn availability(&self, outlet: OutletId, services: &[&str]) -> Availability {
        self.call(
            &self.visitor(),
            booking::GetAvailability {
                outlet_id: outlet,
                service_ids: self.service_ids(services),
            },
        )
        .await
        .expect("the availability grid")
    }

    /// One window of the public grid; panics when the grid does not offer it.
    pub async fn window(
        &self,
        outlet: OutletId,
        services: &[&str],
        date: NaiveDate,
        start: NaiveTime,
    ) -> Window {
        *self
            .availability(outlet, services)
            .await
            .window(date, start)
            .unwrap_or_else(|| panic!("the grid has no window {date} {start}"))
    }

    /// A booking request for `customer`'s car, built up step by step. Defaults: a routine
    /// maintenance at Pudong tomorrow at 14:00, no symptoms.
    pub fn booking<'a>(&'a self, customer: &'a Customer) -> BookingBuilder<'a> {
        BookingBuilder {
            app: self,
            customer,
            request: BookingRequest {
                outlet_id: self.pudong(),
                car_id: customer.car().id,
                service_ids: self.service_ids(&["minor_maintenance"]),
                symptoms: Vec::new(),
                description: String::new(),
                date: self.day(1),
                start: hm(14, 0),
            },
        }
    }

    /// The advisor's day board.
    pub async fn desk_day(&self, staff: &Staff, date: NaiveDate) -> DeskDay {
        self.call(&staff.client, reception::DeskDayBoard { date })
            .await
            .unwrap_or_else(|e| panic!("{} cannot see the day board: {e:?}", staff.username))
    }

    /// Checks the stored bookings at `outlet` on `date` below the API: at no moment may the
    /// bookings holding capacity need more bays than the outlet has, or more technicians than
    /// can be matched to them. Exact test: the day is over capacity at some moment if and only
    /// if some booking would not fit again next to all the others.
    pub async fn assert_never_over_capacity(&self, outlet: OutletId, date: NaiveDate) {
        let repo = self.state.repo();
        let capacity: OutletCapacity = repo.outlet_capacity(outlet).await.expect("outlet capacity");
        let occupied: Vec<Occupancy> = repo
            .occupancy(outlet, date, date, None)
            .await
            .expect("occupancy");
        let over = capacity.over_capacity(&occupied);
        assert!(
            over.is_empty(),
            "over capacity at outlet {outlet} on {date}: {over:?}"
        );
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        self.server.abort();
        match &self.scratch {
            Scratch::SqliteDir(dir) => {
                let _ = std::fs::remove_dir_all(dir);
            }
            Scratch::Shared => {}
            Scratch::PostgresDatabase { admin_url, name } => {
                let (admin_url, name) = (admin_url.clone(), name.clone());
                // Our runtime may be shutting down: drop the database from a thread of its own.
                let dropped = std::thread::spawn(move || {
                    let runtime = tokio::runtime::Builder::new_current_thread()
                        .enable_all()
                        .build()?;
                    runtime.block_on(async {
                        use sqlx::Connection;
                        let mut admin = sqlx::PgConnection::connect(&admin_url).await?;
                        sqlx::query(&format!(r#"DROP DATABASE IF EXISTS "{name}" WITH (FORCE)"#))
                            .execute(&mut admin)
                            .await?;
                        anyhow::Ok(())
                    })
                })
                .join();
                if !matches!(dropped, Ok(Ok(()))) {
                    eprintln!(
                        "warning: could not drop the test database {:?}",
                        self.scratch_name()
                    );
                }
            }
        }
    }
}

impl TestApp {
    fn scratch_name(&self) -> String {
        match &self.scratch {
            Scratch::SqliteDir(dir) => dir.display().to_string(),
            Scratch::PostgresDatabase { name, .. } => name.clone(),
            Scratch::Shared => String::new(),
        }
    }
}

async fn create_postgres_database(admin_url: &str, name: &str) {
    use sqlx::Connection;
    let mut admin = sqlx::PgConnection::connect(admin_url)
        .await
        .unwrap_or_else(|e| panic!("cannot connect to TEST_POSTGRES_URL: {e}"));
    sqlx::query(&format!(r#"CREATE DATABASE "{name}""#))
        .execute(&mut admin)
        .await
        .unwrap_or_else(|e| panic!("cannot create the test database {name}: {e}"));
}

/// `postgres://user@host:port/test?x=y` with its database replaced by `name`.
fn with_database(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((base, query)) => (base, Some(query)),
        None => (url, None),
    };
    let authority_start = base.find("://").map_or(0, |i| i + 3);
    let root = match base[authority_start..].find('/') {
        Some(slash) => &base[..authority_start + slash],
        None => base,
    };
    match query {
        Some(query) => format!("{root}/{name}?{query}"),
        None => format!("{root}/{name}"),
    }
}

/// Texts (phone, text) a test's SMS gateway received.
pub type GatewayTexts = std::sync::Arc<std::sync::Mutex<Vec<(String, String)>>>;

/// A browser whose requests the trusted proxy reports as coming from `address`.
pub fn from_address(address: &str) -> reqwest::Client {
    let mut headers = reqwest::header::HeaderMap::new();
    // What the client claims comes first; the proxy appends the address it saw.
    let forwarded = format!("10.9.9.9, {address}");
    headers.insert(
        "x-forwarded-for",
        forwarded.parse().expect("a header value"),
    );
    reqwest::Client::builder()
        .cookie_store(true)
        .default_headers(headers)
        .timeout(std::time::Duration::from_secs(120))
        .build()
        .expect("a reqwest client")
}

/// The six-digit code in a text.
pub fn code_in(text: &str) -> Option<String> {
    let digits: Vec<char> = text.chars().collect();
    digits
        .windows(6)
        .enumerate()
        .find(|(i, w)| {
            w.iter().all(char::is_ascii_digit)
                && !digits.get(i + 6).is_some_and(char::is_ascii_digit)
                && (*i == 0 || !digits[i - 1].is_ascii_digit())
        })
        .map(|(_, w)| w.iter().collect())
}

/// A signed-in customer with their own browser.
pub struct Customer {
    pub client: reqwest::Client,
    pub phone: String,
    pub password: String,
    pub me: Me,
    pub cars: Vec<Car>,
}

impl Customer {
    /// The customer's (first) car.
    pub fn car(&self) -> &Car {
        self.cars
            .first()
            .expect("this customer was built without a car")
    }
}

pub struct CustomerBuilder<'a> {
    app: &'a TestApp,
    phone: Option<String>,
    name: String,
    with_car: bool,
}

impl CustomerBuilder<'_> {
    pub fn phone(mut self, phone: &str) -> Self {
        self.phone = Some(phone.into());
        self
    }

    pub fn without_car(mut self) -> Self {
        self.with_car = false;
        self
    }

    /// Registers (which signs in) and adds a car unless told not to.
    pub async fn try_create(self) -> Result<Customer, AppError> {
        let app = self.app;
        let client = app.visitor();
        let phone = self.phone.unwrap_or_else(|| app.fresh_phone());
        let code = app
            .texted_code(&client, &phone, CodePurpose::Register)
            .await?;
        let me = app
            .call(
                &client,
                auth::Register {
                    phone: phone.clone(),
                    name: self.name,
                    password: CUSTOMER_PASSWORD.into(),
                    code,
                },
            )
            .await?;
        let mut cars = app.call(&client, cars::MyCars {}).await?;
        if self.with_car {
            let car = app
                .call(
                    &client,
                    cars::AddMyCar {
                        car: car_form(&app.fresh_plate()),
                    },
                )
                .await?;
            cars.push(car);
        }
        Ok(Customer {
            client,
            phone,
            password: CUSTOMER_PASSWORD.into(),
            me,
            cars,
        })
    }

    pub async fn create(self) -> Customer {
        self.try_create()
            .await
            .unwrap_or_else(|e| panic!("the customer could not register: {e:?}"))
    }
}

/// An add-a-car form for a plate, with a plausible model and mileage.
pub fn car_form(plate: &str) -> CarForm {
    CarForm {
        plate: plate.into(),
        model: "大众 朗逸".into(),
        vin: String::new(),
        mileage_km: "42,000".into(),
    }
}

/// A signed-in staff member with their own browser.
pub struct Staff {
    pub client: reqwest::Client,
    pub username: String,
}

pub struct BookingBuilder<'a> {
    app: &'a TestApp,
    customer: &'a Customer,
    pub request: BookingRequest,
}

impl BookingBuilder<'_> {
    pub fn services(mut self, codes: &[&str]) -> Self {
        self.request.service_ids = self.app.service_ids(codes);
        self
    }

    pub fn symptoms(mut self, symptoms: &[SafetySymptom]) -> Self {
        self.request.symptoms = symptoms.to_vec();
        self
    }

    pub fn on(mut self, date: NaiveDate) -> Self {
        self.request.date = date;
        self
    }

    pub fn at(mut self, start: NaiveTime) -> Self {
        self.request.start = start;
        self
    }

    pub fn request(self) -> BookingRequest {
        self.request
    }

    /// Sends the booking as the customer, through `BookService`.
    pub async fn send(self) -> Result<BookingOutcome, AppError> {
        let (app, client) = (self.app, &self.customer.client);
        app.call(
            client,
            booking::BookService {
                request: self.request,
            },
        )
        .await
    }

    /// Sends the booking and expects it to be made.
    pub async fn booked(self) -> BookingConfirmation {
        match self.send().await {
            Ok(BookingOutcome::Booked(confirmation)) => confirmation,
            other => panic!("expected the booking to be made, got {other:?}"),
        }
    }
}

/// Runs SQL on the database at `url` (SQLite or PostgreSQL), around the application.
pub async fn execute_sql(url: &str, statement: &str) {
    use sqlx::Connection;
    match url.starts_with("sqlite:") {
        true => {
            let mut db = sqlx::SqliteConnection::connect(url)
                .await
                .expect("open SQLite");
            sqlx::raw_sql(statement)
                .execute(&mut db)
                .await
                .expect("the SQL runs");
        }
        false => {
            let mut db = sqlx::PgConnection::connect(url)
                .await
                .expect("open PostgreSQL");
            sqlx::raw_sql(statement)
                .execute(&mut db)
                .await
                .expect("the SQL runs");
        }
    }
}

/// Every table's row count in the database at `url` (sessions left out: they expire).
pub async fn row_counts(url: &str) -> std::collections::BTreeMap<String, i64> {
    use sqlx::Connection;
    // The same reads on either database; only the connection type and the table list differ.
    macro_rules! count_rows {
        ($connection:ty, $list_tables:expr) => {{
            let mut db = <$connection>::connect(url)
                .await
                .expect("open the database");
            let tables: Vec<String> = sqlx::query_scalar($list_tables)
                .fetch_all(&mut db)
                .await
                .expect("list the tables");
            let mut counts = std::collections::BTreeMap::new();
            for table in tables {
                let n: i64 = sqlx::query_scalar(&format!(r#"SELECT COUNT(*) FROM "{table}""#))
                    .fetch_one(&mut db)
                    .await
                    .expect("count rows");
                counts.insert(table, n);
            }
            counts
        }};
    }
    match url.starts_with("sqlite:") {
        true => count_rows!(
            sqlx::SqliteConnection,
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'sessions'"
        ),
        false => count_rows!(
            sqlx::PgConnection,
            "SELECT table_name::TEXT FROM information_schema.tables \
             WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> 'sessions'"
        ),
    }
}

#[cfg(test)]
mod tests {

    /// The over-capacity check the no-overbooking test relies on does catch an overbooked day.
    #[test]
    fn the_postgres_url_gets_the_test_database_name() {
        assert_eq!(
            super::with_database("postgres://postgres@127.0.0.1:5432/test", "x"),
            "postgres://postgres@127.0.0.1:5432/x"
        );
        assert_eq!(
            super::with_database("postgres://u:p@h/test?sslmode=disable", "x"),
            "postgres://u:p@h/x?sslmode=disable"
        );
        assert_eq!(
            super::with_database("postgres://h:5432", "x"),
            "postgres://h:5432/x"
        );
    }
}
