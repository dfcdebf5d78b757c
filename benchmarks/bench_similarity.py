"""Similarity benchmark: sentence pairs (STS Benchmark dev) and document proxies.

Everything is measured in the same run as plain TF-IDF cosine (scikit-learn's
``TfidfVectorizer()`` with its defaults), the baseline every ratio is relative to.

1. **STS-B dev** (1,500 sentence pairs rated 0-5 by people): Pearson and Spearman of each
   step of the sentence measure, under three ways of learning term weights (no labels
   are used for any of them):

   * ``pair``: from the two sentences only, as ``similarity(a, b)`` does;
   * ``60 sent.``: from 30 pairs at a time, about the sentences of two articles, as in
     ``compare``;
   * ``3000 sent.``: from all 3,000 dev sentences.

2. **Cross-validation** of the two blend parameters (word weight, power): fitted by grid
   search on one random half of the pairs, Pearson reported on the other half, and the
   reverse. The shipped values are fixed in ``toolkit/similarity.py``.
3. **ALIGN_THRESHOLD**: the F1-optimal threshold for telling pairs with a human score
   >= 3.5 from the rest (``60 sent.`` weights), chosen on the whole set and, as a check,
   on one half and scored on the other.
4. **Documents** (no human-rated news pairs here, so proxies): BBC (2,225 articles, five
   categories): ROC AUC and mean average precision of same-category pairs ranked above
   different-category pairs; BBC same-story retrieval: the first half of each article
   must find its own second half among 2,225 (MRR); CNN/DailyMail: each highlight
   sentence must find its own article among 98 (MRR), weights learned from the 98
   articles and highlights alone, then with the BBC articles as background.

    .venv/bin/python -m benchmarks.bench_similarity
    .venv/bin/python -m benchmarks.bench_similarity --data path/to/data --skip-documents
"""
from __future__ import annotations

import argparse
import json
import time
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
from scipy.stats import pearsonr, spearmanr
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import average_precision_score, precision_recall_curve, roc_auc_score

ROOT = Path(__file__).resolve().parents[1]

from benchmarks._results import write_results  # noqa: E402
from toolkit import split_sentences  # noqa: E402
from toolkit._text import analyze  # noqa: E402
from toolkit.similarity import (  # noqa: E402
    _SENTENCE_POWER,
    _SENTENCE_WORD_WEIGHT,
    ALIGN_THRESHOLD,
    TextSimilarity,
    _content,
    _terms,
)

DEFAULT_DATA = ROOT.parent / "shared" / "data"
GOOD = 3.5  # human STS score from which two sentences "say the same thing"

# A scorer learns weights from ``fit`` and returns the similarity of a[i] with b[i].
Scorer = Callable[[list[str], list[str], list[str]], np.ndarray]


# ---------------------------------------------------------------------------------------
# Scorers: the ablation steps
# ---------------------------------------------------------------------------------------
def _vectorizer_scorer(make: Callable[[], TfidfVectorizer], pre: Callable[[str], str] = str) -> Scorer:
    def score(fit: list[str], a: list[str], b: list[str]) -> np.ndarray:
        try:
            v = make().fit([pre(t) for t in fit])
        except ValueError:  # empty vocabulary
            return np.zeros(len(a))
        A, B = v.transform([pre(t) for t in a]), v.transform([pre(t) for t in b])
        return np.asarray(A.multiply(B).sum(axis=1)).ravel()
    return score


def _model_scorer(**options) -> Scorer:
    def score(fit: list[str], a: list[str], b: list[str]) -> np.ndarray:
        model = TextSimilarity(**options).fit(fit)
        return np.diag(model.pairwise(a, b)).copy()
    return score


plain = _vectorizer_scorer(lambda: TfidfVectorizer())
stems = _vectorizer_scorer(lambda: TfidfVectorizer(analyzer=analyze))  # numbers dropped
stems_numbers = _vectorizer_scorer(lambda: TfidfVectorizer(analyzer=_terms))
sublinear = _model_scorer(method="tfidf")  # stems, no stop words, sublinear tf
char = _model_scorer(method="char")
char_raw = _vectorizer_scorer(lambda: TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True))
_word = _vectorizer_scorer(lambda: TfidfVectorizer(analyzer=_terms, sublinear_tf=True))
_char = _vectorizer_scorer(lambda: TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True),
                           _content)


