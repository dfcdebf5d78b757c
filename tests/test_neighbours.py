"""toolkit.neighbours: nearest_neighbours and Neighbours, against the brute-force matrix."""
from __future__ import annotations

import os

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit import Article, nearest_neighbours, similarity_matrix
from toolkit.neighbours import NEAR_DUPLICATE, Neighbours
from toolkit.similarity import LSA_MIN_DOCUMENTS

WORDS = "army troops militants city siege border shares market profits bank prices growth".split()


def brute_force(texts: list[str], k: int) -> tuple[np.ndarray, np.ndarray]:
    """Top-k of the full similarity matrix: (similarities, the matrix), zeros left out."""
    S = similarity_matrix(texts)
    np.fill_diagonal(S, -1.0)
    top = np.full((len(texts), k), np.nan)
    for i in range(len(texts)):
        row = np.sort(S[i][S[i] > 0])[::-1][:k]
        top[i, :len(row)] = row
    return top, S


def assert_matches_brute_force(nn: Neighbours, texts: list[str], k: int) -> None:
    top, S = brute_force(texts, k)
    np.testing.assert_allclose(nn.similarities, top, atol=1e-9)
    for i in range(len(texts)):
        for j, s in zip(nn.indices[i], nn.similarities[i]):
            if j >= 0:
                assert j != i
                assert S[i, j] == pytest.approx(s, abs=1e-9)


def topic_corpus(n: int, seed: int = 0) -> list[str]:
    rng = np.random.default_rng(seed)
    return [" ".join(rng.choice(WORDS[:6] if i % 2 else WORDS[6:], size=int(rng.integers(3, 9))))
            for i in range(n)]


@settings(max_examples=25, deadline=None)
@given(st.lists(st.lists(st.sampled_from(WORDS), min_size=0, max_size=6).map(" ".join),
                min_size=2, max_size=25),
       st.integers(1, 6))
def test_exact_equals_the_brute_force_matrix(texts, k):
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # texts with no content words
        nn = nearest_neighbours(texts, n_neighbours=k, method="exact")
        assert_matches_brute_force(nn, texts, k)


def test_exact_equals_the_brute_force_matrix_with_lsa():
    texts = topic_corpus(LSA_MIN_DOCUMENTS + 50)
    nn = nearest_neighbours(texts, n_neighbours=5, method="exact")
    assert_matches_brute_force(nn, texts, 5)


def test_blocks_do_not_change_the_result(monkeypatch):
    import toolkit.neighbours as mod

    texts = topic_corpus(60, seed=3)
    whole = nearest_neighbours(texts, n_neighbours=4, method="exact")
    monkeypatch.setattr(mod, "_BLOCK_CELLS", 7 * len(texts))  # blocks of 7 articles
    parts = nearest_neighbours(texts, n_neighbours=4, method="exact")
    np.testing.assert_array_equal(parts.indices, whole.indices)
    np.testing.assert_array_equal(parts.similarities, whole.similarities)


def test_known_neighbours_and_exact_duplicates():
    texts = ["ISIS fighters fled Mosul after the siege.",
             "Markets rallied as bank profits grew.",
             "ISIS fighters fled Mosul after the siege.",  # the same article twice
             "After the siege of Mosul the fighters of ISIS scattered into the desert.",
             "Bank shares rose on strong quarterly profits."]
    nn = nearest_neighbours(texts, n_neighbours=2)
    assert nn.indices[0].tolist() == [2, 3]
    assert nn.indices[1].tolist() == [4, -1]  # nothing else shares a word with it
    assert nn.similarities[0, 0] == 1.0
    dups = nn.near_duplicates()
    assert dups[["index_a", "index_b"]].to_numpy().tolist() == [[0, 2]]
    top = nn.most_similar(n=10)
    assert not top["near_duplicate"].any()
    assert [0, 2] not in top[["index_a", "index_b"]].to_numpy().tolist()
    assert top.iloc[0][["id_a", "id_b"]].tolist() in (["0", "3"], ["2", "3"])
    frame = nn.to_frame()
    assert list(frame.columns) == ["id", "rank", "neighbour_id", "similarity", "near_duplicate"]
    assert frame[frame["id"] == "1"]["neighbour_id"].tolist() == ["4"]


