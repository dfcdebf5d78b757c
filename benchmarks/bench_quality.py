"""Summary quality: ROUGE on CNN/DailyMail against Lead-3 and sumy, and sentence F1 on BBC.

Part 1 -- ROUGE (default data ``../shared/data/cnndm_dev.jsonl``, records ``{article,
highlights}``): 3-sentence summaries scored against the highlights with ``rouge-score``
(ROUGE-1, ROUGE-2 and ROUGE-Lsum F1, Porter stemmer; for Lsum the sentences of both sides are
separated by newlines). Systems, all on the same sentences (``toolkit.split_sentences``):

* ``toolkit``: :func:`toolkit.summarize_many` with its defaults (IDF from each article);
* ``toolkit (corpus IDF)``: ``Summarizer(idf="corpus")`` fitted on the evaluated articles'
  texts (no reference summary is used: this is what a user with a corpus would do);
* ``toolkit (BBC IDF)``: the same, fitted on the 2,225 BBC articles instead (another news
  corpus, when ``--bbc`` is there): how much the gain depends on where the IDF comes from;
* ``Lead-3`` (the first three sentences) and ``Random-3`` (fixed seed);
* sumy's LexRank, TextRank, LSA, Luhn, SumBasic and KL on our sentences (see
  ``_summary_bench.py``).

Besides the table: the share of articles where toolkit's choice differs from the first
three sentences, its margin over Lead-3 on each half of the file (stability) and a paired
bootstrap 95% interval of that margin. ``--sweep`` adds the small parameter study behind
the defaults: a grid over ``position`` x ``diversity`` with the margin on each half, and a
two-fold check (choose on one half, measure on the other).

Part 2 -- BBC (``../shared/data/bbc_news_summary.jsonl``; its reference summaries are
sentences copied from the article): each system keeps 40% of the body's sentences
(``ratio=0.4``, rounded, at least one; the same count for every system), and we report
sentence precision, recall and F1 against the reference sentences, averaged over
articles. A body sentence counts as a reference sentence when its text, lower-cased and
without white space, occurs in the reference summary (also stripped of white space, since
the reference runs its sentences together) right after the start or a sentence end.
toolkit gets the title (``Article(title=...)``); the baselines only the body. The row
``toolkit (position=None)`` drops the position prior: these references are spread over
the whole article (they look machine-chosen by centrality), unlike news highlights.

Run::

    .venv/bin/pip install -r benchmarks/requirements.txt
    .venv/bin/python -m benchmarks.bench_quality [--data FILE] [--bbc FILE] [--sweep] [--no-sumy]

Each part is skipped with a message when its file is absent.
"""
from __future__ import annotations

import argparse
import math
import re
import statistics
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from benchmarks._results import write_results
from benchmarks._summary_bench import (  # noqa: E402
    DEFAULT_DATA,
    lead,
    random_picker,
    read_jsonl,
    rouge_scorer,
    split_bbc,
    sumy_pickers,
)

from toolkit import Article, Summarizer, split_sentences  # noqa: E402
from toolkit.summarizing import DEFAULT_DIVERSITY, DEFAULT_POSITION  # noqa: E402

N_SENTENCES = 3
BBC_RATIO = 0.4


# ---------------------------------------------------------------------------------------
# Part 1: ROUGE
# ---------------------------------------------------------------------------------------
def _timed_runner(systems: dict, seconds: dict):
    """A ``run(name, fn)`` that stores ``fn()`` in ``systems`` and its wall time in ``seconds``."""
    def run(name: str, fn) -> None:
        start = time.perf_counter()
        systems[name] = fn()
        seconds[name] = time.perf_counter() - start
    return run


def toolkit_picks(texts: Sequence, sentence_lists: Sequence[list[str]], summarizer: Summarizer,
                  **length: float) -> list[list[int]]:
    summaries = summarizer.summarize_many(texts, **length)
    for summary, sentences in zip(summaries, sentence_lists):
        assert summary.all_sentences == sentences, "toolkit must see the same sentences as the baselines"
    return [s.indices for s in summaries]