def word_char_mix(fit: list[str], a: list[str], b: list[str]) -> np.ndarray:
    w = _SENTENCE_WORD_WEIGHT
    return w * _word(fit, a, b) + (1 - w) * _char(fit, a, b)


def chunked(scorer: Scorer, a: list[str], b: list[str], size: int) -> np.ndarray:
    """Scores with weights learned from ``size`` pairs at a time."""
    out = np.zeros(len(a))
    for i in range(0, len(a), size):
        sa, sb = a[i:i + size], b[i:i + size]
        out[i:i + size] = scorer(sa + sb, sa, sb)
    return out


# ---------------------------------------------------------------------------------------
# STS Benchmark
# ---------------------------------------------------------------------------------------
def read_stsb(path: Path) -> tuple[np.ndarray, list[str], list[str], list[str]]:
    """Scores, sentence 1, sentence 2, genre. No quoting: split on tabs; some lines carry
    extra trailing fields (sources), which are ignored."""
    y, s1, s2, genre = [], [], [], []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            fields = line.rstrip("\n").split("\t")
            if len(fields) < 7:
                continue
            genre.append(fields[1])
            y.append(float(fields[4]))
            s1.append(fields[5])
            s2.append(fields[6])
    return np.array(y), s1, s2, genre


def _halves(n: int) -> tuple[np.ndarray, np.ndarray]:
    perm = np.random.default_rng(0).permutation(n)
    return perm[: n // 2], perm[n // 2:]


def _best_blend(W: np.ndarray, C: np.ndarray, y: np.ndarray) -> tuple[float, float, float]:
    """Grid search of word weight and power; returns (pearson, weight, power)."""
    grid = [(pearsonr((w * W + (1 - w) * C) ** p, y)[0], w, p)
            for w in np.round(np.arange(0, 1.001, 0.1), 2) for p in np.round(np.arange(0.4, 1.201, 0.05), 2)]
    return max(grid)


def f1_threshold(scores: np.ndarray, positive: np.ndarray) -> tuple[float, float, float, float]:
    """(threshold, F1, precision, recall) of the F1-optimal cut ``score >= threshold``."""
    precision, recall, thresholds = precision_recall_curve(positive, scores)
    f1 = 2 * precision * recall / np.maximum(precision + recall, 1e-12)
    i = int(np.argmax(f1[:-1]))
    return float(thresholds[i]), float(f1[i]), float(precision[i]), float(recall[i])


def f1_at(scores: np.ndarray, positive: np.ndarray, threshold: float) -> tuple[float, float, float]:
    pred = scores >= threshold
    tp = float((pred & positive).sum())
    p = tp / max(pred.sum(), 1)
    r = tp / max(positive.sum(), 1)
    return 2 * p * r / max(p + r, 1e-12), p, r


def bench_stsb(path: Path) -> dict:
    y, s1, s2, genre = read_stsb(path)
    print(f"\n== STS Benchmark dev: {len(y)} sentence pairs ({path.name}) ==")
    settings = {"pair": 1, "60 sent.": 30, "3000 sent.": len(y)}
    rows: list[tuple[str, Scorer | None]] = [
        ("plain TF-IDF cosine (baseline)", plain),
        ("+ stemming, stop words (numbers dropped)", stems),
        ("+ numbers kept", stems_numbers),
        ("+ sublinear tf  [method='tfidf']", sublinear),
        ("char 2-5-grams alone (all words)", char_raw),
        ("char 2-5-grams of content words [method='char']", char),
        (f"+ char n-grams: {_SENTENCE_WORD_WEIGHT} word + {1 - _SENTENCE_WORD_WEIGHT:.2f} char", word_char_mix),
        ("LSA alone (100 dims, 3000 sent. only) [method='lsa']", _model_scorer(method="lsa")),
        (f"final blend: (that) ** {_SENTENCE_POWER}  [level='sentence']", _model_scorer(level="sentence")),
    ]
    results: dict[tuple[str, str], np.ndarray] = {}
    head = "".join(f"{s:>22s}" for s in settings)
    print(f"{'Pearson (Spearman), weights learned from ->':55s}{head}")
    for name, scorer in rows:
        cells = []
        for setting, size in settings.items():
            if name.startswith("LSA") and size < len(y):
                cells.append(f"{'-':>22s}")
                continue
            s = chunked(scorer, s1, s2, size)
            results[name, setting] = s
            cells.append(f"{pearsonr(s, y)[0]:>13.4f} ({spearmanr(s, y)[0]:.4f})")
        print(f"{name:55s}{''.join(cells)}")
    base = {s: pearsonr(results[rows[0][0], s], y)[0] for s in settings}
    figures: dict = {"pairs": len(y), "pearson": {}, "held-out pearson": {}, "F1-optimal threshold": {}}
    for (name, setting), s in results.items():
        figures["pearson"].setdefault(name, {})[setting] = pearsonr(s, y)[0]
    final = {s: pearsonr(results[rows[-1][0], s], y)[0] for s in settings}
    print("final / plain Pearson ratio:    " + "   ".join(f"{s}: {final[s] / base[s]:.3f}" for s in settings))
    print("Pearson by genre, final blend (60 sent.) vs plain:")
    g = np.array(genre)
    for name in sorted(set(genre)):
        m = g == name
        print(f"   {name:16s} n={m.sum():4d}  final {pearsonr(results[rows[-1][0], '60 sent.'][m], y[m])[0]:.4f}"
              f"  plain {pearsonr(results[rows[0][0], '60 sent.'][m], y[m])[0]:.4f}")

    print("\n-- two-fold cross-validation of the blend (word weight w, power p), random halves, seed 0 --")
    h1, h2 = _halves(len(y))
    shipped = (_SENTENCE_WORD_WEIGHT, _SENTENCE_POWER)
    for setting, size in [("60 sent.", 30), ("3000 sent.", len(y))]:
        W, C = chunked(_word, s1, s2, size), chunked(_char, s1, s2, size)
        held = []
        for name, tr, te in [("fit on half A, test on B", h1, h2), ("fit on half B, test on A", h2, h1)]:
            r, w, p = _best_blend(W[tr], C[tr], y[tr])
            test = pearsonr((w * W[te] + (1 - w) * C[te]) ** p, y[te])[0]
            held.append(test)
            print(f"   [{setting}] {name}: w={w:.1f} p={p:.2f}  train r={r:.4f}  held-out r={test:.4f}")
        fixed = (shipped[0] * W + (1 - shipped[0]) * C) ** shipped[1]
        figures["held-out pearson"][setting] = np.mean(held)
        print(f"   [{setting}] mean held-out Pearson {np.mean(held):.4f};  shipped w={shipped[0]} p={shipped[1]}: "
              f"half A {pearsonr(fixed[h1], y[h1])[0]:.4f}, half B {pearsonr(fixed[h2], y[h2])[0]:.4f}, "
              f"all {pearsonr(fixed, y)[0]:.4f}")

    print(f"\n-- alignment threshold: pairs with human score >= {GOOD} are 'the same thing' --")
    positive = y >= GOOD
    print(f"   positives: {positive.sum()} of {len(y)}")
    for setting in settings:
        s = results[rows[-1][0], setting]
        t, f1, p, r = f1_threshold(s, positive)
        tb, f1b, _, _ = f1_threshold(results[rows[0][0], setting], positive)
        figures["F1-optimal threshold"][setting] = {"threshold": t, "F1": f1, "plain TF-IDF F1": f1b}
        print(f"   [{setting:10s}] F1-optimal threshold {t:.3f}: F1 {f1:.3f} (P {p:.3f}, R {r:.3f});"
              f"  plain TF-IDF: threshold {tb:.3f}, F1 {f1b:.3f}")
    s = results[rows[-1][0], "60 sent."]
    for name, tr, te in [("chosen on A, scored on B", h1, h2), ("chosen on B, scored on A", h2, h1)]:
        t = f1_threshold(s[tr], positive[tr])[0]
        f1, p, r = f1_at(s[te], positive[te], t)
        print(f"   [60 sent.] {name}: threshold {t:.3f}, held-out F1 {f1:.3f} (P {p:.3f}, R {r:.3f})")
    for setting in settings:
        f1, p, r = f1_at(results[rows[-1][0], setting], positive, ALIGN_THRESHOLD)
        print(f"   shipped ALIGN_THRESHOLD = {ALIGN_THRESHOLD}: [{setting:10s}] F1 {f1:.3f} (P {p:.3f}, R {r:.3f})")
    return figures


# ---------------------------------------------------------------------------------------
# Documents
# ---------------------------------------------------------------------------------------
def read_jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


# A matrix scorer learns weights from ``fit`` and returns the len(a) x len(b) similarities.
MatrixScorer = Callable[[list[str], list[str], list[str]], np.ndarray]


def _vec_matrix(make: Callable[[], TfidfVectorizer], pre: Callable[[str], str] = str) -> MatrixScorer:
    def score(fit: list[str], a: list[str], b: list[str]) -> np.ndarray:
        v = make().fit([pre(t) for t in fit])
        return (v.transform([pre(t) for t in a]) @ v.transform([pre(t) for t in b]).T).toarray()
    return score


def _model_matrix(**options) -> MatrixScorer:
    def score(fit: list[str], a: list[str], b: list[str]) -> np.ndarray:
        return TextSimilarity(**options).fit(fit).pairwise(a, b)
    return score


def _mean_matrix(x: MatrixScorer, y: MatrixScorer) -> MatrixScorer:
    return lambda fit, a, b: (x(fit, a, b) + y(fit, a, b)) / 2


DOC_ROWS: list[tuple[str, MatrixScorer]] = [
    ("plain TF-IDF cosine (baseline)", _vec_matrix(lambda: TfidfVectorizer())),
    ("+ stemming, stop words (numbers dropped)", _vec_matrix(lambda: TfidfVectorizer(analyzer=analyze))),
    ("+ numbers kept", _vec_matrix(lambda: TfidfVectorizer(analyzer=_terms))),
    ("+ sublinear tf  [method='tfidf']", _model_matrix(method="tfidf")),
    ("+ char n-grams: mean(word, char)", _mean_matrix(_model_matrix(method="tfidf"), _model_matrix(method="char"))),
    ("LSA alone (100 dims) [method='lsa']", _model_matrix(method="lsa")),
    ("final: word**0.7 * LSA**0.3 if >=1000 texts [blend]", _model_matrix(level="document")),
]


def mrr(S: np.ndarray, target: np.ndarray) -> float:
    """Mean reciprocal rank of column ``target[i]`` in row ``i`` (ties count against)."""
    own = S[np.arange(len(target)), target]
    rank = (S >= own[:, None]).sum(axis=1)
    return float(np.mean(1.0 / rank))


def _split_halves(texts: Sequence[str]) -> tuple[list[str], list[str], list[int]]:
    first, second, kept = [], [], []
    for i, t in enumerate(texts):
        sents = split_sentences(t)
        if len(sents) >= 4:
            m = len(sents) // 2
            first.append(" ".join(sents[:m]))
            second.append(" ".join(sents[m:]))
            kept.append(i)
    return first, second, kept


def bench_documents(bbc_path: Path | None, cnn_path: Path | None) -> dict:
    print("\n== Documents (proxies; no human-rated news pairs available) ==")
    columns: dict[str, Callable[[MatrixScorer], float]] = {}
    if bbc_path is not None:
        bbc = read_jsonl(bbc_path)
        texts = [r["article"] for r in bbc]
        cat = np.array([r["category"] for r in bbc])
        same = cat[:, None] == cat[None, :]
        iu = np.triu_indices(len(texts), 1)
        first, second, _ = _split_halves(texts)
        cache: dict[int, np.ndarray] = {}

        def bbc_matrix(scorer: MatrixScorer) -> np.ndarray:
            if id(scorer) not in cache:
                cache[id(scorer)] = scorer(texts, texts, texts)
            return cache[id(scorer)]

        def bbc_auc(scorer: MatrixScorer) -> float:
            return roc_auc_score(same[iu], bbc_matrix(scorer)[iu])

        def bbc_map(scorer: MatrixScorer) -> float:
            S = bbc_matrix(scorer)
            aps = []
            for i in range(len(texts)):
                others = np.arange(len(texts)) != i
                aps.append(average_precision_score(same[i, others], S[i, others]))
            return float(np.mean(aps))

        columns[f"BBC cat. AUC ({len(texts)})"] = bbc_auc
        columns["BBC cat. MAP"] = bbc_map
        columns[f"BBC half->half MRR ({len(first)})"] = (
            lambda sc: mrr(sc(first + second, first, second), np.arange(len(first))))
        print(f"BBC: {len(texts)} articles, {len(set(cat))} categories; same-story: {len(first)} articles split "
              "in two halves (weights from all halves)")
    if cnn_path is not None:
        cnn = read_jsonl(cnn_path)
        arts = [r["article"] for r in cnn]
        queries, target = [], []
        for i, r in enumerate(cnn):
            for s in split_sentences(r["highlights"]):
                if len(s.split()) >= 4:
                    queries.append(s)
                    target.append(i)
        target_arr = np.array(target)
        highlights = [r["highlights"] for r in cnn]
        columns[f"CNN hl.sent->art MRR ({len(queries)})"] = (
            lambda sc: mrr(sc(arts + highlights, queries, arts), target_arr))
        if bbc_path is not None:
            columns["same, BBC backgr."] = (
                lambda sc: mrr(sc(arts + highlights + texts, queries, arts), target_arr))
        print(f"CNN/DailyMail: {len(arts)} articles, {len(queries)} highlight sentences of >= 4 words")
    if not columns:
        return {}
    widths = {c: max(len(c), 17) + 3 for c in columns}
    print(f"{'(value, ratio to plain TF-IDF)':52s}" + "".join(f"{c:>{widths[c]}s}" for c in columns))
    base: dict[str, float] = {}
    figures = {}
    for name, scorer in DOC_ROWS:
        t0 = time.perf_counter()
        figures[name] = values = {c: f(scorer) for c, f in columns.items()}
        if not base:
            base = values
        cells = "".join(f"{v:>{widths[c] - 9}.4f} (x{v / base[c]:.3f})" for c, v in values.items())
        print(f"{name:52s}{cells}   [{time.perf_counter() - t0:.0f}s]", flush=True)
        if bbc_path is not None:
            cache.clear()
    return figures


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder with the shared data files")
    parser.add_argument("--skip-documents", action="store_true", help="only the STS Benchmark part")
    args = parser.parse_args(argv)
    # "LSA alone" on the 196 CNN/DailyMail texts is below LSA_MIN_DOCUMENTS on purpose:
    # the table shows what it does there.
    warnings.filterwarnings("ignore", message="method='lsa' learned from only")
    sts = args.data / "stsb_dev.tsv"
    bbc = args.data / "bbc_news_summary.jsonl"
    cnn = args.data / "cnndm_dev.jsonl"
    if not any(p.is_file() for p in (sts, bbc, cnn)):
        print(f"skipped: no data found in {args.data} (stsb_dev.tsv, bbc_news_summary.jsonl, cnndm_dev.jsonl)")
        return 0
    figures = {}
    if sts.is_file():
        figures["STS-B dev"] = bench_stsb(sts)
    else:
        print(f"skipped STS Benchmark: {sts} not found")
    if not args.skip_documents:
        missing = [p.name for p in (bbc, cnn) if not p.is_file()]
        if missing:
            print(f"skipped part of the document proxies: {', '.join(missing)} not found")
        figures["documents"] = bench_documents(bbc if bbc.is_file() else None, cnn if cnn.is_file() else None)
    write_results("similarity", figures)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
