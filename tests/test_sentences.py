"""split_sentences: the hard cases of English sentence boundaries, the seeds, bad input
and the invariants every split must keep."""
from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from benchmarks.sentence_cases import all_cases
from toolkit import split_sentences
from toolkit.sentences import _ABBREVIATIONS, _STARTERS, _sentence_spans

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"


# The hard-case table lives next to the benchmark, which measures the baselines on it.
CASES = all_cases()


# ---------------------------------------------------------------------------------------
# The hard cases, one test each.


def test_the_case_table_covers_every_phenomenon():
    kinds = {kind for kind, _, _ in CASES}
    assert len(CASES) >= 60
    assert {"titles and ranks", "dotted abbreviations", "initials", "time", "numbers and money",
            "ellipses", "quotes and brackets", "lists", "urls and e-mail",
            "headlines and paragraphs", "companies and lists"} <= kinds


@pytest.mark.parametrize(
    ("text", "expected"),
    [pytest.param(text, expected, id=f"{kind}: {text[:40]}") for kind, text, expected in CASES],
)
def test_hard_case(text, expected):
    assert split_sentences(text) == expected


# A few phenomena again as small focused tables, with the reason in the id.


@pytest.mark.parametrize(
    ("text", "n_sentences"),
    [
        pytest.param("He moved to the U.S. He was 12.", 2, id="U.S. at the end, pronoun next"),
        pytest.param("He moved to the U.S. Army base.", 1, id="U.S. inside, name next"),
        pytest.param("He moved to the U.S. in 1990.", 1, id="U.S. inside, lower case next"),
        pytest.param("It fell in the U.K. But not here.", 2, id="U.K. at the end, conjunction next"),
        pytest.param("Polls close at 9 p.m. Results follow.", 1, id="p.m. then a noun: read as one"),
        pytest.param("Polls close at 9 p.m. They reopen at 7.", 2, id="p.m. then a pronoun"),
        pytest.param("Costs rose 3.5% in 2004. Jobs fell.", 2, id="a number ends a sentence"),
        pytest.param("Smith won in 9.58 secs. Bolt was second.", 2, id="units are no abbreviations"),
        pytest.param("See Vol. II and No. 12.", 1, id="number prefixes"),
    ],
)
def test_ambiguous_full_stops(text, n_sentences):
    assert len(split_sentences(text)) == n_sentences


@pytest.mark.parametrize(
    "text",
    [
        '"Why?" she asked.',
        "“Who knows?” said the minister.",
        "'Enough!' he shouted, and left.",
        "The band Yahoo! played here.",
    ],
)
def test_question_and_exclamation_marks_before_lower_case_do_not_split(text):
    assert split_sentences(text) == [text]


@pytest.mark.parametrize(
    ("text", "first"),
    [
        ('"Enough!" The room fell silent.', '"Enough!"'),
        ("(It was late.) Everyone left.", "(It was late.)"),
        ("He said 'no.' Then he left.", "He said 'no.'"),
        ("“It is done.” The deal closed.", "“It is done.”"),
    ],
)
def test_closing_quotes_and_brackets_stay_with_their_sentence(text, first):
    assert split_sentences(text)[0] == first


def test_a_detached_quote_goes_with_the_sentence_it_closes():
    text = '"It is over. " A spokesman said so. He said: " We lost. " Then he left.'
    assert split_sentences(text) == ['"It is over. "', "A spokesman said so.", 'He said: " We lost. "', "Then he left."]


def test_line_breaks_end_sentences_unless_the_line_goes_on():
    text = "Markets rally\nShares rose today, and bonds\nfell. Gold was flat:\nit did not move."
    assert split_sentences(text) == [
        "Markets rally",
        "Shares rose today, and bonds\nfell.",
        "Gold was flat:\nit did not move.",
    ]


def test_windows_line_endings():
    assert split_sentences("Headline\r\n\r\nBody one. Body two.\r\n") == ["Headline", "Body one.", "Body two."]


# ---------------------------------------------------------------------------------------
# The seeds (golden files).


def _seed(name: str) -> str:
    return (SEEDS / name).read_text(encoding="utf-8")


def test_seed_000():
    sentences = split_sentences(_seed("000_95ca8ba006298f6c.txt"))
    assert len(sentences) == 24
    assert sentences[:3] == [
        "Homeland Security",
        "Pentagon 'Worried' ISIS 'May Try and Establish a Foothold Somewhere Else'",
        "ARLINGTON, Va. — The Pentagon today expressed concern that, pushed out of their "
        "strongholds, the Islamic State will find a new place to set up shop.",
    ]
    assert sentences[8:10] == [
        "“They are fighting to the death it appears.",
        "Many of their colleagues have had that result,” he added.",
    ]
    assert "The U.S. authorization to conduct airstrikes in Sirte ran out at the end of October." in sentences
    assert ("Cook said he wouldn’t get into “authorities and private conversations that we have "
            "within the U.S. government.”") in sentences


def test_seed_002():
    sentences = split_sentences(_seed("002_1210b5e7193b114a.txt"))
    assert len(sentences) == 38
    assert sentences[2:4] == [
        "What's next for ISIS after defeat in Mosul?",
        "With ISIS out of Mosul, the White House says it's time to contain the terrorist group",
    ]
    assert sentences[8] == (
        'So this fight is far from over," Lt. Gen. Stephen Townsend, the commander leading the fight '
        "against ISIS, told reporters in a press briefing."
    )
    assert sentences[15].startswith("While Townsend says more resources may go to help U.S.-backed forces in Syria")
    assert sentences[31].endswith('unite Islamic factions in the region "if we\'re to keep... ISIS 2.0 from emerging."')
    assert sentences[18].endswith("North Africa and even the U.S.")
    assert sentences[19] == '"The so-called caliphate will be crushed.'


