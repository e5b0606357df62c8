//! The customer portal at `/`, phones first: booking, my bookings and repairs, the live repair
//! page with approvals, the settlement list, messages, surveys, complaints, sign-in and
//! registration, and the pages behind links anyone holding them may open (tracking, survey,
//! complaint). Its own bundle (`src/bin/portal.rs`): nothing here comes from the console.

mod book_service;
mod car_file;
mod complaints;
mod home;
mod messages;
mod register;
mod reschedule;
mod reset_password;
mod sign_in;
mod survey;
mod work_order;

pub use book_service::BookService;
pub use car_file::MyCarFile;
pub use complaints::{FileComplaint, LinkedComplaint, MyComplaint, MyComplaints};
pub use home::Home;
pub use messages::Messages;
pub use register::Register;
pub use reschedule::Reschedule;
pub use reset_password::ResetPassword;
pub use sign_in::SignIn;
pub use survey::Survey;
pub use work_order::{MySettlement, MyWorkOrder, TrackOrder};

use crate::ui::components::TopBar;
use crate::ui::i18n::*;
use crate::ui::session::{use_session, Session};
use crate::ui::shell::{NotFound, Shell};
use leptos::prelude::*;
use leptos_router::components::{Outlet, ParentRoute, Route, Routes};
use leptos_router::path;

/// The portal's entry point.
pub fn mount() {
    crate::ui::shell::mount(App);
}

#[component]
pub fn App() -> impl IntoView {
    view! {
        <Shell>
            <Routes fallback=|| view! { <NotFound console=false /> }>
                <ParentRoute path=path!("") view=PortalLayout>
                    <Route path=path!("") view=Home />
                    <Route path=path!("login") view=SignIn />
                    <Route path=path!("register") view=Register />
                    <Route path=path!("reset-password") view=ResetPassword />
                    <Route path=path!("book") view=BookService />
                    <Route path=path!("bookings/:number/reschedule") view=Reschedule />
                    <Route path=path!("cars/:id") view=MyCarFile />
                    <Route path=path!("orders/:number") view=MyWorkOrder />
                    <Route path=path!("orders/:number/settlement") view=MySettlement />
                    <Route path=path!("messages") view=Messages />
                    <Route path=path!("survey/:token") view=Survey />
                    <Route path=path!("complaints") view=MyComplaints />
                    <Route path=path!("complaints/new") view=FileComplaint />
                    <Route path=path!("complaints/:number") view=MyComplaint />
                    <Route path=path!("complaint/:token") view=LinkedComplaint />
                    <Route path=path!("track/:token") view=TrackOrder />
                </ParentRoute>
            </Routes>
        </Shell>
    }
}

pub fn is_customer(session: &Session) -> bool {
    session.is_customer()
}

#[component]
pub fn PortalLayout() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    view! {
        <TopBar title=Signal::derive(move || t_string!(i18n, app.portal_title).to_string()) home="/" signed_out_to="/">
            <a href="/book">{move || t_string!(i18n, nav.book)}</a>
            <Show
                when=move || session.is_customer()
                fallback=move || {
                    view! {
                        <a href="/login">{move || t_string!(i18n, nav.sign_in)}</a>
                        <a href="/register">{move || t_string!(i18n, nav.register)}</a>
                    }
                }
            >
                <a href="/">{move || t_string!(i18n, nav.my_bookings)}</a>
                <a href="/messages">{move || t_string!(i18n, order.my_messages)}</a>
                <a href="/complaints">{move || t_string!(i18n, nav.complaints)}</a>
            </Show>
        </TopBar>
        <main class="page" id="main">
            <Outlet />
        </main>
        <footer class="footer">
            <p>{move || t_string!(i18n, app.footer)}</p>
        </footer>
    }
}
