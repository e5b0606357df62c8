//! The organisation: headquarters builds regions and outlets; each level reaches what its
//! placement covers (headquarters the group, a region its outlets, an outlet itself); managers
//! make and run accounts without ever granting more than they hold; a manager's password is
//! one-time; an expired certificate keeps a technician off work that needs the skill.

use crate::helpers::{hm, TestApp};
use crate::repair_kit::*;
use aftersales::api::auth::StaffSignIn;
use aftersales::api::booking::GetAvailability;
use aftersales::api::complaints::ComplaintOutlets;
use aftersales::api::organisation::*;
use aftersales::api::reception::DeskDayBoard;
use aftersales::api::work_orders::GetDispatchBoard;
use aftersales::domain::account::{Me, StaffRole};
use aftersales::domain::audit::{AuditActor, AuditFilter, AuditLine, ChainFinding};
use aftersales::domain::catalog::{Skill, SkillSet};
use aftersales::domain::estimate::{ConsentForm, Money};
use aftersales::domain::ids::{OutletId, RegionId, StaffId};
use aftersales::domain::organisation::*;
use aftersales::domain::warranty::RepairCategory;
use aftersales::domain::work_order::{ApprovalMethod, CheckInForm, StepRequest, WorkOrderEvent};
use aftersales::domain::{AppError, Field, Problem};

fn region_form(code: &str) -> RegionForm {
    RegionForm {
        code: code.into(),
        name_zh: "华西区域".into(),
        name_en: "West region".into(),
    }
}

fn outlet_form(code: &str, region: Option<RegionId>) -> OutletForm {
    OutletForm {
        code: code.into(),
        name_zh: "成都高新服务中心".into(),
        name_en: "Chengdu Hi-Tech Service Centre".into(),
        address_zh: "成都市高新区天府大道 88 号".into(),
        address_en: "88 Tianfu Avenue, Chengdu".into(),
        phone: "028-8888 6666".into(),
        region,
        opens: "08:30".into(),
        closes: "17:30".into(),
        open_days: [true; 7],
        bays: 3,
    }
}

fn person(username: &str, roles: &[StaffRole], placement: Placement) -> StaffForm {
    StaffForm {
        id: None,
        username: username.into(),
        name: "新同事".into(),
        roles: roles.to_vec(),
        placement: Some(placement),
        experience_since: "2020-03-01".into(),
        skills: SkillSet::default()
            .with(Skill::Maintenance)
            .with(Skill::Mechanical),
    }
}

/// Headquarters opens a western region with one outlet in it; answers (region, outlet).
async fn open_the_west(app: &TestApp, hq: &crate::helpers::Staff) -> (RegionId, OutletId) {
    let region = app
        .call(
            &hq.client,
            AddRegion {
                form: region_form("WEST"),
            },
        )
        .await
        .expect("headquarters adds a region");
    let outlet = app
        .call(
            &hq.client,
            AddOutlet {
                form: outlet_form("CD-GX", Some(region)),
            },
        )
        .await
        .expect("headquarters adds an outlet");
    (region, outlet)
}

async fn people_of(app: &TestApp, who: &str) -> Vec<String> {
    let staff = app.staff(who).await;
    let mut names: Vec<String> = app
        .call(&staff.client, GetPeople {})
        .await
        .unwrap_or_else(|e| panic!("{who} reads their people: {e:?}"))
        .people
        .into_iter()
        .map(|p| p.username)
        .collect();
    names.sort();
    names
}

