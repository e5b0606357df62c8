//! `/staff/login`: staff sign in with user name and password.

use crate::api::auth::staff_sign_in;
use crate::domain::account::Me;
use crate::domain::identity::Username;
use crate::domain::Field;
use crate::ui::components::{AccountField, SignInForm};
use crate::ui::i18n::*;
use leptos::prelude::*;

#[component]
pub fn SignIn() -> impl IntoView {
    let i18n = use_i18n();
    let account = AccountField {
        label: Signal::derive(move || t_string!(i18n, auth.username).to_string()),
        id: "username",
        field: Field::Username,
        input_type: "text",
        check: |typed| Username::parse(typed).map(|_| ()),
    };
    view! {
        <section class="card narrow">
            <h1>{move || t_string!(i18n, auth.staff_sign_in_title)}</h1>
            <SignInForm
                account=account
                call=staff_sign_in
                home=|me| match me {
                    Me::Staff { roles, .. } => super::work_of(roles),
                    Me::Customer { .. } => "/staff",
                }
                submit_label=Signal::derive(move || t_string!(i18n, auth.sign_in).to_string())
            />
        </section>
    }
}
