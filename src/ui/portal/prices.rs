//! `/prices`: each outlet's published prices (明码标价), open to anyone before they sign in —
//! the labour rate per hour and every service the outlet offers with its bay time and price
//! (standard hours at that rate plus the standard parts).

use crate::api::catalog::{list_outlets, list_service_types};
use crate::domain::ids::OutletId;
use crate::ui::components::{Loading, OutletPicker};
use crate::ui::errors::error_text;
use crate::ui::format::{duration_label, localized, price_label};
use crate::ui::i18n::*;
use crate::ui::load::Load;
use leptos::prelude::*;

#[component]
pub fn Prices() -> impl IntoView {
    let i18n = use_i18n();
    let outlets = Load::new(list_outlets);
    let outlet = RwSignal::new(None::<OutletId>);
    let prices = Load::new(move || {
        let outlet = outlet.get();
        async move {
            match outlet {
                Some(outlet) => Some(list_service_types(outlet).await),
                None => None,
            }
        }
    });
    view! {
        <h1>{move || t_string!(i18n, prices.title)}</h1>
        <OutletPicker outlets=outlets chosen=outlet />
        {move || match prices.get().flatten() {
            None => view! { <Loading /> }.into_any(),
            Some(Err(e)) => view! { <div class="alert alert-error" role="alert">{error_text(i18n, &e)}</div> }.into_any(),
            Some(Ok(list)) => {
                let rate = list.labour_rate;
                let rows = list.services.into_iter().map(|service| {
                    let price = service.published_price(rate);
                    let minutes = service.duration_minutes;
                    let name = service.name;
                    view! {
                        <li class="price-row" data-testid="price">
                            <span class="choice-title">{move || localized(i18n, &name)}</span>
                            <span class="choice-detail">{move || duration_label(i18n, minutes)}</span>
                            <strong class="amount">{move || price_label(i18n, price)}</strong>
                        </li>
                    }
                }).collect_view();
                view! {
                    <p class="hint">{move || t_string!(i18n, booking.price_note, rate = rate.to_string())}</p>
                    <ul class="price-list" role="list">{rows}</ul>
                }.into_any()
            }
        }}
        <div class="actions">
            <a class="btn primary large" href="/book">{move || t_string!(i18n, nav.book)}</a>
        </div>
    }
}