async fn headquarters_opens_an_outlet_that_takes_bookings_once_a_technician_works_there(
    app: TestApp,
) {
    // Arrange
    let hq = app.staff("hqadmin").await;
    let (_, outlet) = open_the_west(&app, &hq).await;
    let empty = app
        .call(
            &app.visitor(),
            GetAvailability {
                outlet_id: outlet,
                service_ids: app.service_ids(&["minor_maintenance"]),
            },
        )
        .await;

    // Act: a technician joins the new outlet.
    let otp = app
        .call(
            &hq.client,
            SavePerson {
                form: person(
                    "wang.tech",
                    &[StaffRole::Technician],
                    Placement::Outlet(outlet),
                ),
            },
        )
        .await
        .expect("headquarters makes the technician's account")
        .expect("a one-time password to hand over");
    let open = app.availability(outlet, &["minor_maintenance"]).await;

    // Assert
    assert_eq!(otp.username, "wang.tech");
    assert_eq!(otp.password.len(), 10);
    assert_eq!(
        empty.map(|_| ()),
        Err(AppError::invalid(
            Field::Services,
            Problem::NoQualifiedTechnician
        )),
        "no technician, no window"
    );
    let window = open
        .window(app.day(1), hm(8, 30))
        .expect("the new outlet's first window tomorrow");
    assert_eq!(
        window.remaining, 1,
        "one technician, three bays: one at a time"
    );
    let chart = app
        .call(&hq.client, GetOrgChart {})
        .await
        .expect("the chart");
    assert!(chart.regions.iter().any(|r| r.code == "WEST"));
    assert!(chart
        .outlets
        .iter()
        .any(|o| o.id == outlet && o.region.is_some()));
    // The same codes again are refused at the code field.
    assert_eq!(
        app.call(
            &hq.client,
            AddRegion {
                form: region_form("west")
            }
        )
        .await,
        Err(AppError::invalid(Field::Code, Problem::AlreadyTaken))
    );
    assert_eq!(
        app.call(
            &hq.client,
            AddOutlet {
                form: outlet_form("CD-GX", None)
            }
        )
        .await,
        Err(AppError::invalid(Field::Code, Problem::AlreadyTaken))
    );
    let lines = app
        .state
        .repo()
        .sealed_audit_lines(0, i64::MAX, 10_000)
        .await
        .expect("the audit log");
    for action in ["region.created", "outlet.created", "staff.created"] {
        assert!(
            lines.iter().any(|l| l.action == action),
            "{action} is audited"
        );
    }
}

async fn an_outlet_form_names_the_field_at_fault(app: TestApp) {
    // Arrange
    let hq = app.staff("hqadmin").await;
    let cases = [
        (
            OutletForm {
                code: "x".into(),
                ..outlet_form("OK-1", None)
            },
            Field::Code,
            Problem::CodeLetters,
        ),
        (
            OutletForm {
                name_en: String::new(),
                ..outlet_form("OK-1", None)
            },
            Field::NameEn,
            Problem::Required,
        ),
        (
            OutletForm {
                closes: "08:00".into(),
                ..outlet_form("OK-1", None)
            },
            Field::Closes,
            Problem::ClosesBeforeOpening,
        ),
        (
            OutletForm {
                open_days: [false; 7],
                ..outlet_form("OK-1", None)
            },
            Field::OpenDays,
            Problem::Required,
        ),
        (
            OutletForm {
                bays: 0,
                ..outlet_form("OK-1", None)
            },
            Field::Bays,
            Problem::NotBetween { min: 1, max: 100 },
        ),
        (
            OutletForm {
                region: Some(RegionId(9_999)),
                ..outlet_form("OK-1", None)
            },
            Field::Region,
            Problem::UnknownChoice,
        ),
    ];

    for (form, field, problem) in cases {
        // Act
        let answer = app.call(&hq.client, AddOutlet { form }).await;

        // Assert
        assert_eq!(answer, Err(AppError::invalid(field, problem)));
    }
    assert!(
        !app.call(&hq.client, GetOrgChart {})
            .await
            .expect("the chart")
            .outlets
            .iter()
            .any(|o| o.code == "OK-1"),
        "nothing was saved"
    );
}

