"""How well `tag_themes` finds the themes a careful reader finds, on articles it never saw.

Data: ``../shared/data/isis_themes_dev.jsonl`` (40 articles of 2016 with a label on every
sentence: 30 about ISIS, 10 about related subjects; rules in ``../shared/THEMES_LABELLING.md``)
and the two seeds with their hand labels. Every figure of the learned tagger is
cross-validated **by article**: the articles are split into 5 folds, and each fold is tagged
by a model trained on the other four (never an article the model learned from). Three
taggers run side by side in the same run:

* ``before``: the tagger of the previous release: the previous theme file
  (benchmarks/fixtures/themes_before.toml), evidence words alone, no subject rule;
* ``terms + rules``: today's theme file without its model: evidence words, the subject rule
  (ISIS-specific themes only for sentences about ISIS), headlines and credits untagged;
* ``learned``: today's default, a ThemeTagger on top of the same rules (cross-validated),
  trained on the other folds' articles and on the project's written training articles
  (``scripts/theme_training/``: written from the labelling rules alone, never scored). Two
  variants show what each source gives: the labelled articles only (cross-validated), and
  the written articles only (a model that never saw an article of the data set).

Scores (as the issue defines them): micro P/R/F1 over sentence x theme decisions on the 30
ISIS articles, with ``must`` labels as gold and ``ok`` labels neither rewarded nor penalised;
per-theme P/R/F1; on the 10 related-subject articles, the share of sentences with a false tag
(a theme in neither ``must`` nor ``ok``); the calibration of the learned probabilities
(reliability per probability bin). Then, with the shipped model: the seeds' theme shares and
contrasts, the share of the 2,225 BBC articles' sentences tagged, and the throughput of
``tag_themes`` against ``before`` in the same run (CPU time).

Run:  .venv/bin/python -m benchmarks.bench_themes [--data ../shared/data] [--folds 5] [--splits 3] [--limit N]
"""
from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from benchmarks._results import write_results  # noqa: E402
from benchmarks.theme_data import (DEFAULT_DATA, LabelledArticle, dev_articles, fit_tagger, seed_articles,  # noqa: E402
                                   written_articles)

from toolkit import DEFAULT_THEMES, load_article, load_themes, tag_themes  # noqa: E402
from toolkit.themes import ThemeSet, tag_sentences  # noqa: E402

BEFORE = ThemeSet(load_themes(ROOT / "benchmarks" / "fixtures" / "themes_before.toml"))
TERMS_AND_RULES = ThemeSet(DEFAULT_THEMES, subject=DEFAULT_THEMES.subject)
IDS = [t.id for t in DEFAULT_THEMES]


#: How many times the labelled articles are tagged for their speed figure (40 articles are few).
ISIS_ROUNDS = 10


def tag(sentences: Sequence[str], themes: ThemeSet) -> list[set[str]]:
    return [set(t) for t in tag_sentences(list(sentences), themes, context=True)["themes"]]


def cross_validated(articles: list[LabelledArticle], folds: int, split: int = 0, share: float = 1.0,
                    extra: Sequence[LabelledArticle] = ()) -> tuple[list[list[set[str]]], list[np.ndarray]]:
    """Tags and probabilities of each article from a model trained on the other folds.

    ``split``: which random split into folds; ``share``: train on only this share of the
    other folds' articles (drawn at random, at least 4): the learning curve. ``extra``:
    articles added to every fold's training (the written training articles), never scored.
    """
    order = np.random.RandomState(split).permutation(len(articles))
    preds: list = [None] * len(articles)
    probas: list = [None] * len(articles)
    for f in range(folds):
        test = set(order[f::folds].tolist())
        train = [a for i, a in enumerate(articles) if i not in test]
        if share < 1.0:
            keep = np.random.RandomState(1000 * split + f).permutation(len(train))[:max(4, round(share * len(train)))]
            train = [train[i] for i in sorted(keep)]
        train = train + list(extra)
        tagger = fit_tagger(train, TERMS_AND_RULES)
        themes = ThemeSet(DEFAULT_THEMES, subject=DEFAULT_THEMES.subject, model=tagger)
        for i in test:
            tags = tag_sentences(list(articles[i].sentences), themes, context=True)
            preds[i] = [set(t) for t in tags["themes"]]
            probas[i] = tags[IDS].to_numpy()
    return preds, probas


