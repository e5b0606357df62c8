//! The access table: every server function and every extra route, called as every kind of
//! caller. Who may call what is written here once, independently of the server's own rules
//! (`server::access`), and each cell is checked over HTTP: a caller not in the row gets
//! "unauthorized" (nobody signed in) or "forbidden" (the wrong account) — before anything about
//! the arguments is looked at; a caller in the row gets past the door (any other answer).
//! The scope (whose records) is told by the feature stories (privacy, complaints, photos…).

use crate::helpers::TestApp;
use crate::server_functions::every_endpoint;
use aftersales::domain::AppError;
use reqwest::StatusCode;

/// Who may call an endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Who {
    /// Anyone, signed in or not (signing in, the catalogue, links).
    Anyone,
    /// Customers, and visitors as guests (filing a complaint with phone and order number).
    NotStaff,
    /// Signed-in customers only.
    Customer,
    /// Every member of staff (what each may do to an order is checked per step).
    AnyStaff,
    /// The reception desk: service advisors and the managers (outlet, regional, headquarters).
    Desk,
    /// Closing the loop: customer-service managers and the managers.
    Handler,
    /// Running an outlet and its people: the outlet, regional and headquarters managers.
    Manager,
    /// The organisation's regions and outlets: headquarters only.
    Headquarters,
}

fn who_may_call(path: &str) -> Who {
    let endpoint = path.trim_start_matches("/api/");
    match endpoint {
        "auth/send-code"
        | "auth/register"
        | "auth/reset-password"
        | "auth/sign-in"
        | "auth/staff-sign-in"
        | "auth/sign-out"
        | "auth/me"
        | "catalog/outlets"
        | "catalog/service-types"
        | "bookings/availability"
        | "survey/open"
        | "survey/answer"
        | "orders/track"
        | "complaints/view"
        | "complaints/photo" => Who::Anyone,
        "complaints/file" => Who::NotStaff,
        "bookings/create"
        | "bookings/mine"
        | "bookings/move-availability"
        | "bookings/reschedule"
        | "bookings/cancel"
        | "cars/mine"
        | "cars/add"
        | "cars/file"
        | "complaints/mine"
        | "auth/erase-me"
        | "complaints/add"
        | "orders/mine"
        | "orders/my-order"
        | "orders/approve"
        | "orders/my-messages" => Who::Customer,
        "orders/staff-view" | "orders/step" | "orders/note" | "orders/add-line"
        | "orders/photo" | "orders/my-jobs" => Who::AnyStaff,
        "desk/day"
        | "desk/arrived"
        | "desk/no-show"
        | "desk/find-customer"
        | "desk/create-customer"
        | "desk/add-car"
        | "desk/availability"
        | "desk/book"
        | "orders/check-in-start"
        | "orders/check-in"
        | "orders/dispatch-board"
        | "orders/outbox"
        | "orders/desk-decision"
        | "desk/bookings-to-move" => Who::Desk,
        "settings/outlet"
        | "settings/policy"
        | "settings/hours"
        | "settings/bays"
        | "settings/closures/add"
        | "settings/closures/remove"
        | "people"
        | "people/save"
        | "people/active"
        | "people/reset-password"
        | "people/certificates/add"
        | "people/certificates/remove"
        | "people/trainings/add"
        | "people/assessments/add"
        | "audit/lines"
        | "catalogue/page"
        | "catalogue/offer"
        | "kpi/dashboard"
        | "kpi/drill"
        | "kpi/targets"
        | "kpi/faults"
        | "kpi/trend"
        | "kpi/set_targets"
        | "improvements/board"
        | "improvements/open"
        | "improvements/step" => Who::Manager,
        "organisation/chart"
        | "organisation/regions/add"
        | "organisation/outlets/add"
        | "organisation/outlets/region"
        | "audit/check"
        | "catalogue/save"
        | "catalogue/active"
        | "catalogue/parts/add"
        | "catalogue/parts/remove"
        | "scorecards/weights" => Who::Headquarters,
        "me/password" | "me/work-at" | "scorecards/board" => Who::AnyStaff,
        "complaints/queue"
        | "complaints/outlets"
        | "complaints/staff-view"
        | "complaints/step"
        | "follow-ups/list"
        | "follow-ups/record" => Who::Handler,
        other => panic!("{other} is not in the access table: say who may call it"),
    }
}

