//! Buying from any page: one request at a time, and one idempotency key per purchase
//! intention — a double tap or a retry after a network error reuses it, so the order is
//! made at most once; a new key only after a success.

use crate::{api, i18n::Strings, state::mutation::Mutation};
use circle_api::{CheckoutRequest, OrderView};
use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct Checkout {
    pub request: Mutation,
    pub bought: RwSignal<Option<OrderView>>,
    key: StoredValue<String>,
    t: &'static Strings,
}

impl Checkout {
    pub fn new(t: &'static Strings) -> Self {
        Self {
            request: Mutation::new(),
            bought: RwSignal::new(None),
            key: StoredValue::new(api::new_idempotency_key()),
            t,
        }
    }

    pub fn buy(self, product_id: i64, quantity: i64) {
        let req = CheckoutRequest {
            product_id,
            quantity,
        };
        let key = self.key.get_value();
        self.request.run(
            async move { api::orders::checkout(&key, &req).await },
            move |order| {
                self.bought.set(Some(order));
                self.key.set_value(api::new_idempotency_key());
            },
        );
    }

    pub fn pending(self) -> bool {
        self.request.pending.get()
    }

    /// What went wrong, as the person reads it.
    pub fn error(self) -> Option<&'static str> {
        self.request
            .error
            .with(|e| e.as_ref().map(|e| self.t.error(e.code(), None, None)))
    }
}
