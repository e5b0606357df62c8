//! Live updates of a work order: server-sent events read with gloo-net's `EventSource`.
//!
//! The server sends `hello` when a stream opens and `changed` when the order changes. Both
//! bump `tick`; the page re-reads the order whenever `tick` moves. The browser reconnects a
//! dropped stream by itself, and the `hello` of the new stream makes the page re-read the full
//! state, so nothing missed while offline stays missing.
//!
//! "Connection lost" is said only of a stream that was live and dropped: a page whose stream
//! never opened (an order that does not exist answers 404, which the browser does not retry)
//! says nothing about the connection.

use futures::StreamExt;
use gloo_net::eventsource::futures::EventSource;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Where a page's live stream stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Live {
    /// Not open yet (or never: nothing to watch).
    Connecting,
    /// Open: changes arrive as they happen.
    On,
    /// Was open and dropped; the browser is reconnecting.
    Lost,
}

/// Watches `url`; answers (tick, where the stream stands).
pub fn use_live(url: String) -> (ReadSignal<u32>, ReadSignal<Live>) {
    let (tick, set_tick) = signal(0u32);
    let (connected, set_connected) = signal(Live::Connecting);
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
                    set_connected.try_set(Live::On);
                    set_tick.try_update(|t| *t += 1);
                }
                Err(_) => {
                    set_connected.try_update(|live| {
                        if *live == Live::On {
                            *live = Live::Lost;
                        }
                    });
                }
            }
        }
    });
    (tick, connected)
}

/// "Live" or "connection lost, reconnecting", for the page header. Before the stream first
/// opens its place is kept, unseen, so that nothing moves when it appears.
#[component]
pub fn LiveBadge(live: ReadSignal<Live>) -> impl IntoView {
    let i18n = crate::ui::i18n::use_i18n();
    view! {
        <span
            class="live-badge"
            class:on=move || live.get() == Live::On
            class:pending=move || live.get() == Live::Connecting
            role="status"
            aria-live="polite"
            data-testid="live-badge"
        >
            {move || if live.get() == Live::Lost {
                crate::ui::i18n::t_string!(i18n, order.live_off)
            } else {
                crate::ui::i18n::t_string!(i18n, order.live)
            }}
        </span>
    }
}
