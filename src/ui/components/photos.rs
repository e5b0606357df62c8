//! Photos on the tablet: taking or picking pictures (shrunk to `photo::MAX_SIDE_PX` as JPEG
//! before upload, so a 12-megapixel camera shot travels as a few hundred kilobytes), uploading
//! them one by one with progress, and showing a work order's photos.
//!
//! The camera button is a file input with `capture="environment"`: tablets and phones open
//! the back camera, desktops a file dialog. The server checks every picture again.

use crate::api::work_orders::add_work_order_photo;
use crate::domain::ids::LineId;
use crate::domain::photo::{PhotoRef, PhotoUpload, MAX_SIDE_PX};
use crate::domain::AppError;
use crate::ui::errors::error_text;
use crate::ui::i18n::*;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    CanvasRenderingContext2d, File, HtmlCanvasElement, HtmlImageElement, HtmlInputElement,
};

/// A picture shrunk and ready to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadyPhoto {
    /// `data:image/jpeg;base64,…`, also the preview's `src`.
    pub data_url: String,
}

impl ReadyPhoto {
    /// The upload for this picture.
    pub fn upload(&self, caption: &str, line: Option<LineId>) -> PhotoUpload {
        PhotoUpload {
            caption: caption.to_string(),
            line,
            data_base64: self
                .data_url
                .split_once(',')
                .map(|(_, data)| data.to_string())
                .unwrap_or_default(),
        }
    }
}

/// Decodes `file` as a picture and redraws it at most `MAX_SIDE_PX` on its longer side.
async fn shrink(file: File) -> Option<ReadyPhoto> {
    let url = web_sys::Url::create_object_url_with_blob(&file).ok()?;
    let image = HtmlImageElement::new().ok()?;
    image.set_src(&url);
    let decoded = JsFuture::from(image.decode()).await;
    let _ = web_sys::Url::revoke_object_url(&url);
    decoded.ok()?;
    let (width, height) = (image.natural_width(), image.natural_height());
    if width == 0 || height == 0 {
        return None;
    }
    let scale = (f64::from(MAX_SIDE_PX) / f64::from(width.max(height))).min(1.0);
    let (w, h) = (
        (f64::from(width) * scale).round(),
        (f64::from(height) * scale).round(),
    );
    let canvas: HtmlCanvasElement = document().create_element("canvas").ok()?.dyn_into().ok()?;
    canvas.set_width(w as u32);
    canvas.set_height(h as u32);
    let context: CanvasRenderingContext2d = canvas.get_context("2d").ok()??.dyn_into().ok()?;
    context
        .draw_image_with_html_image_element_and_dw_and_dh(&image, 0.0, 0.0, w, h)
        .ok()?;
    let data_url = canvas
        .to_data_url_with_type_and_encoder_options("image/jpeg", &0.85.into())
        .ok()?;
    Some(ReadyPhoto { data_url })
}

/// Camera and file buttons, the shrunk pictures as thumbnails, each removable.
#[component]
pub fn PhotoPicker(
    photos: RwSignal<Vec<ReadyPhoto>>,
    /// Makes the inputs' ids unique on the page.
    id: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    // Pictures still being shrunk (two quick picks run side by side).
    let preparing = RwSignal::new(0u32);
    let unreadable = RwSignal::new(false);
    let on_change = move |ev: leptos::ev::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
        else {
            return;
        };
        let files: Vec<File> = input
            .files()
            .map(|list| (0..list.length()).filter_map(|i| list.get(i)).collect())
            .unwrap_or_default();
        // Let the same file be picked again after removing it.
        input.set_value("");
        if files.is_empty() {
            return;
        }
        preparing.update(|n| *n += 1);
        unreadable.set(false);
        spawn_local(async move {
            for file in files {
                match shrink(file).await {
                    Some(photo) => photos.update(|p| p.push(photo)),
                    None => unreadable.set(true),
                }
            }
            preparing.update(|n| *n = n.saturating_sub(1));
        });
    };
    let camera_id = format!("{id}-camera");
    let files_id = format!("{id}-files");
    view! {
        <div class="photo-picker">
            <div class="photo-buttons">
                <label class="btn" for=camera_id.clone()>{move || t_string!(i18n, order.take_photo)}</label>
                <input type="file" class="visually-hidden" id=camera_id accept="image/*" capture="environment" on:change=on_change />
                <label class="btn" for=files_id.clone()>{move || t_string!(i18n, order.pick_photos)}</label>
                <input type="file" class="visually-hidden" id=files_id accept="image/jpeg,image/png,image/webp,image/heic,image/*" multiple on:change=on_change />
            </div>
            <Show when=move || preparing.get() != 0>
                <p class="muted" role="status">{move || t_string!(i18n, order.photo_preparing)}</p>
            </Show>
            <Show when=move || unreadable.get()>
                <p class="field-error" role="alert">{move || t_string!(i18n, order.photo_unreadable)}</p>
            </Show>
            <ul class="thumbs" data-testid="photo-thumbs">
                {move || photos.get().into_iter().enumerate().map(|(i, photo)| view! {
                    <li>
                        <img src=photo.data_url alt=move || format!("{} {}", t_string!(i18n, order.photos), i + 1) />
                        <button type="button" class="btn ghost" on:click=move |_| photos.update(|p| { if i < p.len() { p.remove(i); } })>
                            {move || t_string!(i18n, order.remove_photo)}
                        </button>
                    </li>
                }).collect_view()}
            </ul>
        </div>
    }
}

