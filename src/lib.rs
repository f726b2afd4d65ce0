//! planpress: a static site generator for a political party's plans, commission reports and
//! strategy documents.
//!
//! The pipeline runs one way: [`content`] loads files and vocabularies, [`markdown`] parses
//! each document into the [`document`] model, [`resolve`] checks every reference across
//! documents and builds the [`resolve::Site`], [`render`] and [`indexes`] turn it into pages,
//! and [`output`] writes them. [`build`] strings the stages together; [`serve`] reuses it.

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
pub mod timings;
