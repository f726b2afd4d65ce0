//! The reading of imports against the ways of naming a module it must see, and those it
//! must not take for an import.

use std::collections::BTreeSet;

use super::{Imports, Reading};

/// The reading catches each way of naming another module that the text reading missed.
#[test]
fn the_reading_sees_grouped_super_and_post_test_imports() {
    let module = vec!["render".to_string()];
    let top_level: BTreeSet<String> = ["indexes", "render", "memo"].map(String::from).into();
    let read = |code: &str| {
        let file = syn::parse_file(code).expect("the case parses");
        Imports::of(&module, &top_level, &file).named
    };
    for code in [
        "use crate::indexes::Dataset;",
        "use crate::{memo::Slot, indexes::Dataset};",
        "use super::indexes::Dataset;",
        "#[cfg(test)] use crate::build::Build; use crate::indexes::Dataset;",
        "fn f() { crate::indexes::data_files(); }",
        "mod inner { use super::super::indexes::Dataset; }",
        "fn f() { let v = vec![crate::indexes::DATASETS]; }",
        "use crate::*; fn f() { indexes::data_files(); }",
        "use crate::*; use indexes::Dataset;",
        "fn f() { indexes::data_files(); } use super::*;",
        "use crate as root; fn f() { root::indexes::data_files(); }",
        "fn f() { base::indexes::data_files(); } extern crate self as base;",
        "use crate as root; use root::{indexes::Dataset};",
    ] {
        assert!(read(code).contains("indexes"), "{code}");
    }
    for code in [
        "#[cfg(test)] mod tests { use crate::indexes::Dataset; }",
        "#[cfg(test)] use crate::indexes::Dataset;",
        "use self::indexes::Dataset;",
        "fn f() { indexes::data_files(); }",
        "use crate::memo::*; fn f() { indexes::data_files(); }",
        "mod inner { use super::*; fn f() { indexes::data_files(); } }",
        "use crate as root; fn f() { other::indexes::data_files(); }",
    ] {
        assert!(!read(code).contains("indexes"), "{code}");
    }
}

/// A `#[macro_export]` macro is called as `crate::name!` or `name!`, neither naming the
/// module that defines it: the call is an import of that module all the same.
#[test]
fn a_call_of_an_exported_macro_imports_its_module() {
    let top_level: BTreeSet<String> = ["indexes", "render"].map(String::from).into();
    let graph_of = |defined: &str, calling: &str| {
        let mut reading = Reading::default();
        for (module, code) in [("indexes", defined), ("render", calling)] {
            let file = syn::parse_file(code).expect("the case parses");
            reading.add(&[module.to_string()], &top_level, &file);
        }
        reading.graph()
    };
    let exported = "#[macro_export] macro_rules! row { () => { 1 } }";
    for calling in [
        "fn f() { crate::row!(); }",
        "fn f() { let n = row!(); }",
        "row!();",
    ] {
        let graph = graph_of(exported, calling);
        assert!(graph["render"].contains("indexes"), "{calling}");
    }
    let local = "macro_rules! row { () => { 1 } }";
    assert!(!graph_of(local, "fn f() { row!(); }")["render"].contains("indexes"));
    let in_test = "#[cfg(test)] mod tests { #[macro_export] macro_rules! row { () => { 1 } } }";
    assert!(!graph_of(in_test, "fn f() { row!(); }")["render"].contains("indexes"));
}
