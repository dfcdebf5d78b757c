"""toolkit.similarity: similarity, similarity_matrix, pairwise_similarity, TextSimilarity."""
from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.base import clone
from sklearn.exceptions import NotFittedError

from toolkit import Article, load_article, similarity, similarity_matrix
from toolkit.similarity import (
    ALIGN_THRESHOLD,
    LSA_MIN_DOCUMENTS,
    SIMILARITY_SCALE,
    describe_similarity,
    TextSimilarity,
    pairwise_similarity,
)

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))

LEVELS = ["document", "sentence"]
METHODS = ["blend", "tfidf", "char"]

ISIS = "ISIS fighters fled Raqqa and scattered into the desert."
ISIS_2 = "After losing Raqqa, the ISIS fighters scattered across the desert."
# No word and no two-letter sequence in common with ISIS: disjoint even for n-grams.
OTHER = "Bumpy jumbo vowel quiz."


@pytest.fixture(scope="module")
def big_background() -> list[str]:
    """Enough synthetic texts for the document blend to use LSA (two topics)."""
    rng = np.random.default_rng(0)
    war = "army troops militants offensive city siege airstrikes border fighters retreat".split()
    money = "shares market profits bank investors prices inflation growth quarter sales".split()
    return [" ".join(rng.choice(war if i % 2 else money, size=8)) for i in range(LSA_MIN_DOCUMENTS)]


# --------------------------------------------------------------------------- identity and disjointness


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("method", METHODS)
def test_identical_texts_have_similarity_one(level, method):
    assert similarity(ISIS, ISIS, level=level, method=method) == 1.0


@pytest.mark.parametrize("variant", [ISIS.upper(), "  isis fighters   fled Raqqa, and scattered into the desert ",
                                     ISIS.replace(" ", "\n")])
def test_identical_after_normalisation_is_exactly_one(variant):
    assert similarity(ISIS, variant) == 1.0
    assert similarity(ISIS, variant, level="sentence") == 1.0


@pytest.mark.parametrize("level", LEVELS)
def test_same_content_words_in_another_order_is_one(level):
    assert similarity("Fighters fled Raqqa.", "Raqqa: the fighters fled!", level=level) == 1.0
    assert similarity("Fighters fled Raqqa.", "Fighters fled Mosul.", level=level) < 1.0


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("method", METHODS)
def test_disjoint_texts_have_similarity_zero(level, method):
    assert similarity(ISIS, OTHER, level=level, method=method) == 0.0


def test_documents_sharing_no_word_score_zero_even_if_characters_overlap():
    # "desert" and "dessert" share n-grams but the document measure is word (stem) based
    assert similarity("The desert was hot.", "Dessert was served.") == 0.0
    assert similarity("The desert was hot.", "Dessert was served.", level="sentence") > 0.0


def test_related_texts_score_between_zero_and_one():
    s = similarity(ISIS, ISIS_2)
    assert 0.0 < s < 1.0


# --------------------------------------------------------------------------- symmetry and range


@pytest.mark.parametrize("level", LEVELS)
def test_similarity_is_symmetric(level):
    a, b = ISIS, "ISIS lost Mosul; fighters scattered to Libya."
    assert similarity(a, b, level=level) == similarity(b, a, level=level)


def test_symmetric_with_background():
    bg = ["Oil prices rose in the desert states.", "ISIS is a militant group.", "Raqqa is in Syria."]
    assert similarity(ISIS, ISIS_2, background=bg) == similarity(ISIS_2, ISIS, background=bg)


words = st.sampled_from("isis fighters desert raqqa mosul libya the of and fled lost army oil 2017 ideaology".split())
texts = st.lists(words, min_size=0, max_size=12).map(" ".join)


@settings(max_examples=60, deadline=None)
@given(a=texts, b=texts, level=st.sampled_from(LEVELS))
def test_property_range_symmetry_identity(a, b, level):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        s_ab = similarity(a, b, level=level)
        s_ba = similarity(b, a, level=level)
        s_aa = similarity(a, a, level=level)
    assert 0.0 <= s_ab <= 1.0
    assert s_ab == s_ba
    assert s_aa == 1.0


