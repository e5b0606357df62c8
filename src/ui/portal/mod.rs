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
use leptos_router::{path, ChooseView};
use std::future::Future;
use std::pin::Pin;

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
/// table: keep one `"path" => Page,` per line, static paths before `:param` ones.
///
/// Each group is a module with one split function, `load(page)`, and every route's view is the
/// same type, [`PortalPage`]: the router's code is instantiated once per shape of path rather
/// than once per page (leptos's `Lazy<T>` is a type per page, and every route's type repeats
/// the router's matching and loading code in the main module that every phone downloads).
macro_rules! portal_pages {
    ($($group:ident { $($path:tt => $page:ident),* $(,)? })*) => {
        $(
            #[allow(non_snake_case)]
            mod $group {
                use super::*;

                /// The pages of this group.
                #[derive(Clone, Copy)]
                #[repr(u8)]
                pub enum Page {
                    $($page),*
                }

                /// The page's view, from this group's module (fetched the first time).
                #[leptos::wasm_split::wasm_split($group, wasm_split_path = ::leptos::wasm_split, fallible)]
                pub fn load(page: Page) -> Result<AnyView, leptos::wasm_split::SplitLoaderError> {
                    Ok(match page {
                        $(Page::$page => view! { <$page /> }.into_any(),)*
                    })
                }
            }
        )*

        #[component]
        fn PortalRoutes() -> impl IntoView {
            view! {
                <Routes fallback=|| view! { <NotFound console=false /> }>
                    <ParentRoute path=path!("") view=PortalLayout>
                        $($(<Route
                            path=path!($path)
                            view=PortalPage(|| Box::pin($group::load($group::Page::$page)))
                        />)*)*
                    </ParentRoute>
                </Routes>
            }
        }
    };
}

/// A route's view: how to load its page from its group's module.
#[derive(Clone, Copy)]
struct PortalPage(fn() -> LoadingPage);

type LoadingPage =
    Pin<Box<dyn Future<Output = Result<AnyView, leptos::wasm_split::SplitLoaderError>>>>;

impl ChooseView for PortalPage {
    async fn choose(self) -> AnyView {
        load_page(self.0).await
    }

    async fn preload(&self) {}
}

portal_pages! {
    portal_home {
        "" => Home,
        "messages" => Messages,
        "cars/:id" => MyCarFile,
    }
    portal_account {
        "login" => SignIn,
        "register" => Register,
        "reset-password" => ResetPassword,
        "erase" => EraseMyData,
    }
    portal_repair {
        "track/:token" => TrackOrder,
        "orders/:number" => MyWorkOrder,
    }
    portal_more {
        "book" => BookService,
        "prices" => Prices,
        "bookings/:number/reschedule" => Reschedule,
        "orders/:number/settlement" => MySettlement,
        "complaints" => MyComplaints,
        "complaints/new" => FileComplaint,
        "complaints/:number" => MyComplaint,
        "complaint/:token" => LinkedComplaint,
        "survey/:token" => Survey,
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
