use super::*;

/// A document's words as folded, each with its stem, sorted.
fn words_of(words: &mut WordStems, text: &str) -> Vec<(String, String)> {
    let mut document = words.next_document();
    document.for_each_term(text, |_, _| {});
    let stems = document.finish();
    let names: Vec<&str> = stems.iter().collect();
    let mut found: Vec<(String, String)> = stems
        .words()
        .map(|(word, stem)| (word.to_string(), names[stem as usize].to_string()))
        .collect();
    found.sort();
    found
}

#[test]
fn a_documents_words_are_its_own_each_once_with_its_stem() {
    let mut words = WordStems::default();
    let first = words_of(&mut words, "Föreningarna och FÖRENINGEN, medlemmar");
    let owned = |pairs: &[(&str, &str)]| -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(w, s)| (w.to_string(), s.to_string()))
            .collect()
    };
    assert_eq!(
        first,
        owned(&[
            ("föreningarna", "förening"),
            ("föreningen", "förening"),
            ("medlemmar", "medlemm"),
        ])
    );
    // The thread's next document: its words alone, though the cache knows the first's.
    let second = words_of(&mut words, "medlemmar medlemmar bostäder");
    assert_eq!(
        second,
        owned(&[("bostäder", "bost"), ("medlemmar", "medlemm")])
    );
    assert!(words_of(&mut words, "").is_empty());
}

/// A word hyphenated in the text is also a word written together, where its first part
/// starts, so "facebookgrupp" finds "Facebook-grupp"; numbers joined by a hyphen are a
/// span ("2021-2023"), and a hyphen before a space or a comma ends a word left dangling
/// ("klass-, köns- och").
#[test]
fn a_hyphenated_word_is_also_its_parts_written_together() {
    let mut words = WordStems::default();
    let text = "Vår interna Facebook-grupp, e-post, 2021-2023 och klass-, köns- och";
    let found = words_of(&mut words, text);
    let found: Vec<&str> = found.iter().map(|(word, _)| word.as_str()).collect();
    assert_eq!(
        found,
        [
            "2021",
            "2023",
            "epost",
            "facebook",
            "facebookgrupp",
            "grupp",
            "interna",
            "klass",
            "köns",
            "post"
        ]
    );
    let mut document = words.next_document();
    let mut starts = Vec::new();
    document.for_each_term("Lokala Hyresgäst-föreningen", |_, start| {
        starts.push(start)
    });
    // The joined word where its first part starts, then its last part.
    assert_eq!(starts, [0, 7, 7, 18]);
}

/// A word left dangling before the compound it shares a last part with is also that
/// compound written whole, where the compound starts: "organisationsverktyg" and
/// "ledarskapsutbildningarna" found neither the strategy's section nor its commitment. A
/// last part the document has not used ("gruppledar- och ordförande träffarna", whose
/// "ordförande" ends in no word of it) completes nothing.
#[test]
fn a_dangling_word_is_also_the_compound_it_stands_for() {
    let mut words = WordStems::default();
    let text = "Verktygen och utbildningar. Digitala organisations- och \
                projektledningsverktyg; ledarskaps-, aktivist-organisatörs- och \
                chefsutbildningarna; gruppledar- och ordförande träffarna";
    let found = words_of(&mut words, text);
    let found: Vec<&str> = found.iter().map(|(word, _)| word.as_str()).collect();
    for whole in [
        "organisationsverktyg",
        "ledarskapsutbildningarna",
        "organisatörsutbildningarna",
    ] {
        assert!(found.contains(&whole), "{whole}: {found:?}");
    }
    assert!(
        !found
            .iter()
            .any(|w| w.starts_with("gruppledar") && *w != "gruppledar"),
        "{found:?}"
    );
    // Nor a word before its compound's last part occurs: the document's own words are
    // what tells a compound's parts apart.
    let found = words_of(&mut words, "organisations- och projektledningsverktyg");
    assert!(
        !found.iter().any(|(w, _)| w == "organisationsverktyg"),
        "{found:?}"
    );
    let mut document = words.next_document();
    let mut starts = Vec::new();
    document.for_each_term("Verktyg: kvälls- och helgverktyg", |_, start| {
        starts.push(start)
    });
    // The completed compound where its model starts, before it: in order, as an item's
    // range and the sections read the terms by where they start.
    assert_eq!(starts, [0, 9, 22, 22]);
}