@settings(max_examples=30, deadline=None)
@given(docs=st.lists(texts, min_size=1, max_size=6), level=st.sampled_from(LEVELS))
def test_property_matrix(docs, level):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        S = similarity_matrix(docs, level=level)
    assert S.shape == (len(docs), len(docs))
    assert np.array_equal(S, S.T)
    assert np.all(np.diag(S) == 1.0)
    assert np.all((S >= 0.0) & (S <= 1.0))


# --------------------------------------------------------------------------- similarity_matrix


def test_similarity_matrix_shape_symmetry_diagonal():
    docs = [ISIS, ISIS_2, OTHER, "Stocks rallied as oil prices fell."]
    S = similarity_matrix(docs)
    assert S.shape == (4, 4)
    assert np.array_equal(S, S.T)
    assert np.all(np.diag(S) == 1.0)
    assert S[0, 1] > S[0, 3]
    assert S[0, 2] == 0.0


def test_similarity_matrix_duplicates_are_one_off_diagonal():
    S = similarity_matrix([ISIS, OTHER, ISIS.lower()])
    assert S[0, 2] == S[2, 0] == 1.0


def test_similarity_matrix_agrees_with_pairwise():
    docs = [ISIS, ISIS_2, "Stocks rallied."]
    assert np.array_equal(similarity_matrix(docs), pairwise_similarity(docs))


def test_single_text_and_empty_list():
    assert similarity_matrix([ISIS]).tolist() == [[1.0]]
    assert similarity_matrix([]).shape == (0, 0)


# --------------------------------------------------------------------------- background


def test_background_changes_weights_but_keeps_identity():
    bg = ["ISIS fighters attacked again.", "ISIS fighters held the city.", "The fighters of ISIS retreated."]
    plain = similarity(ISIS, ISIS_2)
    weighted = similarity(ISIS, ISIS_2, background=bg)
    assert weighted != pytest.approx(plain, abs=1e-3)
    # "isis" and "fighters" are common in the background: they count less, the pair less alike
    assert weighted < plain
    assert similarity(ISIS, ISIS, background=bg) == 1.0


def test_large_background_uses_lsa_and_keeps_the_contract(big_background):
    model = TextSimilarity().fit([ISIS, ISIS_2] + big_background)
    assert model.svd_ is not None and "lsa" in model.blocks_
    small = TextSimilarity().fit([ISIS, ISIS_2])
    assert small.svd_ is None
    a, b = "troops siege city airstrikes", "army offensive militants border"
    assert similarity(a, b, background=big_background) == 0.0  # no word in common: still 0
    s = similarity(a, "troops siege border retreat", background=big_background)
    assert 0.0 < s < 1.0
    assert s == similarity("troops siege border retreat", a, background=big_background)
    assert similarity(a, a, background=big_background) == 1.0


# --------------------------------------------------------------------------- degenerate texts


def test_empty_text_scores_zero_with_a_warning():
    with pytest.warns(UserWarning, match="no content words"):
        assert similarity("", ISIS) == 0.0


def test_two_empty_texts_are_identical():
    with pytest.warns(UserWarning, match="2 text"):
        assert similarity("", "  ") == 1.0


def test_only_stop_words():
    with pytest.warns(UserWarning, match="no content words"):
        assert similarity("and the of it", ISIS) == 0.0
    with pytest.warns(UserWarning, match="no content words"):
        assert similarity("and the of it", "And the, of it!") == 1.0


def test_matrix_of_empty_texts():
    with pytest.warns(UserWarning, match=r"position 0, 1"):
        S = similarity_matrix(["", "...", ISIS])
    assert S.tolist() == [[1.0, 1.0, 0.0], [1.0, 1.0, 0.0], [0.0, 0.0, 1.0]]


def test_pairwise_similarity_is_silent_about_empty_sentences():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        S = pairwise_similarity(["", ISIS], [ISIS_2, ""], level="sentence")
    assert S[0, 0] == 0.0 and S[1, 1] == 0.0 and S[0, 1] == 1.0


# --------------------------------------------------------------------------- inputs


def test_article_counts_title_and_body():
    art = Article(text="ISIS fighters fled Raqqa.", title="Scattered into the desert")
    assert similarity(art, "Scattered into the desert\n\nISIS fighters fled Raqqa.") == 1.0
    assert similarity(Article(text=ISIS), ISIS) == 1.0


