//! wasm-streams' three classes, out of the app's WASM and its bindings. Leptos always
//! turns on its server functions' browser client (`server_fn`'s `browser` feature), which
//! brings wasm-streams; the app calls no server function, so nothing creates one of these
//! classes. But their methods are exported from rustc's output, and an export is a root:
//! the splitter keeps what it reaches (and the function table it fills) in the main
//! module, and wasm-opt cannot drop it. So their exports go from rustc's output before the
//! splitter and wasm-bindgen see it (`without_exports`: 4.7 KB brotli of the main module,
//! 1.1 KB when done after wasm-bindgen instead), and the classes wasm-bindgen still writes
//! into the JS go after it (`without_classes`). The build fails if the JS could create one
//! (wasm-bindgen's `__wrap`), or names one after the removal: then they are in use, or the
//! bindings' format is not what this expects.

use super::build_imports::{leb, name, put_leb, rewrite_section};
use anyhow::{bail, Context, Result};
use std::{fs, path::Path};

const CLASSES: [&str; 3] = [
    "IntoUnderlyingByteSource",
    "IntoUnderlyingSink",
    "IntoUnderlyingSource",
];

/// Writes `raw` without the classes' exports (their methods, `__wbg_…_free` and
/// wasm-bindgen's `__wbindgen_describe_…`) to `out`; the number of exports removed.
pub fn without_exports(raw: &Path, out: &Path) -> Result<usize> {
    let lower: Vec<String> = CLASSES.iter().map(|c| c.to_lowercase()).collect();
    let module = fs::read(raw).with_context(|| format!("{}", raw.display()))?;
    let (module, dropped) = drop_exports(&module, &|export: &str| {
        let export = ["__wbg_", "__wbindgen_describe_"]
            .iter()
            .find_map(|p| export.strip_prefix(p))
            .unwrap_or(export);
        lower.iter().any(|c| {
            export
                .strip_prefix(c.as_str())
                .is_some_and(|m| m.starts_with('_'))
        })
    })?;
    if dropped == 0 {
        bail!("{} exports none of wasm-streams' classes", raw.display());
    }
    fs::write(out, module)?;
    Ok(dropped)
}

/// Removes the classes from the bindings `js`, in place.
pub fn without_classes(js: &Path) -> Result<()> {
    let mut glue = fs::read_to_string(js).with_context(|| format!("{}", js.display()))?;
    if CLASSES
        .iter()
        .any(|c| glue.contains(&format!("{c}.__wrap")))
    {
        bail!(
            "{} creates a wasm-streams class: it is in use",
            js.display()
        );
    }
    for class in CLASSES {
        glue = cut(&glue, &format!("export class {class} {{"), |l| {
            l.starts_with(&format!("if (Symbol.dispose) {class}.prototype"))
        })?;
        glue = cut(&glue, &format!("const {class}Finalization = "), |l| {
            l.ends_with(");")
        })?;
    }
    if let Some(c) = CLASSES.iter().find(|c| glue.contains(*c)) {
        bail!(
            "{} still names {c} after its class was removed",
            js.display()
        );
    }
    if let Some(c) = CLASSES
        .iter()
        .map(|c| c.to_lowercase())
        .find(|c| glue.contains(c.as_str()))
    {
        bail!("{} still calls a method of {c}", js.display());
    }
    fs::write(js, glue)?;
    Ok(())
}

/// `text` without the lines from the one that starts with `first` to the first one after
/// it (itself included) for which `last` holds, trimmed.
fn cut(text: &str, first: &str, last: impl Fn(&str) -> bool) -> Result<String> {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let start = lines
        .iter()
        .position(|l| l.starts_with(first))
        .with_context(|| format!("the bindings have no line starting {first:?}"))?;
    let end = (start..lines.len())
        .find(|&i| last(lines[i].trim_end()))
        .with_context(|| format!("no end to the lines from {first:?}"))?;
    Ok(lines[..start].concat() + &lines[end + 1..].concat())
}

/// The module without the exports `unwanted` picks (every other section as it is), and
/// how many there were.
fn drop_exports(src: &[u8], unwanted: &dyn Fn(&str) -> bool) -> Result<(Vec<u8>, usize)> {
    let mut dropped = 0;
    let out = rewrite_section(src, 7, |body| {
        let (count, mut entry) = leb(body, 0)?;
        let mut kept = Vec::new();
        let mut kept_count = 0u64;
        for _ in 0..count {
            let (export, after_name) = name(body, entry)?;
            // Its kind (a byte), then its index.
            let (_, next) = leb(body, after_name + 1)?;
            if unwanted(std::str::from_utf8(export)?) {
                dropped += 1;
            } else {
                kept.extend_from_slice(&body[entry..next]);
                kept_count += 1;
            }
            entry = next;
        }
        let mut new_body = Vec::new();
        put_leb(&mut new_body, kept_count);
        new_body.extend_from_slice(&kept);
        Ok(new_body)
    })?;
    Ok((out, dropped))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_from_the_first_line_to_the_last() {
        let text = "a\nexport class X {\n  f() {}\n}\nif (Symbol.dispose) X.prototype.y;\nb\n";
        let out = cut(text, "export class X {", |l| l.starts_with("if (Symbol")).unwrap();
        assert_eq!(out, "a\nb\n");
        assert!(cut(text, "export class Y {", |_| true).is_err());
    }

    #[test]
    fn drops_only_the_chosen_exports() {
        // A module with one export section: "keep" and "gone", both of function 0.
        let mut section = vec![2];
        for n in ["keep", "gone"] {
            section.push(n.len() as u8);
            section.extend_from_slice(n.as_bytes());
            section.extend_from_slice(&[0, 0]);
        }
        let mut module = b"\0asm\x01\0\0\0".to_vec();
        module.push(7);
        module.push(section.len() as u8);
        module.extend_from_slice(&section);
        let (out, dropped) = drop_exports(&module, &|n| n == "gone").unwrap();
        assert_eq!(dropped, 1);
        assert_eq!(&out[8..], &[7, 8, 1, 4, b'k', b'e', b'e', b'p', 0, 0]);
    }
}
