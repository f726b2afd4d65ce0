//! Damaged documents, made from the bundled example's own by a fixed-seed generator: the
//! build reports each or builds it, and never panics. The design's named bad inputs have
//! their own tests (diagnostics.rs); these are the unnamed ones in between: a document cut
//! short, an attribute block half deleted, a heading pasted into a list, a stray `{++`.

use std::panic::{AssertUnwindSafe, catch_unwind};

use planpress::build::Pipeline;
use planpress::content::{SourceFile, load_sources};
use planpress::error::BuildFailure;

use crate::TestSite;

/// Enough rounds to touch every kind of damage on every document many times, few enough
/// for the debug build of the test suite (about 0.05 s a round).
const ROUNDS: usize = 150;

/// Pieces of planpress's own syntax and of the text's, to paste where they do not belong.
const PIECES: &[&str] = &[
    "{#x}",
    "{.goals}",
    "{.recommendations to=\"ds\"}",
    "{topics=\"nope\"}",
    "{status=\"done\" period=\"2031\"}",
    "{",
    "}",
    "[länk](/ingen/sida#ankare)",
    "[länk](../)",
    "[länk](#)",
    "(E2:1)",
    "(PS svar till E31)",
    "{++",
    "++}",
    "{--",
    "--}",
    "\n---\n",
    "+++\n",
    "\n# ",
    "\n## {#}",
    "\n- ",
    "\n1. ",
    "\n> ",
    "\n```rust\nfn main() {}\n",
    "\n|a|b|\n|-|-|\n",
    "<del>",
    "<script>alert(1)</script>",
    "§",
    "§12 ",
    "[^1]",
    "![](bild.png)",
    "\\",
    "\"",
    "\u{2028}",
    "\u{feff}",
    "\r",
    "\t",
    "å",
];

/// A small deterministic generator (SplitMix64): the same damage on every run and machine.
struct Damage(u64);

impl Damage {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    /// A character boundary of `text`, anywhere in it.
    fn boundary(&mut self, text: &str) -> usize {
        let mut at = self.below(text.len() + 1);
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        at
    }

    /// `text` damaged one to six times: a stretch deleted, a piece of syntax pasted, a
    /// stretch of the text itself copied elsewhere, or the rest cut off.
    fn apply(&mut self, text: &str) -> String {
        let mut text = text.to_string();
        for _ in 0..1 + self.below(6) {
            let at = self.boundary(&text);
            match self.below(10) {
                0..=2 => {
                    let mut end = (at + 1 + self.below(60)).min(text.len());
                    while !text.is_char_boundary(end) {
                        end -= 1;
                    }
                    text.replace_range(at..end, "");
                }
                3..=6 => text.insert_str(at, PIECES[self.below(PIECES.len())]),
                7..=8 => {
                    let from = self.boundary(&text);
                    let mut to = (from + 1 + self.below(200)).min(text.len());
                    while !text.is_char_boundary(to) {
                        to -= 1;
                    }
                    let copied = text[from..to].to_string();
                    text.insert_str(at, &copied);
                }
                _ => text.truncate(at),
            }
        }
        text
    }
}

#[test]
fn damaged_documents_are_reported_or_built_never_a_panic() {
    let site = TestSite::example();
    let mut pipeline = Pipeline::load(&site.options()).expect("the example's config loads");
    let (sources, problems) = load_sources(&site.path("content"));
    assert!(
        problems.is_empty(),
        "the example reads cleanly: {problems:?}"
    );
    let mut damage = Damage(0x706c_616e_7072_6573);
    let (mut built, mut reported) = (0, 0);
    for round in 0..ROUNDS {
        let victim = damage.below(sources.len());
        let damaged = damage.apply(&sources[victim].text);
        let given: Vec<SourceFile> = sources
            .iter()
            .enumerate()
            .map(|(n, source)| SourceFile {
                text: if n == victim {
                    std::sync::Arc::new(damaged.clone())
                } else {
                    source.text.clone()
                },
                ..source.clone()
            })
            .collect();
        let path = &sources[victim].rel_path;
        pipeline.use_sources(given);
        let outcome = catch_unwind(AssertUnwindSafe(|| pipeline.run())).unwrap_or_else(|_| {
            // Kept for a rerun by hand: `planpress check` on the example with this in place.
            let kept = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("damaged.md");
            let _ = std::fs::write(&kept, &damaged);
            panic!(
                "round {round}: the build panicked on {path} damaged as in {}",
                kept.display()
            )
        });
        match outcome {
            Ok(_) => built += 1,
            Err(BuildFailure::Content(diagnostics)) => {
                reported += 1;
                let errors: Vec<_> = diagnostics.iter().filter(|d| d.is_error()).collect();
                assert!(
                    !errors.is_empty(),
                    "round {round}: a failed build names its errors"
                );
                for error in errors {
                    assert!(
                        error.location.is_some(),
                        "round {round}: `{}` does not say which file it is in ({path} was damaged)",
                        error.message
                    );
                }
            }
            Err(other) => panic!("round {round}: {path} damaged gave {other}, not a content error"),
        }
    }
    // The damage is neither all harmless nor all fatal, or the test would be testing less
    // than it says.
    assert!(
        built > 0 && reported > 0,
        "{built} damaged sites built and {reported} were reported"
    );
}
