"""Story terms: normalised names and content keywords from the shared analysis."""

from __future__ import annotations

from reliability import Analysis, Document
from reliability.store.terms import MAX_KEYWORDS, STOPWORDS, normalise_term, story_terms


def terms_of(text: str) -> list[str]:
    return story_terms(Analysis(Document(text=text)))


def test_normalise_term() -> None:
    assert normalise_term("Nicolás Maduro’s") == "nicolas maduro"
    assert normalise_term("Venezuela's") == "venezuela"
    assert normalise_term("Volker  Türk") == "volker turk"
    assert normalise_term("ÉCOLE") == "ecole"
    assert normalise_term("s") == "s"


def test_names_are_normalised_with_surnames_of_people() -> None:
    terms = terms_of(
        "President Nicolás Maduro met envoys in Caracas on Monday. Maduro’s government "
        "said the talks with Dmitry Peskov went well. Peskov did not comment."
    )
    assert "n:nicolas maduro" in terms and "n:maduro" in terms
    assert "n:dmitry peskov" in terms and "n:peskov" in terms
    assert "n:caracas" in terms
    assert not any("’" in t or "'" in t for t in terms)


def test_titled_person_gives_a_surname_term() -> None:
    terms = terms_of("Yesterday the talks were led by Chancellor Olaf Scholz in the capital.")
    assert "n:olaf scholz" in terms and "n:scholz" in terms


def test_multi_word_places_do_not_give_a_last_word() -> None:
    terms = terms_of("Officials in the United States and Latin America discussed tariffs.")
    assert "n:united states" in terms
    assert "n:states" not in terms and "n:america" not in terms


def test_keywords() -> None:
    terms = terms_of(
        "The sanctions hit exporters. Sanctions were extended, and exporters said the "
        "sanctions would quickly hurt refineries. They don't expect relief."
    )
    keywords = [t for t in terms if t.startswith("k:")]
    assert keywords[0] == "k:sanctions"  # the most frequent first
    assert "k:exporters" in keywords and "k:refineries" in keywords
    assert "k:quickly" not in keywords  # adverb
    assert "k:extended" not in keywords  # past tense
    assert "k:don't" not in keywords and "k:would" not in keywords and "k:said" not in keywords
    assert all(len(k) >= 6 for k in keywords)  # "k:" + at least four letters


def test_words_inside_names_are_not_keywords() -> None:
    terms = terms_of("The Federal Reserve raised rates. The Federal Reserve meets again in March.")
    assert "n:federal reserve" in terms
    assert "k:federal" not in terms and "k:reserve" not in terms


def test_a_name_missed_in_a_headline_counts_as_the_name() -> None:
    terms = terms_of("Russia Backs Venezuela\n\nOfficials in Moscow said Russia backs Venezuela.")
    assert "k:russia" not in terms and "n:russia" in terms


def test_keywords_are_capped_and_terms_unique() -> None:
    words = [f"topic{chr(97 + i // 26)}{chr(97 + i % 26)}word" for i in range(120)]
    text = " ".join(f"The {w} matters." for w in words)
    terms = terms_of(text)
    assert len([t for t in terms if t.startswith("k:")]) <= MAX_KEYWORDS
    assert len(terms) == len(set(terms))


def test_terms_are_deterministic() -> None:
    text = "Minister Ana Souza visited Lagos. Souza promised new schools and clinics."
    assert terms_of(text) == terms_of(text)


def test_stopwords_are_lower_case_words() -> None:
    assert all(w == w.lower() and w.isalpha() for w in STOPWORDS)
    assert {"said", "would", "people", "officials"} <= STOPWORDS
