//! The demo dealer group `make run` starts with (`DEMO_DATA=true`), also the tests' fixture:
//! a region with two outlets with bays, hours and skilled technicians, the service catalogue,
//! one staff account per role (headquarters and the region's manager too), and demo customers with cars and bookings (the portal's demo customer
//! for this morning, two others for tomorrow).
//!
//! Loaded only into a database without outlets, so restarting never duplicates it.

use crate::domain::account::StaffRole;
use crate::domain::availability::time_of;
use crate::domain::booking::{BookingOutcome, BookingRequest};
use crate::domain::catalog::{BookingPolicy, Localized, Skill, SkillSet};
use crate::domain::estimate::{Money, PartOrigin};
use crate::domain::identity::{PersonName, Phone, Username};
use crate::domain::ids::GroupId;
use crate::domain::organisation::{NewCertificate, Placement, Roles};
use crate::domain::outlet_settings::bay_name;
use crate::domain::standard_work::StandardPart;
use crate::domain::vehicle::CarForm;
use crate::server::auth::password;
use crate::server::db::{
    Actor, AuditEntry, Created, NewCustomer, NewOutlet, NewServiceType, NewStaff,
};
use crate::server::services::{booking, cars};
use crate::server::AppState;
use chrono::{Datelike, Duration};

/// The password of every demo account. Printed by `make run`; never use demo data in production.
pub const DEMO_PASSWORD: &str = "demo1234";

/// Where a demo account is placed: an outlet (0 = Pudong, 1 = Minhang), the Shanghai region
/// (both outlets) or headquarters.
#[derive(Clone, Copy)]
pub enum DemoPlace {
    Outlet(usize),
    Region,
    Headquarters,
}

/// Demo staff: user name, display name, role, placement, years of experience.
pub const DEMO_STAFF: &[(&str, &str, StaffRole, DemoPlace, i32)] = &[
    (
        "advisor",
        "刘婷",
        StaffRole::ServiceAdvisor,
        DemoPlace::Outlet(0),
        4,
    ),
    (
        "tech",
        "张伟",
        StaffRole::Technician,
        DemoPlace::Outlet(0),
        6,
    ),
    (
        "inspector",
        "孙强",
        StaffRole::QualityInspector,
        DemoPlace::Outlet(0),
        8,
    ),
    (
        "csm",
        "周敏",
        StaffRole::CustomerServiceManager,
        DemoPlace::Headquarters,
        5,
    ),
    ("admin", "吴刚", StaffRole::Admin, DemoPlace::Outlet(0), 12),
    (
        "advisor2",
        "何静",
        StaffRole::ServiceAdvisor,
        DemoPlace::Outlet(1),
        1,
    ),
    (
        "regional",
        "郑红",
        StaffRole::RegionalManager,
        DemoPlace::Region,
        15,
    ),
    (
        "hqadmin",
        "钱进",
        StaffRole::HqAdmin,
        DemoPlace::Headquarters,
        20,
    ),
];

/// The demo customer who signs in on the portal.
pub const DEMO_CUSTOMER_PHONE: &str = "13800138000";

