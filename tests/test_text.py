"""Word-level helpers: the batch analyzer must give what the per-word path gives."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit._cache import clear_caches
from toolkit._text import SEPARATOR, STOP_WORDS, analyze, analyze_batch, stem, tokenize


def _by_hand(text: str) -> list[str]:
    """The analyzer's definition, one token at a time, with no cache involved."""
    return [stem(t) for t in tokenize(text) if t not in STOP_WORDS and not t.isdigit()]


def test_analyze_drops_stop_words_numbers_and_possessives():
    assert analyze("The fighters' 2017 retreat: ISIS’s fighters scattered") == [
        "fighter", "retreat", "isi", "fighter", "scatter"]


def test_stems_are_snowball_english():
    # Porter2 words whose stems nltk's older port gets differently: we pin the current rules.
    assert [stem(w) for w in ("evening", "university", "international", "added", "ideology")] == [
        "evening", "universiti", "internat", "add", "ideolog"]


def test_cold_and_warm_runs_agree():
    docs = ["Foreign fighters returned home.", "", "The fighters' leader's message", "Ξ 12 and"]
    clear_caches()
    cold = analyze_batch(docs)
    warm = analyze_batch(docs)
    assert cold == warm
    assert cold.count(SEPARATOR) == len(docs) - 1


words = st.text(alphabet=st.sampled_from("abcdefgxyz'’- 0123ÉéΞ"), max_size=40)


@settings(max_examples=200, deadline=None)
@given(st.lists(words, min_size=1, max_size=6))
def test_batch_equals_one_doc_at_a_time(docs):
    clear_caches()
    flat = analyze_batch(docs)
    per_doc: list[list[str]] = [[]]
    for item in flat:
        if item == SEPARATOR:
            per_doc.append([])
        elif item is not None:
            per_doc[-1].append(item)
    assert per_doc == [_by_hand(d) for d in docs]
    clear_caches()
    assert [analyze(d) for d in docs] == [_by_hand(d) for d in docs]


def test_threads_share_the_analyzer_safely(monkeypatch):
    # Many threads, with the table reset again and again under them (a tiny limit): every
    # result must equal the single-threaded one.
    import random
    from concurrent.futures import ThreadPoolExecutor

    from toolkit import _text

    rng = random.Random(0)
    vocab = ["fighters", "scattering", "deserts", "officials", "university", "evenings", "retaking",
             "ISIS's", "the", "of", "2017", "borders", "returned", "ideologies", "havens", "cities"]
    docs = [" ".join(rng.choice(vocab) + rng.choice(["", "s", "ed", "ing"]) for _ in range(30))
            for _ in range(400)]
    expected = [_by_hand(d) for d in docs]
    monkeypatch.setattr(_text, "_ANALYZED_MAX", 5)
    clear_caches()
    with ThreadPoolExecutor(max_workers=8) as pool:
        got = list(pool.map(analyze, docs))
        batches = list(pool.map(lambda i: analyze_batch(docs[i:i + 7]), range(0, 400, 7)))
    assert got == expected
    flat = [item for batch in batches for item in batch + [SEPARATOR]]
    per_doc, current = [], []
    for item in flat:
        if item == SEPARATOR:
            per_doc.append(current)
            current = []
        elif item is not None:
            current.append(item)
    assert per_doc == expected
