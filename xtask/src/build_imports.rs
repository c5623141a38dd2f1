//! Short names for the main module's imports. wasm-bindgen names every browser function
//! the WASM calls `__wbg_<what>_<16 hex digits>`, once in the WASM's import section and
//! once in the bindings' JS, and the hex digits do not compress: 241 of them were 5.7 KiB
//! of the first load's brotli (219 since the app reads JSON itself). Here each import from the bindings becomes `a`, `b`, … in
//! both files. Only the import section is rewritten; every other section is copied as it
//! is. The splitter's imports (`./__wasm_split.js`) keep their names: its loader is not
//! rewritten here.

use anyhow::{bail, Context, Result};
use std::{collections::HashMap, fs, path::Path};

/// The module name wasm-bindgen gives the bindings' imports in the WASM.
const BINDINGS_MODULE: &[u8] = b"./circle-app_bg.js";

/// Renames the bindings' imports of `wasm` and the same names in `js`, in place.
/// Fails if a name is not in the JS: the bindings' format is not what this expects.
pub fn shorten(wasm: &Path, js: &Path) -> Result<usize> {
    let module = fs::read(wasm).with_context(|| format!("{}", wasm.display()))?;
    let (module, renamed) = rename_imports(&module)?;
    let mut glue = fs::read_to_string(js).with_context(|| format!("{}", js.display()))?;
    for (old, new) in &renamed {
        let (out, count) = replace_token(&glue, old, new);
        if count == 0 {
            bail!("{} does not name the import {old}", js.display());
        }
        glue = out;
    }
    fs::write(wasm, module)?;
    fs::write(js, glue)?;
    Ok(renamed.len())
}

/// Each renamed import: its old name and its new one.
type Renamed = Vec<(String, String)>;

/// The module with its bindings' imports renamed, and the names given.
fn rename_imports(src: &[u8]) -> Result<(Vec<u8>, Renamed)> {
    let mut renamed = Vec::new();
    let out = rewrite_section(src, 2, |body| rename_section(body, &mut renamed))?;
    Ok((out, renamed))
}

/// `src` with each section of kind `id` replaced by what `rewrite` makes of its body;
/// every other section as it is.
pub(crate) fn rewrite_section(
    src: &[u8],
    id: u8,
    mut rewrite: impl FnMut(&[u8]) -> Result<Vec<u8>>,
) -> Result<Vec<u8>> {
    if src.len() < 8 || &src[..4] != b"\0asm" {
        bail!("not a WASM module");
    }
    let mut out = src[..8].to_vec();
    let mut at = 8;
    while at < src.len() {
        let start = at;
        let (size, body_at) = leb(src, at + 1)?;
        let end = body_at + size as usize;
        let body = src
            .get(body_at..end)
            .context("a section runs past the end")?;
        at = end;
        if src[start] != id {
            out.extend_from_slice(&src[start..end]);
            continue;
        }
        let new_body = rewrite(body)?;
        out.push(id);
        put_leb(&mut out, new_body.len() as u64);
        out.extend_from_slice(&new_body);
    }
    Ok(out)
}

/// One import section, its bindings' imports renamed.
fn rename_section(body: &[u8], renamed: &mut Renamed) -> Result<Vec<u8>> {
    let mut names: HashMap<String, String> = HashMap::new();
    let (count, mut at) = leb(body, 0)?;
    let mut out = Vec::new();
    put_leb(&mut out, count);
    for _ in 0..count {
        let (module, next) = name(body, at)?;
        let (field, next) = name(body, next)?;
        let desc_end = import_desc_end(body, next)?;
        let field = if module == BINDINGS_MODULE {
            let old = std::str::from_utf8(field).context("an import's name")?;
            let fresh = short_name(names.len());
            let new = names.entry(old.to_owned()).or_insert_with(|| {
                renamed.push((old.to_owned(), fresh.clone()));
                fresh
            });
            new.as_bytes().to_vec()
        } else {
            field.to_vec()
        };
        put_leb(&mut out, module.len() as u64);
        out.extend_from_slice(module);
        put_leb(&mut out, field.len() as u64);
        out.extend_from_slice(&field);
        out.extend_from_slice(&body[next..desc_end]);
        at = desc_end;
    }
    if at != body.len() {
        bail!(
            "the import section has {} bytes after its imports",
            body.len() - at
        );
    }
    Ok(out)
}

/// Where an import's description (after its two names) ends.
fn import_desc_end(body: &[u8], at: usize) -> Result<usize> {
    let kind = *body.get(at).context("an import without a kind")?;
    let at = at + 1;
    // Limits: a flags byte, the minimum, and the maximum when flag bit 0 is set.
    let limits = |at: usize| -> Result<usize> {
        let flags = *body.get(at).context("limits")?;
        let (_, at) = leb(body, at + 1)?;
        Ok(if flags & 1 == 1 { leb(body, at)?.1 } else { at })
    };
    Ok(match kind {
        0 => leb(body, at)?.1,     // a function: its type's index
        1 => limits(at + 1)?,      // a table: element type, limits
        2 => limits(at)?,          // a memory: limits
        3 => at + 2,               // a global: value type, mutability
        4 => leb(body, at + 1)?.1, // a tag: attribute, type index
        _ => bail!("an import of unknown kind {kind}"),
    })
}

