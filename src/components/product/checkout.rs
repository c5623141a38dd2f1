//! Buying from any page: one request at a time, and one idempotency key per purchase
//! intention — a double tap or a retry after a network error reuses it, so the order is
//! made at most once; a new key only after a success.

use crate::{api, i18n::Strings};
use circle_api::{CheckoutRequest, OrderView};
use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct Checkout {
    pub pending: RwSignal<bool>,
    pub bought: RwSignal<Option<OrderView>>,
    pub error: RwSignal<Option<&'static str>>,
    key: StoredValue<String>,
    t: &'static Strings,
}

impl Checkout {
    pub fn new(t: &'static Strings) -> Self {
        Self {
            pending: RwSignal::new(false),
            bought: RwSignal::new(None),
            error: RwSignal::new(None),
            key: StoredValue::new(api::new_idempotency_key()),
            t,
        }
    }

    pub fn buy(self, product_id: i64, quantity: i64) {
        if self.pending.get_untracked() {
            return;
        }
        self.pending.set(true);
        self.error.set(None);
        let req = CheckoutRequest {
            product_id,
            quantity,
        };
        leptos::task::spawn_local(async move {
            match api::orders::checkout(&self.key.get_value(), &req).await {
                Ok(order) => {
                    self.bought.set(Some(order));
                    self.key.set_value(api::new_idempotency_key());
                }
                Err(e) => self.error.set(Some(self.t.error(e.code(), None, None))),
            }
            self.pending.set(false);
        });
    }
}
