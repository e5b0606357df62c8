//! The staff console at `/staff`, for reception tablets and desks: sign-in, the day board,
//! phone bookings, check-in, the dispatch board and jobs, the work order and its printouts,
//! the notifications outbox, follow-up calls and complaints, the managers' outlet settings, service
//! catalogue and people, and headquarters' organisation. Its own bundle
//! (`src/bin/console.rs`): nothing here comes from the portal.

mod audit;
mod catalogue;
mod check_in;
mod complaints;
mod day_board;
mod faults;
mod follow_ups;
mod improvements;
mod jobs;
mod kpi_targets;
mod kpis;
mod organisation;
mod outbox;
mod outlet_settings;
mod people;
mod phone_booking;
mod print;
mod scorecards;
mod sign_in;
mod trend;
mod work_order;

pub use audit::AuditPage;
pub use catalogue::CataloguePage;
pub use check_in::CheckIn;
pub use complaints::{ComplaintQueue, StaffComplaint};
pub use day_board::DayBoard;
pub use follow_ups::FollowUps;
pub use improvements::ImprovementsPage;
pub use jobs::Jobs;
pub use kpi_targets::KpiTargetsPage;
pub use kpis::KpiPage;
pub use organisation::OrganisationPage;
pub use outbox::Outbox;
pub use outlet_settings::{BookingsToMoveList, OutletSettingsPage};
pub use people::{OwnPassword, PeoplePage, WorkPlaceSwitch};
pub use phone_booking::PhoneBooking;
pub use print::{CheckInSheet, StaffSettlement};
pub use scorecards::ScorecardsPage;
pub use sign_in::SignIn;
pub use work_order::StaffWorkOrder;

use crate::domain::account::{Me, StaffRole};
use crate::domain::organisation::Roles;
use crate::ui::components::TopBar;
use crate::ui::i18n::*;
use crate::ui::session::{use_session, Session};
use crate::ui::shell::{NotFound, Shell};
use leptos::prelude::*;
use leptos_router::components::{Outlet, ParentRoute, Redirect, Route, Routes};
use leptos_router::path;

/// The console's entry point.
pub fn mount() {
    crate::ui::shell::mount(App);
}

#[component]
pub fn App() -> impl IntoView {
    view! {
        <Shell>
            <Routes fallback=|| view! { <NotFound console=true /> }>
                <ParentRoute path=path!("/staff") view=StaffLayout>
                    <Route path=path!("") view=DayBoard />
                    <Route path=path!("login") view=SignIn />
                    <Route path=path!("phone-booking") view=PhoneBooking />
                    <Route path=path!("jobs") view=Jobs />
                    <Route path=path!("check-in") view=CheckIn />
                    <Route path=path!("orders/:number") view=StaffWorkOrder />
                    <Route path=path!("orders/:number/sheet") view=CheckInSheet />
                    <Route path=path!("orders/:number/settlement") view=StaffSettlement />
                    <Route path=path!("outbox") view=Outbox />
                    <Route path=path!("follow-ups") view=FollowUps />
                    <Route path=path!("complaints") view=ComplaintQueue />
                    <Route path=path!("complaints/:number") view=StaffComplaint />
                    <Route path=path!("settings") view=OutletSettingsPage />
                    <Route path=path!("catalogue") view=CataloguePage />
                    <Route path=path!("kpis") view=KpiPage />
                    <Route path=path!("kpi-targets") view=KpiTargetsPage />
                    <Route path=path!("scorecards") view=ScorecardsPage />
                    <Route path=path!("improvements") view=ImprovementsPage />
                    <Route path=path!("people") view=PeoplePage />
                    <Route path=path!("organisation") view=OrganisationPage />
                    <Route path=path!("audit") view=AuditPage />
                </ParentRoute>
            </Routes>
        </Shell>
    }
}

/// Signed in as any staff member.
pub fn is_staff(session: &Session) -> bool {
    session.staff_roles().is_some()
}

/// The customer-service manager and the managers: follow-up calls and complaints.
pub fn works_follow_ups(session: &Session) -> bool {
    session.staff_can(StaffRole::closes_the_loop)
}

