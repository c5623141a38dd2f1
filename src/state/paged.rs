//! A list loaded a page at a time from a keyset-paged endpoint (the circle, discover):
//! the items so far, the next cursor, and the load state. One helper, so every list
//! refreshes, appends and guards against overlapping loads the same way.

use crate::api::ApiError;
use circle_api::Page;
use leptos::prelude::*;
use std::future::Future;

pub struct Paged<T: Send + Sync + 'static> {
    pub items: RwSignal<Vec<T>>,
    pub next: RwSignal<Option<String>>,
    pub loading: RwSignal<bool>,
    /// A first page has arrived (so "empty" can be told apart from "not yet").
    pub loaded: RwSignal<bool>,
    pub error: RwSignal<Option<ApiError>>,
    /// Which load is current: a refresh makes earlier answers stale.
    generation: StoredValue<u64>,
}

impl<T: Send + Sync + 'static> Clone for Paged<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for Paged<T> {}

impl<T: Send + Sync + 'static> Paged<T> {
    pub fn new() -> Self {
        Self {
            items: RwSignal::new(Vec::new()),
            next: RwSignal::new(None),
            loading: RwSignal::new(false),
            loaded: RwSignal::new(false),
            error: RwSignal::new(None),
            generation: StoredValue::new(0),
        }
    }

    /// Starts from a first page already at hand (the one the server rendered).
    pub fn fill(self, page: Page<T>) {
        self.items.set(page.items);
        self.next.set(page.next);
        self.loaded.set(true);
    }

    /// Loads the first page again (`more == false`: a refresh, which supersedes any load
    /// in flight) or the next page (ignored while a load runs or at the end).
    pub fn load<F, Fut>(self, more: bool, fetch: F)
    where
        F: FnOnce(Option<String>) -> Fut + 'static,
        Fut: Future<Output = Result<Page<T>, ApiError>> + 'static,
    {
        let after = if more {
            match self.next.get_untracked() {
                Some(after) if !self.loading.get_untracked() => Some(after),
                _ => return,
            }
        } else {
            None
        };
        let generation = self.generation.get_value() + 1;
        self.generation.set_value(generation);
        self.loading.set(true);
        leptos::task::spawn_local(async move {
            let answer = fetch(after).await;
            // A refresh started after this load, or the list is gone (its page was
            // left or re-rendered while the answer was on its way: the signals below are
            // disposed, and reading a disposed value panics).
            if self.generation.try_get_value() != Some(generation) {
                return;
            }
            match answer {
                Ok(page) => {
                    self.error.set(None);
                    self.next.set(page.next);
                    if more {
                        self.items.update(|list| list.extend(page.items));
                    } else {
                        self.items.set(page.items);
                    }
                }
                Err(e) => self.error.set(Some(e)),
            }
            self.loading.set(false);
            self.loaded.set(true);
        });
    }

    /// Loaded, nothing there, and no error.
    pub fn is_empty(self) -> bool {
        self.loaded.get() && self.items.with(Vec::is_empty) && self.error.with(Option::is_none)
    }
}
