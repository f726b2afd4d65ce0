//! What the search page needs to put a passage where the query's words stand together
//! first (the eighth judge's round, issue #19): a word hyphenated in the text typed joined,
//! and which query words a snippet's window and a result's heading have. The page itself,
//! in Chromium, is `site_checks::site_search_works_on_a_phone`.

use crate::TestSite;
use crate::search::{built_index, node_available, node_json, snippet_marks};

/// A word hyphenated in the text is marked whole for the query's word written together,
/// which the build posts for it ("facebookgrupp" found "Facebook-grupp" but marked
/// nothing), and for its parts typed apart; a part alone still marks only itself, and a
/// hyphen before a space ends a word.
#[test]
fn a_hyphenated_word_typed_joined_is_marked_whole() {
    if !node_available() {
        return;
    }
    let marks = snippet_marks(&[
        (
            "Bjuda in till vår interna Facebook-grupp.",
            &["facebookgrupp"],
        ),
        (
            "med den lokala Hyresgäst-föreningen och",
            &["hyresgastforening"],
        ),
        ("Facebook-grupp", &["facebook"]),
        ("klass-, köns- och etniskt förtryck", &["klasskons"]),
        (
            "med den lokala Hyresgäst-föreningen",
            &["hyresgäst", "föreningen"],
        ),
    ]);
    assert_eq!(marks[0], ["Facebook-grupp"]);
    assert_eq!(marks[1], ["Hyresgäst-föreningen"]);
    assert_eq!(marks[2], ["Facebook"]);
    assert!(marks[3].is_empty(), "{:?}", marks[3]);
    // Typed apart, its parts mark it whole, one passage of both words: marked part by part
    // it lost, as a passage, to "hyresgästföreningen" written together elsewhere.
    assert_eq!(marks[4], ["Hyresgäst-föreningen"]);
}

/// A snippet tells which query words stand together in its window and how far the
/// shortest stretch with all of them reaches, and `wordsIn` which a heading has anywhere:
/// the page ranks a phrase above a passage, and a passage above words scattered. Words
/// further apart than the window are not together.
#[test]
fn a_snippet_tells_which_query_words_stand_together() {
    if !node_available() {
        return;
    }
    let js = crate::repo_root().join("themes/default/static/js/search.js");
    let filler = "Vi vill bygga en stark organisation i hela länet. ".repeat(8);
    let scattered = format!("Det kommer att ta tid. {filler}Ett hem för alla.");
    let script = format!(
        "const s = require({js:?});\n\
         const words = ['kommer', 'hem', 'tid'];\n\
         const together = t => s.snippet(t, words).together.slice().sort();\n\
         const reach = t => s.snippet(t, words).reach;\n\
         console.log(JSON.stringify([[\n\
           together('Någon ser till att alla vet vad de beslutar om och kommer hem i tid.'),\n\
           together({scattered:?}),\n\
           s.wordsIn('Varje möte ett genomtänkt möte', ['kommer', 'möte']),\n\
         ], [\n\
           reach('alla känner sig hemma, och alla vet vad de beslutar om och kommer hem i tid.'),\n\
           reach('hela tiden och kommer fortsätta jobba med. På Vänsterpartiets hemsida'),\n\
         ]]));",
        js = js.display().to_string(),
    );
    let ([close, apart, heading], [phrase, passage]): ([Vec<usize>; 3], [usize; 2]) =
        node_json(&script);
    assert_eq!(close, [0, 1, 2]);
    assert_eq!(apart.len(), 2, "{apart:?}");
    assert_eq!(heading, [1]);
    // "kommer hem i tid", not from "hemma" on; "tiden … kommer … hemsida" reach far.
    assert_eq!(phrase, "kommer hem i tid".len());
    assert!(passage > 60, "{passage}");
}

/// Two words written apart, looked up together, mark only the word they make together and
/// its forms: "kommer hem" matched "kommer" with letters off, which marked it as the pair's
/// and counted "hem" where only "kommer" stood (Huddinge's "hela tiden och kommer" was
/// listed above the strategy's "kommer hem i tid").
#[test]
fn words_written_apart_mark_only_the_word_they_make_together() {
    if !node_available() {
        return;
    }
    let js = crate::repo_root().join("themes/default/static/js/search.js");
    let script = format!(
        "const s = require({js:?});\n\
         const pair = (w, t) => ({{ w: w, s: ['kommer'], t: t, p: true }});\n\
         const marks = (text, group) => s.snippet(text, [group]).filter(p => p[1]).map(p => p[0]);\n\
         console.log(JSON.stringify([\n\
           marks('och kommer fortsätta', pair('kommerhem', ['komm'])),\n\
           marks('Studiecirklar och en studiecirkel', pair('studiecirkel', ['studiecirkl'])),\n\
         ]));",
        js = js.display().to_string(),
    );
    let [apart, together]: [Vec<String>; 2] = node_json(&script);
    assert!(apart.is_empty(), "{apart:?}");
    assert_eq!(together, ["Studiecirklar", "studiecirkel"]);
}

/// search.js tells the page how many words the query has and which each entry of its
/// marking words stands for: a pair written apart ("studie cirkel") stands for both.
#[test]
fn the_results_say_which_query_words_each_marking_word_stands_for() {
    if !node_available() {
        return;
    }
    let site = TestSite::example();
    let dir = built_index(&site);
    let js = crate::repo_root().join("themes/default/static/js/search.js");
    let script = format!(
        "const s = require({js:?}); const fs = require('fs');\n\
         const searcher = s.createSearcher({dir:?}, p => Promise.resolve(JSON.parse(fs.readFileSync(p.split('?')[0], 'utf8'))));\n\
         searcher.search('studie cirkel', {{}}).then(r => console.log(JSON.stringify([r.count, r.covers])));",
        js = js.display().to_string(),
        dir = format!("{}/", dir.display()),
    );
    let (count, covers): (usize, Vec<Vec<usize>>) = node_json(&script);
    assert_eq!(count, 2);
    assert_eq!(covers, [vec![0], vec![1], vec![0, 1]]);
}
