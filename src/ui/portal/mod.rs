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
use leptos_router::{path, Lazy, LazyRoute};

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
                    <Route path=path!("") view={Lazy::<HomePage>::new()} />
                    <Route path=path!("login") view={Lazy::<SignInPage>::new()} />
                    <Route path=path!("register") view={Lazy::<RegisterPage>::new()} />
                    <Route path=path!("reset-password") view={Lazy::<ResetPasswordPage>::new()} />
                    <Route path=path!("book") view={Lazy::<BookServicePage>::new()} />
                    <Route path=path!("bookings/:number/reschedule") view={Lazy::<ReschedulePage>::new()} />
                    <Route path=path!("cars/:id") view={Lazy::<CarFilePage>::new()} />
                    <Route path=path!("orders/:number") view={Lazy::<WorkOrderPage>::new()} />
                    <Route path=path!("orders/:number/settlement") view={Lazy::<SettlementPage>::new()} />
                    <Route path=path!("messages") view={Lazy::<MessagesPage>::new()} />
                    <Route path=path!("survey/:token") view={Lazy::<SurveyPage>::new()} />
                    <Route path=path!("complaints") view={Lazy::<ComplaintsPage>::new()} />
                    <Route path=path!("complaints/new") view={Lazy::<FileComplaintPage>::new()} />
                    <Route path=path!("complaints/:number") view={Lazy::<ComplaintPage>::new()} />
                    <Route path=path!("complaint/:token") view={Lazy::<LinkedComplaintPage>::new()} />
                    <Route path=path!("track/:token") view={Lazy::<TrackOrderPage>::new()} />
                </ParentRoute>
            </Routes>
        </Shell>
    }
}

/// The pages, in groups that are each a split point: `make client` (tools/split-wasm) moves a
/// group's code into its own WebAssembly module, which the browser fetches the first time one
/// of its pages opens. A phone downloads the framework and the pages it opens, not every page
/// of the portal. (One module per page would make a page load a hundred small files: the code
/// pages share is cut into a chunk per combination of the pages that use it.)
macro_rules! lazy_pages {
    ($($group:ident { $($route:ident => $page:ident),* $(,)? })*) => {$($(
        struct $route;

        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            async fn view(_this: Self) -> AnyView {
                #[allow(non_snake_case)]
                #[leptos::wasm_split::wasm_split($group, wasm_split_path = ::leptos::wasm_split)]
                fn $route() -> AnyView {
                    view! { <$page /> }.into_any()
                }
                $route().await
            }
        }
    )*)*};
}

lazy_pages! {
    portal_home { HomePage => Home }
    portal_account { SignInPage => SignIn, RegisterPage => Register, ResetPasswordPage => ResetPassword }
    portal_mine { MessagesPage => Messages, CarFilePage => MyCarFile }
    portal_booking { BookServicePage => BookService, ReschedulePage => Reschedule }
    portal_track { TrackOrderPage => TrackOrder }
    portal_repair { WorkOrderPage => MyWorkOrder, SettlementPage => MySettlement }
    portal_complaint {
        ComplaintsPage => MyComplaints,
        FileComplaintPage => FileComplaint,
        ComplaintPage => MyComplaint,
        LinkedComplaintPage => LinkedComplaint,
    }
    portal_survey { SurveyPage => Survey }
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
