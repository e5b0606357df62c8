//! What a screen loads from the server.
//!
//! `Load` replaces Leptos's `LocalResource` in both apps: one small type per answer type (the
//! request is boxed), instead of the async-derived signal machinery instantiated per request
//! (README, "What each app weighs").

use leptos::prelude::*;
use leptos::task::spawn_local;
use std::cell::Cell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

/// An answer from the server: `None` until the first one arrives. Asks again when a signal that
/// `fetch` reads *before it returns the request* changes, or on `refetch`, keeping the last
/// answer on screen meanwhile; an answer that arrives after a newer question was asked is
/// dropped. (Unlike `LocalResource`, reads inside the request's `async` block are not tracked:
/// read the signals first, then build the request from their values.)
pub struct Load<T: Send + Sync + 'static> {
    answer: RwSignal<Option<T>>,
    again: Trigger,
}

impl<T: Send + Sync + 'static> Clone for Load<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for Load<T> {}

type Request<T> = Pin<Box<dyn Future<Output = T>>>;

impl<T: Send + Sync + 'static> Load<T> {
    pub fn new<Fut>(fetch: impl Fn() -> Fut + 'static) -> Self
    where
        Fut: Future<Output = T> + 'static,
    {
        Self::boxed(Box::new(move || Box::pin(fetch())))
    }

    fn boxed(fetch: Box<dyn Fn() -> Request<T>>) -> Self {
        let load = Self {
            answer: RwSignal::new(None),
            again: Trigger::new(),
        };
        let latest = Rc::new(Cell::new(0_u64));
        Effect::new(move |_| {
            load.again.track();
            let request = fetch();
            let asked = latest.get() + 1;
            latest.set(asked);
            let latest = latest.clone();
            spawn_local(async move {
                let answer = request.await;
                if latest.get() == asked {
                    load.answer.set(Some(answer));
                }
            });
        });
        load
    }

    /// Asks the server again.
    pub fn refetch(&self) {
        self.again.notify();
    }

    /// Subscribes the running effect or view to the answer.
    pub fn track(&self) {
        self.answer.track();
    }
}

impl<T: Clone + Send + Sync + 'static> Load<T> {
    /// The latest answer (tracked).
    pub fn get(&self) -> Option<T> {
        self.answer.get()
    }

    /// The latest answer, without subscribing (what a form starts from).
    pub fn get_untracked(&self) -> Option<T> {
        self.answer.get_untracked()
    }
}