# ---------------------------------------------------------------------------------------
# Degenerate and bad input.


@pytest.mark.parametrize("text", ["", " ", "\n\n\t  \n", "\u00a0\u2003"])
def test_empty_or_blank_text_gives_no_sentences(text):
    assert split_sentences(text) == []


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (None, r"expects text as a str, got NoneType"),
        (42, r"expects text as a str, got int"),
        (b"bytes. More.", r"got bytes \(decode bytes first"),
        (["One.", "Two."], r"got list \(to split several texts use"),
    ],
)
def test_non_str_input_is_a_type_error(value, message):
    with pytest.raises(TypeError, match=message):
        split_sentences(value)


@pytest.mark.parametrize(
    "text",
    [
        "No punctuation at all",
        "." * 10_000,
        "a" * 100_000,
        ". " * 5_000,
        "?!" * 5_000,
        "1. " * 2_000,
        "• " * 2_000,
        "\n" * 5_000 + "x",
        '"' * 1_000 + ". A",
        "U.S. " * 5_000,
    ],
    ids=["no punctuation", "dots", "one long word", "spaced dots", "marks", "list labels", "bullets",
         "line breaks", "quotes", "abbreviations"],
)
def test_odd_texts_keep_every_character(text):
    sentences = split_sentences(text)
    assert "".join("".join(s.split()) for s in sentences) == "".join(text.split())


def test_a_long_text_is_split_whole():
    # 20,000 sentences in one paragraph: the splitter must not slow down quadratically.
    text = " ".join(f"Sentence number {i} ends here." for i in range(20_000))
    sentences = split_sentences(text)
    assert len(sentences) == 20_000
    assert sentences[-1] == "Sentence number 19999 ends here."


# ---------------------------------------------------------------------------------------
# Invariants (hypothesis).

_PIECES = [
    "The", "vote", "he", "said", "U.S.", "U.K.", "Mr.", "Dr.", "Lt.", "Gen.", "a.m.", "p.m.",
    "No.", "Inc.", "etc.", "e.g.", "J.", "R.", "I.", "1.", "2)", "a.", "b.", "$1.13bn",
    "3.5%", "2.0", "end.", "end?", "end!", "...", "…", ". . .", "....", "[...]", '"Yes."',
    "“No?”", "(it", "is)", "'so.'", "—", "-", "•", "www.example.com", "jo.doe@mail.com",
    "eBay", "Yahoo!", "ISIS", "keep...", "Then", "It", "but", "and",
]
_SPACES = st.sampled_from([" ", " ", " ", "  ", "\n", "\n\n", "\t", " \n "])
_TEXTS = st.lists(st.tuples(st.sampled_from(_PIECES), _SPACES), max_size=40).map(
    lambda pairs: "".join(word + space for word, space in pairs)
)


@settings(max_examples=300, deadline=None)
@given(_TEXTS)
@example("He moved to the U.S. He said so.")
def test_sentences_keep_the_words_of_the_text_in_order(text):
    sentences = split_sentences(text)
    assert [w for s in sentences for w in s.split()] == text.split()


@settings(max_examples=300, deadline=None)
@given(_TEXTS)
def test_sentences_are_stripped_and_never_empty(text):
    for sentence in split_sentences(text):
        assert sentence
        assert sentence == sentence.strip()


@settings(max_examples=300, deadline=None)
@given(_TEXTS)
@example("1. The first item 2. The second item")
def test_splitting_a_sentence_again_gives_it_back(text):
    for sentence in split_sentences(text):
        assert split_sentences(sentence) == [sentence]


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_any_unicode_text_is_split_without_losing_words(text):
    sentences = split_sentences(text)
    assert [w for s in sentences for w in s.split()] == text.split()


@settings(max_examples=200, deadline=None)
@given(_TEXTS)
def test_spans_are_ordered_offsets_of_the_sentences(text):
    spans = _sentence_spans(text)
    assert [text[a:b] for a, b in spans] == split_sentences(text)
    assert all(a < b <= c for (a, b), (c, _) in zip(spans, spans[1:]))


# ---------------------------------------------------------------------------------------
# Package data.


def test_word_lists_ship_as_package_data():
    files = {p.name for p in resources.files("toolkit.data").iterdir()}
    assert {"abbreviations.txt", "sentence_starters.txt"} <= files


def test_abbreviation_sections_do_not_overlap():
    sections = {k: v for k, v in _ABBREVIATIONS.items() if k}
    assert set(sections) == {"title", "continuation", "number", "ambiguous"}
    names = sorted(sections)
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            assert not sections[a] & sections[b], (a, b, sections[a] & sections[b])
    assert _ABBREVIATIONS[""] == frozenset()  # every entry sits in a section
    assert {"mr", "gen", "lt"} <= sections["title"]
    assert {"the", "he", "but"} <= _STARTERS


# ---------------------------------------------------------------------------------------
# The BBC corpus (skipped when ../shared/data is absent).


def test_bbc_articles_split_into_headline_and_sentences(shared_data):
    with open(shared_data / "bbc_news_summary.jsonl", encoding="utf-8") as lines:
        articles = [json.loads(line)["article"] for line in lines]
    for article in articles[:300]:
        sentences = split_sentences(article)
        assert sentences[0] == article.split("\n", 1)[0].strip()  # the headline line
        assert [w for s in sentences for w in s.split()] == article.split()
        assert all(s == s.strip() and s for s in sentences)