async fn each_level_reaches_its_own_people_outlets_and_complaints(app: TestApp) {
    // Arrange: a western outlet outside the Shanghai region, with its own manager.
    let hq = app.staff("hqadmin").await;
    let (_, west) = open_the_west(&app, &hq).await;
    app.call(
        &hq.client,
        SavePerson {
            form: person("west.manager", &[StaffRole::Admin], Placement::Outlet(west)),
        },
    )
    .await
    .expect("a manager for the west");

    // Act
    let seen_by_hq = people_of(&app, "hqadmin").await;
    let seen_by_region = people_of(&app, "regional").await;
    let seen_by_outlet = people_of(&app, "admin").await;

    // Assert: headquarters everyone; the Shanghai region its two outlets' people and itself;
    // the Pudong manager Pudong's.
    for name in [
        "advisor",
        "advisor2",
        "csm",
        "hqadmin",
        "regional",
        "west.manager",
    ] {
        assert!(seen_by_hq.contains(&name.to_string()), "hq sees {name}");
    }
    assert_eq!(
        seen_by_region,
        [
            "admin",
            "advisor",
            "advisor2",
            "inspector",
            "regional",
            "tech"
        ]
    );
    assert_eq!(seen_by_outlet, ["admin", "advisor", "inspector", "tech"]);

    // The complaint desk follows the same reach.
    let mut outlets_of = Vec::new();
    for who in ["hqadmin", "regional", "admin", "csm"] {
        let staff = app.staff(who).await;
        let mut ids: Vec<OutletId> = app
            .call(&staff.client, ComplaintOutlets {})
            .await
            .expect("the handler's outlets")
            .into_iter()
            .map(|o| o.id)
            .collect();
        ids.sort();
        outlets_of.push(ids);
    }
    let mut shanghai = vec![app.pudong(), app.minhang()];
    shanghai.sort();
    let mut everyone = [shanghai.clone(), vec![west]].concat();
    everyone.sort();
    assert_eq!(
        outlets_of,
        [everyone.clone(), shanghai, vec![app.pudong()], everyone]
    );

    // A regional manager works in any outlet of their region, and in no other.
    let regional = app.staff("regional").await;
    assert_eq!(
        app.call(&regional.client, WorkAt { outlet: west }).await,
        Err(AppError::invalid(Field::Outlet, Problem::UnknownChoice))
    );
    app.call(
        &regional.client,
        WorkAt {
            outlet: app.minhang(),
        },
    )
    .await
    .expect("the regional manager works at Minhang");
    let board = app
        .call(&regional.client, DeskDayBoard { date: app.day(0) })
        .await
        .expect("Minhang's desk");
    assert_eq!(board.outlet_name.en, "Shanghai Minhang Service Centre");
    // The outlet staff cannot switch at all.
    let advisor = app.staff("advisor").await;
    assert_eq!(
        app.call(
            &advisor.client,
            WorkAt {
                outlet: app.minhang()
            }
        )
        .await,
        Err(AppError::invalid(Field::Outlet, Problem::UnknownChoice))
    );
    // Headquarters' organisation page is headquarters' alone.
    assert_eq!(
        app.call(&regional.client, GetOrgChart {}).await,
        Err(AppError::Forbidden)
    );
}