def test_ties_go_to_the_lower_position():
    texts = ["Mosul siege ends."] * 6 + ["Raqqa siege ends."]
    nn = nearest_neighbours(texts, n_neighbours=3)
    assert nn.indices[:6].tolist() == [[1, 2, 3], [0, 2, 3], [0, 1, 3], [0, 1, 2], [0, 1, 2], [0, 1, 2]]
    assert (nn.similarities[:6] == 1.0).all()
    assert nn.indices[6].tolist() == [0, 1, 2]
    assert len(nn.near_duplicates()) == len(nn.pairs()) - 3  # only the Raqqa pairs are not copies


def test_ids_from_articles_and_given_ids():
    arts = [Article(text="Mosul siege ends.", id="a"), Article(text="The Mosul siege ends.", id="b")]
    assert nearest_neighbours(arts).to_frame()["neighbour_id"].tolist() == ["b", "a"]
    nn = nearest_neighbours(["Mosul siege.", "Mosul siege ends."], ids=[10, 20])
    assert nn.ids == ("10", "20")


def test_approximate_lists_exact_similarities_and_finds_copies():
    rng = np.random.default_rng(1)
    vocab = [f"w{i}" for i in range(3000)]
    bases = [list(rng.choice(vocab, size=60)) for _ in range(150)]
    texts, group = [], []
    for g, base in enumerate(bases):
        for _ in range(4):  # four edited copies of each base text
            words = [w for w in base if rng.random() > 0.2] + list(rng.choice(vocab, size=5))
            texts.append(" ".join(words))
            group.append(g)
    group = np.array(group)
    approx = nearest_neighbours(texts, n_neighbours=3, method="approximate")
    exact = nearest_neighbours(texts, n_neighbours=3, method="exact")
    assert approx.method == "approximate"
    found = np.mean([set(approx.indices[i]) == set(exact.indices[i]) for i in range(len(texts))])
    assert found >= 0.95
    assert (group[approx.indices] == group[:, None]).mean() >= 0.95
    _, S = brute_force(texts, 3)
    for i in range(len(texts)):
        for j, s in zip(approx.indices[i], approx.similarities[i]):
            if j >= 0:
                assert S[i, j] == pytest.approx(s, abs=1e-9)


def test_a_term_common_to_more_articles_than_the_cap_still_leads_to_where_it_weighs_most(monkeypatch):
    # "Mosul" and "siege" are among the heaviest terms of every article, more than the
    # cap allows: they lead to the two articles that are about nothing else (the old rule
    # dropped such terms, and the first two articles then had no candidate at all).
    import toolkit.neighbours as mod

    monkeypatch.setattr(mod, "_MAX_POSTINGS", 2)
    texts = ["Mosul siege.", "The Mosul siege.", "Mosul siege: markets.", "Mosul siege: football.",
             "Mosul siege: wheat.", "Mosul siege: museums."]
    exact = nearest_neighbours(texts, n_neighbours=1, method="exact")
    approx = nearest_neighbours(texts, n_neighbours=1, method="approximate", n_terms=3)
    assert exact.indices[:2].ravel().tolist() == [1, 0]
    assert approx.indices[:2].ravel().tolist() == [1, 0]
    assert approx.similarities[:2].ravel().tolist() == [1.0, 1.0]


@pytest.mark.parametrize("texts, expected", [
    (["Only one article here."], [[-1, -1]]),
    (["", "...", "Mosul siege."], [[1, -1], [0, -1], [-1, -1]]),  # no terms: only each other
    (["Same text.", "Same text.", "Same text."], [[1, 2], [0, 2], [0, 1]]),
])
def test_degenerate_corpora(texts, expected):
    nn = nearest_neighbours(texts, n_neighbours=2)
    assert nn.indices.tolist() == expected
    assert repr(nn).startswith(f"Neighbours({len(texts)} articles")