def learning_curve(dev: list[LabelledArticle], pool: list[LabelledArticle], folds: int,
                   full: list[float], extra: Sequence[LabelledArticle] = ()) -> list[dict]:
    """Cross-validated F1 when the model learns from fewer articles: what more labelled articles would buy.

    ``full``: the F1 of each fold split with all the training articles (already measured),
    one per split; the smaller shares are measured on the same splits.
    """
    out = []
    n_train = len(pool) - len(pool) // folds
    print("\nlearning curve (CV F1 on the same held-out folds, training on a share of the other folds' articles"
          + (" and all the written ones):" if extra else "):"))
    for share in (0.25, 0.5, 0.75, 1.0):
        f1 = full if share == 1.0 else [score(dev, cross_validated(pool, folds, split, share, extra)[0][:len(dev)])[0]["F1"]
                                         for split in range(len(full))]
        out.append({"share": share, "training_articles": max(4, round(share * n_train)), "F1_mean": float(np.mean(f1)),
                    "F1_min": float(np.min(f1)), "F1_max": float(np.max(f1))})
        print(f"  about {out[-1]['training_articles']:3d} training articles: F1 {np.mean(f1):.3f} "
              f"(splits: {', '.join(f'{x:.3f}' for x in f1)})")
    return out


def score(articles: Sequence[LabelledArticle], preds: Sequence[list[set[str]]]) -> tuple[dict, pd.DataFrame]:
    tp, fp, fn = Counter(), Counter(), Counter()
    false = related = 0
    for art, pred in zip(articles, preds):
        for p, must, ok in zip(pred, art.must, art.ok):
            if not art.on_topic:
                related += 1
                false += bool(p - must - ok)
                continue
            for t in IDS:
                tp[t] += t in p and t in must
                fp[t] += t in p and t not in must and t not in ok
                fn[t] += t in must and t not in p
    rows = [{"theme": t, "support": tp[t] + fn[t], "P": tp[t] / max(1, tp[t] + fp[t]),
             "R": tp[t] / max(1, tp[t] + fn[t]), "F1": 2 * tp[t] / max(1, 2 * tp[t] + fp[t] + fn[t])} for t in IDS]
    T, F, N = sum(tp.values()), sum(fp.values()), sum(fn.values())
    return ({"P": T / max(1, T + F), "R": T / max(1, T + N), "F1": 2 * T / max(1, 2 * T + F + N),
             "related false": false / max(1, related)}, pd.DataFrame(rows).set_index("theme"))


def calibration(articles: Sequence[LabelledArticle], probas: Sequence[np.ndarray]) -> pd.DataFrame:
    """Mean predicted probability against the share of gold tags, per probability bin (ISIS articles)."""
    p, y = [], []
    for art, pr in zip(articles, probas):
        if not art.on_topic:
            continue
        for row, must, ok in zip(pr, art.must, art.ok):
            for k, t in enumerate(IDS):
                if t not in ok:
                    p.append(row[k])
                    y.append(t in must)
    p, y = np.array(p), np.array(y, dtype=float)
    bins = pd.cut(p, [0, 0.1, 0.2, 0.3, 0.5, 0.7, 1.0], include_lowest=True)
    table = pd.DataFrame({"p": p, "gold": y}).groupby(bins, observed=True).agg(
        n=("p", "size"), mean_probability=("p", "mean"), share_gold=("gold", "mean"))
    table.attrs["ece"] = float((table.n * (table.mean_probability - table.share_gold).abs()).sum() / len(p))
    return table