async fn a_manager_never_grants_more_than_they_hold(app: TestApp) {
    // Arrange
    let admin = app.staff("admin").await;
    let regional = app.staff("regional").await;
    let pudong = Placement::Outlet(app.pudong());
    let shanghai = app
        .call(&regional.client, GetPeople {})
        .await
        .expect("the region's people")
        .places
        .into_iter()
        .find_map(|p| match p.placement {
            Placement::Region(id) => Some(id),
            _ => None,
        })
        .expect("the regional manager may place people in their region");
    let advisor2 = app
        .call(&regional.client, GetPeople {})
        .await
        .expect("the region's people")
        .people
        .into_iter()
        .find(|p| p.username == "advisor2")
        .expect("advisor2 at Minhang")
        .id;
    let save = |who: &crate::helpers::Staff, form: StaffForm| {
        let client = who.client.clone();
        let app = &app;
        async move { app.call(&client, SavePerson { form }).await }
    };

    // Act and assert: the outlet manager.
    assert_eq!(
        save(
            &admin,
            person(
                "x.regional",
                &[StaffRole::RegionalManager],
                Placement::Region(shanghai)
            )
        )
        .await,
        Err(AppError::invalid(
            Field::Placement,
            Problem::OutsideYourScope
        ))
    );
    assert_eq!(
        save(&admin, person("x.hq", &[StaffRole::HqAdmin], pudong)).await,
        Err(AppError::invalid(Field::Roles, Problem::RoleNotAtLevel))
    );
    assert_eq!(
        save(
            &admin,
            person(
                "x.minhang",
                &[StaffRole::ServiceAdvisor],
                Placement::Outlet(app.minhang())
            )
        )
        .await,
        Err(AppError::invalid(
            Field::Placement,
            Problem::OutsideYourScope
        ))
    );
    assert_eq!(
        save(
            &admin,
            person(
                "x.group",
                &[StaffRole::CustomerServiceManager],
                Placement::Group
            )
        )
        .await,
        Err(AppError::invalid(
            Field::Placement,
            Problem::OutsideYourScope
        ))
    );
    let small_outlet = save(
        &admin,
        person(
            "li.na",
            &[StaffRole::ServiceAdvisor, StaffRole::QualityInspector],
            pudong,
        ),
    )
    .await;
    assert!(matches!(small_outlet, Ok(Some(_))), "{small_outlet:?}");
    assert!(
        matches!(
            save(&admin, person("x.deputy", &[StaffRole::Admin], pudong)).await,
            Ok(Some(_))
        ),
        "an outlet manager may make another (not more than they hold)"
    );
    // …but never acts on a fellow manager again: no reset, so no signing in as them.
    let deputy = app
        .call(&regional.client, GetPeople {})
        .await
        .expect("the region's people")
        .people
        .into_iter()
        .find(|p| p.username == "x.deputy")
        .expect("the regional manager reaches the deputy")
        .id;
    assert_eq!(
        app.call(&admin.client, ResetPersonPassword { id: deputy })
            .await,
        Err(AppError::NotFound)
    );
    assert!(app
        .call(&regional.client, ResetPersonPassword { id: deputy })
        .await
        .is_ok());
    // Someone out of reach is not found, and nobody re-roles or deactivates themselves.
    assert_eq!(
        save(
            &admin,
            StaffForm {
                id: Some(advisor2),
                ..person("advisor2", &[StaffRole::Admin], pudong)
            }
        )
        .await,
        Err(AppError::NotFound)
    );
    let me = app
        .call(&admin.client, GetPeople {})
        .await
        .expect("people")
        .people
        .into_iter()
        .find(|p| p.username == "admin")
        .expect("the manager themselves");
    assert_eq!(
        save(
            &admin,
            StaffForm {
                id: Some(me.id),
                ..person(
                    "admin",
                    &[StaffRole::Admin, StaffRole::ServiceAdvisor],
                    pudong
                )
            }
        )
        .await,
        Err(AppError::invalid(Field::Roles, Problem::NotYourself))
    );
    assert_eq!(
        app.call(
            &admin.client,
            SetPersonActive {
                id: me.id,
                active: false
            }
        )
        .await,
        Err(AppError::invalid(Field::StaffMember, Problem::NotYourself))
    );

    // The regional manager: anything up to their own level, inside their region.
    assert_eq!(
        save(
            &regional,
            person("x.hq2", &[StaffRole::HqAdmin], Placement::Group)
        )
        .await,
        Err(AppError::invalid(
            Field::Placement,
            Problem::OutsideYourScope
        ))
    );
    assert!(matches!(
        save(
            &regional,
            person(
                "deputy.region",
                &[StaffRole::RegionalManager],
                Placement::Region(shanghai)
            )
        )
        .await,
        Ok(Some(_))
    ));
    assert!(matches!(
        save(
            &regional,
            StaffForm {
                id: Some(advisor2),
                ..person(
                    "advisor2",
                    &[StaffRole::ServiceAdvisor, StaffRole::Admin],
                    Placement::Outlet(app.minhang())
                )
            }
        )
        .await,
        Ok(None)
    ));
    // Staff without a manager's role reach nobody.
    let advisor = app.staff("advisor").await;
    assert_eq!(
        app.call(&advisor.client, GetPeople {}).await,
        Err(AppError::Forbidden)
    );
}

