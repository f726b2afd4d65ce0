//! The stages flow one way (docs/ARCHITECTURE.md, *The module graph*): no module of the crate
//! imports, through others, a module that imports it, and no stage imports a later one.
//!
//! The imports are read with syn, as the compiler sees the crate: the modules reached from
//! `src/lib.rs` by their `mod` items, leaving out what is `#[cfg(test)]` (test code builds
//! whole sites and may reach anywhere), and every path that names a top-level module
//! (`crate::indexes::…`, each branch of `use crate::{indexes, resolve::Site}`, and
//! `super::indexes` from a module whose parent is the crate root, and a bare `indexes::…`
//! after `use crate::*` or `use super::*` brought every top-level module into scope), in `use`
//! items and in code, also through a name of the crate root (`use crate as root;`); and a
//! call of a `#[macro_export]` macro (`crate::row!`, `row!`), which names no module though it
//! runs the code of the one defining it.
//! A reading of `crate::NAME` off the text missed the grouped form, `super::`, and everything
//! after the first `#[cfg(test)]` of a file.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use syn::visit::Visit;

mod reading;

type Graph = BTreeMap<String, BTreeSet<String>>;

/// The stages and what may use them, in the order of docs/ARCHITECTURE.md: each uses only
/// those before it (and the shared modules, which are not in this list).
const STAGES: &[&str] = &[
    "content", "markdown", "resolve", "render", "indexes", "publish", "output", "build", "serve",
    "cli",
];

fn is_test_only(attributes: &[syn::Attribute]) -> bool {
    attributes.iter().any(|attribute| {
        attribute.path().is_ident("cfg")
            && attribute
                .parse_args::<syn::Meta>()
                .is_ok_and(|meta| meta.path().is_ident("test"))
    })
}

fn item_attributes(item: &syn::Item) -> &[syn::Attribute] {
    match item {
        syn::Item::Const(i) => &i.attrs,
        syn::Item::Enum(i) => &i.attrs,
        syn::Item::Fn(i) => &i.attrs,
        syn::Item::Impl(i) => &i.attrs,
        syn::Item::Macro(i) => &i.attrs,
        syn::Item::Mod(i) => &i.attrs,
        syn::Item::Static(i) => &i.attrs,
        syn::Item::Struct(i) => &i.attrs,
        syn::Item::Trait(i) => &i.attrs,
        syn::Item::Type(i) => &i.attrs,
        syn::Item::Use(i) => &i.attrs,
        _ => &[],
    }
}

/// The top-level modules one file's code names, and the modules it declares in other files.
struct Imports<'m> {
    /// The module the code is in: `["render", "pages"]` for src/render/pages.rs.
    module: &'m [String],
    /// Inline modules entered (`mod x { … }`), below `module`.
    inner: Vec<String>,
    named: BTreeSet<String>,
    /// The first two words of paths that start from no module (`indexes::f()`): a top-level
    /// module's name only after `use crate::*` brought them all into scope, or a top-level
    /// module's after a name of the crate root (`root::indexes::f()`).
    bare: BTreeSet<(String, String)>,
    /// Names given to the crate root: `use crate as root;`, `extern crate self as root;`.
    root_names: BTreeSet<String>,
    /// Whether the file globs the crate root (`use crate::*`, `use super::*` from a module
    /// under the root), which names every top-level module without `crate::`.
    root_glob: bool,
    /// `mod x;` items: their module path and the file's folder for their own files.
    declared: Vec<Vec<String>>,
    /// The last word of each macro called (`text` of `crate::text!`): a `#[macro_export]`
    /// macro lives at the crate root whatever module defines it, so no path names that module.
    called: BTreeSet<String>,
    /// The `#[macro_export]` macros this file defines.
    exported: BTreeSet<String>,
}

impl<'m> Imports<'m> {
    /// What `file`, the code of `module`, names and declares, among the crate's
    /// `top_level` modules.
    fn of(module: &'m [String], top_level: &BTreeSet<String>, file: &syn::File) -> Self {
        let mut imports = Imports {
            module,
            inner: Vec::new(),
            named: BTreeSet::new(),
            bare: BTreeSet::new(),
            root_names: BTreeSet::new(),
            root_glob: false,
            declared: Vec::new(),
            called: BTreeSet::new(),
            exported: BTreeSet::new(),
        };
        imports.visit_file(file);
        let bare = std::mem::take(&mut imports.bare);
        for (first, second) in bare {
            let named = if imports.root_names.contains(&first) {
                second
            } else if imports.root_glob {
                first
            } else {
                continue;
            };
            if top_level.contains(&named) {
                imports.named.insert(named);
            }
        }
        imports
    }

