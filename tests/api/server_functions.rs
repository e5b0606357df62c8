//! Every server function is reachable over HTTP and answers with a typed result.

use crate::helpers::{hm, TestApp};
use aftersales::api::{
    auth, booking, cars, catalog, complaints, feedback, kpis, organisation, outlet_settings,
    reception, scorecards, work_orders,
};
use aftersales::domain::booking::BookingRequest;
use aftersales::domain::catalog::{PartForm, ServiceForm};
use aftersales::domain::complaint::{
    ComplaintFilter, ComplaintForm, ComplaintKey, CustomerAction, StaffAction,
};
use aftersales::domain::estimate::{ApprovalForm, DeskDecisionForm, LineForm};
use aftersales::domain::follow_up::FollowUpForm;
use aftersales::domain::ids::FollowUpId;
use aftersales::domain::ids::{CarId, StaffId};
use aftersales::domain::improvement::{ActionStep, PlanForm};
use aftersales::domain::organisation::{CertificateForm, OutletForm, RegionForm, StaffForm};
use aftersales::domain::outlet_settings::PolicyNumber;
use aftersales::domain::phone_proof::CodePurpose;
use aftersales::domain::photo::PhotoUpload;
use aftersales::domain::survey::SurveyForm;
use aftersales::domain::work_order::{ApprovalMethod, CheckInForm, StepRequest, WorkOrderEvent};
use aftersales::domain::AppError;
use aftersales::domain::{Field, Problem};
use leptos::server_fn::ServerFn;
use reqwest::StatusCode;
use serde::Serialize;
use std::collections::BTreeSet;

/// What a visitor (nobody signed in) must get back.
#[derive(Debug)]
enum Expect {
    /// 200 with the function's output.
    Answer,
    /// This error with this status.
    Error(StatusCode, AppError),
}

pub struct Endpoint {
    pub path: &'static str,
    pub args: serde_json::Value,
    expect: Expect,
}

fn endpoint<F: ServerFn + Serialize>(args: F, expect: Expect) -> Endpoint {
    Endpoint {
        path: F::PATH,
        args: serde_json::to_value(&args).expect("server function arguments serialize"),
        expect,
    }
}

fn unauthorized() -> Expect {
    Expect::Error(StatusCode::UNAUTHORIZED, AppError::Unauthorized)
}

fn bad_credentials() -> Expect {
    Expect::Error(StatusCode::UNAUTHORIZED, AppError::BadCredentials)
}

