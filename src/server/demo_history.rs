//! `aftersales demo-history --orders N` (and `DEMO_HISTORY_ORDERS` with the demo data): fills
//! the demo group with N delivered work orders spread over the two years before today, with
//! their full timelines, bookings (some never kept), surveys, follow-up calls, complaints and
//! comebacks, so the performance pages have a past to show and the benchmark a realistic size.
//!
//! The timelines are drawn at random (seeded: the same N gives the same history) with the
//! proportions a busy dealer sees: most jobs handed back on time, a few waiting days for
//! parts or for the customer's approval, one in sixteen failing its first inspection. Each
//! order's stored outcome is read from its generated events by the same rule as a live
//! hand-over (`OrderOutcome::read`). Rows are written in bulk, a thousand orders per
//! transaction, with ids the generator hands out itself (PostgreSQL's sequences are moved past
//! them after each batch): run it while no server writes to the database. Numbers are made
//! from the new rows' ids and link secrets from the system's generator, so a second run adds
//! to the first.

use super::db::{Rows, StaffRecord, Val};
use super::services::outlet_time::instant;
use super::AppState;
use crate::domain::account::StaffRole;
use crate::domain::booking::{compose_number, BookingStatus};
use crate::domain::catalog::Outlet;
use crate::domain::follow_up::ClosingPolicy;
use crate::domain::kpi::OrderOutcome;
use crate::domain::organisation::Placement;
use crate::domain::sla::{ClockEvent, SlaPolicy};
use crate::domain::work_order::{WorkOrderEvent as E, WorkOrderStatus as S};
use crate::domain::AppError;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

/// Orders written per transaction.
const BATCH: usize = 1_000;
const DAYS: i64 = 730;

struct Place {
    outlet: Outlet,
    policy: SlaPolicy,
    /// When the routine call after a hand-over is made, and how long it may take.
    closing: ClosingPolicy,
    advisors: Vec<(i64, String)>,
    technicians: Vec<(i64, String)>,
    inspector: (i64, String),
    care: (i64, String),
}

struct Ids {
    customer: i64,
    car: i64,
    booking: i64,
    order: i64,
    event: i64,
    survey: i64,
    follow_up: i64,
    complaint: i64,
    complaint_event: i64,
    line: i64,
}

/// A generated order, kept for comebacks (a rework names its original).
#[derive(Clone, Copy)]
struct Past {
    id: i64,
    place: usize,
    customer: i64,
    car: i64,
}

/// Compound surnames (复姓): none of the names the demo's and the tests' own customers use.
const SURNAMES: [&str; 12] = [
    "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "夏侯", "慕容", "令狐", "宇文", "端木",
];
const MODELS: [&str; 6] = [
    "大众 朗逸",
    "丰田 卡罗拉",
    "本田 雅阁",
    "别克 英朗",
    "日产 轩逸",
    "比亚迪 秦PLUS",
];
const WORDS: [&str; 5] = [
    "常规保养",
    "刹车有异响",
    "空调不凉",
    "更换轮胎",
    "发动机故障灯亮",
];

/// Services agreed at reception (Chinese, English, hours).
const SERVICES: [(&str, &str, i64); 5] = [
    ("常规保养", "Routine maintenance", 100),
    ("更换机油机滤", "Oil and filter change", 50),
    ("四轮定位", "Wheel alignment", 100),
    ("空调检修", "Air-conditioning check", 150),
    ("更换轮胎", "Tyre replacement", 50),
];

/// Findings (增项) that come with age, by mileage band (`MileageBand::ALL`'s order).
const FINDINGS: [&[(&str, &str, i64)]; 5] = [
    &[
        ("更换雨刮片", "Wiper blades", 20),
        ("更换空调滤芯", "Cabin air filter", 30),
    ],
    &[
        ("更换空调滤芯", "Cabin air filter", 30),
        ("更换空气滤芯", "Air filter", 30),
        ("更换刹车油", "Brake fluid", 80),
    ],
    &[
        ("更换刹车片", "Brake pads", 150),
        ("更换蓄电池", "Battery", 50),
        ("更换火花塞", "Spark plugs", 100),
    ],
    &[
        ("更换刹车盘", "Brake discs", 200),
        ("更换正时皮带", "Timing belt", 400),
        ("更换减震器", "Shock absorbers", 300),
    ],
    &[
        ("更换减震器", "Shock absorbers", 300),
        ("更换水泵", "Water pump", 250),
        ("更换离合器片", "Clutch plate", 500),
    ],
];

