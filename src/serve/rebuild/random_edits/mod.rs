//! A seeded random-edit test of the preview's rebuild: sequences of edits to the fixture
//! site (documents added, deleted, renamed; front matter, links, anchors, vocabularies,
//! templates, follow-up files, goals' own statuses, `site.toml` changed) go through one
//! [`Rebuilder`], and after each step the served folder must equal, byte for byte, what
//! `planpress build` writes for the same files, or, when the step breaks the site, the
//! errors must equal the build's.
//!
//! `PLANPRESS_EDIT_SEED=N PLANPRESS_EDIT_STEPS=M cargo test random_edits` runs one sequence
//! of M steps from seed N instead of the default ones.
//!
//! The parts: `model` (the site's files as text, which the disk follows, and the seeded
//! random numbers), `edits` (one random edit: the step's choice and the edits inside
//! documents), `documents` (new documents and the links, topics and organisations they
//! carry), `files` (the vocabularies, templates and follow-up files), `compare` (one
//! sequence: each step synced to disk, rebuilt, and compared with a fresh build).

mod compare;
mod documents;
mod edits;
mod files;
mod model;

use compare::run_sequence;

fn from_env(name: &str) -> Option<u64> {
    std::env::var(name).ok()?.parse().ok()
}

/// Four sequences of 55 steps each by default, run as separate tests so they run in
/// parallel; with `PLANPRESS_EDIT_SEED` / `PLANPRESS_EDIT_STEPS`, the one sequence asked for.
fn sequences(part: u64) {
    match (
        from_env("PLANPRESS_EDIT_SEED"),
        from_env("PLANPRESS_EDIT_STEPS"),
    ) {
        (None, None) => run_sequence(part * 7919 + 1, 55),
        (seed, steps) if part == 0 => {
            run_sequence(seed.unwrap_or(1), steps.map_or(55, |s| s as usize))
        }
        _ => {}
    }
}

#[test]
fn random_edits_build_what_a_full_build_builds_0() {
    sequences(0);
}

#[test]
fn random_edits_build_what_a_full_build_builds_1() {
    sequences(1);
}

#[test]
fn random_edits_build_what_a_full_build_builds_2() {
    sequences(2);
}

#[test]
fn random_edits_build_what_a_full_build_builds_3() {
    sequences(3);
}