/// All the server functions of `api::register_server_functions`, with plausible arguments.
pub fn every_endpoint(app: &TestApp) -> Vec<Endpoint> {
    let request = BookingRequest {
        outlet_id: app.pudong(),
        car_id: CarId(1),
        service_ids: app.service_ids(&["minor_maintenance"]),
        symptoms: vec![],
        description: String::new(),
        date: app.day(1),
        start: hm(14, 0),
    };
    let number = || "BK261130-23456".to_string();
    let order = || "WO261130-23456".to_string();
    vec![
        // Public: signing up, in and out, and the catalogue.
        endpoint(
            auth::SendCode {
                phone: app.fresh_phone(),
                purpose: CodePurpose::Register,
            },
            Expect::Answer,
        ),
        endpoint(
            auth::Register {
                phone: app.fresh_phone(),
                name: "访客".into(),
                password: "long enough".into(),
                code: "000000".into(),
            },
            Expect::Error(
                StatusCode::UNPROCESSABLE_ENTITY,
                AppError::invalid(Field::Code, Problem::CodeExpired),
            ),
        ),
        endpoint(
            auth::ResetPassword {
                phone: app.fresh_phone(),
                code: "000000".into(),
                password: "long enough".into(),
            },
            Expect::Error(
                StatusCode::UNPROCESSABLE_ENTITY,
                AppError::invalid(Field::Code, Problem::CodeExpired),
            ),
        ),
        endpoint(
            auth::SignIn {
                phone: "13800138000".into(),
                password: "not the password".into(),
            },
            bad_credentials(),
        ),
        endpoint(
            auth::StaffSignIn {
                username: "advisor".into(),
                password: "not the password".into(),
            },
            bad_credentials(),
        ),
        endpoint(auth::SignOut {}, Expect::Answer),
        endpoint(auth::WhoAmI {}, Expect::Answer),
        endpoint(catalog::ListOutlets {}, Expect::Answer),
        endpoint(
            catalog::ListServiceTypes {
                outlet: app.pudong(),
            },
            Expect::Answer,
        ),
        endpoint(
            booking::GetAvailability {
                outlet_id: app.pudong(),
                service_ids: app.service_ids(&["brake_repair"]),
            },
            Expect::Answer,
        ),
        // The customer's own things.
        endpoint(cars::MyCars {}, unauthorized()),
        endpoint(cars::MyCarFile { car: CarId(1) }, unauthorized()),
        endpoint(
            cars::AddMyCar {
                car: crate::helpers::car_form("沪A12345"),
            },
            unauthorized(),
        ),
        endpoint(
            booking::BookService {
                request: request.clone(),
            },
            unauthorized(),
        ),
        endpoint(booking::MyBookings {}, unauthorized()),
        endpoint(
            booking::MoveAvailability { number: number() },
            unauthorized(),
        ),
        endpoint(
            booking::RescheduleBooking {
                number: number(),
                date: app.day(2),
                start: hm(10, 0),
            },
            unauthorized(),
        ),
        endpoint(booking::CancelBooking { number: number() }, unauthorized()),
        // The reception desk.
        endpoint(outlet_settings::GetOutletSettings {}, unauthorized()),
        endpoint(
            outlet_settings::SavePolicyNumbers {
                numbers: vec![(PolicyNumber::HorizonDays, "14".into())],
            },
            unauthorized(),
        ),
        endpoint(
            outlet_settings::SaveOpeningHours {
                hours: vec![None; 7],
            },
            unauthorized(),
        ),
        endpoint(outlet_settings::SaveBays { count: 3 }, unauthorized()),
        endpoint(
            outlet_settings::AddClosure {
                first_day: app.day(1),
                last_day: app.day(1),
                reason: "x".into(),
            },
            unauthorized(),
        ),
        endpoint(outlet_settings::RemoveClosure { id: 1 }, unauthorized()),
        endpoint(outlet_settings::BookingsToMove {}, unauthorized()),
        endpoint(reception::DeskDayBoard { date: app.day(1) }, unauthorized()),
        endpoint(reception::MarkArrived { number: number() }, unauthorized()),
        endpoint(reception::MarkNoShow { number: number() }, unauthorized()),
        endpoint(
            reception::FindCustomer {
                phone: "13800138000".into(),
            },
            unauthorized(),
        ),
        endpoint(
            reception::CreateCustomer {
                phone: app.fresh_phone(),
                name: "来电客户".into(),
            },
            unauthorized(),
        ),
        endpoint(
            reception::AddCustomerCar {
                phone: "13800138000".into(),
                car: crate::helpers::car_form("沪A54321"),
            },
            unauthorized(),
        ),
        endpoint(
            reception::DeskAvailability {
                service_ids: app.service_ids(&["minor_maintenance"]),
            },
            unauthorized(),
        ),
        endpoint(
            reception::BookForCustomer {
                phone: "13800138000".into(),
                request,
            },
            unauthorized(),
        ),
        // The repair.
        endpoint(
            work_orders::PrepareCheckIn {
                form: CheckInForm::default(),
            },
            unauthorized(),
        ),
        endpoint(
            work_orders::CheckInCar {
                form: CheckInForm::default(),
            },
            unauthorized(),
        ),
        endpoint(
            work_orders::StaffWorkOrder { number: order() },
            unauthorized(),
        ),
        endpoint(
            work_orders::WorkOrderStep {
                number: order(),
                request: StepRequest::plain(WorkOrderEvent::Dispatch),
            },
            unauthorized(),
        ),
        endpoint(
            work_orders::AddWorkOrderNote {
                number: order(),
                note: "note".into(),
                public: true,
            },
            unauthorized(),
        ),
        endpoint(
            work_orders::AddEstimateLine {
                number: order(),
                line: LineForm::default(),
            },
            unauthorized(),
        ),
        endpoint(
            work_orders::AddWorkOrderPhoto {
                number: order(),
                photo: PhotoUpload::default(),
            },
            unauthorized(),
        ),
        endpoint(work_orders::GetDispatchBoard {}, unauthorized()),
        endpoint(work_orders::MyJobs {}, unauthorized()),
        endpoint(work_orders::NotificationsOutbox {}, unauthorized()),
        endpoint(work_orders::MyWorkOrders {}, unauthorized()),
        endpoint(work_orders::MyWorkOrder { number: order() }, unauthorized()),
        endpoint(
            work_orders::ApproveItems {
                number: order(),
                form: ApprovalForm {
                    decisions: vec![],
                    signature_png: String::new(),
                },
            },
            unauthorized(),
        ),
        endpoint(
            work_orders::RecordCustomerDecision {
                number: order(),
                form: DeskDecisionForm {
                    decisions: vec![],
                    method: ApprovalMethod::Phone,
                    note: String::new(),
                    signature_png: String::new(),
                },
            },
            unauthorized(),
        ),
        // A token that opens nothing is simply not found.
        endpoint(
            work_orders::TrackedWorkOrder {
                token: "not-a-token".into(),
            },
            Expect::Error(StatusCode::NOT_FOUND, AppError::NotFound),
        ),
        endpoint(work_orders::MyMessages {}, unauthorized()),
        // The survey link's token is its own authority: one that opens nothing is not found.
        endpoint(
            feedback::OpenSurvey {
                token: "not-a-token".into(),
            },
            Expect::Error(StatusCode::NOT_FOUND, AppError::NotFound),
        ),
        endpoint(
            feedback::AnswerSurvey {
                token: "not-a-token".into(),
                form: SurveyForm::default(),
            },
            Expect::Error(StatusCode::NOT_FOUND, AppError::NotFound),
        ),
        endpoint(feedback::FollowUpList {}, unauthorized()),
        endpoint(
            feedback::RecordFollowUp {
                id: FollowUpId(1),
                form: FollowUpForm::default(),
            },
            unauthorized(),
        ),
        // Guests may file (with their phone and the order's number): an empty form is refused
        // field by field.
        endpoint(
            complaints::FileComplaint {
                form: ComplaintForm::default(),
            },
            Expect::Error(
                StatusCode::UNPROCESSABLE_ENTITY,
                AppError::invalid(Field::Category, Problem::Required),
            ),
        ),
        endpoint(complaints::MyComplaints {}, unauthorized()),
        endpoint(
            complaints::CustomerComplaint {
                key: ComplaintKey::Token("not-a-token".into()),
            },
            Expect::Error(StatusCode::NOT_FOUND, AppError::NotFound),
        ),
        endpoint(
            complaints::ComplaintCustomerAction {
                key: ComplaintKey::Number("TS261127-23456".into()),
                action: CustomerAction::AddInfo {
                    text: "补充".into(),
                },
            },
            unauthorized(),
        ),
        endpoint(
            complaints::AddComplaintPhoto {
                key: ComplaintKey::Token("not-a-token".into()),
                upload: PhotoUpload::default(),
            },
            Expect::Error(StatusCode::NOT_FOUND, AppError::NotFound),
        ),
        endpoint(
            complaints::ComplaintQueue {
                filter: ComplaintFilter::default(),
            },
            unauthorized(),
        ),
        endpoint(complaints::ComplaintOutlets {}, unauthorized()),
        endpoint(
            complaints::StaffComplaint {
                number: "TS261127-23456".into(),
            },
            unauthorized(),
        ),
        endpoint(
            complaints::ComplaintStep {
                number: "TS261127-23456".into(),
                version: 0,
                action: StaffAction::Reopen { reason: "x".into() },
            },
            unauthorized(),
        ),
        endpoint(
            // A wrong password: the access table's customer must not be erased.
            auth::EraseMyData {
                password: "not-the-password".into(),
            },
            unauthorized(),
        ),
        // The service catalogue.
        endpoint(catalog::GetCatalogue {}, unauthorized()),
        endpoint(
            catalog::SaveService {
                id: None,
                form: ServiceForm::default(),
            },
            unauthorized(),
        ),
        endpoint(
            catalog::SetServiceActive {
                id: app.service("brake_repair"),
                active: true,
            },
            unauthorized(),
        ),
        endpoint(
            catalog::AddServicePart {
                id: app.service("brake_repair"),
                form: PartForm::default(),
            },
            unauthorized(),
        ),
        endpoint(
            catalog::RemoveServicePart {
                id: app.service("brake_repair"),
                index: 99,
            },
            unauthorized(),
        ),
        endpoint(
            catalog::OfferService {
                outlet: app.pudong(),
                id: app.service("brake_repair"),
                offered: true,
            },
            unauthorized(),
        ),
        // The performance dashboard.
        endpoint(
            kpis::GetDashboard {
                period: String::new(),
                outlet: None,
            },
            unauthorized(),
        ),
        endpoint(
            kpis::GetDrill {
                period: String::new(),
                outlet: None,
                kpi: "on_time_delivery".into(),
            },
            unauthorized(),
        ),
        endpoint(kpis::GetActionBoard {}, unauthorized()),
        endpoint(
            kpis::OpenAction {
                outlet: app.pudong(),
                kpi: None,
                period: String::new(),
                form: PlanForm::default(),
            },
            unauthorized(),
        ),
        endpoint(
            kpis::StepAction {
                id: 1,
                version: 0,
                step: ActionStep::RecordDone,
                form: PlanForm::default(),
                done: String::new(),
            },
            unauthorized(),
        ),
        endpoint(kpis::GetTargets { outlet: None }, unauthorized()),
        endpoint(
            scorecards::GetScoreBoard {
                period: String::new(),
            },
            unauthorized(),
        ),
        endpoint(
            scorecards::SetPointWeights {
                weights: vec![String::new(); 7],
            },
            unauthorized(),
        ),
        endpoint(
            kpis::GetTrend {
                period: String::new(),
                outlet: None,
                kpi: "nps".into(),
            },
            unauthorized(),
        ),
        endpoint(
            kpis::GetFaults {
                period: String::new(),
                outlet: None,
            },
            unauthorized(),
        ),
        endpoint(
            kpis::SetTargets {
                outlet: None,
                targets: vec![("nps".into(), "60".into())],
            },
            unauthorized(),
        ),
        // The organisation and its people.
        endpoint(organisation::GetOrgChart {}, unauthorized()),
        endpoint(
            organisation::AddRegion {
                form: RegionForm::default(),
            },
            unauthorized(),
        ),
        endpoint(
            organisation::AddOutlet {
                form: OutletForm::default(),
            },
            unauthorized(),
        ),
        endpoint(
            organisation::MoveOutlet {
                outlet: app.pudong(),
                region: None,
            },
            unauthorized(),
        ),
        endpoint(organisation::GetPeople {}, unauthorized()),
        endpoint(
            organisation::SavePerson {
                form: StaffForm {
                    id: None,
                    username: "new.person".into(),
                    name: "新员工".into(),
                    roles: vec![],
                    placement: None,
                    experience_since: String::new(),
                    skills: Default::default(),
                },
            },
            unauthorized(),
        ),
        endpoint(
            organisation::SetPersonActive {
                id: StaffId(999_999),
                active: false,
            },
            unauthorized(),
        ),
        endpoint(
            organisation::ResetPersonPassword {
                id: StaffId(999_999),
            },
            unauthorized(),
        ),
        endpoint(
            organisation::AddCertificate {
                id: StaffId(999_999),
                form: CertificateForm::default(),
            },
            unauthorized(),
        ),
        endpoint(
            organisation::RemoveCertificate {
                id: StaffId(999_999),
                certificate: 1,
            },
            unauthorized(),
        ),
        endpoint(
            organisation::ChangeMyPassword {
                current: "demo1234".into(),
                new: "a-new-password".into(),
            },
            unauthorized(),
        ),
        endpoint(
            organisation::BrowseAuditLog {
                filter: Default::default(),
            },
            unauthorized(),
        ),
        endpoint(organisation::CheckAuditChain {}, unauthorized()),
        endpoint(
            organisation::AddTraining {
                id: StaffId(999_999),
                form: Default::default(),
            },
            unauthorized(),
        ),
        endpoint(
            organisation::AddAssessment {
                id: StaffId(999_999),
                form: Default::default(),
            },
            unauthorized(),
        ),
        endpoint(
            organisation::WorkAt {
                outlet: app.pudong(),
            },
            unauthorized(),
        ),
    ]
}