/// Outlet, regional and headquarters managers: the outlet's settings and their people.
pub fn manages(session: &Session) -> bool {
    session.staff_can(|r| r.authority() >= 1)
}

/// Headquarters: the organisation's regions and outlets.
pub fn runs_the_group(session: &Session) -> bool {
    session.staff_can(|r| r == StaffRole::HqAdmin)
}

/// Someone whose password a manager set chooses their own before anything else.
fn must_change_password(session: &Session) -> bool {
    matches!(
        session.me.get(),
        Some(Me::Staff {
            must_change_password: true,
            ..
        })
    )
}

#[component]
pub fn StaffLayout() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let desk = move || session.works_reception();
    view! {
        <div class="console">
            <TopBar title=Signal::derive(move || t_string!(i18n, app.console_title).to_string()) home="/staff" signed_out_to="/staff/login">
                <Show when=desk>
                    <a href="/staff">{move || t_string!(i18n, nav.day_board)}</a>
                    <a href="/staff/phone-booking">{move || t_string!(i18n, nav.phone_booking)}</a>
                    <a href="/staff/outbox">{move || t_string!(i18n, nav.outbox)}</a>
                </Show>
                <Show when=move || is_staff(&session)>
                    <a href="/staff/jobs">{move || t_string!(i18n, nav.jobs)}</a>
                    <a href="/staff/scorecards">{move || t_string!(i18n, nav.scorecards)}</a>
                </Show>
                <Show when=move || works_follow_ups(&session)>
                    <a href="/staff/complaints">{move || t_string!(i18n, nav.complaints)}</a>
                    <a href="/staff/follow-ups">{move || t_string!(i18n, nav.follow_ups)}</a>
                </Show>
                <Show when=move || manages(&session)>
                    <a href="/staff/settings">{move || t_string!(i18n, nav.settings)}</a>
                    <a href="/staff/catalogue">{move || t_string!(i18n, nav.catalogue)}</a>
                    <a href="/staff/people">{move || t_string!(i18n, nav.people)}</a>
                    <a href="/staff/kpis">{move || t_string!(i18n, nav.kpis)}</a>
                    <a href="/staff/improvements">{move || t_string!(i18n, nav.improvements)}</a>
                    <a href="/staff/audit">{move || t_string!(i18n, nav.audit)}</a>
                </Show>
                <Show when=move || runs_the_group(&session)>
                    <a href="/staff/organisation">{move || t_string!(i18n, nav.organisation)}</a>
                </Show>
            </TopBar>
            <WorkPlaceSwitch />
            <main class="page wide" id="main">
                <Show when=move || !must_change_password(&session) fallback=|| view! { <OwnPassword /> }>
                    <Outlet />
                </Show>
            </main>
        </div>
    }
}

/// Where each role's work is: the page a member of staff lands on after signing in, and where
/// a page of another role's work sends them. Someone with several roles lands on the work of
/// the first in `StaffRole::ALL`'s order that has a page of its own (the desk before the jobs).
pub fn work_of(roles: &Roles) -> &'static str {
    if roles.has(StaffRole::HqAdmin) {
        return "/staff/organisation";
    }
    if roles.any(StaffRole::works_reception) {
        return "/staff";
    }
    match roles.iter().next() {
        Some(StaffRole::ServiceAdvisor | StaffRole::Admin | StaffRole::RegionalManager) => "/staff",
        // A technician's jobs; an inspector's queue of cars waiting for inspection.
        Some(StaffRole::Technician | StaffRole::QualityInspector) => "/staff/jobs",
        Some(StaffRole::CustomerServiceManager) => "/staff/complaints",
        Some(StaffRole::HqAdmin) | None => "/staff",
    }
}

/// A reception page: staff whose roles have no reception tasks are sent to their own work
/// (the server refuses them here anyway).
#[component]
pub fn ReceptionOnly(children: ChildrenFn) -> impl IntoView {
    let session = use_session();
    move || match session.staff_roles() {
        Some(roles) if roles.any(StaffRole::works_reception) => children().into_any(),
        Some(roles) => view! { <Redirect path=work_of(&roles) /> }.into_any(),
        None => ().into_any(),
    }
}
