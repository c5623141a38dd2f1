//! Entry point of the WASM app: install the panic hook and mount the app.

/// Talc rather than Rust's default dlmalloc: less code in the main module, which every
/// first visit downloads. Without growing or shrinking in place (`disable-realloc-in-place`),
/// a growing `Vec` or `String` moves: the app's are small.
#[cfg(all(target_family = "wasm", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(circle_app::App);
}