    /// The top-level module a path of these segments names, if it leaves its own.
    fn note(&mut self, segments: &[String]) {
        let here: Vec<&String> = self.module.iter().chain(&self.inner).collect();
        let supers = segments.iter().take_while(|s| *s == "super").count();
        let rest = &segments[supers..];
        let top = match (segments.first().map(String::as_str), supers) {
            (Some("crate"), _) => segments.get(1),
            (_, n) if n > 0 && n == here.len() => rest.first(),
            (_, n) if n > 0 && n < here.len() => here.first().copied(),
            _ => None,
        };
        if let Some(top) = top {
            self.named.insert(top.clone());
        } else if supers == 0 && segments.len() >= 2 && segments[0] != "self" {
            self.bare.insert((segments[0].clone(), segments[1].clone()));
        }
    }

    /// A `*` import of `prefix`: of the crate root, it brings every top-level module into
    /// scope by its bare name.
    fn glob(&mut self, prefix: &[String]) {
        let depth = self.module.len() + self.inner.len();
        let of_root =
            prefix == ["crate"] || (prefix.len() == depth && prefix.iter().all(|s| s == "super"));
        if of_root {
            self.root_glob = true;
        } else {
            self.note(prefix);
        }
    }

    fn use_tree(&mut self, prefix: &mut Vec<String>, tree: &syn::UseTree) {
        match tree {
            syn::UseTree::Path(path) => {
                prefix.push(path.ident.to_string());
                self.use_tree(prefix, &path.tree);
                prefix.pop();
            }
            syn::UseTree::Group(group) => {
                for branch in &group.items {
                    self.use_tree(prefix, branch);
                }
            }
            syn::UseTree::Name(name) => {
                prefix.push(name.ident.to_string());
                self.note(prefix);
                prefix.pop();
            }
            syn::UseTree::Rename(rename) if prefix.is_empty() && rename.ident == "crate" => {
                self.root_names.insert(rename.rename.to_string());
            }
            syn::UseTree::Rename(rename) => {
                prefix.push(rename.ident.to_string());
                self.note(prefix);
                prefix.pop();
            }
            syn::UseTree::Glob(_) => self.glob(prefix),
        }
    }
}

impl Imports<'_> {
    /// The paths in a macro's tokens, as printed (`crate :: indexes :: X`): each run of
    /// words joined by `::`.
    fn tokens(&mut self, tokens: &impl std::fmt::Display) {
        let printed = tokens.to_string();
        let mut path: Vec<String> = Vec::new();
        let mut joined = false;
        for token in printed.split_whitespace() {
            if token == "::" {
                joined = true;
                continue;
            }
            let word = token.chars().all(|c| c.is_alphanumeric() || c == '_');
            if !(word && (joined || path.is_empty())) {
                path.clear();
            }
            joined = false;
            if word {
                path.push(token.to_string());
                if path.len() >= 2 {
                    self.note(&path);
                }
            }
        }
    }
}

impl<'ast> Visit<'ast> for Imports<'_> {
    fn visit_item(&mut self, item: &'ast syn::Item) {
        if !is_test_only(item_attributes(item)) {
            syn::visit::visit_item(self, item);
        }
    }

    fn visit_impl_item_fn(&mut self, function: &'ast syn::ImplItemFn) {
        if !is_test_only(&function.attrs) {
            syn::visit::visit_impl_item_fn(self, function);
        }
    }

    fn visit_item_mod(&mut self, module: &'ast syn::ItemMod) {
        self.inner.push(module.ident.to_string());
        match &module.content {
            Some((_, items)) => {
                for item in items {
                    self.visit_item(item);
                }
            }
            None => self
                .declared
                .push(self.module.iter().chain(&self.inner).cloned().collect()),
        }
        self.inner.pop();
    }

    fn visit_item_macro(&mut self, item: &'ast syn::ItemMacro) {
        let exported = (item.attrs.iter()).any(|a| a.path().is_ident("macro_export"));
        if let (true, Some(name)) = (exported, &item.ident) {
            self.exported.insert(name.to_string());
        }
        syn::visit::visit_item_macro(self, item);
    }

    fn visit_item_extern_crate(&mut self, item: &'ast syn::ItemExternCrate) {
        if let (true, Some((_, name))) = (item.ident == "self", &item.rename) {
            self.root_names.insert(name.to_string());
        }
    }

    fn visit_item_use(&mut self, item: &'ast syn::ItemUse) {
        self.use_tree(&mut Vec::new(), &item.tree);
    }

    /// A macro's arguments are tokens, not parsed code: the paths in them are read as
    /// `crate :: NAME` and `super :: NAME` token runs.
    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        if let Some(last) = mac.path.segments.last() {
            self.called.insert(last.ident.to_string());
        }
        self.visit_path(&mac.path);
        self.tokens(&mac.tokens);
    }

    fn visit_path(&mut self, path: &'ast syn::Path) {
        let segments: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
        self.note(&segments);
        syn::visit::visit_path(self, path);
    }
}

