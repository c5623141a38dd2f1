//! A request that changes something (buy, comment, withdraw, log in): one at a time,
//! with its pending state and its error, so every form handles both the same way.

use crate::api::ApiError;
use leptos::prelude::*;
use std::future::Future;

#[derive(Clone, Copy)]
pub struct Mutation {
    pub pending: RwSignal<bool>,
    pub error: RwSignal<Option<ApiError>>,
}

impl Mutation {
    pub fn new() -> Self {
        Self {
            pending: RwSignal::new(false),
            error: RwSignal::new(None),
        }
    }

    /// Sends `request` unless one is in flight; `done` gets its answer on success, the
    /// error is kept on failure.
    pub fn run<T, Fut>(self, request: Fut, done: impl FnOnce(T) + 'static)
    where
        T: 'static,
        Fut: Future<Output = Result<T, ApiError>> + 'static,
    {
        self.run_with(request, done, |_| {});
    }

    /// Like `run`, and `failed` sees the error too (to put it next to its field).
    pub fn run_with<T, Fut>(
        self,
        request: Fut,
        done: impl FnOnce(T) + 'static,
        failed: impl FnOnce(&ApiError) + 'static,
    ) where
        T: 'static,
        Fut: Future<Output = Result<T, ApiError>> + 'static,
    {
        if self.pending.get_untracked() {
            return;
        }
        self.error.set(None);
        self.pending.set(true);
        leptos::task::spawn_local(async move {
            match request.await {
                Ok(value) => done(value),
                Err(e) => {
                    failed(&e);
                    self.error.set(Some(e));
                }
            }
            self.pending.set(false);
        });
    }
}
