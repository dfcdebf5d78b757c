"""What a similarity figure means: its distribution on pairs of the same story, of the same
subject and of different subjects, and how it moves with the corpus the weights come from.

``similarity(a, b)`` learns its term weights (IDF; LSA from 1,000 texts on) from the texts
it is given plus ``background``, so one pair gets another figure alone (``compare A B``),
among 20 articles or among 2,225. This benchmark measures the scale behind the guide in
the README and in ``Comparison.summary()`` (``toolkit.similarity.SIMILARITY_SCALE``).

Groups of pairs (no pair is in two groups):

* **BBC** (``bbc_news_summary.jsonl``, 2,225 articles of 2004-05 in five categories):
  *republished*: the 31 pairs of articles with the same headline and a different text
  (a story published twice, updated or partly rewritten: mostly near-copies; the 98
  byte-identical copies are left out: they score 1.0); *same subject*: random pairs of the same category (business,
  politics, sport, tech, entertainment) with different headlines; *different subjects*:
  random pairs of different categories.
* **ISIS news** (``isis_themes_dev.jsonl``, 40 articles of 2016): *same story*: 5 pairs
  on one event, picked by hand from the titles (Palmyra retaken, the Falluja battle, the
  Dhaka cafe attack, the Nice attack, the Orlando shooting; listed in ``ISIS_SAME_STORY``);
  *same subject*: every other pair of the 30 articles about ISIS (all on ISIS, another
  event).
* **CNN/DailyMail** (``cnndm_dev.jsonl``, 98 articles): an article against *its own*
  highlights (the same story told by someone else in 3-4 sentences) and against another
  article's highlights (another story).

Settings (where the term weights come from):

* ``alone``: the two texts only, ``similarity(a, b)``: what ``newskit compare A B`` and
  ``compare(a, b)`` show;
* ``among 20``: the pair and 18 other articles of the same file, ``similarity_matrix``;
* ``in corpus``: ``similarity_matrix`` over the whole file (BBC: 2,225 texts, so the LSA
  blend is on; the others are under 1,000 texts: word weights only).

Baseline, measured in the same run: plain TF-IDF cosine (scikit-learn's
``TfidfVectorizer()`` with its defaults, fitted on the same texts as the setting).

    .venv/bin/python -m benchmarks.bench_similarity_scale [--data DIR] [--pairs 300]

The figures go to ``benchmarks/results/similarity_scale.json`` (the README's table).
"""
from __future__ import annotations

import argparse
import json
import random
import time
import warnings
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import roc_auc_score

from benchmarks._results import write_results
from toolkit import similarity, similarity_matrix
from toolkit.similarity import SIMILARITY_SCALE

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
QUANTILES = (0.05, 0.25, 0.5, 0.75, 0.95)
AUC: list[dict] = []  # how well each group is told from the next one down, per setting
BANDS: list[dict] = []  # the share of each group's pairs in each band of the guide

#: Pairs of ``isis_themes_dev.jsonl`` on one event, picked by hand from their titles.
ISIS_SAME_STORY = [
    ("2016-03-26-syrian-army-with-russian-air-support-advances-inside-palmyra",
     "2016-03-27-islamic-state-driven-out-of-syrias-ancient-palmyra-city"),
    ("2016-06-01-fear-for-civilians-as-islamic-state-halts-iraqi-army-at-gates-of-falluja",
     "2016-06-09-iraqi-pm-abadi-stakes-leadership-is-campaign-on-falluja-battle"),
    ("2016-07-01-isis-claims-responsibility-for-dhaka-attack-and-hostage-standoff-new-york-times",
     "2016-07-06-chef-at-bangladesh-cafe-probably-working-with-attackers-police"),
    ("2016-07-16-twitter-facebook-move-quickly-to-stem-celebrations-of-nice-attack",
     "2016-07-17-attacker-mohamed-bouhlel-why-did-he-launch-rampage-cnn"),
    ("2016-06-14-florida-gunman-seen-as-self-radicalized-not-directed-from-outside",
     "2016-06-14-democrats-link-guns-to-terrorism-turn-to-gun-control-after-orlando"),
]

Pairs = list[tuple[int, int]]