def rouge_table(records: list[dict], *, use_sumy: bool, seed: int, n_boot: int, sweep: bool,
                background: list[str]) -> dict:
    score = rouge_scorer()
    if isinstance(score, str):
        print(score)
        return {}
    articles = [r["article"] for r in records]
    sentence_lists = [split_sentences(a) for a in articles]
    references = ["\n".join(split_sentences(r["highlights"])) for r in records]

    def rouge_of(picks: list[list[int]]) -> np.ndarray:
        return np.array([
            score(ref, "\n".join(sents[i] for i in idx))
            for ref, sents, idx in zip(references, sentence_lists, picks)
        ])

    systems: dict[str, list[list[int]]] = {}
    seconds: dict[str, float] = {}
    run = _timed_runner(systems, seconds)

    run("toolkit", lambda: toolkit_picks(articles, sentence_lists, Summarizer(n_sentences=N_SENTENCES)))
    run("toolkit (corpus IDF)", lambda: toolkit_picks(
        articles, sentence_lists, Summarizer(n_sentences=N_SENTENCES, idf="corpus").fit(articles)))
    if background:
        run("toolkit (BBC IDF)", lambda: toolkit_picks(
            articles, sentence_lists, Summarizer(n_sentences=N_SENTENCES, idf="corpus").fit(background)))
    run("Lead-3", lambda: [lead(s, N_SENTENCES) for s in sentence_lists])
    rand = random_picker(seed)
    run(f"Random-3 (seed {seed})", lambda: [rand(s, N_SENTENCES) for s in sentence_lists])
    sumy_note = None
    if use_sumy:
        pickers = sumy_pickers()
        if isinstance(pickers, str):
            sumy_note = pickers
        else:
            for name, pick in pickers.items():
                run(f"sumy {name}", lambda pick=pick: [pick(s, N_SENTENCES) for s in sentence_lists])

    scores = {name: rouge_of(picks) for name, picks in systems.items()}
    lead_scores = scores["Lead-3"]
    first3 = [list(range(min(N_SENTENCES, len(s)))) for s in sentence_lists]

    print(f"ROUGE F1 of {N_SENTENCES}-sentence summaries on {len(records)} articles "
          f"(rouge-score, Porter stemmer; Lsum on newline-separated sentences)")
    print(f"toolkit parameters: position={DEFAULT_POSITION}, diversity={DEFAULT_DIVERSITY}\n")
    header = f"{'system':24s} {'R-1':>6s} {'R-2':>6s} {'R-Lsum':>7s} {'dR-1':>6s} {'dR-2':>6s} {'dR-Ls':>6s} " \
             f"{'not lead':>8s} {'seconds':>8s}"
    print(header)
    print("-" * len(header))
    figures: dict = {"articles": len(records), "systems": {}, "margins over Lead-3": {}}
    for name, s in scores.items():
        m = s.mean(axis=0)
        d = m - lead_scores.mean(axis=0)
        differs = np.mean([p != f for p, f in zip(systems[name], first3)])
        figures["systems"][name] = {"R-1": m[0], "R-2": m[1], "R-Lsum": m[2], "not the first 3": differs}
        print(f"{name:24s} {m[0]:6.2f} {m[1]:6.2f} {m[2]:7.2f} {d[0]:+6.2f} {d[1]:+6.2f} {d[2]:+6.2f} "
              f"{differs:8.0%} {seconds[name]:8.2f}")
    if sumy_note:
        print(sumy_note)
    print("(dR = difference from Lead-3; 'not lead' = share of articles whose chosen set is not "
          "the first three sentences)\n")

    half = len(records) // 2
    rng = np.random.default_rng(seed)
    boot = rng.integers(0, len(records), size=(n_boot, len(records)))
    for name in [n for n in scores if n.startswith("toolkit")]:
        diff = scores[name] - lead_scores
        a, b = diff[:half].mean(axis=0), diff[half:].mean(axis=0)
        means = diff[boot].mean(axis=1)
        lo, hi = np.percentile(means, [2.5, 97.5], axis=0)
        wins = (diff[:, 0] > 0).sum(), (diff[:, 0] == 0).sum(), (diff[:, 0] < 0).sum()
        print(f"{name}: margin over Lead-3, R-1 / R-2 / R-Lsum")
        print(f"  first half  ({half:3d} articles): {a[0]:+.2f} / {a[1]:+.2f} / {a[2]:+.2f}")
        print(f"  second half ({len(records) - half:3d} articles): {b[0]:+.2f} / {b[1]:+.2f} / {b[2]:+.2f}")
        print(f"  bootstrap 95% interval ({n_boot} resamples): R-1 [{lo[0]:+.2f}, {hi[0]:+.2f}], "
              f"R-2 [{lo[1]:+.2f}, {hi[1]:+.2f}], R-Lsum [{lo[2]:+.2f}, {hi[2]:+.2f}]")
        print(f"  articles better / same / worse than Lead-3 on R-1: {wins[0]} / {wins[1]} / {wins[2]}")
        figures["margins over Lead-3"][name] = {"first half": a.tolist(), "second half": b.tolist(),
                                                "bootstrap 95% R-1": [lo[0], hi[0]]}
    print()

    if sweep:
        parameter_sweep(articles, sentence_lists, rouge_of, lead_scores, half)
    return figures