/// The file of module `path` (`["render", "pages"]`): src/render/pages.rs or
/// src/render/pages/mod.rs.
fn file_of(src: &Path, path: &[String]) -> PathBuf {
    let base = path
        .iter()
        .fold(src.to_path_buf(), |dir, part| dir.join(part));
    let flat = base.with_extension("rs");
    if flat.is_file() {
        flat
    } else {
        base.join("mod.rs")
    }
}

/// The graph read file by file: each top-level module's imports, and which module each
/// macro it calls is exported from, known only once every file is read.
#[derive(Default)]
struct Reading {
    graph: Graph,
    called: BTreeMap<String, BTreeSet<String>>,
    exporter: BTreeMap<String, String>,
}

impl Reading {
    /// Reads `file`, the code of `module`; returns the modules it declares in files of their own.
    fn add(
        &mut self,
        module: &[String],
        top_level: &BTreeSet<String>,
        file: &syn::File,
    ) -> Vec<Vec<String>> {
        let imports = Imports::of(module, top_level, file);
        let top = &module[0];
        let named = self.graph.entry(top.clone()).or_default();
        named.extend(imports.named.into_iter().filter(|name| name != top));
        self.called
            .entry(top.clone())
            .or_default()
            .extend(imports.called);
        for name in imports.exported {
            self.exporter.insert(name, top.clone());
        }
        imports.declared
    }

    fn graph(mut self) -> Graph {
        for (top, called) in &self.called {
            let owners = called.iter().filter_map(|name| self.exporter.get(name));
            let named = self.graph.entry(top.clone()).or_default();
            named.extend(owners.filter(|owner| *owner != top).cloned());
        }
        self.graph
    }
}

/// Each top-level module with the top-level modules its non-test code names.
fn top_level_imports() -> Graph {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut reading = Reading::default();
    let root = std::fs::read_to_string(src.join("lib.rs")).expect("src/lib.rs reads");
    let root = syn::parse_file(&root).expect("src/lib.rs parses");
    let top_level: BTreeSet<String> = (root.items.iter())
        .filter_map(|item| match item {
            syn::Item::Mod(module) if !is_test_only(&module.attrs) => {
                Some(module.ident.to_string())
            }
            _ => None,
        })
        .collect();
    let mut pending: Vec<Vec<String>> = top_level.iter().map(|m| vec![m.clone()]).collect();
    while let Some(module) = pending.pop() {
        let path = file_of(&src, &module);
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|error| panic!("{}: {error}", path.display()));
        let file =
            syn::parse_file(&text).unwrap_or_else(|error| panic!("{}: {error}", path.display()));
        pending.extend(reading.add(&module, &top_level, &file));
    }
    reading.graph()
}

/// A path of imports from `from` back to itself, if there is one.
fn cycle_through(graph: &Graph, from: &str) -> Option<Vec<String>> {
    let mut stack = vec![vec![from.to_string()]];
    let mut seen = BTreeSet::new();
    while let Some(path) = stack.pop() {
        let last = path.last().expect("a path is never empty");
        for next in graph.get(last).into_iter().flatten() {
            if next == from {
                let mut cycle = path.clone();
                cycle.push(next.clone());
                return Some(cycle);
            }
            if seen.insert(next.clone()) {
                let mut longer = path.clone();
                longer.push(next.clone());
                stack.push(longer);
            }
        }
    }
    None
}

#[test]
fn no_module_imports_one_that_imports_it() {
    let graph = top_level_imports();
    assert!(
        graph["indexes"].contains("render"),
        "the reading of imports found the index producers' use of render's types"
    );
    assert!(
        graph["serve"].contains("build"),
        "the reading followed `mod` items into serve's files"
    );
    let cycles: Vec<String> = graph
        .keys()
        .filter_map(|module| cycle_through(&graph, module))
        .map(|cycle| cycle.join(" → "))
        .collect();
    assert!(cycles.is_empty(), "import cycles:\n{}", cycles.join("\n"));
}

#[test]
fn no_stage_imports_a_later_stage() {
    let graph = top_level_imports();
    let mut backwards = Vec::new();
    for (n, stage) in STAGES.iter().enumerate() {
        for later in &STAGES[n + 1..] {
            if graph
                .get(*stage)
                .is_some_and(|named| named.contains(*later))
            {
                backwards.push(format!("{stage} → {later}"));
            }
        }
    }
    assert!(
        backwards.is_empty(),
        "stages importing later ones (docs/ARCHITECTURE.md, The module graph):\n{}",
        backwards.join("\n")
    );
}
