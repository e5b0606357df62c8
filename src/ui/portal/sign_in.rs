//! `/login`: a customer signs in with mobile number and password.

use crate::api::auth::sign_in;
use crate::domain::identity::Phone;
use crate::domain::Field;
use crate::ui::components::{AccountField, SignInForm};
use crate::ui::i18n::*;
use crate::ui::shell::next_page;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn SignIn() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let account = AccountField {
        label: Signal::derive(move || t_string!(i18n, auth.phone).to_string()),
        id: "phone",
        field: Field::Phone,
        input_type: "tel",
        check: |typed| Phone::parse(typed).map(|_| ()),
    };
    let register_link = move || match query.get().get("next") {
        Some(next) => format!(
            "/register?next={}",
            js_sys::encode_uri_component(&next_page(Some(next), "/book"))
        ),
        None => "/register".to_owned(),
    };
    view! {
        <section class="card narrow">
            <h1>{move || t_string!(i18n, auth.customer_sign_in_title)}</h1>
            <SignInForm
                account=account
                call=sign_in
                home=|_| "/"
                submit_label=Signal::derive(move || t_string!(i18n, auth.sign_in).to_string())
            />
            <p class="muted">
                <a href="/reset-password">{move || t_string!(i18n, auth.forgot_password)}</a>
            </p>
            <p class="muted">
                {move || t_string!(i18n, auth.no_account)} " " <a href=register_link>{move || t_string!(i18n, auth.register_here)}</a>
            </p>
        </section>
    }
}