async fn a_managers_password_is_one_time_and_a_deactivated_account_stays_in_history(app: TestApp) {
    // Arrange
    let admin = app.staff("admin").await;
    let otp = app
        .call(
            &admin.client,
            SavePerson {
                form: person(
                    "li.na",
                    &[StaffRole::ServiceAdvisor, StaffRole::QualityInspector],
                    Placement::Outlet(app.pudong()),
                ),
            },
        )
        .await
        .expect("a new account")
        .expect("its one-time password");
    let li = app.visitor();

    // Act: she signs in with it.
    let me = app
        .call(
            &li,
            StaffSignIn {
                username: "li.na".into(),
                password: otp.password.clone(),
            },
        )
        .await
        .expect("the one-time password signs in");

    // Assert: she must choose her own before any work.
    assert!(
        matches!(me, Me::Staff { must_change_password: true, ref roles, .. } if roles.as_slice() == [StaffRole::ServiceAdvisor, StaffRole::QualityInspector]),
        "{me:?}"
    );
    assert_eq!(
        app.call(&li, DeskDayBoard { date: app.day(0) })
            .await
            .map(|_| ()),
        Err(AppError::PasswordChangeRequired)
    );
    assert_eq!(
        app.call(
            &li,
            ChangeMyPassword {
                current: "not-it-at-all".into(),
                new: "li-na-2026".into()
            }
        )
        .await,
        Err(AppError::invalid(Field::Password, Problem::PasswordWrong))
    );
    assert_eq!(
        app.call(
            &li,
            ChangeMyPassword {
                current: otp.password.clone(),
                new: otp.password.clone()
            }
        )
        .await,
        Err(AppError::invalid(Field::NewPassword, Problem::SameAsBefore))
    );
    app.call(
        &li,
        ChangeMyPassword {
            current: otp.password.clone(),
            new: "li-na-2026".into(),
        },
    )
    .await
    .expect("she chooses her own");
    app.call(&li, DeskDayBoard { date: app.day(0) })
        .await
        .expect("and works the desk in the same session");

    // Act: her manager resets it.
    let id: StaffId = app
        .call(&admin.client, GetPeople {})
        .await
        .expect("people")
        .people
        .into_iter()
        .find(|p| p.username == "li.na")
        .expect("li.na")
        .id;
    let reset = app
        .call(&admin.client, ResetPersonPassword { id })
        .await
        .expect("a new one-time password");

    // Assert: the session she had ends; the new password is one-time again.
    assert_ne!(reset.password, otp.password);
    assert_eq!(
        app.call(&li, DeskDayBoard { date: app.day(0) })
            .await
            .map(|_| ()),
        Err(AppError::Unauthorized)
    );
    let again = app
        .call(
            &app.visitor(),
            StaffSignIn {
                username: "li.na".into(),
                password: reset.password.clone(),
            },
        )
        .await
        .expect("the new one-time password");
    assert!(matches!(
        again,
        Me::Staff {
            must_change_password: true,
            ..
        }
    ));

    // Act: she leaves.
    app.call(&admin.client, SetPersonActive { id, active: false })
        .await
        .expect("deactivated");

    // Assert: no sign-in, but the page and the audit log keep her name.
    assert_eq!(
        app.call(
            &app.visitor(),
            StaffSignIn {
                username: "li.na".into(),
                password: reset.password,
            }
        )
        .await,
        Err(AppError::BadCredentials)
    );
    let page = app.call(&admin.client, GetPeople {}).await.expect("people");
    let kept = page
        .people
        .iter()
        .find(|p| p.username == "li.na")
        .expect("still listed");
    assert!(!kept.active);
    let lines = app
        .state
        .repo()
        .sealed_audit_lines(0, i64::MAX, 10_000)
        .await
        .expect("the audit log");
    for action in [
        "staff.created",
        "staff.password_changed",
        "staff.password_reset",
        "staff.deactivated",
    ] {
        assert!(
            lines.iter().any(|l| l.action == action),
            "{action} is audited"
        );
    }
    assert!(
        lines.iter().all(|l| !l.detail.contains(&otp.password)),
        "no password ever reaches the log"
    );
}

