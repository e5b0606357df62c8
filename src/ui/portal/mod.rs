//! The customer portal at `/`, phones first: each outlet's prices, booking, my bookings and repairs, the live repair
//! page with approvals, the settlement list, messages, surveys, complaints, sign-in and
//! registration, and the pages behind links anyone holding them may open (tracking, survey,
//! complaint). Its own app (`src/bin/portal.rs`, feature `portal`), its pages split into
//! modules by group (the table below): nothing here comes from the console.

mod book_service;
mod car_file;
mod complaints;
mod erase;
mod home;
mod messages;
mod prices;
mod register;
mod reschedule;
mod reset_password;
mod sign_in;
mod survey;
mod work_order;

pub use book_service::BookService;
pub use car_file::MyCarFile;
pub use complaints::{FileComplaint, LinkedComplaint, MyComplaint, MyComplaints};
pub use erase::EraseMyData;
pub use home::Home;
pub use messages::Messages;
pub use prices::Prices;
pub use register::Register;
pub use reschedule::Reschedule;
pub use reset_password::ResetPassword;
pub use sign_in::SignIn;
pub use survey::Survey;
pub use work_order::{MySettlement, MyWorkOrder, TrackOrder};

use crate::ui::components::TopBar;
use crate::ui::i18n::*;
use crate::ui::session::{use_session, Session};
use crate::ui::shell::{load_page, NotFound, Shell};
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
            <PortalRoutes />
        </Shell>
    }
}

/// The portal's pages: path, page and the group of pages that is one split point. `make client`
/// (tools/split-wasm) moves each group's code into its own WebAssembly module, which the
/// browser fetches the first time one of its pages opens, and writes into `index.html` which
/// modules each path needs, so that the page opened first fetches them beside the main module.
/// A phone downloads the framework and the pages it opens, not every page of the portal. (One
/// module per page would make a page load sixty small files: the code that pages share is
/// cut into a module per combination of the groups that use it.) tools/split-wasm reads this
/// table: keep one `"path" => Route(Page),` per line, static paths before `:param` ones.
macro_rules! portal_pages {
    ($($group:ident { $($path:tt => $route:ident($page:ident)),* $(,)? })*) => {
        $($(
            struct $route;

            impl LazyRoute for $route {
                fn data() -> Self {
                    $route
                }

                async fn view(_this: Self) -> AnyView {
                    #[allow(non_snake_case)]
                    #[leptos::wasm_split::wasm_split($group, wasm_split_path = ::leptos::wasm_split, fallible)]
                    fn $route() -> Result<AnyView, leptos::wasm_split::SplitLoaderError> {
                        Ok(view! { <$page /> }.into_any())
                    }
                    load_page($route).await
                }
            }
        )*)*

        #[component]
        fn PortalRoutes() -> impl IntoView {
            view! {
                <Routes fallback=|| view! { <NotFound console=false /> }>
                    <ParentRoute path=path!("") view=PortalLayout>
                        $($(<Route path=path!($path) view={Lazy::<$route>::new()} />)*)*
                    </ParentRoute>
                </Routes>
            }
        }
    };
}

portal_pages! {
    portal_home {
        "" => HomePage(Home),
        "messages" => MessagesPage(Messages),
        "cars/:id" => CarFilePage(MyCarFile),
    }
    portal_account {
        "login" => SignInPage(SignIn),
        "register" => RegisterPage(Register),
        "reset-password" => ResetPasswordPage(ResetPassword),
        "erase" => ErasePage(EraseMyData),
    }
    portal_repair {
        "track/:token" => TrackOrderPage(TrackOrder),
        "orders/:number" => WorkOrderPage(MyWorkOrder),
    }
    portal_more {
        "book" => BookServicePage(BookService),
        "prices" => PricesPage(Prices),
        "bookings/:number/reschedule" => ReschedulePage(Reschedule),
        "orders/:number/settlement" => SettlementPage(MySettlement),
        "complaints" => ComplaintsPage(MyComplaints),
        "complaints/new" => FileComplaintPage(FileComplaint),
        "complaints/:number" => ComplaintPage(MyComplaint),
        "complaint/:token" => LinkedComplaintPage(LinkedComplaint),
        "survey/:token" => SurveyPage(Survey),
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
