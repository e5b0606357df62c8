//! Answers the first screen waits for, asked by the portal's `index.html` beside the download
//! of the code: who is signed in, and a tracking link's order. Without them the phone would ask
//! only once the WebAssembly had arrived and started, one more round trip before anything of the
//! page could be painted.
//!
//! The page's inline script keeps each request's promise in `window.early` under its endpoint
//! (and, for the order, the link's token); it resolves to `[ok, body]`, or to `null` when the
//! request did not go through. The app takes each promise once, on its first use, and decodes
//! the body with the server function's own codec; with no promise (the console, a later visit of
//! the page, a failed request) it asks the server itself.

use crate::domain::AppError;
use js_sys::{Array, Promise, Reflect, Uint8Array};
use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::FromServerFnError;
use leptos::server_fn::{Bytes, Decodes};
use serde::de::DeserializeOwned;
use std::future::Future;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// The answer `index.html` asked for under `key`, or else `ask()`'s.
pub async fn or_ask<T, Fut>(key: &str, ask: impl FnOnce() -> Fut) -> Result<T, AppError>
where
    T: DeserializeOwned,
    Fut: Future<Output = Result<T, AppError>>,
{
    if let Some(promise) = take(key) {
        if let Some(answer) = answer(promise).await {
            return answer;
        }
    }
    ask().await
}

/// Removes and returns the promise kept under `key`.
fn take(key: &str) -> Option<Promise> {
    let early = Reflect::get(&js_sys::global(), &JsValue::from_str("early")).ok()?;
    let key = JsValue::from_str(key);
    let promise = Reflect::get(&early, &key)
        .ok()?
        .dyn_into::<Promise>()
        .ok()?;
    let _ = Reflect::delete_property(early.unchecked_ref::<js_sys::Object>(), &key);
    Some(promise)
}

/// The server function's answer, decoded as its client would: the value, or the error the
/// server sent. `None` when the request did not go through or the body is not the value.
async fn answer<T: DeserializeOwned>(promise: Promise) -> Option<Result<T, AppError>> {
    let pair = JsFuture::from(promise)
        .await
        .ok()?
        .dyn_into::<Array>()
        .ok()?;
    let body = Bytes::from(Uint8Array::new(&pair.get(1)).to_vec());
    if pair.get(0).as_bool()? {
        <JsonEncoding as Decodes<T>>::decode(body).ok().map(Ok)
    } else {
        Some(Err(AppError::de(body)))
    }
}