async fn an_expired_certificate_keeps_a_technician_off_work_that_needs_the_skill(app: TestApp) {
    // Arrange: a maintenance job waiting, and 张伟 (`tech`), who holds maintenance.
    let shop = Shop::new(&app).await;
    let admin = app.staff("admin").await;
    let customer = app.customer().await;
    let now = the_outlet_local_now(&app, &shop).await;
    let number = shop
        .check_in(
            &app,
            CheckInForm {
                services: app.service_ids(&["minor_maintenance"]),
                consent: ConsentForm {
                    method: Some(ApprovalMethod::InPerson),
                    note: String::new(),
                    signature_png: signature(),
                    total: Money(60_800),
                },
                ..walk_in(&customer, RepairCategory::SecondLevelMaintenance, now)
            },
        )
        .await;
    let zhang_account = app
        .call(&admin.client, GetPeople {})
        .await
        .expect("people")
        .people
        .into_iter()
        .find(|p| p.username == "tech")
        .expect("张伟")
        .id;
    let today = now.date();
    let expired = CertificateForm {
        skill: Some(Skill::Maintenance),
        issuer: "上海市交通委员会".into(),
        number: "SH-MT-2020-0001".into(),
        valid_from: (today - chrono::Duration::days(1_000)).to_string(),
        valid_until: (today - chrono::Duration::days(1)).to_string(),
    };

    // Act
    app.call(
        &admin.client,
        AddCertificate {
            id: zhang_account,
            form: expired,
        },
    )
    .await
    .expect("the expired certificate is recorded");
    let board = app
        .call(&shop.advisor.client, GetDispatchBoard {})
        .await
        .expect("the dispatch board");

    // Assert: never proposed, never dispatched, and the board says why.
    let zhang = board
        .technicians
        .iter()
        .find(|t| t.name == "张伟")
        .expect("张伟 on the board");
    assert_eq!(zhang.lapsed, SkillSet::default().with(Skill::Maintenance));
    assert!(!zhang
        .skills
        .covers(SkillSet::default().with(Skill::Maintenance)));
    let job = board
        .waiting
        .iter()
        .find(|j| j.order.number.as_str() == number)
        .expect("the job waits");
    assert!(job.proposed.is_some(), "someone else is proposed");
    assert_ne!(job.proposed, Some(zhang.id));
    assert_eq!(
        step(
            &app,
            &shop.advisor,
            &number,
            StepRequest {
                technician: Some(zhang.id),
                ..StepRequest::plain(WorkOrderEvent::Dispatch)
            }
        )
        .await,
        Err(AppError::invalid(
            Field::Technician,
            Problem::CertificateExpired
        ))
    );
    let page = app.call(&admin.client, GetPeople {}).await.expect("people");
    let tech = page
        .people
        .iter()
        .find(|p| p.id == zhang_account)
        .expect("张伟");
    assert!(tech.warnings.contains(&StaffWarning::CertificateExpired {
        skill: Skill::Maintenance
    }));
    // The demo tyre certificate runs out in three weeks: the manager sees it coming.
    assert!(tech.warnings.iter().any(|w| matches!(
        w,
        StaffWarning::CertificateExpiresIn {
            skill: Skill::Tyres,
            ..
        }
    )));

    // Act: the renewed certificate is recorded.
    let renewed = CertificateForm {
        skill: Some(Skill::Maintenance),
        issuer: "上海市交通委员会".into(),
        number: "SH-MT-2026-0001".into(),
        valid_from: today.to_string(),
        valid_until: (today + chrono::Duration::days(1_000)).to_string(),
    };
    app.call(
        &admin.client,
        AddCertificate {
            id: zhang_account,
            form: renewed,
        },
    )
    .await
    .expect("renewed");

    // Assert
    dispatch_to_tech(&app, &shop, &number).await;
}