async fn places(state: &AppState) -> anyhow::Result<Vec<Place>> {
    let repo = state.repo();
    let outlets = repo.outlets().await?;
    let group = outlets
        .first()
        .ok_or_else(|| anyhow::anyhow!("no outlets: load the demo group first (DEMO_DATA=true)"))?
        .group;
    let staff: Vec<StaffRecord> = repo.staff_of_group(group).await?;
    let mut places = Vec::new();
    for outlet in outlets.into_iter().filter(|o| o.group == group) {
        let here: Vec<&StaffRecord> = staff
            .iter()
            .filter(|s| s.placement == Placement::Outlet(outlet.id))
            .collect();
        let with = |role: StaffRole| -> Vec<(i64, String)> {
            here.iter()
                .filter(|s| s.holds(|r| r == role))
                .map(|s| (s.id.0, s.display_name.clone()))
                .collect()
        };
        let anyone = here
            .first()
            .copied()
            .or(staff.first())
            .map(|s| (s.id.0, s.display_name.clone()))
            .ok_or_else(|| anyhow::anyhow!("the demo group has no staff"))?;
        let pick = |list: Vec<(i64, String)>| list.into_iter().next().unwrap_or(anyone.clone());
        let advisors = match with(StaffRole::ServiceAdvisor) {
            list if list.is_empty() => vec![anyone.clone()],
            list => list,
        };
        let technicians: Vec<(i64, String)> = repo
            .technicians(outlet.id)
            .await?
            .into_iter()
            .map(|t| (t.id.0, t.name))
            .collect();
        if technicians.is_empty() {
            continue;
        }
        let repair = repo.repair_policy(outlet.id).await?;
        places.push(Place {
            policy: repair.sla,
            closing: repair.closing,
            advisors,
            technicians,
            inspector: pick(with(StaffRole::QualityInspector)),
            care: pick(with(StaffRole::CustomerServiceManager)),
            outlet,
        });
    }
    anyhow::ensure!(
        !places.is_empty(),
        "no outlet with technicians to generate for"
    );
    Ok(places)
}