def test_empty_corpus():
    nn = nearest_neighbours([], n_neighbours=3)
    assert len(nn) == 0 and nn.pairs().empty and nn.to_frame().empty


@pytest.mark.parametrize("kwargs, error, match", [
    (dict(articles="one text"), TypeError, "not a single str"),
    (dict(articles=(t for t in ["a"])), TypeError, "list of articles"),
    (dict(articles=["a", "b"], n_neighbours=0), ValueError, "n_neighbours must be an integer >= 1"),
    (dict(articles=["a", "b"], method="fast"), ValueError, "method must be one of"),
    (dict(articles=["a", "b"], near_duplicate=1.5), ValueError, "near_duplicate must be"),
    (dict(articles=["a", "b"], ids=["x"]), ValueError, "one id per article"),
    (dict(articles=["a", "b"], ids=["x", "x"]), ValueError, "must be unique"),
    (dict(articles=["a", "b"], model="tfidf"), ValueError, "model must be a fitted TextSimilarity"),
])
def test_bad_input_is_a_clear_error(kwargs, error, match):
    articles = kwargs.pop("articles")
    with pytest.raises(error, match=match):
        nearest_neighbours(articles, **kwargs)


def test_a_series_is_read_in_order_as_summarize_many_does():
    import pandas as pd

    texts = ["ISIS fighters fled Mosul.", "Fighters fled Raqqa and Mosul.", "Whisk the eggs with sugar."]
    series = pd.Series(texts, index=[30, 10, 20])
    nn, expected = nearest_neighbours(series, n_neighbours=1), nearest_neighbours(texts, n_neighbours=1)
    assert nn.ids == expected.ids == ("0", "1", "2")
    assert nn.indices.tolist() == expected.indices.tolist()
    assert nearest_neighbours(series, n_neighbours=1, ids=series.index).ids == ("30", "10", "20")


def test_most_similar_checks_n():
    nn = nearest_neighbours(["Mosul siege.", "Mosul siege ends."])
    with pytest.raises(ValueError, match="n must be a positive number"):
        nn.most_similar(n=0)
    with pytest.raises(TypeError, match="positional"):
        nn.most_similar(5)  # type: ignore[misc]  # n is keyword-only, as everywhere else
    assert "<table" in nn._repr_html_()
    assert "text-align: left" in nn._repr_html_()  # titles and ids read from the left (issue 14.13)


def test_near_duplicate_threshold_is_the_default():
    nn = nearest_neighbours(["Mosul siege.", "Mosul siege ends."])
    assert nn.near_duplicate == NEAR_DUPLICATE


@pytest.mark.parametrize("method", ["exact", "approximate"])
def test_dask_equals_local(method, monkeypatch):
    # Enough articles for the LSA block, in parts of 150 (the last one short), with ties.
    distributed = pytest.importorskip("distributed")
    import toolkit.neighbours as mod

    monkeypatch.setattr(mod, "_DASK_PART", 150)
    texts = topic_corpus(LSA_MIN_DOCUMENTS + 20, seed=5) + ["Mosul siege ends."] * 3 + ["the of and"] * 2
    local = nearest_neighbours(texts, n_neighbours=4, method=method)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=":0") as cluster:
        remote = nearest_neighbours(texts, n_neighbours=4, method=method, scheduler=cluster.scheduler_address)
    np.testing.assert_array_equal(remote.indices, local.indices)
    np.testing.assert_array_equal(remote.similarities, local.similarities)
    assert remote.ids == local.ids


