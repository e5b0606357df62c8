//! The screens: `customer` (the portal at `/`) and `staff` (the console at `/staff`).

pub mod customer;
pub mod staff;

use crate::domain::AppError;
use crate::ui::components::Loading;
use crate::ui::i18n::*;
use crate::ui::session::{use_session, Session};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_location;
use std::future::Future;

/// Runs a server call for a form: marks it pending, clears the old error, and on failure keeps
/// the error for the form to show. (An ended session is reported in the form too, rather than
/// by leaving the page: what was typed stays on screen.)
pub fn send<T: 'static>(
    pending: RwSignal<bool>,
    error: RwSignal<Option<AppError>>,
    call: impl Future<Output = Result<T, AppError>> + 'static,
    done: impl FnOnce(T) + 'static,
) {
    pending.set(true);
    error.set(None);
    spawn_local(async move {
        let result = call.await;
        pending.set(false);
        match result {
            Ok(value) => done(value),
            Err(e) => error.set(Some(e)),
        }
    });
}

/// Shows `children` once the session is known and `allowed` says yes; otherwise sends the
/// visitor to `sign_in` with a way back.
#[component]
pub fn Guard(
    allowed: fn(&Session) -> bool,
    sign_in: &'static str,
    children: ChildrenFn,
) -> impl IntoView {
    let session = use_session();
    let location = use_location();
    move || {
        if !session.checked.get() {
            view! { <Loading /> }.into_any()
        } else if allowed(&session) {
            children().into_any()
        } else {
            let back = location.pathname.get_untracked();
            let next = js_sys::encode_uri_component(&back)
                .as_string()
                .unwrap_or_default();
            view! { <Redirect path=format!("{sign_in}?next={next}") /> }.into_any()
        }
    }
}

/// Where to go after signing in: the `next` page if it is a plain path of ours, else
/// `fallback`. Only letters, digits and `/ - _` pass, so nothing can turn it into another
/// site (`//evil`, `/\evil`, tabs, encoded characters).
pub fn next_page(next: Option<String>, fallback: &str) -> String {
    let ours = |path: &str| {
        path.starts_with('/')
            && !path.starts_with("//")
            && path
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '-' | '_'))
    };
    next.filter(|n| ours(n))
        .unwrap_or_else(|| fallback.to_owned())
}

#[component]
pub fn NotFound() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <main class="page narrow" id="main">
            <h1>{t!(i18n, app.not_found_title)}</h1>
            <p>{t!(i18n, app.not_found_text)}</p>
            <p>
                <a class="btn primary" href="/">{t!(i18n, app.back_home)}</a>
            </p>
        </main>
    }
}