def parameter_sweep(articles, sentence_lists, rouge_of, lead_scores, half) -> None:
    """The grid behind the defaults, with a two-fold check across the halves."""
    grid = [(p, d) for p in (1.0, 2.0, 4.0, 8.0, None) for d in (0.0, 0.2, 0.4, 0.6)]
    rows = []
    print("parameter sweep (margin over Lead-3, R-1 / R-2, on each half):")
    print(f"{'position':>8s} {'diversity':>9s} {'first half':>15s} {'second half':>15s} {'all':>15s} {'not lead':>8s}")
    first3 = [list(range(min(N_SENTENCES, len(s)))) for s in sentence_lists]
    for p, d in grid:
        picks = toolkit_picks(articles, sentence_lists, Summarizer(n_sentences=N_SENTENCES, position=p, diversity=d))
        diff = rouge_of(picks) - lead_scores
        a, b, c = diff[:half].mean(0), diff[half:].mean(0), diff.mean(0)
        differs = np.mean([x != f for x, f in zip(picks, first3)])
        rows.append((p, d, a, b))
        print(f"{str(p):>8s} {d:9.1f} {a[0]:+7.2f}/{a[1]:+6.2f} {b[0]:+7.2f}/{b[1]:+6.2f} "
              f"{c[0]:+7.2f}/{c[1]:+6.2f} {differs:8.0%}")
    for train, test, label in ((2, 3, "first"), (3, 2, "second")):
        best = max(rows, key=lambda r: r[train][0] + r[train][1])
        other = "second" if label == "first" else "first"
        print(f"chosen on the {label} half: position={best[0]}, diversity={best[1]} -> on the {other} half "
              f"R-1 {best[test][0]:+.2f}, R-2 {best[test][1]:+.2f}")
    print()


# ---------------------------------------------------------------------------------------
# Part 2: BBC sentence precision / recall
# ---------------------------------------------------------------------------------------
_SPACE = re.compile(r"\s+")


def _norm(text: str) -> str:
    return _SPACE.sub("", text.lower())


def reference_positions(sentences: Sequence[str], summary: str) -> set[int]:
    """Positions of the body sentences that the extractive reference summary contains."""
    ref = _norm(summary)
    found = set()
    for i, sentence in enumerate(sentences):
        s = _norm(sentence)
        if not s:
            continue
        start = ref.find(s)
        while start != -1:
            # Only at a sentence start, so a short sentence does not match inside a longer one.
            if start == 0 or ref[start - 1] in ".!?\"'”’)":
                found.add(i)
                break
            start = ref.find(s, start + 1)
    return found


