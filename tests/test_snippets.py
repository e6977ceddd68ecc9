"""Search snippets: the words of the query marked in the claim's text, safely."""

from hypothesis import given, settings
from hypothesis import strategies as st

from app.search.query import parse
from app.search.snippets import snippet


def test_words_are_marked_in_any_case_and_prefixes_mark_what_they_begin() -> None:
    text = "Kursk: the front holds near Sudzha, KURSK officials said."
    assert snippet(text, parse("kursk sudzh*")) == (
        "<mark>Kursk</mark>: the front holds near <mark>Sudzha</mark>, "
        "<mark>KURSK</mark> officials said."
    )


def test_text_is_escaped_so_a_page_can_show_the_snippet_as_it_is() -> None:
    assert snippet("<b>Kursk</b> & co", parse("kursk")) == (
        "&lt;b&gt;<mark>Kursk</mark>&lt;/b&gt; &amp; co"
    )


def test_a_long_text_is_cut_around_the_first_match_at_word_edges() -> None:
    text = "Filler words " * 40 + "then the governor declared a state of emergency " + "tail " * 40
    shown = snippet(text, parse("emergency"))
    assert shown.startswith("…") and shown.endswith("…")
    assert "<mark>emergency</mark>" in shown
    assert len(shown) < 260
    assert shown.removeprefix("…").split()[0] in ("Filler", "words")  # a whole word


def test_a_claim_found_by_its_speaker_has_its_text_unmarked() -> None:
    assert snippet("Evacuation continues", parse("governor")) == "Evacuation continues"


def test_variants_cover_thousands_separators_and_british_american_spellings() -> None:
    from app.search.query import Term, variants

    assert variants(Term(("1000",))) == [("1000",), ("1", "000")]
    assert variants(Term(("1", "360", "000"))) == [("1", "360", "000"), ("1360000",)]
    assert ("metres",) in variants(Term(("meters",)))
    assert ("organization", "defense") in variants(Term(("organisation", "defence")))
    assert variants(Term(("kursk",))) == [("kursk",)]
    assert variants(Term(("zelensk",), prefix=True)) == [("zelensk",)]
    assert variants(Term(("12", "5"))) == [("12", "5")]  # 12.5 is no thousands


def test_a_long_phrase_has_one_spelling_per_system_not_every_mix() -> None:
    from app.search.query import MAX_VARIANTS, Term, variants

    found = variants(Term(("colour",) * 70))
    assert found == [("colour",) * 70, ("color",) * 70]  # each spelling system, not 2^70
    assert len(variants(Term(("colour", "1000", "defence")))) <= MAX_VARIANTS


def test_a_window_in_a_run_of_letters_stays_a_window() -> None:
    text = "x" * 5000 + " kursk " + "y" * 5000
    shown = snippet(text, parse("kursk"))
    assert "<mark>kursk</mark>" in shown and len(shown) < 300


def test_a_phrase_of_forms_changes_one_word_at_a_time_up_to_the_cap() -> None:
    from app.search.query import MAX_VARIANTS, Term, variants

    found = variants(Term(("square", "kilometer")), forms=True)
    assert found[0] == ("square", "kilometer") and ("square", "kilometres") in found
    assert ("squares", "kilometer") in found and len(found) <= MAX_VARIANTS
    long = variants(Term(("colour",) * 70), forms=True)
    assert long[:2] == [("colour",) * 70, ("color",) * 70] and len(long) == MAX_VARIANTS


def test_snippets_mark_every_form_search_finds() -> None:
    shown = snippet(
        "Troops control 1,000 square kilometers; громади області",
        parse("kilometre controlled області"),
    )
    assert shown.count("<mark>") == 3 and "<mark>kilometers</mark>" in shown
    assert "<mark>control</mark>" in shown and "<mark>області</mark>" in shown


@settings(max_examples=200, deadline=None)
@given(
    words=st.lists(
        st.text(alphabet="abcKLMкиїÉéΣς19", min_size=1, max_size=6), min_size=1, max_size=12
    ),
    seps=st.lists(st.sampled_from([" ", ", ", "-", "_", "'", "«", ". "]), min_size=12),
    picks=st.lists(st.integers(min_value=0, max_value=11), min_size=1, max_size=3),
    prefix=st.booleans(),
)
def test_the_one_pass_marks_what_a_word_by_word_reading_marks(
    words: list[str], seps: list[str], picks: list[int], prefix: bool
) -> None:
    """The regex over casefolded text marks exactly the runs a word-by-word test marks (the
    letters here fold one to one; a text with one that folds to two is read word by word)."""
    from app.search.snippets import WORD, _hits, _marks

    text = "".join(word + sep for word, sep in zip(words, seps, strict=False))
    query = " ".join(words[at % len(words)] for at in picks) + ("*" if prefix else "")
    marks = _marks(parse(query))
    expected = [
        found.span()
        for found in WORD.finditer(text)
        if (word := found.group().casefold()) in marks.whole or word.startswith(marks.prefixes)
    ]
    assert _hits(text, marks) == expected


def test_a_letter_that_folds_to_two_still_marks_the_right_words() -> None:
    shown = snippet("Die Straße nach Kursk; STRASSE", parse("strasse kursk"))
    assert shown == "Die <mark>Straße</mark> nach <mark>Kursk</mark>; <mark>STRASSE</mark>"


@settings(max_examples=300, deadline=None)
@given(
    words=st.lists(
        st.text(alphabet="abampltgquox27#&;<>\"'Kкß", min_size=1, max_size=6),
        min_size=1,
        max_size=12,
    ),
    seps=st.lists(st.sampled_from([" ", "&", "<", ">", '"', "'", "&#", "; ", "#"]), min_size=12),
    query=st.lists(
        st.sampled_from(["amp", "lt", "gt", "quot", "x27", "a", "b", "x2*", "q*"]), min_size=1
    ),
    picked=st.lists(st.integers(min_value=0, max_value=11), max_size=2),
)
def test_a_short_text_escaped_then_marked_equals_marking_it_part_by_part(
    words: list[str], seps: list[str], query: list[str], picked: list[int]
) -> None:
    """A text of at most WIDTH characters is escaped whole and then marked in one pass; that
    must give what escaping each part between the marks gives, whatever entities the escape
    makes (a query for "amp", "lt", "quot" or "x27" never marks inside one)."""
    from app.search.snippets import _marks, _short, _window

    text = "".join(word + sep for word, sep in zip(words, seps, strict=False))
    terms = parse(" ".join(query + [words[at % len(words)] for at in picked]))
    marks = _marks(terms)
    short = _short(text, marks)
    if short is None:  # a letter folds to two: word by word (tested above)
        assert len(text.casefold()) != len(text)
        return
    assert short == _window(text, marks)
    assert snippet(text, terms) == short


def test_entities_made_by_escaping_are_never_marked() -> None:
    shown = snippet('Tom & Jerry\'s <amp> "quot" x27', parse("amp quot x27 lt"))
    assert shown == (
        "Tom &amp; Jerry&#x27;s &lt;<mark>amp</mark>&gt; &quot;<mark>quot</mark>&quot; "
        "<mark>x27</mark>"
    )