async fn a_certificate_is_checked_and_only_reachable_people_get_one(app: TestApp) {
    // Arrange
    let admin = app.staff("admin").await;
    let hq = app.staff("hqadmin").await;
    let people = app
        .call(&hq.client, GetPeople {})
        .await
        .expect("people")
        .people;
    let id_of = |username: &str| {
        people
            .iter()
            .find(|p| p.username == username)
            .expect("listed")
            .id
    };
    let form = CertificateForm {
        skill: Some(Skill::Tyres),
        issuer: "人社局".into(),
        number: "T-1".into(),
        valid_from: "2026-01-01".into(),
        valid_until: "2025-01-01".into(),
    };

    // Act and assert
    assert_eq!(
        app.call(
            &admin.client,
            AddCertificate {
                id: id_of("tech"),
                form: form.clone()
            }
        )
        .await,
        Err(AppError::invalid(
            Field::ValidUntil,
            Problem::BeforeFirstDay
        ))
    );
    assert_eq!(
        app.call(
            &admin.client,
            AddCertificate {
                id: id_of("advisor2"),
                form: CertificateForm {
                    valid_until: "2028-01-01".into(),
                    ..form
                }
            }
        )
        .await,
        Err(AppError::NotFound),
        "Minhang's people are not the Pudong manager's"
    );
    assert_eq!(
        app.call(
            &admin.client,
            RemoveCertificate {
                id: id_of("tech"),
                certificate: 987_654
            }
        )
        .await,
        Err(AppError::NotFound)
    );
}

async fn managers_read_the_audit_log_of_the_people_they_reach_and_headquarters_checks_its_chain(
    app: TestApp,
) {
    // Arrange: sign-ins at both outlets, and a failed one for the Pudong advisor.
    let admin = app.staff("admin").await;
    let hq = app.staff("hqadmin").await;
    let regional = app.staff("regional").await;
    app.staff("advisor").await;
    app.staff("advisor2").await;
    let _ = app
        .call(
            &app.visitor(),
            StaffSignIn {
                username: "advisor".into(),
                password: "not-the-password".into(),
            },
        )
        .await;
    let browse = |who: &crate::helpers::Staff, filter: AuditFilter| {
        let client = who.client.clone();
        let app = &app;
        async move {
            app.call(&client, BrowseAuditLog { filter })
                .await
                .expect("the audit log")
                .lines
        }
    };
    let sign_ins = AuditFilter {
        what: "session.sign".into(),
        ..Default::default()
    };

    // Act
    let outlet_view = browse(&admin, sign_ins.clone()).await;
    let group_view = browse(&hq, sign_ins.clone()).await;
    let one_person = browse(
        &hq,
        AuditFilter {
            who: "advisor2".into(),
            ..sign_ins.clone()
        },
    )
    .await;

    // Assert: the Pudong manager reads Pudong's people, failed attempts included; not Minhang's.
    let by = |lines: &[AuditLine], username: &str| {
        lines
            .iter()
            .any(|l| matches!(&l.actor, AuditActor::Staff { username: u, .. } if u == username))
    };
    assert!(by(&outlet_view, "advisor") && by(&outlet_view, "admin"));
    assert!(!by(&outlet_view, "advisor2") && !by(&outlet_view, "hqadmin"));
    assert!(outlet_view
        .iter()
        .any(|l| l.action == "session.sign_in_failed" && l.entity_key == "staff:advisor"));
    assert!(by(&group_view, "advisor2") && by(&group_view, "hqadmin"));
    assert!(!one_person.is_empty());
    assert!(one_person
        .iter()
        .all(|l| by(std::slice::from_ref(l), "advisor2")));
    assert!(
        outlet_view.windows(2).all(|w| w[0].seq > w[1].seq),
        "newest first"
    );

    // The chain: intact, then broken by an edit made around the application.
    let intact = app
        .call(&hq.client, CheckAuditChain {})
        .await
        .expect("checked");
    assert_eq!(intact.finding, None);
    assert!(intact.lines > 10);
    let victim = outlet_view.last().expect("a line").seq;
    app.execute_sql(&format!(
        "UPDATE audit_log SET entity_key = 'staff:someone-else' WHERE seq = {victim}"
    ))
    .await;
    let broken = app
        .call(&hq.client, CheckAuditChain {})
        .await
        .expect("checked");
    assert_eq!(broken.finding, Some(ChainFinding::Altered { seq: victim }));
    assert_eq!(
        app.call(&regional.client, CheckAuditChain {}).await,
        Err(AppError::Forbidden)
    );
}