/// Writes `orders` delivered orders ending yesterday; returns how many were written.
pub async fn generate(state: &AppState, orders: usize, seed: u64) -> anyhow::Result<usize> {
    let repo = state.repo();
    let places = places(state).await?;
    let mut rng = StdRng::seed_from_u64(seed);
    let mut ids = Ids {
        customer: repo.max_id("customers").await?,
        car: repo.max_id("cars").await?,
        booking: repo.max_id("bookings").await?,
        order: repo.max_id("work_orders").await?,
        event: repo.max_id("work_order_events").await?,
        survey: repo.max_id("surveys").await?,
        follow_up: repo.max_id("follow_ups").await?,
        complaint: repo.max_id("complaints").await?,
        complaint_event: repo.max_id("complaint_events").await?,
        line: repo.max_id("work_order_lines").await?,
    };
    // A third as many customers as orders, each with one car, written up front.
    let customers = (orders / 3).max(1);
    let now = state.clock.now();
    let start = now - Duration::days(DAYS);
    let first_customer = ids.customer + 1;
    let mut people = Rows {
        table: "customers",
        columns: &["id", "phone", "name", "created_at"],
        rows: Vec::new(),
    };
    let mut cars = Rows {
        table: "cars",
        columns: &[
            "id",
            "customer_id",
            "plate",
            "model",
            "mileage_km",
            "created_at",
        ],
        rows: Vec::new(),
    };
    for n in 0..customers {
        ids.customer += 1;
        ids.car += 1;
        let gender = if rng.random_bool(0.5) {
            "先生"
        } else {
            "女士"
        };
        people.rows.push(vec![
            Val::I(ids.customer),
            // 170 numbers are virtual operators' (虚拟运营商): never a demo login's.
            Val::T(format!("170{:08}", ids.customer % 100_000_000)),
            Val::T(format!("{}{gender}", SURNAMES[n % SURNAMES.len()])),
            Val::Ts(start),
        ]);
        cars.rows.push(vec![
            Val::I(ids.car),
            Val::I(ids.customer),
            Val::T(plate(ids.car)),
            Val::T(MODELS[ids.car as usize % MODELS.len()].into()),
            Val::I(rng.random_range(5_000..150_000)),
            Val::Ts(start),
        ]);
    }
    repo.insert_rows(&[people, cars]).await?;
    repo.after_bulk(&TABLES).await?;
    let first_car = ids.car - customers as i64 + 1;

    // The days, oldest first, so comebacks follow their originals.
    let mut days: Vec<i64> = (0..orders).map(|_| rng.random_range(0..DAYS)).collect();
    days.sort_unstable();
    let mut past: Vec<Past> = Vec::new();
    let mut written = 0;
    for chunk in days.chunks(BATCH) {
        let mut batch = Batch::default();
        for day_offset in chunk {
            let day = (start + Duration::days(*day_offset + 1)).date_naive();
            let place = rng.random_range(0..places.len());
            let who = rng.random_range(0..customers as i64);
            let (customer, car) = (first_customer + who, first_car + who);
            let original = match past.len() {
                n if n > 50 && rng.random_bool(0.015) => {
                    let o = past[rng.random_range(n - 50..n)];
                    Some(o)
                }
                _ => None,
            };
            let made = one_order(
                &mut rng,
                &mut ids,
                &mut batch,
                &places,
                original.map_or(place, |o| o.place),
                original.map_or((customer, car), |o| (o.customer, o.car)),
                original.map(|o| o.id),
                day,
                now,
            )?;
            if let Some(order) = made {
                past.push(order);
                written += 1;
            }
        }
        repo.insert_rows(&batch.into_rows()).await?;
        repo.after_bulk(&TABLES).await?;
    }
    repo.refresh_statistics().await?;
    // Written in bulk, past the marks a change leaves: the daily figures are counted afresh.
    let days = |e: AppError| anyhow::anyhow!("counting the indicators' days: {e:?}");
    super::services::kpi_days::mark_recorded(state)
        .await
        .map_err(days)?;
    super::services::kpi_days::refresh_all(state)
        .await
        .map_err(days)?;
    Ok(written)
}

/// The tables the generator writes ids into.
const TABLES: [&str; 10] = [
    "customers",
    "cars",
    "bookings",
    "work_orders",
    "work_order_events",
    "work_order_lines",
    "surveys",
    "follow_ups",
    "complaints",
    "complaint_events",
];

fn plate(n: i64) -> String {
    const LETTERS: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ";
    let letter = LETTERS[(n / 100_000) as usize % LETTERS.len()] as char;
    format!("沪{letter}{:05}", n % 100_000)
}

/// Bookings, orders and what followed them, for one transaction.
#[derive(Default)]
struct Batch {
    bookings: Vec<Vec<Val>>,
    orders: Vec<Vec<Val>>,
    events: Vec<Vec<Val>>,
    outcomes: Vec<Vec<Val>>,
    surveys: Vec<Vec<Val>>,
    follow_ups: Vec<Vec<Val>>,
    complaints: Vec<Vec<Val>>,
    complaint_events: Vec<Vec<Val>>,
    lines: Vec<Vec<Val>>,
}

