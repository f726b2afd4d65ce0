//! planpress: a static site generator for a political party's plans, commission reports and
//! strategy documents.
//!
//! The pipeline runs one way: [`config`] reads `site.toml`, [`content`] loads files and
//! vocabularies, [`markdown`] parses each document into the [`document`] model, [`resolve`]
//! checks every reference across documents and builds the [`resolve::Site`], [`render`]
//! (document, organisation and site pages, feeds) and [`indexes`] (index pages, search
//! index, open data) turn it into files through the theme's templates, [`publish`] puts
//! those two together, and [`output`] writes them. [`build`] strings the stages together;
//! [`serve`] reuses it. A content mistake anywhere is a [`diagnostic::Diagnostic`] with its
//! file, line and column, reported with the others at the end.
//!
//! docs/ARCHITECTURE.md in the repository draws the stages, their caches and the order the
//! modules import each other in; CONTRIBUTING.md has recipes for the usual changes.

pub mod build;
pub(crate) mod byte_scan;
pub mod cli;
pub mod config;
pub mod content;
pub mod diagnostic;
pub mod document;
pub mod error;
pub mod explain;
pub(crate) mod hashing;
pub mod html;
pub mod ids;
pub mod indexes;
pub mod markdown;
pub mod memo;
pub mod output;
pub mod publish;
pub mod render;
pub mod resolve;
pub mod scaffold;
pub mod serve;
pub mod site_paths;
pub mod text_cut;
pub mod timings;
