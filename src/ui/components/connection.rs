//! Tells the user when the server cannot be reached (tablets on shop Wi-Fi lose it). Checks
//! `/healthz` with gloo-net every 15 seconds and at once when the browser reports a change.

use crate::ui::i18n::*;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_use::use_interval_fn;

async fn reachable() -> bool {
    gloo_net::http::Request::get("/healthz")
        .send()
        .await
        .map(|response| response.ok())
        .unwrap_or(false)
}

#[component]
pub fn ConnectionBanner() -> impl IntoView {
    let i18n = use_i18n();
    let offline = RwSignal::new(false);
    let check = move || {
        spawn_local(async move {
            offline.set(!reachable().await);
        })
    };
    let _ = use_interval_fn(check, 15_000);
    let _ = window_event_listener(leptos::ev::online, move |_| check());
    let _ = window_event_listener(leptos::ev::offline, move |_| offline.set(true));
    view! {
        <Show when=move || offline.get()>
            <div class="connection-banner" role="status">
                {move || t_string!(i18n, app.offline)}
            </div>
        </Show>
    }
}