impl Batch {
    fn into_rows(self) -> Vec<Rows> {
        vec![
            Rows {
                table: "bookings",
                columns: &[
                    "id",
                    "number",
                    "outlet_id",
                    "customer_id",
                    "car_id",
                    "local_date",
                    "start_minute",
                    "end_minute",
                    "starts_at",
                    "skills",
                    "urgent",
                    "symptoms",
                    "description",
                    "status",
                    "channel",
                    "created_at",
                    "updated_at",
                ],
                rows: self.bookings,
            },
            Rows {
                table: "work_orders",
                columns: &[
                    "id",
                    "number",
                    "outlet_id",
                    "customer_id",
                    "car_id",
                    "booking_id",
                    "rework_of",
                    "status",
                    "version",
                    "urgent",
                    "skills",
                    "customer_type",
                    "repair_category",
                    "odometer_in_km",
                    "fuel_percent",
                    "customer_words",
                    "expectations",
                    "walk_around",
                    "promised_at",
                    "old_parts",
                    "technician_id",
                    "odometer_out_km",
                    "tracking_token",
                    "opened_by_staff_id",
                    "created_at",
                    "updated_at",
                    "free_of_charge",
                ],
                rows: self.orders,
            },
            Rows {
                table: "work_order_lines",
                columns: &[
                    "id",
                    "work_order_id",
                    "kind",
                    "item",
                    "item_en",
                    "reason",
                    "part_code",
                    "count_hundredths",
                    "unit_fen",
                    "amount_fen",
                    "approval",
                    "added_by_staff_id",
                    "added_at",
                ],
                rows: self.lines,
            },
            Rows {
                table: "work_order_events",
                columns: &[
                    "id",
                    "work_order_id",
                    "at",
                    "actor_kind",
                    "actor_id",
                    "actor_name",
                    "event",
                    "from_status",
                    "to_status",
                    "note",
                    "public",
                ],
                rows: self.events,
            },
            Rows {
                table: "order_outcomes",
                columns: &[
                    "work_order_id",
                    "outlet_id",
                    "delivered_on",
                    "delivered_at",
                    "advisor_id",
                    "technician_id",
                    "on_time",
                    "first_check_passed",
                    "rework",
                    "first_update_met",
                    "processing_met",
                    "reception_minutes",
                    "repair_minutes",
                    "inspection_minutes",
                    "handover_minutes",
                    "approval_minutes",
                    "worked_minutes",
                ],
                rows: self.outcomes,
            },
            Rows {
                table: "surveys",
                columns: &[
                    "id",
                    "work_order_id",
                    "outlet_id",
                    "token",
                    "created_at",
                    "expires_at",
                    "answered_at",
                    "nps",
                    "attitude",
                    "professionalism",
                    "timeliness",
                    "price_transparency",
                    "repair_quality",
                ],
                rows: self.surveys,
            },
            Rows {
                table: "complaints",
                columns: &[
                    "id",
                    "number",
                    "token",
                    "outlet_id",
                    "customer_id",
                    "work_order_id",
                    "category",
                    "stage",
                    "what_happened",
                    "filed_at",
                    "response_due_at",
                    "first_response_at",
                    "responsibility",
                    "resolution",
                    "closed_at",
                    "updated_at",
                ],
                rows: self.complaints,
            },
            Rows {
                table: "complaint_events",
                columns: &[
                    "id",
                    "complaint_id",
                    "at",
                    "staff_id",
                    "customer_id",
                    "actor_name",
                    "event",
                    "from_stage",
                    "to_stage",
                    "note",
                    "public",
                ],
                rows: self.complaint_events,
            },
            Rows {
                table: "follow_ups",
                columns: &[
                    "id",
                    "outlet_id",
                    "customer_id",
                    "work_order_id",
                    "source",
                    "created_at",
                    "due_at",
                    "done_at",
                    "done_by_staff_id",
                    "reached",
                    "satisfaction",
                    "outcome",
                ],
                rows: self.follow_ups,
            },
        ]
    }
}

/// A link's secret: from the system's generator, never the seeded one (a second run with the
/// same seed must not repeat them).
fn token() -> String {
    format!("{:032x}", rand::random::<u128>())
}

/// Five characters from the row's own id (in base 32): numbers never repeat, even over
/// several runs.
fn serial(id: i64) -> [u8; 5] {
    [0, 1, 2, 3, 4].map(|i| ((id >> (5 * (4 - i))) & 31) as u8)
}