/// The callers: nobody, a customer, and one member of staff per role.
const CALLERS: [&str; 9] = [
    "visitor",
    "customer",
    "advisor",
    "tech",
    "inspector",
    "csm",
    "admin",
    "regional",
    "hqadmin",
];

fn may(who: Who, caller: &str) -> bool {
    let staff = !matches!(caller, "visitor" | "customer");
    match who {
        Who::Anyone => true,
        Who::NotStaff => !staff,
        Who::Customer => caller == "customer",
        Who::AnyStaff => staff,
        Who::Desk => matches!(caller, "advisor" | "admin" | "regional" | "hqadmin"),
        Who::Handler => matches!(caller, "csm" | "admin" | "regional" | "hqadmin"),
        Who::Manager => matches!(caller, "admin" | "regional" | "hqadmin"),
        Who::Headquarters => caller == "hqadmin",
    }
}

async fn every_caller_gets_past_the_door_exactly_where_the_table_says(app: TestApp) {
    // Arrange: one signed-in browser per caller.
    let mut clients = Vec::new();
    for caller in CALLERS {
        let client = match caller {
            "visitor" => app.visitor(),
            "customer" => app.customer().await.client,
            username => app.staff(username).await.client,
        };
        clients.push((caller, client));
    }
    let endpoints = every_endpoint(&app);

    // Act and assert: each cell (calls that change who is signed in are left to the visitor
    // check above: `Anyone` rows are open by definition).
    let mut wrong = Vec::new();
    for endpoint in &endpoints {
        let who = who_may_call(endpoint.path);
        if who == Who::Anyone {
            continue;
        }
        for (caller, client) in &clients {
            let response = client
                .post(format!("{}{}", app.address, endpoint.path))
                .json(&endpoint.args)
                .send()
                .await
                .expect("the server answers");
            let status = response.status();
            let body = response.text().await.expect("a body");
            let error = serde_json::from_str::<AppError>(&body).ok();
            let refused = match error {
                Some(AppError::Unauthorized) => status == StatusCode::UNAUTHORIZED,
                Some(AppError::Forbidden) => status == StatusCode::FORBIDDEN,
                _ => false,
            };
            let expected_refusal = match *caller {
                "visitor" => Some(AppError::Unauthorized),
                _ => Some(AppError::Forbidden),
            };
            let allowed = may(who, caller);
            if allowed == refused || (!allowed && error != expected_refusal) {
                wrong.push(format!(
                    "{} as {caller}: expected {}, got {status} {body}",
                    endpoint.path,
                    if allowed {
                        "to get past the door"
                    } else {
                        "a refusal"
                    }
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// The extra routes (pictures and live updates) refuse in the same way: nobody signed in gets
/// 401 where a session is needed, anyone who may not see the record gets 404 like a record
/// that does not exist.
async fn the_photo_and_live_routes_follow_the_same_rules(app: TestApp) {
    // Arrange
    let customer = app.customer().await;
    let tech = app.staff("tech").await;
    let get =
        |client: &reqwest::Client, path: &str| client.get(format!("{}{path}", app.address)).send();
    let routes = [
        "/photos/orders/WO261130-23456/1",
        "/photos/complaints/TS261130-23456/1",
        "/live/orders/WO261130-23456",
        "/live/complaints/TS261130-23456",
    ];
    let linked = [
        "/photos/complaint-link/abcdefghijklmnopqrstuvwx/1",
        "/live/track/abcdefghijklmnopqrstuvwx",
        "/live/complaint-link/abcdefghijklmnopqrstuvwx",
    ];

    // Act and assert
    for path in routes {
        let visitor = get(&app.visitor(), path).await.unwrap().status();
        let as_customer = get(&customer.client, path).await.unwrap().status();
        let as_tech = get(&tech.client, path).await.unwrap().status();
        assert!(
            matches!(visitor, StatusCode::UNAUTHORIZED | StatusCode::NOT_FOUND),
            "{path} as visitor: {visitor}"
        );
        assert_eq!(as_customer, StatusCode::NOT_FOUND, "{path} as customer");
        assert_eq!(as_tech, StatusCode::NOT_FOUND, "{path} as tech");
    }
    for path in linked {
        let status = get(&app.visitor(), path).await.unwrap().status();
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
    }
}

on_both_databases!(
    every_caller_gets_past_the_door_exactly_where_the_table_says,
    the_photo_and_live_routes_follow_the_same_rules,
);