async fn every_server_function_answers_a_visitor_over_http_with_a_typed_result(app: TestApp) {
    // Arrange
    let endpoints = every_endpoint(&app);
    let listed: BTreeSet<&str> = endpoints.iter().map(|e| e.path).collect();
    let registered: BTreeSet<&str> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| path)
        .collect();
    assert_eq!(listed.len(), 96, "each server function is listed once");
    assert_eq!(
        listed, registered,
        "the list above must name every server function the crate declares"
    );

    for endpoint in endpoints {
        // Act: each call from a fresh browser, so a sign-up cannot sign in the next call.
        let response = app
            .visitor()
            .post(format!("{}{}", app.address, endpoint.path))
            .json(&endpoint.args)
            .send()
            .await
            .expect("the server answers");
        let status = response.status();
        let body = response.text().await.expect("a body");

        // Assert
        let path = endpoint.path;
        assert!(
            !body.contains("Could not find a server function"),
            "{path} is not registered: {body}"
        );
        match endpoint.expect {
            Expect::Answer => {
                assert_eq!(status, StatusCode::OK, "{path}: {body}");
                serde_json::from_str::<serde_json::Value>(&body)
                    .unwrap_or_else(|e| panic!("{path} answered non-JSON ({e}): {body}"));
            }
            Expect::Error(expected_status, expected_error) => {
                let error: AppError = serde_json::from_str(&body).unwrap_or_else(|e| {
                    panic!("{path} answered {status} without an AppError ({e}): {body}")
                });
                assert_eq!((status, error), (expected_status, expected_error), "{path}");
            }
        }
    }
}

/// Arguments that do not decode are the caller's mistake: `AppError::BadRequest`, which
/// `server::error::status_of` maps to 400, not a 500 that would page the operator.
async fn malformed_arguments_get_a_bad_request_not_a_server_error(app: TestApp) {
    // Arrange
    let visitor = app.visitor();

    // Act
    let response = visitor
        .post(format!("{}{}", app.address, booking::BookService::PATH))
        .json(&serde_json::json!({ "request": 42 }))
        .send()
        .await
        .expect("the server answers");
    let status = response.status();
    let body = response.text().await.expect("a body");

    // Assert
    assert_eq!(
        serde_json::from_str::<AppError>(&body).ok(),
        Some(AppError::BadRequest),
        "{body}"
    );
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
}

on_both_databases!(
    every_server_function_answers_a_visitor_over_http_with_a_typed_result,
    malformed_arguments_get_a_bad_request_not_a_server_error,
);
