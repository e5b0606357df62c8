//! The frame both apps are built in: start-up, translations and the saved language, the
//! session, the router with its not-found page, the sign-in guard and the form-sending helper.

use crate::domain::AppError;
use crate::ui::components::{ConnectionBanner, Loading};
use crate::ui::i18n::*;
use crate::ui::session::{use_session, Session, SessionProvider};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::{Redirect, Router};
use leptos_router::hooks::use_location;
use std::future::Future;

/// Starts an app in the page's `<body>` and takes down the frame `index.html` painted while
/// the WebAssembly was on its way (the app's first view has the same top bar, so nothing
/// moves).
pub fn mount<V: IntoView + 'static>(app: fn() -> V) {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app);
    if let Some(frame) = document().get_element_by_id("boot") {
        frame.remove();
    }
}

/// Translations, the saved language, the session and the router around an app's routes.
#[component]
pub fn Shell(children: Children) -> impl IntoView {
    view! {
        <I18nContextProvider enable_cookie=false>
            <LanguagePreference />
            <SessionProvider>
                <Router>
                    <ConnectionBanner />
                    {children()}
                </Router>
            </SessionProvider>
        </I18nContextProvider>
    }
}

/// Chinese is the default whatever the browser's language; an English switch is remembered
/// in our own cookie. (leptos_i18n's cookie would otherwise start from the browser's language.)
#[component]
fn LanguagePreference() -> impl IntoView {
    let i18n = use_i18n();
    // Runs after the provider's own start-up effect, so the saved choice wins.
    Effect::new(move |_| {
        i18n.set_locale(saved_language().unwrap_or(Locale::zh_CN));
    });
}

/// Also read by the inline script in `index.html` and `staff.html`, which paints the frame in
/// the saved language before the app arrives.
const LANGUAGE_COOKIE: &str = "aftersales_lang";

fn html_document() -> Option<web_sys::HtmlDocument> {
    wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlDocument>(document()).ok()
}

fn saved_language() -> Option<Locale> {
    let cookies = html_document()?.cookie().ok()?;
    cookies
        .split(';')
        .filter_map(|pair| pair.trim().strip_prefix(LANGUAGE_COOKIE)?.strip_prefix('='))
        .find_map(|value| value.parse().ok())
}

/// Remembers the interface language for a year.
pub fn save_language(locale: Locale) {
    if let Some(document) = html_document() {
        let _ = document.set_cookie(&format!(
            "{LANGUAGE_COOKIE}={locale}; path=/; max-age=31536000; samesite=lax"
        ));
    }
}

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
/// visitor to `sign_in` with a way back. The page is drawn again only when the answer changes,
/// not on every change to the signed-in account (what is typed and said on it stays).
#[component]
pub fn Guard(
    allowed: fn(&Session) -> bool,
    sign_in: &'static str,
    children: ChildrenFn,
) -> impl IntoView {
    let session = use_session();
    let location = use_location();
    let permitted = Memo::new(move |_| allowed(&session));
    move || match session.checked.get().then(|| permitted.get()) {
        None => view! { <Loading /> }.into_any(),
        Some(true) => children().into_any(),
        Some(false) => {
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

/// Sends the browser to `target` unless this tab was sent there moments ago and came back (a
/// note in session storage). True when it did.
fn hand_over_once(target: &str) -> bool {
    const NOTE: &str = "aftersales_handed_over";
    const LOOP_MS: u64 = 10_000;
    let Ok(Some(storage)) = window().session_storage() else {
        return false;
    };
    // Whole milliseconds: formatting or parsing a float would cost the bundle ~20 kB.
    let now = js_sys::Date::now() as u64;
    let came_back = storage
        .get_item(NOTE)
        .ok()
        .flatten()
        .and_then(|note| {
            let (at, to) = note.split_once(' ')?;
            Some(to == target && now.saturating_sub(at.parse::<u64>().ok()?) < LOOP_MS)
        })
        .unwrap_or(false);
    if came_back {
        let _ = storage.remove_item(NOTE);
        return false;
    }
    let _ = storage.set_item(NOTE, &format!("{now} {target}"));
    window().location().replace(target).is_ok()
}

/// The console's paths; everything else is the portal's.
pub fn is_console_path(path: &str) -> bool {
    path == "/staff" || path.starts_with("/staff/")
}

/// An address neither app knows. A path that belongs to the other app (a link followed inside
/// this one) is handed to the browser, which loads that app — once: if the same address comes
/// back here (a host that serves this app for the other's paths), it is shown as not found
/// rather than reloaded forever.
#[component]
pub fn NotFound(console: bool) -> impl IntoView {
    let i18n = use_i18n();
    let location = use_location();
    let path = location.pathname.get_untracked();
    if is_console_path(&path) != console {
        let search = location.search.get_untracked();
        let hash = location.hash.get_untracked();
        let query = if search.is_empty() {
            String::new()
        } else {
            format!("?{search}")
        };
        let target = format!("{path}{query}{hash}");
        if hand_over_once(&target) {
            return view! { <Loading /> }.into_any();
        }
    }
    let home = if console { "/staff" } else { "/" };
    view! {
        <main class="page narrow" id="main">
            <h1>{move || t_string!(i18n, app.not_found_title)}</h1>
            <p>{move || t_string!(i18n, app.not_found_text)}</p>
            <p>
                <a class="btn primary" href=home>{move || t_string!(i18n, app.back_home)}</a>
            </p>
        </main>
    }
    .into_any()
}

/// A page whose code is a module of its own (the portal's pages), fetched when first opened.
/// A failed fetch is tried twice more (a phone's connection drops for a moment); then the page
/// says so instead of leaving a dead app, and opening it again tries again.
pub async fn load_page<F>(load: impl Fn() -> F) -> AnyView
where
    F: Future<Output = Result<AnyView, leptos::wasm_split::SplitLoaderError>>,
{
    for wait_ms in [1_000, 3_000] {
        match load().await {
            Ok(page) => return page,
            Err(_) => gloo_timers::future::TimeoutFuture::new(wait_ms).await,
        }
    }
    load()
        .await
        .unwrap_or_else(|_| view! { <PageNotLoaded /> }.into_any())
}

/// A page whose code could not be fetched: the connection dropped, or a new release replaced
/// the files this page was built with. Says so, and loads the page anew on request.
#[component]
fn PageNotLoaded() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="card narrow" role="alert" data-testid="page-not-loaded">
            <h1>{move || t_string!(i18n, app.page_not_loaded_title)}</h1>
            <p>{move || t_string!(i18n, app.page_not_loaded_text)}</p>
            <button class="btn primary" type="button" on:click=|_| {
                let _ = window().location().reload();
            }>{move || t_string!(i18n, app.retry)}</button>
        </section>
    }
}