/// `a` … `z`, `aa` … : short, and valid as JS property names.
fn short_name(mut n: usize) -> String {
    let mut name = Vec::new();
    loop {
        name.push(b'a' + (n % 26) as u8);
        if n < 26 {
            break;
        }
        n = n / 26 - 1;
    }
    name.reverse();
    String::from_utf8(name).unwrap_or_default()
}

/// `text` with every whole-identifier `old` replaced by `new`, and how many there were.
fn replace_token(text: &str, old: &str, new: &str) -> (String, usize) {
    let ident = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '$';
    let mut out = String::with_capacity(text.len());
    let (mut count, mut rest) = (0, text);
    while let Some(found) = rest.find(old) {
        let before = rest[..found]
            .chars()
            .next_back()
            .or(out.chars().next_back());
        let after = rest[found + old.len()..].chars().next();
        out.push_str(&rest[..found]);
        if before.is_some_and(ident) || after.is_some_and(ident) {
            out.push_str(old);
        } else {
            out.push_str(new);
            count += 1;
        }
        rest = &rest[found + old.len()..];
    }
    out.push_str(rest);
    (out, count)
}

/// A length-prefixed name at `at`, and where it ends.
pub(crate) fn name(body: &[u8], at: usize) -> Result<(&[u8], usize)> {
    let (len, at) = leb(body, at)?;
    let end = at + len as usize;
    Ok((body.get(at..end).context("a name runs past the end")?, end))
}

/// An unsigned LEB128 number at `at`, and where it ends.
pub(crate) fn leb(bytes: &[u8], mut at: usize) -> Result<(u64, usize)> {
    let (mut value, mut shift) = (0u64, 0);
    loop {
        let byte = *bytes.get(at).context("a number runs past the end")?;
        at += 1;
        value |= u64::from(byte & 0x7f) << shift;
        if byte < 0x80 {
            return Ok((value, at));
        }
        shift += 7;
        if shift > 63 {
            bail!("a number too long");
        }
    }
}

pub(crate) fn put_leb(out: &mut Vec<u8>, mut value: u64) {
    loop {
        let byte = (value & 0x7f) as u8;
        value >>= 7;
        if value == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_names_run_a_to_z_then_two_letters() {
        let names: Vec<String> = [0, 1, 25, 26, 27, 701, 702].map(short_name).to_vec();
        assert_eq!(names, ["a", "b", "z", "aa", "ab", "zz", "aaa"]);
    }

    #[test]
    fn only_whole_names_are_replaced() {
        let (out, n) = replace_token("x.__wbg_f_1: __wbg_f_12, __wbg_f_1(", "__wbg_f_1", "a");
        assert_eq!((out.as_str(), n), ("x.a: __wbg_f_12, a(", 2));
    }

    /// A module with a type section, two imports from the bindings (one name twice
    /// would be invalid, so two names), one from the splitter's loader, and a memory.
    #[test]
    fn the_bindings_imports_are_renamed_and_the_rest_kept() {
        let mut imports = Vec::new();
        put_leb(&mut imports, 4);
        let mut import = |module: &[u8], field: &[u8], desc: &[u8]| {
            put_leb(&mut imports, module.len() as u64);
            imports.extend_from_slice(module);
            put_leb(&mut imports, field.len() as u64);
            imports.extend_from_slice(field);
            imports.extend_from_slice(desc);
        };
        import(BINDINGS_MODULE, b"__wbg_log_0123456789abcdef", &[0, 0]);
        import(b"./__wasm_split.js", b"__wasm_split_load_x", &[0, 0]);
        import(BINDINGS_MODULE, b"__wbg_now_fedcba9876543210", &[0, 0]);
        import(b"env", b"memory", &[2, 1, 1, 0x80, 1]);
        let mut module = b"\0asm\x01\0\0\0".to_vec();
        module.extend_from_slice(&[1, 4, 1, 0x60, 0, 0]); // type section: () -> ()
        module.push(2);
        put_leb(&mut module, imports.len() as u64);
        module.extend_from_slice(&imports);

        let (out, renamed) = rename_imports(&module).expect("renames");
        assert_eq!(
            renamed,
            [
                ("__wbg_log_0123456789abcdef".to_owned(), "a".to_owned()),
                ("__wbg_now_fedcba9876543210".to_owned(), "b".to_owned()),
            ]
        );
        assert_eq!(
            &out[..14],
            &module[..14],
            "the header and type section are kept"
        );
        let text = String::from_utf8_lossy(&out);
        assert!(text.contains("__wasm_split_load_x") && text.contains("memory"));
        assert!(!text.contains("__wbg_"));
        // Renaming again finds nothing of the bindings' old names and changes nothing.
        let (again, _) = rename_imports(&out).expect("parses its own output");
        assert_eq!(again, out);
    }
}
