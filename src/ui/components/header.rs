//! The top bar of both faces: brand, navigation, language switch, account and sign-out.

use crate::api::auth::sign_out;
use crate::domain::account::Me;
use crate::domain::AppError;
use crate::ui::components::FormAlert;
#[cfg(not(feature = "portal"))]
use crate::ui::format::role_label;
use crate::ui::i18n::*;
use crate::ui::session::use_session;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;

#[component]
pub fn TopBar(
    #[prop(into)] title: Signal<String>,
    home: &'static str,
    /// Where to go after signing out.
    signed_out_to: &'static str,
    children: Children,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let navigate = use_navigate();
    let leaving = RwSignal::new(false);
    let failed = RwSignal::new(None::<AppError>);
    // Only a confirmed sign-out forgets the account: on a shared tablet, a screen that says
    // "signed out" while the server session lives on would hand it to the next person.
    let on_sign_out = move |_| {
        let navigate = navigate.clone();
        leaving.set(true);
        failed.set(None);
        spawn_local(async move {
            let result = sign_out().await;
            leaving.set(false);
            match result {
                Ok(()) => {
                    session.clear();
                    navigate(signed_out_to, Default::default());
                }
                Err(e) => failed.set(Some(e)),
            }
        });
    };
    let who = move || match session.me.get() {
        Some(Me::Customer { name, .. }) => Some(name),
        // The portal shows a member of staff who opened it by name only (no role wording in
        // the phone's bundle).
        #[cfg(feature = "portal")]
        Some(Me::Staff { name, .. }) => Some(name),
        #[cfg(not(feature = "portal"))]
        Some(Me::Staff { name, roles, .. }) => Some(format!(
            "{name} · {}",
            roles
                .iter()
                .map(|r| role_label(i18n, r))
                .collect::<Vec<_>>()
                .join(" / ")
        )),
        None => None,
    };
    view! {
        <header class="topbar">
            <a class="brand" href=home>
                <span class="brand-mark" aria-hidden="true">"AS"</span>
                <span class="brand-name">{move || title.get()}</span>
            </a>
            <nav class="topnav" aria-label=move || t_string!(i18n, app.main_navigation)>
                {children()}
            </nav>
            <div class="account">
                <LanguageSwitch />
                <Show when=move || who().is_some()>
                    <span class="who">{who}</span>
                    <button type="button" class="btn ghost" on:click=on_sign_out.clone() disabled=move || leaving.get()>
                        {move || t_string!(i18n, nav.sign_out)}
                    </button>
                </Show>
            </div>
        </header>
        <FormAlert error=failed />
    }
}

/// Switches between Chinese and English; the choice is kept in a cookie.
#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let toggle = move |_| {
        let next = match i18n.get_locale() {
            Locale::zh_CN => Locale::en,
            Locale::en => Locale::zh_CN,
        };
        i18n.set_locale(next);
        crate::ui::shell::save_language(next);
    };
    let target_lang = move || match i18n.get_locale() {
        Locale::zh_CN => "en",
        Locale::en => "zh-CN",
    };
    view! {
        <button type="button" class="btn ghost lang-switch" on:click=toggle lang=target_lang title=move || t_string!(i18n, lang.switch_title)>
            {move || t_string!(i18n, lang.switch_to)}
        </button>
    }
}