#[allow(clippy::too_many_arguments)]
fn one_order(
    rng: &mut StdRng,
    ids: &mut Ids,
    batch: &mut Batch,
    places: &[Place],
    place: usize,
    (customer, car): (i64, i64),
    rework_of: Option<i64>,
    day: NaiveDate,
    now: DateTime<Utc>,
) -> anyhow::Result<Option<Past>> {
    let p = &places[place];
    let at = |minute: u32| {
        instant(&p.outlet, day, minute).map_err(|e| anyhow::anyhow!("outlet time: {e:?}"))
    };
    let advisor = &p.advisors[rng.random_range(0..p.advisors.len())];
    let tech = &p.technicians[rng.random_range(0..p.technicians.len())];
    let check_in_minute = rng.random_range(8 * 60 + 30..16 * 60);
    let checked_in = at(check_in_minute)?;
    let urgent = rng.random_bool(0.03);

    // The timeline: (minutes after check-in, step, status after, actor, public note).
    let mut t = 0_i64;
    let mut steps: Vec<(i64, Option<E>, S, Who, &str)> =
        vec![(0, None, S::CheckedIn, Who::Advisor, "")];
    let mut go = |t: &mut i64, minutes: i64, event: E, to: S, who: Who| {
        *t += minutes;
        steps.push((*t, Some(event), to, who, ""));
    };
    go(
        &mut t,
        rng.random_range(5..60),
        E::Dispatch,
        S::Dispatched,
        Who::Advisor,
    );
    go(
        &mut t,
        rng.random_range(5..30),
        E::StartDiagnosis,
        S::Diagnosing,
        Who::Tech,
    );
    let found = rng.random_bool(0.2);
    if found {
        go(
            &mut t,
            rng.random_range(30..90),
            E::RequestApproval,
            S::AwaitingApproval,
            Who::Tech,
        );
        let wait = if rng.random_bool(0.15) {
            rng.random_range(18 * 60..30 * 60)
        } else {
            rng.random_range(10..180)
        };
        go(&mut t, wait, E::CustomerDecided, S::InRepair, Who::Customer);
    } else {
        go(
            &mut t,
            rng.random_range(20..90),
            E::StartRepair,
            S::InRepair,
            Who::Tech,
        );
    }
    let repair = rng.random_range(45..300);
    if rng.random_bool(0.08) {
        go(
            &mut t,
            repair / 2,
            E::PauseForParts,
            S::WaitingParts,
            Who::Tech,
        );
        go(
            &mut t,
            rng.random_range(4 * 60..48 * 60),
            E::PartsArrived,
            S::InRepair,
            Who::Tech,
        );
        go(&mut t, repair / 2, E::Finish, S::QualityCheck, Who::Tech);
    } else {
        go(&mut t, repair, E::Finish, S::QualityCheck, Who::Tech);
    }
    let first_pass = !rng.random_bool(0.065);
    if !first_pass {
        go(
            &mut t,
            rng.random_range(15..40),
            E::FailCheck,
            S::InRepair,
            Who::Inspector,
        );
        go(
            &mut t,
            rng.random_range(30..150),
            E::Finish,
            S::QualityCheck,
            Who::Tech,
        );
    }
    go(
        &mut t,
        rng.random_range(10..40),
        E::PassCheck,
        S::ReadyForPickup,
        Who::Inspector,
    );
    // Most owners wait in the lounge or come within the hour; one in ten comes the next day.
    let pickup = match rng.random_range(0..10) {
        0 => rng.random_range(14 * 60..20 * 60),
        1 | 2 => rng.random_range(60..180),
        _ => rng.random_range(10..60),
    };
    go(&mut t, pickup, E::Settle, S::Settled, Who::Advisor);
    go(
        &mut t,
        rng.random_range(5..15),
        E::Deliver,
        S::Delivered,
        Who::Advisor,
    );
    let delivered_at = checked_in + Duration::minutes(t);
    if delivered_at >= now {
        return Ok(None);
    }
    // A booking for two in three orders; one booking in sixteen is never kept.
    let mut book = |ids: &mut Ids, start: u32, status| -> anyhow::Result<i64> {
        ids.booking += 1;
        let row = booking_row(ids, p, customer, car, day, start, at(start)?, status);
        batch.bookings.push(row);
        Ok(ids.booking)
    };
    let booking_id = match rng.random_bool(0.65) {
        true => Some(book(
            ids,
            check_in_minute / 30 * 30,
            BookingStatus::Arrived,
        )?),
        false => None,
    };
    if rng.random_bool(0.06) {
        book(ids, rng.random_range(17..32) * 30, BookingStatus::NoShow)?;
    }

    // Promised at check-in: the planned work with a margin, and an hour to hand over, in
    // half hours.
    let planned = (repair + 130) * rng.random_range(115..160) / 100 + 60;
    let promised_at = checked_in + Duration::minutes(planned / 30 * 30 + 30);

    ids.order += 1;
    let order = ids.order;
    let odometer: u32 = rng.random_range(5_000..150_000);
    // The service agreed at the desk and, for an order that waited for the customer's
    // approval, the finding: by mileage band, each model with its own most common one.
    let service = SERVICES[rng.random_range(0..SERVICES.len())];
    let mut line = |ids: &mut Ids, (item, item_en, hours): (&str, &str, i64), approval: &str| {
        ids.line += 1;
        batch.lines.push(vec![
            Val::I(ids.line),
            Val::I(order),
            Val::T("labour".into()),
            Val::T(item.into()),
            Val::T(item_en.into()),
            Val::T(String::new()),
            Val::T(String::new()),
            Val::I(hours),
            Val::I(20_000),
            Val::I(hours * 200),
            Val::T(approval.into()),
            Val::I(advisor.0),
            Val::Ts(checked_in),
        ]);
    };
    line(ids, service, "agreed");
    if found {
        let pool = FINDINGS[crate::domain::fault::MileageBand::of(odometer).index()];
        let most_common = car as usize % pool.len();
        let pick = if rng.random_bool(0.5) {
            most_common
        } else {
            rng.random_range(0..pool.len())
        };
        let approval = if rng.random_bool(0.8) {
            "approved"
        } else {
            "declined"
        };
        line(ids, pool[pick], approval);
    }
    let number = compose_number("WO", day, serial(order));
    let rework = rework_of.is_some();
    batch.orders.push(vec![
        Val::I(order),
        Val::T(number),
        Val::I(p.outlet.id.0),
        Val::I(customer),
        Val::I(car),
        Val::OptI(booking_id),
        Val::OptI(rework_of),
        Val::T(S::Delivered.as_str().into()),
        Val::I(steps.len() as i64),
        Val::B(urgent),
        Val::T(String::new()),
        Val::T("returning".into()),
        Val::T(
            if rework {
                "minor"
            } else {
                "first_level_maintenance"
            }
            .into(),
        ),
        Val::I(i64::from(odometer)),
        Val::I(rng.random_range(10..100)),
        Val::T(WORDS[rng.random_range(0..WORDS.len())].into()),
        Val::T(String::new()),
        Val::T(String::new()),
        Val::Ts(promised_at),
        Val::T("returned".into()),
        Val::I(tech.0),
        Val::OptI(None),
        Val::T(token()),
        Val::I(advisor.0),
        Val::Ts(checked_in),
        Val::Ts(delivered_at),
        Val::B(rework),
    ]);
    let mut clock = Vec::with_capacity(steps.len());
    let mut from = None;
    for (minutes, event, to, who, note) in steps {
        let at = checked_in + Duration::minutes(minutes);
        let (kind, actor_id, name) = match who {
            Who::Advisor => ("staff", Some(advisor.0), advisor.1.clone()),
            Who::Tech => ("staff", None, tech.1.clone()),
            Who::Inspector => ("staff", Some(p.inspector.0), p.inspector.1.clone()),
            Who::Customer => ("customer", Some(customer), String::new()),
        };
        ids.event += 1;
        batch.events.push(vec![
            Val::I(ids.event),
            Val::I(order),
            Val::Ts(at),
            Val::T(kind.into()),
            Val::OptI(actor_id),
            Val::T(name),
            Val::OptT(event.map(|e| e.as_str().to_string())),
            Val::OptT(from.map(|s: S| s.as_str().to_string())),
            Val::T(to.as_str().into()),
            Val::T(note.into()),
            Val::B(true),
        ]);
        clock.push(ClockEvent {
            at,
            event,
            to,
            public_note: false,
            note: String::new(),
        });
        from = Some(to);
    }
    let o = OrderOutcome::read(&clock, &p.policy, urgent, promised_at, rework);
    let delivered_on = super::services::outlet_time::local_time(&p.outlet, delivered_at)
        .map_err(|e| anyhow::anyhow!("outlet time: {e:?}"))?
        .date();
    batch.outcomes.push(vec![
        Val::I(order),
        Val::I(p.outlet.id.0),
        Val::D(delivered_on),
        Val::Ts(delivered_at),
        Val::I(advisor.0),
        Val::I(tech.0),
        Val::B(o.on_time),
        Val::OptB(o.first_check_passed),
        Val::B(o.rework),
        Val::OptB(o.first_update_met),
        Val::B(o.processing_met),
        Val::I(o.reception_minutes),
        Val::I(o.repair_minutes),
        Val::I(o.inspection_minutes),
        Val::I(o.handover_minutes),
        Val::I(o.approval_minutes),
        Val::I(o.worked_minutes),
    ]);
    survey_and_after(
        rng,
        ids,
        batch,
        p,
        order,
        customer,
        delivered_at,
        o.on_time,
        now,
    );
    Ok(Some(Past {
        id: order,
        place,
        customer,
        car,
    }))
}

