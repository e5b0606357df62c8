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
use std::time::Duration;

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

/// How long after a page opens its live stream: its first screen is shown by then, from the
/// answer `index.html` asked for beside the code (`ui::early`).
const OPENS_AFTER: Duration = Duration::from_secs(1);

/// Watches `url`; answers (tick, where the stream stands).
///
/// The stream opens a moment after the page ([`OPENS_AFTER`]), once its first screen is shown:
/// that screen does not share a phone's few connections with the stream and the re-read its
/// `hello` starts, and that re-read brings anything that changed meanwhile.
pub fn use_live(url: String) -> (ReadSignal<u32>, ReadSignal<Live>) {
    let (tick, set_tick) = signal(0u32);
    let (connected, set_connected) = signal(Live::Connecting);
    let source = StoredValue::new_local(None::<EventSource>);
    on_cleanup(move || {
        if let Some(source) = source.try_update_value(Option::take).flatten() {
            source.close();
        }
    });
    set_timeout(
        move || {
            // A page already left asks for nothing.
            if source.is_disposed() {
                return;
            }
            let Ok(mut opened) = EventSource::new(&url) else {
                return;
            };
            let (Ok(hello), Ok(changed)) = (opened.subscribe("hello"), opened.subscribe("changed"))
            else {
                return;
            };
            source.set_value(Some(opened));
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
        },
        OPENS_AFTER,
    );
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
