//! Who is signed in, as far as the browser knows. The server decides everything; this only
//! picks which screens to show. Loaded once at start and updated on sign-in and sign-out.

use crate::api::auth::who_am_i;
use crate::domain::account::{Me, StaffRole};
use crate::domain::organisation::Roles;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[derive(Clone, Copy)]
pub struct Session {
    pub me: RwSignal<Option<Me>>,
    /// False until the first answer from the server.
    pub checked: RwSignal<bool>,
}

impl Session {
    pub fn is_customer(&self) -> bool {
        matches!(self.me.get(), Some(Me::Customer { .. }))
    }

    /// The signed-in member of staff's roles.
    pub fn staff_roles(&self) -> Option<Roles> {
        match self.me.get() {
            Some(Me::Staff { roles, .. }) => Some(roles),
            _ => None,
        }
    }

    /// Signed in as staff with a role that passes `test`.
    pub fn staff_can(&self, test: impl Fn(StaffRole) -> bool) -> bool {
        self.staff_roles().is_some_and(|roles| roles.any(test))
    }

    /// Signed in as staff who work the reception desk (advisors, the managers).
    pub fn works_reception(&self) -> bool {
        self.staff_can(StaffRole::works_reception)
    }

    /// Forgets the signed-in account (after sign-out or when the server says the session ended).
    pub fn clear(&self) {
        self.me.set(None);
    }
}

pub fn use_session() -> Session {
    expect_context::<Session>()
}

#[component]
pub fn SessionProvider(children: Children) -> impl IntoView {
    let session = Session {
        me: RwSignal::new(None),
        checked: RwSignal::new(false),
    };
    provide_context(session);
    spawn_local(async move {
        if let Ok(me) = crate::ui::early::or_ask("auth/me", who_am_i).await {
            session.me.set(me);
        }
        session.checked.set(true);
    });
    children()
}