#[derive(Clone, Copy)]
enum Who {
    Advisor,
    Tech,
    Inspector,
    Customer,
}

#[allow(clippy::too_many_arguments)]
fn booking_row(
    ids: &mut Ids,
    p: &Place,
    customer: i64,
    car: i64,
    day: NaiveDate,
    start: u32,
    starts_at: DateTime<Utc>,
    status: BookingStatus,
) -> Vec<Val> {
    let number = compose_number("BK", day, serial(ids.booking));
    vec![
        Val::I(ids.booking),
        Val::T(number),
        Val::I(p.outlet.id.0),
        Val::I(customer),
        Val::I(car),
        Val::D(day),
        Val::I(i64::from(start)),
        Val::I(i64::from(start + 60)),
        Val::Ts(starts_at),
        Val::T(String::new()),
        Val::B(false),
        Val::T(String::new()),
        Val::T(String::new()),
        Val::T(status.as_str().into()),
        Val::T("online".into()),
        Val::Ts(starts_at - Duration::days(2)),
        Val::Ts(starts_at),
    ]
}

/// The survey sent at the hand-over, the answer (about half), a follow-up call after a low
/// score, and now and then a complaint.
#[allow(clippy::too_many_arguments)]
fn survey_and_after(
    rng: &mut StdRng,
    ids: &mut Ids,
    batch: &mut Batch,
    p: &Place,
    order: i64,
    customer: i64,
    delivered_at: DateTime<Utc>,
    on_time: bool,
    now: DateTime<Utc>,
) {
    ids.survey += 1;
    let answered_at = delivered_at + Duration::minutes(rng.random_range(60..4 * 24 * 60));
    let answered = rng.random_bool(0.55) && answered_at < now;
    let nps: u8 = match rng.random_range(0..100) + if on_time { 0 } else { 15 } {
        0..62 => rng.random_range(9..=10),
        62..86 => rng.random_range(7..=8),
        _ => rng.random_range(0..=6),
    };
    // Ratings follow the score: promoters give 4–5, passives 3–5, detractors 1–4.
    let rating = |rng: &mut StdRng| {
        let (low, high) = match nps {
            9.. => (4, 5),
            7..=8 => (3, 5),
            _ => (1, 4),
        };
        Val::OptI(answered.then(|| rng.random_range(low..=high)))
    };
    let ratings: Vec<Val> = (0..5).map(|_| rating(rng)).collect();
    let mut row = vec![
        Val::I(ids.survey),
        Val::I(order),
        Val::I(p.outlet.id.0),
        Val::T(token()),
        Val::Ts(delivered_at),
        Val::Ts(delivered_at + Duration::days(14)),
        Val::OptTs(answered.then_some(answered_at)),
        Val::OptI(answered.then_some(i64::from(nps))),
    ];
    row.extend(ratings);
    batch.surveys.push(row);
    // The past leaves nothing open on today's queues: calls and complaints are done. The
    // routine call some days after every hand-over too (from the order's number, not the
    // generator's sequence, so the rest of the history is as before); a call not yet due is
    // opened by the worker, as for any order.
    let routine_days = i64::from(p.closing.routine_follow_up_days);
    let called = delivered_at + Duration::days(routine_days);
    let routine_done = called + Duration::minutes(30 + order % 300);
    if routine_days > 0 && routine_done < now {
        let due = called + Duration::hours(i64::from(p.closing.follow_up_hours));
        push_follow_up(
            ids,
            batch,
            p,
            customer,
            order,
            "routine",
            called,
            due,
            routine_done,
        );
    }
    if answered && nps <= 6 {
        let due = answered_at + Duration::hours(24);
        let done = answered_at + Duration::minutes(rng.random_range(30..30 * 60));
        if done < now {
            push_follow_up(
                ids,
                batch,
                p,
                customer,
                order,
                "survey",
                answered_at,
                due,
                done,
            );
        }
    }
    let filed = delivered_at + Duration::minutes(rng.random_range(60..7 * 24 * 60));
    let responded = filed + Duration::minutes(rng.random_range(20..40 * 60));
    let closed = responded + Duration::days(3);
    if rng.random_bool(0.012) && closed < now {
        ids.complaint += 1;
        let category = [
            "repair_quality",
            "timeliness",
            "price",
            "staff_attitude",
            "parts",
            "other",
        ][rng.random_range(0..6)];
        let number = compose_number("TS", filed.date_naive(), serial(ids.complaint));
        batch.complaints.push(vec![
            Val::I(ids.complaint),
            Val::T(number),
            Val::T(token()),
            Val::I(p.outlet.id.0),
            Val::I(customer),
            Val::I(order),
            Val::T(category.into()),
            Val::T("closed".into()),
            Val::T("交车后问题未解决".into()),
            Val::Ts(filed),
            Val::Ts(filed + Duration::hours(24)),
            Val::OptTs(Some(responded)),
            Val::OptT(Some("workmanship".into())),
            Val::OptT(Some("apology".into())),
            Val::OptTs(Some(closed)),
            Val::Ts(closed),
        ]);
        let mut event =
            |at, staff: Option<i64>, event: Option<&str>, from: Option<&str>, to: &str| {
                ids.complaint_event += 1;
                batch.complaint_events.push(vec![
                    Val::I(ids.complaint_event),
                    Val::I(ids.complaint),
                    Val::Ts(at),
                    Val::OptI(staff),
                    Val::OptI(staff.is_none().then_some(customer)),
                    Val::T(if staff.is_some() {
                        p.care.1.clone()
                    } else {
                        String::new()
                    }),
                    Val::OptT(event.map(str::to_string)),
                    Val::OptT(from.map(str::to_string)),
                    Val::T(to.into()),
                    Val::T(String::new()),
                    Val::B(true),
                ]);
            };
        event(filed, None, None, None, "acceptance");
        event(
            responded,
            Some(p.care.0),
            Some("accept"),
            Some("acceptance"),
            "investigation",
        );
        event(
            closed,
            Some(p.care.0),
            Some("customer_satisfied"),
            Some("follow_up"),
            "closed",
        );
    }
}

#[allow(clippy::too_many_arguments)]
fn push_follow_up(
    ids: &mut Ids,
    batch: &mut Batch,
    p: &Place,
    customer: i64,
    order: i64,
    source: &str,
    created: DateTime<Utc>,
    due: DateTime<Utc>,
    done: DateTime<Utc>,
) {
    ids.follow_up += 1;
    batch.follow_ups.push(vec![
        Val::I(ids.follow_up),
        Val::I(p.outlet.id.0),
        Val::I(customer),
        Val::I(order),
        Val::T(source.into()),
        Val::Ts(created),
        Val::Ts(due),
        Val::OptTs(Some(done)),
        Val::OptI(Some(p.care.0)),
        Val::OptB(Some(true)),
        Val::OptI(Some(4)),
        Val::T("已回访，客户接受".into()),
    ]);
}
