//! The customer portal: booking, my bookings and repairs, the live repair page with approvals,
//! the settlement list, messages, sign-in and registration.

mod book_service;
mod complaints;
mod home;
mod messages;
mod register;
mod reschedule;
mod sign_in;
mod survey;
mod work_order;

pub use book_service::BookService;
pub use complaints::{
    ComplaintHeader, ComplaintOutcome, ComplaintStageLine, ComplaintTimeline, FileComplaint,
    LinkedComplaint, MyComplaint, MyComplaints,
};
pub use home::Home;
pub use messages::Messages;
pub use register::Register;
pub use reschedule::Reschedule;
pub use sign_in::SignIn;
pub use survey::Survey;
pub use work_order::{MySettlement, MyWorkOrder, TrackOrder};

use crate::ui::components::TopBar;
use crate::ui::i18n::*;
use crate::ui::session::{use_session, Session};
use leptos::prelude::*;
use leptos_router::components::Outlet;

pub fn is_customer(session: &Session) -> bool {
    session.is_customer()
}

#[component]
pub fn PortalLayout() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    view! {
        <TopBar title=Signal::derive(move || t_string!(i18n, app.portal_title).to_string()) home="/" signed_out_to="/">
            <a href="/book">{t!(i18n, nav.book)}</a>
            <Show
                when=move || session.is_customer()
                fallback=move || {
                    view! {
                        <a href="/login">{t!(i18n, nav.sign_in)}</a>
                        <a href="/register">{t!(i18n, nav.register)}</a>
                    }
                }
            >
                <a href="/">{t!(i18n, nav.my_bookings)}</a>
                <a href="/messages">{t!(i18n, order.my_messages)}</a>
                <a href="/complaints">{t!(i18n, nav.complaints)}</a>
            </Show>
        </TopBar>
        <main class="page" id="main">
            <Outlet />
        </main>
        <footer class="footer">
            <p>{t!(i18n, app.footer)}</p>
        </footer>
    }
}