def bbc_articles(data: Path, limit: int | None) -> list[str] | None:
    path = data / "bbc_news_summary.jsonl"
    if not path.is_file():
        return None
    out = []
    with path.open(encoding="utf-8") as f:
        for line in f:
            out.append(json.loads(line)["article"].partition("\n")[2])
            if limit is not None and len(out) >= limit:
                break
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--limit", type=int, default=None, help="use only the first N BBC articles")
    parser.add_argument("--splits", type=int, default=3, help="other random fold splits to repeat the CV on")
    parser.add_argument("--no-curve", dest="curve", action="store_false",
                        help="skip the learning curve (the CV with a quarter, half, three quarters of the training articles)")
    args = parser.parse_args(argv)
    dev = dev_articles(args.data)
    if dev is None:
        print(f"skipped: {args.data / 'isis_themes_dev.jsonl'} not found (the labelled theme set)")
        return 0
    seeds = seed_articles()
    pool = dev + seeds
    n_isis = sum(a.on_topic for a in dev)
    print(f"== {len(dev)} labelled articles ({n_isis} about ISIS, {len(dev) - n_isis} related subjects), "
          f"{sum(len(a.sentences) for a in dev)} sentences; the learned tagger cross-validated by article "
          f"({args.folds} folds over these and the 2 seeds)")
    written = written_articles()
    n_written = sum(len(a.sentences) for a in written)
    print(f"   + {len(written)} written training articles ({n_written} sentences, "
          "scripts/theme_training/) in every fold's training, never scored")
    learned, probas = cross_validated(pool, args.folds, extra=written)
    labelled_only, _ = cross_validated(pool, args.folds)
    # A model that never saw a labelled article of the data set: how far the written articles alone carry.
    from_written_themes = ThemeSet(DEFAULT_THEMES, subject=DEFAULT_THEMES.subject,
                                   model=fit_tagger(written, TERMS_AND_RULES))
    runs = {"before": [tag(a.sentences, BEFORE) for a in dev],
            "terms + rules": [tag(a.sentences, TERMS_AND_RULES) for a in dev],
            "learned, written articles only": [tag(a.sentences, from_written_themes) for a in dev],
            "learned, labelled articles only (CV)": labelled_only[:len(dev)],
            "learned (CV)": learned[:len(dev)]}
    tables, overall_of = {}, {}
    print(f"\n{'tagger':38s} {'P':>6s} {'R':>6s} {'F1':>6s}   false tags, related articles")
    for name, preds in runs.items():
        overall, tables[name] = score(dev, preds)
        overall_of[name] = overall
        print(f"{name:38s} {overall['P']:6.3f} {overall['R']:6.3f} {overall['F1']:6.3f}   "
              f"{overall['related false']:.1%} of sentences")
    again: list[dict] = []
    if args.splits > 1:  # how much the figure moves with the split alone (40 articles are few)
        again = [score(dev, cross_validated(pool, args.folds, split, extra=written)[0][:len(dev)])[0]
                 for split in range(1, args.splits)]
        print("learned (CV), other fold splits: " + ", ".join(
            f"F1 {o['F1']:.3f} / false {o['related false']:.1%}" for o in again))
    full = [overall_of["learned (CV)"]["F1"]] + [o["F1"] for o in again]
    curve = learning_curve(dev, pool, args.folds, full, written) if args.curve else []
    per_theme = pd.concat({name: tables[name][["P", "R", "F1"]] for name in ("before", "learned (CV)")}, axis=1)
    per_theme.insert(0, ("", "support"), tables["before"].support)
    print("\nper theme (ISIS articles, must labels):")
    print(per_theme.round(3).to_string())
    seeds_cv, _ = score(seeds, learned[len(dev):])
    seeds_before, _ = score(seeds, [tag(a.sentences, BEFORE) for a in seeds])
    print(f"\nseeds, unseen by the model (CV): F1 {seeds_cv['F1']:.3f} (before: {seeds_before['F1']:.3f}, "
          "whose words were written from the seeds)")
    cal = calibration(pool, probas)
    print(f"\ncalibration of the learned probabilities (CV, ISIS articles; ECE {cal.attrs['ece']:.3f}):")
    print(cal.round(3).to_string())
    figures = {"articles": len(dev), "isis_articles": n_isis, "folds": args.folds, "taggers": overall_of,
               "written_articles": len(written), "written_sentences": n_written,
               "learned (CV), other fold splits": again,
               "per_theme": {name: tables[name].to_dict(orient="index") for name in ("before", "learned (CV)")},
               "seeds_F1": {"learned (CV)": seeds_cv["F1"], "before": seeds_before["F1"]},
               "calibration_error": cal.attrs["ece"], "learning_curve": curve}

    print("\n== the shipped model (trained on all the labelled articles, the seeds and the written articles)")
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        tags = tag_themes(load_article(path))
        shares = {t: float(np.mean([t in ts for ts in tags["themes"]])) for t in IDS}
        print(f"  {path.name}: " + ", ".join(f"{t} {v:.2f}" for t, v in shares.items() if v > 0))

    bbc = bbc_articles(args.data, args.limit)
    if bbc is None:
        print(f"\nskipped: {args.data / 'bbc_news_summary.jsonl'} not found (BBC false positives and speed)")
        write_results("themes", figures)
        return 0
    times, tagged = {}, {}
    for name, themes in (("before", BEFORE), ("today (shipped model)", DEFAULT_THEMES)):
        tag_themes(bbc[0], themes=themes)  # load the model outside the clock
        n_tagged = n_sent = n_art = 0
        start = time.process_time()
        for text in bbc:
            tags = tag_themes(text, themes=themes)
            on = tags["themes"].map(bool)
            n_tagged += int(on.sum())
            n_sent += len(tags)
            n_art += bool(on.any())
        times[name] = time.process_time() - start
        tagged[name] = (n_tagged / max(1, n_sent), n_art / len(bbc))
    print(f"\n== BBC news 2004-05 ({len(bbc)} articles, no ISIS content), CPU time")
    for name in times:
        share_s, share_a = tagged[name]
        print(f"  {name:22s} sentences tagged {share_s:.2%}, articles with a tag {share_a:.1%}, "
              f"{len(bbc) / times[name]:7.1f} articles/s")
    ratio = times["before"] / times["today (shipped model)"]
    print(f"  throughput today / before: {ratio:.2f}x")
    figures["bbc"] = {"articles": len(bbc), "throughput_today_over_before": ratio,
                      **{name: {"sentences_tagged": tagged[name][0], "articles_tagged": tagged[name][1],
                                "articles_per_s": len(bbc) / times[name]} for name in times}}
    # Most BBC articles are outside the domain, where no model runs: the speed on articles the
    # themes are about (the labelled set's texts, every one through the model) is the other half.
    texts = [" ".join(a.sentences) for a in dev] * ISIS_ROUNDS
    isis_times = {}
    for name, themes in (("before", BEFORE), ("today (shipped model)", DEFAULT_THEMES)):
        start = time.process_time()
        for text in texts:
            tag_themes(text, themes=themes)
        isis_times[name] = time.process_time() - start
    isis_ratio = isis_times["before"] / isis_times["today (shipped model)"]
    print(f"\n== the {len(dev)} labelled articles ({ISIS_ROUNDS} rounds), CPU time: " + ", ".join(
        f"{name} {len(texts) / t:.1f} articles/s" for name, t in isis_times.items())
        + f"; today / before: {isis_ratio:.2f}x")
    figures["isis_speed"] = {"articles": len(texts), "throughput_today_over_before": isis_ratio,
                             **{name: {"articles_per_s": len(texts) / t} for name, t in isis_times.items()}}
    write_results("themes", figures)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
