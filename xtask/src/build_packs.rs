//! A page group's modules in one file. The splitter makes a module per group and a chunk
//! per combination of groups that share code: a topic's first visit needed 19 of them,
//! and under DevTools' slow 4G (562 ms a request, six connections) the requests cost more
//! than the bytes. So each group's module and the chunks it loads first are written one
//! after the other into `pack_<group>.bin`, and the splitter's loader is changed to take
//! each module out of the pack that holds it (a chunk several groups share is in each of
//! their packs; the loader takes it from the pack already on its way). `index.html`
//! preloads its route's pack; the service worker precaches them all.

use anyhow::{bail, Context, Result};
use std::{
    collections::{BTreeMap, BTreeSet},
    fs,
    path::Path,
};

/// The splitter's loader, which `pack` rewrites.
const LOADER: &str = "__wasm_split.js";

/// Packs the groups in `dir` (a split build; nothing to do without the splitter's
/// loader) and returns the folder's files: the loader, the bindings, the main module
/// and one pack per group.
pub fn pack(dir: &Path, files: Vec<String>) -> Result<Vec<String>> {
    let Ok(loader) = fs::read_to_string(dir.join(LOADER)) else {
        return Ok(files);
    };
    let groups = page_groups(&loader, &files)?;
    // The modules each pack holds, in order, each as its name without `.wasm` and its
    // length (the loader adds up the offsets): the loader's table.
    let mut packed: BTreeMap<&str, Vec<serde_json::Value>> = BTreeMap::new();
    let mut in_packs: BTreeSet<&str> = BTreeSet::new();
    for (group, modules) in &groups {
        let mut bytes = Vec::new();
        let list = packed.entry(group.as_str()).or_default();
        for module in modules {
            let data = fs::read(dir.join(module))?;
            in_packs.insert(module.as_str());
            let stem = module
                .strip_suffix(".wasm")
                .context("a module not named .wasm")?;
            list.extend([stem.into(), data.len().into()]);
            bytes.extend_from_slice(&data);
        }
        fs::write(dir.join(format!("pack_{group}.bin")), bytes)?;
    }
    let mut loader = loader;
    for module in &in_packs {
        let fetch = format!("fetch(new URL(\"./{module}\", import.meta.url))");
        if loader.matches(&fetch).count() != 1 {
            bail!("{LOADER} does not fetch {module} once as `{fetch}` (its format changed?)");
        }
        loader = loader.replacen(&fetch, &format!("__part(\"{module}\")"), 1);
    }
    if loader.contains("fetch(new URL(") {
        bail!("{LOADER} still fetches a module that is in no pack");
    }
    let table = serde_json::to_string(&packed)?;
    fs::write(
        dir.join(LOADER),
        format!("{}\n{loader}", PARTS.replace("{packed}", &table)),
    )?;
    let mut kept = Vec::new();
    for file in files {
        if in_packs.contains(file.as_str()) {
            fs::remove_file(dir.join(&file))?;
        } else {
            kept.push(file);
        }
    }
    kept.extend(groups.keys().map(|g| format!("pack_{g}.bin")));
    kept.sort();
    Ok(kept)
}

/// Put before the splitter's loader: `__part(module)` answers what `fetch` answered, from
/// a pack. A module only one pack holds (a group's own) starts that pack at once; a
/// shared chunk waits a microtask — the loader asks for a module's chunks just before
/// the module itself — and takes the pack already on its way. A pack that fails to
/// download is tried again (four times, or for as long as the phone is offline): Leptos'
/// `#[lazy]` takes a failed load as a panic, which would stop the app.
const PARTS: &str = r#"const __packed = {packed};
// Where each module is: [pack, offset, length] in every pack that holds it.
const __holders = {};
for (const [group, list] of Object.entries(__packed)) {
    let offset = 0;
    for (let i = 0; i < list.length; i += 2) {
        const module = list[i] + ".wasm";
        (__holders[module] = __holders[module] || []).push(["pack_" + group + ".bin", offset, list[i + 1]]);
        offset += list[i + 1];
    }
}
const __packs = new Map();
async function __download(pack) {
    const url = new URL("./" + pack, import.meta.url);
    for (let attempt = 1; ; attempt++) {
        try {
            const r = await fetch(url);
            if (r.ok) return await r.arrayBuffer();
            // Not there (a build long gone): waiting will not bring it.
            if (r.status === 404 || attempt >= 4) throw new Error(pack + ": " + r.status);
        } catch (e) {
            if (attempt >= 4 && navigator.onLine) throw e;
        }
        // Offline: until the network is back; else a moment, longer each time.
        if (!navigator.onLine) {
            await new Promise((resolve) => addEventListener("online", resolve, { once: true }));
        } else {
            await new Promise((resolve) => setTimeout(resolve, 500 * attempt));
        }
    }
}
function __fetchPack(pack) {
    if (!__packs.has(pack)) {
        const bytes = __download(pack);
        // A pack that could not be had is fetched anew next time.
        bytes.catch(() => __packs.delete(pack));
        __packs.set(pack, bytes);
    }
    return __packs.get(pack);
}
async function __part(module) {
    const holders = __holders[module];
    if (holders.length > 1) await null;
    const [pack, offset, length] = holders.find((h) => __packs.has(h[0])) || holders[0];
    const bytes = await __fetchPack(pack);
    return new Response(bytes.slice(offset, offset + length), {
        headers: { "content-type": "application/wasm" },
    });
}"#;

/// Each page group's files (`split_<group>_….wasm` and the chunks it loads first), read
/// off the splitter's loader: each `makeLoad(` in `__wasm_split.js` fetches one
/// `./<file>.wasm` and first loads its dependencies, `[__chunk_7, …]`.
fn page_groups(loader: &str, built: &[String]) -> Result<BTreeMap<String, Vec<String>>> {
    let mut groups = BTreeMap::new();
    let mut deps: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for part in loader.split("makeLoad(").skip(2) {
        let file = between(part, "new URL(\"./", "\"")
            .with_context(|| format!("no fetched file in the loader's part {part:.80}"))?;
        let list = between(part, "\n, [", "]")
            .with_context(|| format!("no dependency list for {file} in the loader"))?;
        let needs = list
            .split(',')
            .map(str::trim)
            .filter(|d| !d.is_empty())
            .map(|d| {
                d.strip_prefix("__")
                    .map(|c| format!("{c}.wasm"))
                    .with_context(|| format!("unexpected dependency {d} of {file}"))
            })
            .collect::<Result<Vec<_>>>()?;
        deps.insert(file.to_owned(), needs);
    }
    for file in deps.keys() {
        let Some(group) = file
            .strip_prefix("split_")
            .and_then(|rest| rest.rsplit_once('_'))
            .map(|(group, _)| group.to_owned())
        else {
            continue;
        };
        // The module and everything it loads first, its own file last.
        let mut files = Vec::new();
        let mut todo = vec![file.clone()];
        while let Some(next) = todo.pop() {
            if files.contains(&next) {
                continue;
            }
            if !built.contains(&next) {
                bail!("the loader names {next}, which the build does not have");
            }
            todo.extend(deps.get(&next).into_iter().flatten().cloned());
            files.push(next);
        }
        files.reverse();
        groups.insert(group, files);
    }
    if groups.is_empty() {
        bail!("the splitter's loader names no page module (its format changed?)");
    }
    Ok(groups)
}

/// The text in `s` after `start` and up to `end`.
fn between<'a>(s: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let from = s.find(start)? + start.len();
    let len = s[from..].find(end)?;
    Some(&s[from..from + len])
}