def bbc_table(records: list[dict], *, use_sumy: bool, seed: int) -> dict:
    titles, bodies = zip(*(split_bbc(r["article"]) for r in records))
    sentence_lists = [split_sentences(b) for b in bodies]
    refs = [reference_positions(s, r["summary"]) for s, r in zip(sentence_lists, records)]
    keep = [i for i, (s, ref) in enumerate(zip(sentence_lists, refs)) if s and ref]
    ks = [max(1, min(len(s), math.floor(BBC_RATIO * len(s) + 0.5))) for s in sentence_lists]

    systems: dict[str, list[list[int]]] = {}
    seconds: dict[str, float] = {}
    run = _timed_runner(systems, seconds)

    with_title = [Article(text=b, title=t) for t, b in zip(titles, bodies)]
    run("toolkit (with title)", lambda: toolkit_picks(with_title, sentence_lists, Summarizer(), ratio=BBC_RATIO))
    run("toolkit (body only)", lambda: toolkit_picks(list(bodies), sentence_lists, Summarizer(), ratio=BBC_RATIO))
    run("toolkit (position=None)", lambda: toolkit_picks(with_title, sentence_lists, Summarizer(position=None),
                                                         ratio=BBC_RATIO))
    run("Lead-k", lambda: [lead(s, k) for s, k in zip(sentence_lists, ks)])
    rand = random_picker(seed)
    run(f"Random-k (seed {seed})", lambda: [rand(s, k) for s, k in zip(sentence_lists, ks)])
    if use_sumy:
        pickers = sumy_pickers(("LexRank", "TextRank"))
        if isinstance(pickers, str):
            print(pickers)
        else:
            for name, pick in pickers.items():
                run(f"sumy {name}", lambda pick=pick: [pick(s, k) for s, k in zip(sentence_lists, ks)])

    share = statistics.mean(len(refs[i]) / len(sentence_lists[i]) for i in keep)
    print(f"BBC: sentence precision / recall / F1 against the extractive references, {len(keep)} of "
          f"{len(records)} articles (references found in the body: on average {share:.0%} of its "
          f"sentences); every system keeps ratio={BBC_RATIO} of the sentences")
    header = f"{'system':24s} {'precision':>9s} {'recall':>7s} {'F1':>6s} {'seconds':>8s}"
    print(header)
    print("-" * len(header))
    figures: dict = {"articles": len(keep), "systems": {}}
    for name, picks in systems.items():
        p, r, f = [], [], []
        for i in keep:
            hit = len(set(picks[i]) & refs[i])
            pi, ri = hit / len(picks[i]), hit / len(refs[i])
            p.append(pi)
            r.append(ri)
            f.append(0.0 if hit == 0 else 2 * pi * ri / (pi + ri))
        print(f"{name:24s} {100 * np.mean(p):9.1f} {100 * np.mean(r):7.1f} {100 * np.mean(f):6.1f} "
              f"{seconds[name]:8.2f}")
        figures["systems"][name] = {"precision": 100 * np.mean(p), "recall": 100 * np.mean(r), "F1": 100 * np.mean(f)}
    print()
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA / "cnndm_dev.jsonl",
                        help="JSONL with {article, highlights} (default: %(default)s)")
    parser.add_argument("--bbc", type=Path, default=DEFAULT_DATA / "bbc_news_summary.jsonl",
                        help="BBC JSONL with {article, summary} (default: %(default)s)")
    parser.add_argument("--limit", type=int, default=None, help="use only the first N records of each file")
    parser.add_argument("--seed", type=int, default=0, help="seed of the random baseline and the bootstrap")
    parser.add_argument("--bootstrap", type=int, default=2000, help="bootstrap resamples (default: %(default)s)")
    parser.add_argument("--no-sumy", action="store_true", help="leave out sumy's summarizers")
    parser.add_argument("--no-bbc", action="store_true", help="leave out the BBC part")
    parser.add_argument("--sweep", action="store_true", help="add the parameter sweep behind the defaults")
    args = parser.parse_args(argv)

    figures = {}
    if args.data.is_file():
        background = [r["article"] for r in read_jsonl(args.bbc)] if args.bbc.is_file() else []
        figures["rouge"] = rouge_table(read_jsonl(args.data, args.limit), use_sumy=not args.no_sumy, seed=args.seed,
                                       n_boot=args.bootstrap, sweep=args.sweep, background=background)
    else:
        print(f"skipped ROUGE: {args.data} not found")
    if not args.no_bbc and args.bbc.is_file():
        figures["bbc"] = bbc_table(read_jsonl(args.bbc, args.limit), use_sumy=not args.no_sumy, seed=args.seed)
    elif not args.no_bbc:
        print(f"skipped BBC: {args.bbc} not found")
    if figures:
        write_results("quality", figures, packages=("sumy", "rouge-score"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