def _read(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def _sample(candidates: Sequence[tuple[int, int]], n: int, rng: random.Random) -> Pairs:
    return list(candidates) if len(candidates) <= n else rng.sample(list(candidates), n)


def _random_pairs(n_texts: int, n: int, keep, rng: random.Random) -> Pairs:
    """``n`` distinct random pairs (i < j) for which ``keep(i, j)`` holds."""
    seen: set[tuple[int, int]] = set()
    for _ in range(n * 200):
        if len(seen) == n:
            break
        i, j = sorted(rng.sample(range(n_texts), 2))
        if keep(i, j):
            seen.add((i, j))
    return sorted(seen)


def _plain_cosine(texts: Sequence[str]) -> np.ndarray:
    X = TfidfVectorizer().fit_transform(texts)
    return (X @ X.T).toarray()


def _scores(texts: Sequence[str], groups: dict[str, Pairs], *, rng: random.Random,
            settings: Sequence[str]) -> dict[tuple[str, str], tuple[np.ndarray, np.ndarray]]:
    """(group, setting) -> (toolkit scores, plain TF-IDF scores) of the group's pairs."""
    out: dict[tuple[str, str], tuple[np.ndarray, np.ndarray]] = {}
    everyone = range(len(texts))
    if "in corpus" in settings:
        S = similarity_matrix(list(texts))
        P = _plain_cosine(texts)
    for name, pairs in groups.items():
        for setting in settings:
            ours, plain = [], []
            for i, j in pairs:
                if setting == "alone":
                    ours.append(similarity(texts[i], texts[j]))
                    plain.append(_plain_cosine([texts[i], texts[j]])[0, 1])
                elif setting == "among 20":
                    others = rng.sample([k for k in everyone if k not in (i, j)], 18)
                    sub = [texts[i], texts[j]] + [texts[k] for k in others]
                    ours.append(similarity_matrix(sub)[0, 1])
                    plain.append(_plain_cosine(sub)[0, 1])
                else:
                    ours.append(S[i, j])
                    plain.append(P[i, j])
            out[(name, setting)] = (np.asarray(ours, float), np.asarray(plain, float))
    return out


def _report(title: str, scores, settings: Sequence[str], groups: Sequence[str],
            labels: Sequence[str]) -> list[dict]:
    """Print the table of one data set; return its groups' figures (lowest group first)."""
    print(f"\n{title}")
    label_of = dict(zip(groups, labels))
    head = "  ".join(f"q{int(q * 100):02d}" for q in QUANTILES)
    print(f"{'group':<34}{'setting':<11}{'pairs':>6}   toolkit: {head}   plain TF-IDF: median  (ratio)")
    for setting in settings:
        for group in groups:
            ours, plain = scores[(group, setting)]
            if not len(ours):
                continue
            qs = "  ".join(f"{v:.2f}" for v in np.quantile(ours, QUANTILES))
            med, pmed = float(np.median(ours)), float(np.median(plain))
            ratio = f"({med / pmed:.2f}x)" if pmed > 0 else ""
            print(f"{group:<34}{setting:<11}{len(ours):>6}            {qs}                 {pmed:.2f}  {ratio}")
        # How well the figure tells each group from the next one down (ROC AUC).
        for hi, lo in zip(groups, groups[1:]):
            a, b = scores[(hi, setting)][0], scores[(lo, setting)][0]
            pa, pb = scores[(hi, setting)][1], scores[(lo, setting)][1]
            if len(a) and len(b):
                y = np.r_[np.ones(len(a)), np.zeros(len(b))]
                print(f"  {setting}: AUC {hi!r} above {lo!r}: toolkit {roc_auc_score(y, np.r_[a, b]):.3f}, "
                      f"plain TF-IDF {roc_auc_score(y, np.r_[pa, pb]):.3f}")
                AUC.append({"above": label_of[hi], "below": label_of[lo], "setting": setting,
                            "toolkit": roc_auc_score(y, np.r_[a, b]), "plain TF-IDF": roc_auc_score(y, np.r_[pa, pb])})
    out = []
    for group in reversed(groups):
        cells = {}
        for setting in settings:
            ours, plain = scores[(group, setting)]
            if len(ours):
                q = np.quantile(ours, QUANTILES)
                cells[setting] = {f"q{int(k * 100):02d}": v for k, v in zip(QUANTILES, q)}
                cells[setting]["plain TF-IDF median"] = float(np.median(plain))
        out.append({"label": label_of[group], "pairs": len(scores[(group, settings[0])][0]), "settings": cells})
    return out


def _guide_check(scores, settings: Sequence[str], groups: Sequence[str]) -> None:
    """Where each group's pairs fall in the bands of SIMILARITY_SCALE (the shipped guide)."""
    bands = [label for _, label in SIMILARITY_SCALE]
    print("  share of pairs in each band of the guide (" + ", ".join(
        f"{label} from {low:.2f}" for low, label in SIMILARITY_SCALE) + "):")
    lows = np.array([low for low, _ in SIMILARITY_SCALE])
    for setting in settings:
        for group in groups:
            ours = scores[(group, setting)][0]
            if not len(ours):
                continue
            idx = np.searchsorted(lows, ours, side="right") - 1
            shares = [f"{np.mean(idx == k):4.0%}" for k in range(len(bands))]
            BANDS.append({"group": group, "setting": setting,
                          "shares": {band: np.mean(idx == k) for k, band in enumerate(bands)}})
            print(f"    {setting:<10} {group:<34} " + " / ".join(shares))


def bbc(path: Path, n_pairs: int, rng: random.Random) -> list[dict]:
    recs = _read(path)
    texts = [r["article"] for r in recs]
    heads = [t.split("\n", 1)[0].strip().lower() for t in texts]
    cats = [r["category"] for r in recs]
    by_head: dict[str, list[int]] = defaultdict(list)
    for k, h in enumerate(heads):
        by_head[h].append(k)
    same_story = [(i, j) for ks in by_head.values() for x, i in enumerate(ks) for j in ks[x + 1:]
                  if texts[i] != texts[j]]
    groups = {
        "republished (same headline)": same_story,
        "same subject (same category)": _random_pairs(
            len(texts), n_pairs, lambda i, j: cats[i] == cats[j] and heads[i] != heads[j], rng),
        "different subjects (categories)": _random_pairs(
            len(texts), n_pairs, lambda i, j: cats[i] != cats[j], rng),
    }
    settings = ("alone", "among 20", "in corpus")
    scores = _scores(texts, groups, rng=rng, settings=settings)
    out = _report(f"BBC ({len(texts):,} articles; in corpus: LSA blend on)", scores, settings, list(groups),
                  ["BBC, same headline, other text", "BBC, same category", "BBC, different categories"])
    _guide_check(scores, settings, list(groups))
    return out


def isis(path: Path, rng: random.Random) -> list[dict]:
    recs = _read(path)
    texts = [f"{r['title']}\n\n{r['text']}" for r in recs]
    index = {r["id"]: k for k, r in enumerate(recs)}
    story = [tuple(sorted((index[a], index[b]))) for a, b in ISIS_SAME_STORY]
    on = [k for k, r in enumerate(recs) if r["on_topic"]]
    subject = [(i, j) for x, i in enumerate(on) for j in on[x + 1:] if (i, j) not in story]
    groups = {"same story (one event, by hand)": story, "same subject (ISIS, other event)": subject}
    settings = ("alone", "among 20", "in corpus")
    scores = _scores(texts, groups, rng=rng, settings=settings)
    out = _report(f"ISIS news ({len(texts)} articles; 30 on ISIS)", scores, settings, list(groups),
                  ["ISIS news 2016, one event (by hand)", "ISIS news 2016, another event"])
    _guide_check(scores, settings, list(groups))
    return out


def cnndm(path: Path, rng: random.Random) -> list[dict]:
    recs = _read(path)
    n = len(recs)
    texts = [r["article"] for r in recs] + [r["highlights"] for r in recs]
    own = [(k, n + k) for k in range(n)]
    other = [(k, n + (k + 1 + rng.randrange(n - 1)) % n) for k in range(n)]
    groups = {"article vs its own highlights": own, "article vs other highlights": other}
    settings = ("alone", "in corpus")
    scores = _scores(texts, groups, rng=rng, settings=settings)
    return _report(f"CNN/DailyMail ({n} articles + their highlights)", scores, settings, list(groups),
                   ["CNN/DailyMail article vs its own highlights", "CNN/DailyMail article vs another's highlights"])


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder with the shared data files")
    parser.add_argument("--pairs", type=int, default=300, help="random BBC pairs per group (default 300)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    warnings.filterwarnings("ignore")  # the not-English guess on BBC sports results tables
    start = time.perf_counter()
    found = False
    groups: list[dict] = []
    for name, run in (("bbc_news_summary.jsonl", lambda p: bbc(p, args.pairs, random.Random(args.seed))),
                      ("isis_themes_dev.jsonl", lambda p: isis(p, random.Random(args.seed))),
                      ("cnndm_dev.jsonl", lambda p: cnndm(p, random.Random(args.seed)))):
        path = args.data / name
        if not path.exists():
            print(f"skipped: {path} not found")
            continue
        found = True
        groups += run(path)
    if found:
        print(f"\n({time.perf_counter() - start:.0f} s; quantiles q05..q95 of the toolkit's similarity; "
              "ratio = toolkit median / plain TF-IDF median)")
        write_results("similarity_scale", {"groups": groups, "auc": AUC, "bands": BANDS,
                                           "scale": [list(band) for band in SIMILARITY_SCALE],
                                           "random BBC pairs per group": args.pairs, "seed": args.seed})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