def test_dask_with_a_fitted_model_vectorizes_on_the_workers(monkeypatch):
    # A fitted model: the texts are vectorized on the workers in parts (this process
    # never transforms them), each worker assembles the index from the parts; the same result.
    distributed = pytest.importorskip("distributed")
    import toolkit.neighbours as mod
    from toolkit.similarity import TextSimilarity

    monkeypatch.setattr(mod, "_DASK_PART", 7)
    texts = [Article(text=t, title=f"T{i}", id=f"a{i}") for i, t in enumerate(topic_corpus(40, seed=3))]
    local = nearest_neighbours(texts, n_neighbours=3, method="approximate", n_terms=2)
    local_exact = nearest_neighbours(texts, n_neighbours=3, method="exact")

    def refuse(self, texts):
        raise AssertionError("the client vectorized the texts")

    monkeypatch.setattr(TextSimilarity, "transform", refuse)  # in this process only
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=":0") as cluster, distributed.Client(cluster) as client:
        remote = nearest_neighbours(texts, n_neighbours=3, model=local.model, scheduler=client,
                                    method="approximate", n_terms=2)
        remote_exact = nearest_neighbours(texts, n_neighbours=3, model=local.model, scheduler=client,
                                          method="exact")
        assert client.run(lambda: 0)  # the cluster outlived the searches (the client was not closed)
    assert remote.ids == local.ids
    for got, want in ((remote, local), (remote_exact, local_exact)):
        np.testing.assert_array_equal(got.indices, want.indices)
        np.testing.assert_array_equal(got.similarities, want.similarities)


def test_the_cut_of_parts_equals_the_cut_of_the_whole():
    # The Dask path cuts each part to its heaviest terms apart, then truncates the terms'
    # postings on the parts joined: the same proxy as the whole corpus cut at once.
    import scipy.sparse as sp

    from toolkit.neighbours import _cut, _heaviest, _truncate

    rng = np.random.default_rng(1)
    X = sp.random(60, 30, density=0.3, format="csr", random_state=2)
    X.data = np.round(rng.random(X.nnz), 1)  # ties
    X = X.tolil()
    X[5] = 0  # an empty row
    X = X.tocsr()
    X.eliminate_zeros()
    parts = [_heaviest(X[i:i + 7], 4) for i in range(0, 60, 7)]
    joined = _truncate(sp.vstack(parts, format="csr"), 8)
    whole = _cut(X, 4, 8)
    assert (joined != whole).nnz == 0 and joined.nnz == whole.nnz > 0
    assert np.diff(whole.indptr).max() <= 4 and np.bincount(whole.indices).max() == 8


def test_truncated_postings_keep_the_rows_where_a_term_weighs_most():
    import scipy.sparse as sp

    from toolkit.neighbours import _truncate

    P = sp.csr_matrix(np.array([[0.2, 0.6, 0.2, 0.1],
                                [0.3, 0.3, 0.3, 0.9],
                                [0.0, 0.0, 0.5, 0.5],
                                [0.3, 0.0, 0.5, 0.0]]))
    # Term 0: rows 1 and 3 weigh 0.3 (ties: the lower row first); term 2: rows 2 and 3.
    assert _truncate(P, 1).toarray().tolist() == [[0, 0.6, 0, 0], [0.3, 0, 0, 0.9], [0, 0, 0.5, 0], [0, 0, 0, 0]]
    assert _truncate(P, 2).toarray().tolist() == [[0, 0.6, 0, 0], [0.3, 0.3, 0, 0.9], [0, 0, 0.5, 0.5],
                                                  [0.3, 0, 0.5, 0]]
    assert (_truncate(P, 4) != P).nnz == 0



@pytest.mark.parametrize("ties", ["some", "all"])
def test_truncated_postings_equal_a_sort_of_every_posting(ties):
    # _truncate looks only at the postings of the terms kept by more rows than the cap, each
    # term's cap-th weight found by a partition: the same as sorting every term's postings
    # (weight, then the lower row) and keeping the first. Ties at the cap: some, or every
    # weight the same (then the lowest rows stay).
    import scipy.sparse as sp

    from toolkit.neighbours import _truncate

    rng = np.random.default_rng(4)
    P = sp.random(300, 40, density=0.2, format="csr", random_state=5)
    P.data = np.round(rng.random(P.nnz), 1) if ties == "some" else np.full(P.nnz, 0.5)
    P.eliminate_zeros()
    for cap in (1, 3, 10, 59, 1000):
        want = np.zeros(P.shape)
        dense = P.toarray()
        for term in range(P.shape[1]):
            rows = np.flatnonzero(dense[:, term])
            best = rows[np.lexsort((rows, -dense[rows, term]))][:cap]
            want[best, term] = dense[best, term]
        got = _truncate(P, cap)
        assert got.toarray().tolist() == want.tolist()