/// A demo customer: phone, name, car (plate, model, VIN, km) and maybe a booking at Pudong
/// (index into the service catalogue, days from today, hour, minute, the customer's words).
struct DemoCustomer {
    phone: &'static str,
    name: &'static str,
    car: [&'static str; 4],
    booking: Option<(usize, i64, u32, u32, &'static str)>,
}

const DEMO_CUSTOMERS: [DemoCustomer; 3] = [
    DemoCustomer {
        phone: DEMO_CUSTOMER_PHONE,
        name: "王先生",
        car: ["沪AD12345", "比亚迪 汉 DM-i", "LGXCE4CB5N0123456", "23500"],
        // A plug-in hybrid (green plate, engine oil all the same), booked yesterday evening for
        // this morning's routine maintenance: the desk can check the car in at once.
        booking: Some((0, 0, 9, 0, "仪表提示保养，刹车时偶尔有异响")),
    },
    DemoCustomer {
        phone: "13900139000",
        name: "李女士",
        car: ["沪B8X88K", "大众 帕萨特", "", "61200"],
        booking: Some((0, 1, 9, 0, "到保养里程了，顺便看看空调滤芯")),
    },
    DemoCustomer {
        phone: "13700137000",
        name: "陈先生",
        car: ["沪C23456", "丰田 凯美瑞", "", "88000"],
        booking: Some((7, 1, 10, 30, "左前轮胎鼓包，想换两条新胎")),
    },
];

/// The demo catalogue: code, names, bay minutes, skill, standard labour hours (hundredths;
/// 0 = priced once diagnosed).
const CATALOGUE: [(&str, &str, &str, u32, Skill, u32); 10] = [
    (
        "minor_maintenance",
        "常规保养（机油机滤）",
        "Routine maintenance (oil and filter)",
        60,
        Skill::Maintenance,
        100,
    ),
    (
        "major_maintenance",
        "二级维护保养",
        "Major (second-level) maintenance",
        180,
        Skill::Maintenance,
        250,
    ),
    (
        "brake_repair",
        "制动系统检修",
        "Brake system repair",
        120,
        Skill::Mechanical,
        150,
    ),
    (
        "mechanical_repair",
        "机械故障维修",
        "Mechanical repair",
        120,
        Skill::Mechanical,
        0,
    ),
    (
        "diagnosis",
        "故障诊断",
        "Fault diagnosis",
        60,
        Skill::Diagnosis,
        100,
    ),
    (
        "safety_inspection",
        "安全检测（年检预检）",
        "Safety inspection (pre-MOT)",
        45,
        Skill::Diagnosis,
        75,
    ),
    (
        "warranty_repair",
        "保修 / 三包维修",
        "Warranty repair",
        120,
        Skill::Mechanical,
        0,
    ),
    (
        "tyres_alignment",
        "轮胎更换与四轮定位",
        "Tyres and wheel alignment",
        60,
        Skill::Tyres,
        100,
    ),
    (
        "ev_system_check",
        "新能源三电检测",
        "EV battery and high-voltage check",
        90,
        Skill::HighVoltage,
        150,
    ),
    (
        "body_paint",
        "钣金喷漆",
        "Body and paint",
        240,
        Skill::BodyPaint,
        0,
    ),
];

/// The parts a demo service normally uses, at list price.
fn standard_parts(service: &str) -> Vec<StandardPart> {
    let part =
        |code: &str, zh: &str, en: &str, spec: &str, unit: &str, quantity: u32, yuan: i64| {
            StandardPart {
                part_code: code.into(),
                name: text(zh, en),
                origin: PartOrigin::Original,
                brand: String::new(),
                spec: spec.into(),
                unit: unit.into(),
                quantity,
                unit_price: Money(yuan * 100),
            }
        };
    let oil = |litres| {
        part(
            "OIL-0W20",
            "全合成机油",
            "Fully synthetic engine oil",
            "0W-20",
            "litre",
            litres,
            85,
        )
    };
    let oil_filter = || part("OF-1012", "机油滤清器", "Oil filter", "", "piece", 100, 68);
    match service {
        "minor_maintenance" => vec![oil(400), oil_filter()],
        "major_maintenance" => vec![
            oil(450),
            oil_filter(),
            part("AF-2208", "空气滤清器", "Air filter", "", "piece", 100, 120),
            part(
                "CF-3105",
                "空调滤清器",
                "Cabin air filter",
                "",
                "piece",
                100,
                150,
            ),
        ],
        _ => Vec::new(),
    }
}

fn text(zh: &str, en: &str) -> Localized {
    Localized {
        zh: zh.into(),
        en: en.into(),
    }
}

fn skills(list: &[Skill]) -> SkillSet {
    list.iter().copied().collect()
}

const fn hm(hours: u32, minutes: u32) -> u32 {
    hours * 60 + minutes
}

/// Pudong (open every day, six bays) and Minhang (closed on Sundays, four bays).
fn demo_outlets(group: GroupId) -> [NewOutlet; 2] {
    let weekday = Some((hm(8, 30), hm(18, 0)));
    [
        NewOutlet {
            group_id: group,
            region: None,
            code: "SH-PD".into(),
            name: text("上海浦东服务中心", "Shanghai Pudong Service Centre"),
            address: text(
                "上海市浦东新区张江路 88 号",
                "88 Zhangjiang Road, Pudong, Shanghai",
            ),
            phone: "021-5080 8888".into(),
            time_zone: "Asia/Shanghai".into(),
            policy: BookingPolicy::default(),
            hours: [
                weekday,
                weekday,
                weekday,
                weekday,
                weekday,
                weekday,
                Some((hm(9, 0), hm(17, 0))),
            ],
            bays: (1..=6).map(bay_name).collect(),
            technicians: vec![
                (
                    "张伟".into(),
                    skills(&[Skill::Maintenance, Skill::Mechanical, Skill::Tyres]),
                ),
                (
                    "李强".into(),
                    skills(&[
                        Skill::Maintenance,
                        Skill::Mechanical,
                        Skill::Diagnosis,
                        Skill::Electrical,
                    ]),
                ),
                (
                    "王磊".into(),
                    skills(&[
                        Skill::HighVoltage,
                        Skill::Electrical,
                        Skill::Diagnosis,
                        Skill::Maintenance,
                    ]),
                ),
                ("赵军".into(), skills(&[Skill::BodyPaint])),
                (
                    "陈刚".into(),
                    skills(&[Skill::Tyres, Skill::Maintenance, Skill::Mechanical]),
                ),
            ],
        },
        NewOutlet {
            group_id: group,
            region: None,
            code: "SH-MH".into(),
            name: text("上海闵行服务中心", "Shanghai Minhang Service Centre"),
            address: text(
                "上海市闵行区虹梅南路 1200 号",
                "1200 Hongmei South Road, Minhang, Shanghai",
            ),
            phone: "021-6450 6666".into(),
            time_zone: "Asia/Shanghai".into(),
            policy: BookingPolicy::default(),
            hours: [
                weekday,
                weekday,
                weekday,
                weekday,
                weekday,
                Some((hm(9, 0), hm(16, 0))),
                None,
            ],
            bays: (1..=4).map(bay_name).collect(),
            technicians: vec![
                (
                    "刘洋".into(),
                    skills(&[Skill::Maintenance, Skill::Mechanical, Skill::Diagnosis]),
                ),
                (
                    "黄涛".into(),
                    skills(&[Skill::Maintenance, Skill::Tyres, Skill::Electrical]),
                ),
                (
                    "周鹏".into(),
                    skills(&[Skill::HighVoltage, Skill::Electrical, Skill::Maintenance]),
                ),
            ],
        },
    ]
}

/// Loads the demo data if the database has no outlets yet. Returns whether it loaded.
pub async fn load_if_empty(state: &AppState) -> anyhow::Result<bool> {
    let repo = state.repo();
    if !repo.outlets().await?.is_empty() {
        return Ok(false);
    }
    let now = state.clock.now();
    let audit = |action: &'static str, entity: &'static str| {
        AuditEntry::new(now, Actor::System, action, entity, "")
    };

    let group = repo
        .create_group("华东汽车服务集团", &audit("group.created", "dealer_group"))
        .await?;
    let region = match repo
        .create_region(
            group,
            "SH",
            &text("上海区域", "Shanghai region"),
            now,
            &audit("region.created", "organisation"),
        )
        .await?
    {
        Created::Created(id) => id,
        Created::AlreadyExists => anyhow::bail!("the demo region exists already"),
    };
    let mut outlets = Vec::new();
    let mut technicians: Vec<(usize, String, SkillSet)> = Vec::new();
    for (index, mut outlet) in demo_outlets(group).into_iter().enumerate() {
        outlet.region = Some(region);
        technicians.extend(
            outlet
                .technicians
                .iter()
                .map(|(n, s)| (index, n.clone(), *s)),
        );
        outlets.push(
            repo.create_outlet(&outlet, &audit("outlet.created", "outlet"))
                .await?,
        );
    }

    let mut service_ids = Vec::new();
    for (order, (code, zh, en, minutes, skill, labour_hours)) in CATALOGUE.into_iter().enumerate() {
        let new = NewServiceType {
            group_id: group,
            code: code.into(),
            name: text(zh, en),
            duration_minutes: minutes,
            skill,
            sort_order: order as i32,
            labour_hours,
            parts: standard_parts(code),
        };
        service_ids.push(
            repo.create_service_type(&new, &audit("service_type.created", "service_type"))
                .await?,
        );
    }

    let hash = password::hash(DEMO_PASSWORD)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let today = now.date_naive();
    for (username, name, role, place, years) in DEMO_STAFF {
        let placement = match place {
            DemoPlace::Outlet(i) => Placement::Outlet(outlets[*i]),
            DemoPlace::Region => Placement::Region(region),
            DemoPlace::Headquarters => Placement::Group,
        };
        // A technician's skills are their row's.
        let skills = match place {
            DemoPlace::Outlet(i) => technicians
                .iter()
                .find(|(at, n, _)| at == i && n == name)
                .map(|(_, _, s)| *s)
                .unwrap_or_default(),
            _ => SkillSet::default(),
        };
        // A technician's account takes over their row on the dispatch board.
        let adopt_technician = match (role, place) {
            (StaffRole::Technician, DemoPlace::Outlet(i)) => repo
                .technicians(outlets[*i])
                .await?
                .into_iter()
                .find(|t| t.name == *name)
                .map(|t| t.id),
            _ => None,
        };
        let new = NewStaff {
            group_id: group,
            placement,
            username: Username::parse(username).map_err(|p| anyhow::anyhow!("{p:?}"))?,
            display_name: (*name).into(),
            roles: Roles::stored(vec![*role]),
            password_hash: hash.clone(),
            must_change_password: false,
            experience_since: today.with_year(today.year() - years),
            skills,
            adopt_technician,
            at: now,
        };
        let Created::Created(id) = repo
            .create_staff(&new, &audit("staff.created", "staff"))
            .await?
        else {
            anyhow::bail!("demo account {username} exists already");
        };
        // The technician's tyre certificate runs out in three weeks: the manager's console
        // shows it coming.
        if *role == StaffRole::Technician {
            let certificate = NewCertificate {
                skill: Skill::Tyres,
                issuer: "上海市交通委员会".into(),
                number: "SH-TY-2023-0815".into(),
                valid_from: today - Duration::days(3 * 365),
                valid_until: today + Duration::days(21),
            };
            repo.add_certificate(
                id,
                &certificate,
                now,
                &audit("staff.certificate_added", "staff"),
            )
            .await?;
        }
    }

    // Customers: the one who signs in, and two who booked tomorrow so the desk has a day to see.
    for demo in DEMO_CUSTOMERS {
        let (phone, name, [plate, model, vin, km], booking) =
            (demo.phone, demo.name, demo.car, demo.booking);
        let new = NewCustomer {
            phone: Phone::parse(phone).map_err(|p| anyhow::anyhow!("{p:?}"))?,
            name: PersonName::parse(name).map_err(|p| anyhow::anyhow!("{p:?}"))?,
            password_hash: Some(hash.clone()),
            created_by: None,
            at: now,
        };
        let id = match repo
            .create_customer(&new, &audit("customer.registered", "customer"))
            .await?
        {
            Created::Created(id) => id,
            Created::AlreadyExists => continue,
        };
        let form = CarForm {
            plate: plate.into(),
            model: model.into(),
            vin: vin.into(),
            mileage_km: km.into(),
        };
        let car = cars::add(state, Actor::Customer(id), id, &form)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        let Some((service, days, hour, minute, words)) = booking else {
            continue;
        };
        let customer = repo
            .customer_by_id(id)
            .await?
            .ok_or_else(|| anyhow::anyhow!("demo customer vanished"))?;
        let outlet = repo
            .outlet(outlets[0])
            .await?
            .ok_or_else(|| anyhow::anyhow!("demo outlet vanished"))?;
        let tz: chrono_tz::Tz = outlet
            .time_zone
            .parse()
            .map_err(|_| anyhow::anyhow!("demo time zone"))?;
        let date = now.with_timezone(&tz).date_naive() + Duration::days(days);
        let request = BookingRequest {
            outlet_id: outlet.id,
            car_id: car.id,
            service_ids: vec![service_ids[service]],
            symptoms: vec![],
            description: words.into(),
            date,
            start: time_of(hm(hour, minute)),
        };
        // Made the evening before the booked day, when that window was still ahead.
        let made_at = date
            .and_hms_opt(18, 0, 0)
            .and_then(|evening| evening.and_local_timezone(tz).earliest())
            .map(|evening| evening.with_timezone(&chrono::Utc) - Duration::days(1))
            .ok_or_else(|| anyhow::anyhow!("demo booking time"))?;
        let booked_then = AppState {
            clock: crate::server::clock::Clock::fixed(made_at.min(now)),
            ..state.clone()
        };
        let outcome =
            booking::create(&booked_then, &customer, &request, booking::Booker::online()).await;
        if !matches!(outcome, Ok(BookingOutcome::Booked(_))) {
            tracing::warn!(?outcome, "demo booking for tomorrow was not made");
        }
    }
    Ok(true)
}