async fn a_manager_records_courses_and_one_assessment_per_quarter(app: TestApp) {
    // Arrange
    let admin = app.staff("admin").await;
    let advisor2 = app.staff("advisor2").await;
    let people = app
        .call(&admin.client, GetPeople {})
        .await
        .expect("people")
        .people;
    let tech = people
        .iter()
        .find(|p| p.username == "tech")
        .expect("张伟")
        .id;
    let me = people
        .iter()
        .find(|p| p.username == "admin")
        .expect("the manager")
        .id;
    let course = TrainingForm {
        course: "高压安全作业".into(),
        provider: "比亚迪培训中心".into(),
        finished_on: app.day(-30).to_string(),
        hours: "7.5".into(),
        score: "92".into(),
    };
    let review = AssessmentForm {
        period: "2026-Q4".into(),
        scores: ["4", "5", "3", "4", "5"].map(String::from).to_vec(),
        comment: "诊断准确，交车及时".into(),
    };

    // Act
    app.call(
        &admin.client,
        AddTraining {
            id: tech,
            form: course.clone(),
        },
    )
    .await
    .expect("the course is recorded");
    app.call(
        &admin.client,
        AddAssessment {
            id: tech,
            form: review.clone(),
        },
    )
    .await
    .expect("the assessment is recorded");

    // Assert
    let page = app.call(&admin.client, GetPeople {}).await.expect("people");
    let zhang = page.people.iter().find(|p| p.id == tech).expect("张伟");
    assert_eq!(zhang.trainings[0].hours_tenths, 75);
    assert_eq!(zhang.trainings[0].score, Some(92));
    assert_eq!(zhang.assessments[0].period, "2026-Q4");
    assert_eq!(zhang.assessments[0].scores[1], (Criterion::Skill, 5));
    assert_eq!(zhang.assessments[0].by, "吴刚");
    // One per quarter, nobody assesses themselves, scores are 1–5, and only managers record.
    assert_eq!(
        app.call(
            &admin.client,
            AddAssessment {
                id: tech,
                form: review.clone()
            }
        )
        .await,
        Err(AppError::invalid(Field::Period, Problem::AlreadyTaken))
    );
    assert_eq!(
        app.call(
            &admin.client,
            AddAssessment {
                id: me,
                form: review.clone()
            }
        )
        .await,
        Err(AppError::invalid(Field::StaffMember, Problem::NotYourself))
    );
    let mut too_high = review.clone();
    too_high.period = "2027-Q1".into();
    too_high.scores[0] = "6".into();
    assert_eq!(
        app.call(
            &admin.client,
            AddAssessment {
                id: tech,
                form: too_high
            }
        )
        .await,
        Err(AppError::invalid(
            Field::Entry(0),
            Problem::NotBetween { min: 1, max: 5 }
        ))
    );
    assert_eq!(
        app.call(
            &advisor2.client,
            AddTraining {
                id: tech,
                form: course
            }
        )
        .await,
        Err(AppError::Forbidden)
    );
}

on_both_databases!(
    a_manager_records_courses_and_one_assessment_per_quarter,
    managers_read_the_audit_log_of_the_people_they_reach_and_headquarters_checks_its_chain,
    headquarters_opens_an_outlet_that_takes_bookings_once_a_technician_works_there,
    an_outlet_form_names_the_field_at_fault,
    each_level_reaches_its_own_people_outlets_and_complaints,
    a_manager_never_grants_more_than_they_hold,
    a_managers_password_is_one_time_and_a_deactivated_account_stays_in_history,
    an_expired_certificate_keeps_a_technician_off_work_that_needs_the_skill,
    a_certificate_is_checked_and_only_reachable_people_get_one,
);