@pytest.mark.parametrize("call, match", [
    (lambda: similarity_matrix("one text"), "texts must be a list of texts or Articles, not a single str"),
    (lambda: pairwise_similarity("one text"), "a_texts must be a list of texts"),
    (lambda: pairwise_similarity([ISIS], "one text"), "b_texts must be a list of texts"),
    (lambda: similarity(ISIS, ISIS_2, background="one text"), "background must be a list of texts"),
    (lambda: TextSimilarity().fit("one text"), "texts must be a list of texts"),
    (lambda: similarity(ISIS, 42), "b must be a str or an Article, or a pathlib.Path to read a file; got int"),
    (lambda: similarity_matrix([ISIS, None]), r"texts\[1\] must be a str or an Article, .*; got NoneType"),
    (lambda: similarity_matrix(42), "texts must be a list of texts or Articles; got int"),
])
def test_type_errors(call, match):
    with pytest.raises(TypeError, match=match):
        call()


@pytest.mark.parametrize("call, match", [
    (lambda: similarity(ISIS, ISIS_2, level="paragraph"), r"level must be one of 'sentence', 'document'; got 'paragraph'"),
    (lambda: similarity_matrix([ISIS], method="bm25"), r"method must be one of 'blend', 'tfidf', 'char', 'lsa'; got 'bm25'"),
    (lambda: pairwise_similarity([ISIS], level="word"), r"level must be one of"),
    (lambda: TextSimilarity(n_components=0).fit([ISIS]), "n_components must be a positive integer; got 0"),
    (lambda: TextSimilarity().fit([]), "texts must hold at least one text"),
])
def test_value_errors(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_unfitted_estimator():
    with pytest.raises(NotFittedError):
        TextSimilarity().pairwise([ISIS])


# --------------------------------------------------------------------------- the estimator


def test_estimator_follows_scikit_learn_rules():
    model = TextSimilarity(method="tfidf", level="sentence", n_components=5)
    assert model.get_params() == {"method": "tfidf", "level": "sentence", "n_components": 5, "random_state": 0}
    assert clone(model).get_params() == model.get_params()
    assert not [k for k in vars(model) if k.endswith("_")]  # __init__ learns nothing
    assert model.fit([ISIS, ISIS_2]) is model
    assert {"word_", "char_", "svd_", "blocks_", "n_documents_"} <= set(vars(model))
    with pytest.raises(TypeError):
        TextSimilarity("blend")  # keyword-only


@pytest.mark.parametrize("kwargs", [{}, {"level": "sentence"}, {"method": "tfidf"}, {"method": "char"},
                                    {"method": "lsa", "n_components": 5}])
@pytest.mark.parametrize("with_lsa_corpus", [False, True])
def test_fit_transform_is_fit_then_transform(kwargs, with_lsa_corpus, big_background):
    # Unsorted, with duplicates, an empty text and an Article: rows must stay in input order.
    docs = [OTHER, ISIS, "", ISIS_2, ISIS, Article(text="Raqqa fell.", title="Syria")]
    if with_lsa_corpus:
        docs += big_background[::-1]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # method="lsa" on a few texts
        a = TextSimilarity(**kwargs)
        X = a.fit_transform(docs)
        b = TextSimilarity(**kwargs).fit(docs)
    Y = b.transform(docs)
    assert X.shape == Y.shape and a.blocks_ == b.blocks_ and a.n_documents_ == b.n_documents_ == len(docs)
    # The same up to the order of the additions in the norms (as TfidfVectorizer's own).
    assert abs(X - Y).max() < 1e-12 if X.nnz or Y.nnz else True
    assert ("lsa" in a.blocks_) == (kwargs.get("method") == "lsa" or (not kwargs and with_lsa_corpus))
    assert np.allclose(a.transform(docs).toarray(), Y.toarray(), atol=1e-12)  # the same model was learned
    np.testing.assert_array_equal(X[1].toarray(), X[4].toarray())  # duplicates, in place


def test_terms_are_the_stems_of_the_content_words():
    # The look-up table of _terms gives what stem() gives, token by token, numbers kept.
    from toolkit._text import STOP_WORDS, stem, tokenize
    from toolkit.similarity import _terms

    for text in [p.read_text(encoding="utf-8") for p in SEEDS] + ["The 24 fighters' ISIS’s al-Baghdadi 2016", ""]:
        _terms.cache_clear()
        assert _terms(text) == tuple(stem(t) for t in tokenize(text) if t not in STOP_WORDS)
    assert _terms("The 24 fighters fled") == ("24", "fighter", "fled")


def test_fit_transform_of_texts_without_terms():
    X = TextSimilarity().fit_transform(["", "the of and", "!"])
    assert X.shape == (3, 0)
    with pytest.raises(TypeError, match="not a single str"):
        TextSimilarity().fit_transform(ISIS)
    with pytest.raises(ValueError, match="at least one text"):
        TextSimilarity().fit_transform([])


@pytest.mark.parametrize("level, blocks", [("sentence", ["tfidf", "char"]), ("document", ["tfidf"])])
def test_transform_blocks_have_unit_length(level, blocks):
    model = TextSimilarity(level=level).fit([ISIS, ISIS_2, OTHER])
    assert list(model.blocks_) == blocks
    X = model.transform([ISIS, OTHER, ""])
    for cols in model.blocks_.values():
        norms = np.sqrt(np.asarray(X[:, cols].multiply(X[:, cols]).sum(axis=1)).ravel())
        assert norms == pytest.approx([1.0, 1.0, 0.0])


def test_pairwise_shapes():
    model = TextSimilarity(level="sentence").fit([ISIS, ISIS_2, OTHER])
    assert model.pairwise([ISIS], [ISIS_2, OTHER, ISIS]).shape == (1, 3)
    S = model.pairwise([ISIS, ISIS_2, OTHER])
    assert np.array_equal(S, S.T) and np.all(np.diag(S) == 1.0)
    assert model.pairwise([], [ISIS]).shape == (0, 1)
    assert pairwise_similarity([ISIS, OTHER], [ISIS_2]).shape == (2, 1)


def test_fit_order_does_not_matter(big_background):
    docs = [ISIS, ISIS_2, "Raqqa fell."] + big_background[:50]
    a = TextSimilarity(method="lsa", n_components=5)
    b = clone(a)
    with pytest.warns(UserWarning, match="method='lsa' learned from only 53 texts"):
        a.fit(docs)
    with pytest.warns(UserWarning, match="unreliable"):
        b.fit(docs[::-1])
    assert np.array_equal(a.pairwise(docs[:3]), b.pairwise(docs[:3]))


# --------------------------------------------------------------------------- sentence pairs (STS sanity)

# A reference sentence and candidates from "says the same thing" down to "unrelated":
# the order is obvious to a reader, and must be the order of the scores.
STS_CASES = [
    ("A man is playing a guitar.", [
        "A man is playing the guitar.",
        "A man plays a guitar on stage.",
        "A man is playing a flute.",
        "A woman is slicing an onion.",
    ]),
    ("ISIS fighters fled Mosul after the offensive.", [
        "After the offensive, ISIS fighters fled from Mosul.",
        "ISIS fighters fled the city of Raqqa.",
        "Iraqi forces began an offensive.",
        "The central bank raised interest rates.",
    ]),
    ("The company's profits rose 76% to $1.13bn.", [
        "Profits at the company rose 76% to $1.13bn.",
        "The company's profits fell 5% to $639m.",
        "The company hired new staff.",
        "Rain is expected over the weekend.",
    ]),
]


@pytest.mark.parametrize("reference, candidates", STS_CASES)
def test_sentence_similarity_orders_obvious_cases(reference, candidates):
    pool = [s for ref, cands in STS_CASES for s in [ref, *cands]]
    S = pairwise_similarity([reference], candidates, background=pool, level="sentence")[0]
    assert list(S) == sorted(S, reverse=True) and len(set(S)) == len(S)
    assert S[0] >= ALIGN_THRESHOLD > S[-1]


def test_typos_and_inflections_still_match_at_sentence_level():
    # character n-grams: "ideaology" (typo) still meets "ideology"
    a, b, c = "The ideology survives.", "The ideaology survives.", "The city survives."
    S = pairwise_similarity([a], [b, c], level="sentence")[0]
    assert S[0] > S[1]


def test_align_threshold_is_a_similarity():
    assert 0.0 < ALIGN_THRESHOLD < 1.0


# --------------------------------------------------------------------------- the seeds


def test_seeds_are_moderately_similar():
    raw = [p.read_text(encoding="utf-8") for p in SEEDS]
    assert len(raw) == 2
    assert similarity(*raw) == pytest.approx(0.176569, abs=1e-5)
    assert similarity(*raw, level="sentence") == pytest.approx(0.364798, abs=1e-5)
    arts = [load_article(p) for p in SEEDS]
    assert 0.1 < similarity(*arts) < 0.4  # through the loader (title + body): same ballpark


def test_seed_is_closer_to_itself_than_to_an_unrelated_text():
    raw = [p.read_text(encoding="utf-8") for p in SEEDS]
    unrelated = "Quarterly profits at the media giant jumped as advert sales and broadband subscriptions rose."
    S = similarity_matrix([*raw, unrelated])
    assert S[0, 1] > 3 * max(S[0, 2], S[1, 2])


# --------------------------------------------------------------------------- STS Benchmark (shared data)


def test_stsb_dev_pearson(shared_data):
    path = shared_data / "stsb_dev.tsv"
    if not path.is_file():
        pytest.skip(f"{path} not found")
    rows = [line.rstrip("\n").split("\t") for line in path.read_text(encoding="utf-8").splitlines()]
    rows = [r for r in rows if len(r) >= 7]
    y = np.array([float(r[4]) for r in rows])
    s1, s2 = [r[5] for r in rows], [r[6] for r in rows]
    scores = np.diag(pairwise_similarity(s1, s2, level="sentence"))  # weights from all 3,000 sentences
    assert np.corrcoef(scores, y)[0, 1] > 0.79  # measured 0.8064 (benchmarks/bench_similarity.py)


# --------------------------------------------------------------------------- the scale guide


@pytest.mark.parametrize("value, words", [
    (0.0, "unrelated"), (0.04, "unrelated"), (0.05, "same broad subject"), (0.18, "same broad subject"),
    (0.2, "same story or a close one"), (0.49, "same story or a close one"),
    (0.5, "same story in much the same words"), (0.9, "near-duplicate"), (1.0, "near-duplicate"),
])
def test_describe_similarity_names_the_band(value, words):
    assert describe_similarity(value) == words
    full = describe_similarity(value, legend=True)
    assert full.startswith(words + " (") and all(band in full for _, band in SIMILARITY_SCALE)


def test_the_scale_starts_at_zero_and_rises():
    lows = [low for low, _ in SIMILARITY_SCALE]
    assert lows[0] == 0.0 and lows == sorted(set(lows)) and lows[-1] < 1.0


@pytest.mark.parametrize("bad", [-0.1, 1.5, float("nan")])
def test_describe_similarity_refuses_what_is_not_a_similarity(bad):
    with pytest.raises(ValueError, match=r"value must be a similarity in \[0, 1\]"):
        describe_similarity(bad)


@pytest.mark.parametrize("bad", ["0.3", "high", None, True, b"0.3"])
def test_describe_similarity_refuses_what_is_not_a_number(bad):
    # "0.3" was read as 0.3: a str is a wrong type here, as for the other functions.
    with pytest.raises(TypeError, match=r"value must be a number \(a similarity in \[0, 1\]\); got "):
        describe_similarity(bad)


def test_describe_similarity_takes_numpy_numbers():
    assert describe_similarity(np.float32(0.31)) == describe_similarity(np.float64(0.31)) == "same story or a close one"


def test_the_guide_orders_unrelated_related_and_same_story_pairs():
    # Small stand-ins for the benchmark's groups: one story told twice, the same subject,
    # another subject. The guide must put them in rising bands.
    story_a = ("Islamic State fighters were driven out of the ancient city of Palmyra on Sunday after "
               "Syrian troops, backed by Russian air strikes, entered the city's old quarter.")
    story_b = ("Syrian government forces backed by Russian jets retook Palmyra from Islamic State, "
               "whose fighters fled the ancient city east towards Deir al-Zor.")
    subject = "Iraqi troops pushed Islamic State fighters back from the gates of Falluja after a week of fighting."
    other = "Shares in the carmaker rose after it reported record quarterly profits and raised its dividend."
    bands = [band for _, band in SIMILARITY_SCALE]
    rank = {band: k for k, band in enumerate(bands)}
    same = rank[describe_similarity(similarity(story_a, story_b))]
    related = rank[describe_similarity(similarity(story_a, subject))]
    unrelated = rank[describe_similarity(similarity(story_a, other))]
    assert unrelated == 0 and same >= rank["same story or a close one"] and unrelated <= related <= same