/// Sends the pictures one after another, reporting `(done, total)`; stops at the first
/// failure and answers which one (1-based) and why. Sent pictures leave `photos`, so a retry
/// sends only what is left.
pub async fn upload_all(
    number: String,
    photos: RwSignal<Vec<ReadyPhoto>>,
    caption: String,
    line: Option<LineId>,
    progress: RwSignal<Option<(usize, usize)>>,
) -> Result<(), (usize, AppError)> {
    upload_each(photos, progress, move |photo| {
        add_work_order_photo(number.clone(), photo.upload(&caption, line))
    })
    .await
}

/// `upload_all` for any destination: `send` sends one picture.
pub async fn upload_each<F, Fut>(
    photos: RwSignal<Vec<ReadyPhoto>>,
    progress: RwSignal<Option<(usize, usize)>>,
    send: F,
) -> Result<(), (usize, AppError)>
where
    F: Fn(ReadyPhoto) -> Fut,
    Fut: std::future::Future<Output = Result<crate::domain::ids::PhotoId, AppError>>,
{
    let total = photos.get_untracked().len();
    for n in 1..=total {
        progress.set(Some((n, total)));
        let Some(photo) = photos.get_untracked().first().cloned() else {
            break;
        };
        if let Err(e) = send(photo).await {
            progress.set(None);
            return Err((n, e));
        }
        photos.update(|p| {
            if !p.is_empty() {
                p.remove(0);
            }
        });
    }
    progress.set(None);
    Ok(())
}

/// "Uploading photo 2 of 3…" while it lasts.
#[component]
pub fn UploadProgress(progress: RwSignal<Option<(usize, usize)>>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        progress.get().map(|(n, total)| {
            view! {
                <p class="muted" role="status">
                    <progress max=total value=n></progress> " "
                    {t_string!(i18n, order.uploading, n = n, total = total).to_string()}
                </p>
            }
        })
    }
}

/// Why photo `n` failed, for the screen.
pub fn upload_failure(
    i18n: leptos_i18n::I18nContext<Locale>,
    n: usize,
    error: &AppError,
) -> String {
    let reason = error_text(i18n, error);
    t_string!(i18n, order.photo_failed, n = n, reason = reason).to_string()
}

/// A work order's photos as thumbnails that open full size. `href` gives a photo's address
/// (signed-in or tracking-link).
#[component]
pub fn PhotoGallery(photos: Vec<PhotoRef>, href: Callback<PhotoRef, String>) -> impl IntoView {
    let i18n = use_i18n();
    if photos.is_empty() {
        return view! { <p class="muted">{move || t_string!(i18n, order.no_photos)}</p> }
            .into_any();
    }
    view! {
        <ul class="gallery" data-testid="photos">
            {photos.into_iter().map(|photo| {
                let url = href.run(photo.clone());
                let link = url.clone();
                // The caption as written, or the interface's word for a photo in the reader's language.
                let written = photo.caption.clone();
                let caption = move || if written.is_empty() { t_string!(i18n, order.photos).to_string() } else { written.clone() };
                view! {
                    <li>
                        <a href=link target="_blank" rel="noopener">
                            <img src=url alt=caption.clone() loading="lazy" />
                        </a>
                        <span class="muted">{caption}</span>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}