def test_approximate_word_scores_are_the_exact_products_bit_for_bit():
    # The candidates' word similarities (article by article) are summed in the order of the
    # exact method's sparse product: the same floats, not only close ones.
    import scipy.sparse as sp

    from toolkit.neighbours import _word_dots

    rng = np.random.default_rng(6)
    X = sp.random(200, 500, density=0.05, format="csr", random_state=7)
    X.data = rng.random(X.nnz)
    W = X[50:90]
    r = np.sort(rng.integers(0, 40, size=600))
    r[r == 7] = 8  # a row without candidates
    c = rng.integers(0, 200, size=600)
    want = (W @ X.T.tocsr()).toarray()[r, c]
    assert np.array_equal(_word_dots(W, X, r, c), want)
    assert len(_word_dots(W, X, r[:0], c[:0])) == 0

def test_compare_many_refers_large_corpora_to_nearest_neighbours(monkeypatch):
    import toolkit.comparison as comparison
    from toolkit import compare_many

    monkeypatch.setattr(comparison, "_MAX_MATRIX_ARTICLES", 3)
    with pytest.raises(ValueError, match=r"4 x 4 similarity matrix .* use nearest_neighbours"):
        compare_many(["Mosul siege.", "Raqqa siege.", "Mosul falls.", "Raqqa falls."])
    assert len(compare_many(["Mosul siege.", "Raqqa siege.", "Mosul falls."]).names) == 3


def test_approximate_candidates_are_the_best_by_the_cheap_score_ties_to_the_lower_position():
    import scipy.sparse as sp

    from toolkit.neighbours import _candidates, _cut

    # Rows are the articles 10 and 11; column 10 is article 10 itself (never its own candidate).
    C = sp.csr_matrix(np.array([[0.5, 0.9, 0.5, 0.0, 0.5, 0, 0, 0, 0, 0, 9.0, 0.7],
                                [0.1, 0.0, 0.0, 0.0, 0.0, 0, 0, 0, 0, 0, 0.0, 9.0]]))
    r, c, rank = _candidates(C, 10, 3)
    assert r.tolist() == [0, 0, 0, 1] and rank.tolist() == [0, 1, 2, 0]
    assert sorted(c[:3].tolist()) == [0, 1, 11] and c[3] == 0  # 0.5 three times: the lowest column wins
    # The cut keeps each row's heaviest terms (ties: the lower term), each term by the rows where it weighs most.
    X = sp.csr_matrix(np.array([[0.2, 0.6, 0.2, 0.1], [0.3, 0.3, 0.3, 0.9], [0.0, 0.0, 0.5, 0.5]]))
    assert _cut(X, 2, 10).toarray().tolist() == [[0.2, 0.6, 0, 0], [0.3, 0, 0, 0.9], [0, 0, 0.5, 0.5]]
    # Terms 0 and 3 kept twice: by the row where each weighs most (term 3: 0.9 against 0.5).
    assert _cut(X, 2, 1).toarray().tolist() == [[0, 0.6, 0, 0], [0.3, 0, 0, 0.9], [0, 0, 0.5, 0]]


