//! A labelled form field with its hint and its error right below it.

use leptos::prelude::*;

#[component]
pub fn Field(
    id: &'static str,
    label: &'static str,
    hint: &'static str,
    value: RwSignal<String>,
    /// The translated error to show next to the field, if any.
    error: RwSignal<Option<&'static str>>,
    #[prop(default = "text")] input_type: &'static str,
    #[prop(default = "off")] autocomplete: &'static str,
) -> impl IntoView {
    let describedby = format!("{id}-note");
    view! {
        <div class="field" class:invalid=move || error.with(Option::is_some)>
            <label for=id>{label}</label>
            <input
                id=id
                name=id
                type=input_type
                autocomplete=autocomplete
                autocapitalize="off"
                spellcheck="false"
                aria-invalid=move || if error.with(Option::is_some) { "true" } else { "false" }
                aria-describedby=describedby.clone()
                bind:value=value
                on:input=move |_| error.set(None)
            />
            <p id=describedby class="field-note">
                {move || match error.get() {
                    Some(message) => view! { <span class="field-error" role="alert">{message}</span> }.into_any(),
                    None => view! { <span class="field-hint">{hint}</span> }.into_any(),
                }}
            </p>
        </div>
    }
}

/// Puts an API error next to the field it names, or at the form level otherwise.
pub fn show_error(
    err: &crate::api::ApiError,
    strings: &'static crate::i18n::Strings,
    fields: &[(&str, RwSignal<Option<&'static str>>)],
    form_error: RwSignal<Option<&'static str>>,
) {
    let (field, problem) = match err {
        crate::api::ApiError::Api(body) => (body.field.as_deref(), body.problem),
        crate::api::ApiError::Network => (None, None),
    };
    let message = strings.error(err.code(), field, problem);
    match fields.iter().find(|(name, _)| Some(*name) == field) {
        Some((_, slot)) => slot.set(Some(message)),
        None => form_error.set(Some(message)),
    }
}
