//! A signature pad: a canvas drawn on with a finger, a pen or a mouse (pointer events), read
//! back as a PNG data URL. `touch-action: none` (in the style sheet) keeps the page from
//! scrolling while signing on a phone.

use crate::ui::i18n::*;
use leptos::html::Canvas;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, PointerEvent};

fn context(canvas: &HtmlCanvasElement) -> Option<CanvasRenderingContext2d> {
    canvas
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into::<CanvasRenderingContext2d>().ok())
}

/// The pointer's position in canvas pixels (the canvas is scaled by CSS).
fn point(canvas: &HtmlCanvasElement, event: &PointerEvent) -> (f64, f64) {
    let rect = canvas.get_bounding_client_rect();
    let x = (f64::from(event.client_x()) - rect.left()) * f64::from(canvas.width())
        / rect.width().max(1.0);
    let y = (f64::from(event.client_y()) - rect.top()) * f64::from(canvas.height())
        / rect.height().max(1.0);
    (x, y)
}

/// `signature` holds the PNG once something is drawn, `None` when cleared.
#[component]
pub fn SignaturePad(signature: RwSignal<Option<String>>) -> impl IntoView {
    let i18n = use_i18n();
    let canvas = NodeRef::<Canvas>::new();
    let drawing = RwSignal::new(false);
    let down = move |event: PointerEvent| {
        let Some(canvas) = canvas.get() else { return };
        let Some(ctx) = context(&canvas) else { return };
        let _ = canvas.set_pointer_capture(event.pointer_id());
        let (x, y) = point(&canvas, &event);
        ctx.set_line_width(4.0);
        ctx.set_line_cap("round");
        ctx.set_stroke_style_str("#1a2b4c");
        ctx.begin_path();
        ctx.move_to(x, y);
        drawing.set(true);
    };
    let moved = move |event: PointerEvent| {
        if !drawing.get_untracked() {
            return;
        }
        let Some(canvas) = canvas.get() else { return };
        let Some(ctx) = context(&canvas) else { return };
        let (x, y) = point(&canvas, &event);
        ctx.line_to(x, y);
        ctx.stroke();
    };
    let up = move |_: PointerEvent| {
        if !drawing.get_untracked() {
            return;
        }
        drawing.set(false);
        if let Some(canvas) = canvas.get() {
            signature.set(canvas.to_data_url().ok());
        }
    };
    let clear = move |_| {
        if let Some(canvas) = canvas.get() {
            if let Some(ctx) = context(&canvas) {
                ctx.clear_rect(
                    0.0,
                    0.0,
                    f64::from(canvas.width()),
                    f64::from(canvas.height()),
                );
            }
        }
        signature.set(None);
    };
    view! {
        <div class="signature">
            // A <label for> does not name a canvas: the drawing is an image named by the prompt.
            <p class="label" id="signature-label">{move || t_string!(i18n, order.sign_here)}</p>
            <canvas
                id="signature-pad"
                role="img"
                aria-labelledby="signature-label"
                node_ref=canvas
                width="600"
                height="200"
                data-testid="signature-pad"
                on:pointerdown=down
                on:pointermove=moved
                on:pointerup=up
                on:pointercancel=up
            ></canvas>
            <button type="button" class="btn" on:click=clear>{move || t_string!(i18n, order.clear_signature)}</button>
        </div>
    }
}