def test_a_dask_worker_killed_mid_search_is_a_clear_error_not_a_hang(monkeypatch):
    # A worker dying (out of memory, say) after the search started: the run ends, with the
    # same neighbours or with an error that says what happened; it never waits for ever.
    import os
    import signal
    import threading

    distributed = pytest.importorskip("distributed")
    import toolkit.neighbours as mod

    texts = topic_corpus(LSA_MIN_DOCUMENTS + 200, seed=2)
    local = nearest_neighbours(texts, n_neighbours=3, method="approximate")
    monkeypatch.setattr(mod, "_DASK_PART", 100)
    monkeypatch.setattr(mod, "_APPROXIMATE_BLOCK", 20)  # many search tasks: some still to run
    real, killed = mod._collect, []

    def collect_and_kill_a_worker(results, indices, sims):
        real(results, indices, sims)
        if not killed:  # after the first block, with others in flight on both workers
            pid = next(iter(client.run(os.getpid).values()))
            os.kill(pid, signal.SIGKILL)
            killed.append(pid)

    outcome: dict = {}
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0",
                                  silence_logs=50) as cluster, distributed.Client(cluster) as client:
        monkeypatch.setattr(mod, "_collect", collect_and_kill_a_worker)

        def run() -> None:
            try:
                outcome["value"] = nearest_neighbours(texts, n_neighbours=3, method="approximate",
                                                      model=local.model, scheduler=client)
            except Exception as exc:  # noqa: BLE001 - looked at below, in the test's thread
                outcome["error"] = exc

        thread = threading.Thread(target=run, daemon=True)
        thread.start()
        thread.join(240)
        assert not thread.is_alive(), "the search still waited 240 s after a worker died"
    assert killed
    if "error" in outcome:
        assert isinstance(outcome["error"], RuntimeError)
        assert "worker" in str(outcome["error"]) and "died" in str(outcome["error"])
    else:
        np.testing.assert_array_equal(outcome["value"].indices, local.indices)


def test_dask_workers_heap_is_reused_during_a_task_and_given_back_after():
    # Dask's workers start with MALLOC_TRIM_THRESHOLD_ set, which makes glibc map (and fault
    # in) every array over 128 KiB anew; _heap_kept reuses the heap while a task runs and
    # restores the worker's settings after. Counted in page faults, in a process started as
    # Dask starts its workers.
    import subprocess
    import sys

    from toolkit.neighbours import _glibc

    if _glibc() is None:
        pytest.skip("glibc only")
    code = """if True:
        import resource, numpy as np
        from toolkit.neighbours import _heap_kept

        def faults(times=60):
            before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
            for _ in range(times):
                a = np.ones(2**20 // 8)  # 1 MiB, touched
                del a
            return resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before

        plain = faults()
        with _heap_kept():
            kept = faults()
        after = faults()
        print(plain, kept, after)
    """
    env = {**os.environ, "MALLOC_TRIM_THRESHOLD_": "65536"}
    env.pop("MALLOC_MMAP_THRESHOLD_", None)
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    plain, kept, after = map(int, out.stdout.split())
    assert plain > 60 * 200  # 256 pages of 4 KiB per array, faulted in each time
    assert kept < plain / 10
    assert after > 60 * 200



def test_the_local_cluster_of_the_search_runs_no_profiler_and_ticks_once_a_second():
    # scheduler="local" starts a cluster with no dashboard: Dask's statistical profiler
    # (each task's stack sampled 100 times a second, for the dashboard) would only cost CPU
    # time, and so would the event loops' tick 50 times a second (a measure of their delay,
    # for logs and the dashboard). A LocalCluster started as usual runs both.
    distributed = pytest.importorskip("distributed")
    from toolkit._dask import local_cluster

    def settings(dask_worker) -> tuple[bool, float]:
        return "profile" in dask_worker.periodic_callbacks, dask_worker.periodic_callbacks["tick"].callback_time

    for start, expected, tick in ((local_cluster, {(False, 1000)}, 1000),
                                  (lambda **kw: distributed.LocalCluster(n_workers=2, threads_per_worker=1,
                                                                         dashboard_address=None, **kw),
                                   {(True, 20)}, 20)):
        with start(silence_logs=50) as cluster, distributed.Client(cluster) as client:
            assert len(client.scheduler_info()["workers"]) == 2
            assert set(client.run(settings).values()) == expected
            assert cluster.scheduler.periodic_callbacks["tick"].callback_time == tick
