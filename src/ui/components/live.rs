//! Live updates of a work order: server-sent events read with gloo-net's `EventSource`.
//!
//! The server sends `hello` when a stream opens and `changed` when the order changes. Both
//! bump `tick`; the page re-reads the order whenever `tick` moves. The browser reconnects a
//! dropped stream by itself, and the `hello` of the new stream makes the page re-read the full
//! state, so nothing missed while offline stays missing.

use futures::StreamExt;
use gloo_net::eventsource::futures::EventSource;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Watches `url`; answers (tick, connected).
pub fn use_live(url: String) -> (ReadSignal<u32>, ReadSignal<bool>) {
    let (tick, set_tick) = signal(0u32);
    let (connected, set_connected) = signal(false);
    let Ok(mut source) = EventSource::new(&url) else {
        return (tick, connected);
    };
    let (Ok(hello), Ok(changed)) = (source.subscribe("hello"), source.subscribe("changed")) else {
        return (tick, connected);
    };
    let source = StoredValue::new_local(Some(source));
    on_cleanup(move || {
        if let Some(source) = source.try_update_value(Option::take).flatten() {
            source.close();
        }
    });
    let mut events = futures::stream::select(hello, changed);
    spawn_local(async move {
        while let Some(event) = events.next().await {
            match event {
                Ok(_) => {
                    set_connected.try_set(true);
                    set_tick.try_update(|t| *t += 1);
                }
                Err(_) => {
                    set_connected.try_set(false);
                }
            }
        }
    });
    (tick, connected)
}

/// "Live" or "reconnecting", for the page header.
#[component]
pub fn LiveBadge(connected: ReadSignal<bool>) -> impl IntoView {
    let i18n = crate::ui::i18n::use_i18n();
    view! {
        <span class="live-badge" class:on=move || connected.get() role="status" aria-live="polite" data-testid="live-badge">
            {move || if connected.get() {
                crate::ui::i18n::t_string!(i18n, order.live).to_string()
            } else {
                crate::ui::i18n::t_string!(i18n, order.live_off).to_string()
            }}
        </span>
    }
}
