"""What a theme file's ``[[example]]`` sentences are worth against its evidence words.

A user's theme file may list labelled example sentences; ``tag_themes`` then learns a model
from them. This measures, on the ISIS themes, what a handful of examples does: N example
sentences per theme (and 2N with no theme) drawn at random from the project's written
training articles (``scripts/theme_training/``, never scored), learned as a theme file's
examples are, and scored on the 30 ISIS articles of ``../shared/data/isis_themes_dev.jsonl``
(micro F1, as ``bench_themes`` scores; mean of ``--draws`` random draws). Side by side in
the same run:

* ``words alone``: the theme file without examples (evidence words and the rules);
* ``always learned``: every theme learned from its examples (``ThemeTagger(min_examples=0)``,
  the behaviour before the rule below);
* ``today``: a theme is learned from at least 5 examples with it and 5 without, and only
  where the model is right on significantly more of them than the theme's words
  (cross-validated by article, McNemar's exact test at 5%); otherwise its
  words decide.

Run:  .venv/bin/python -m benchmarks.bench_theme_examples [--data ../shared/data] [--draws 3]
"""
from __future__ import annotations

import argparse
import random
import warnings
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from benchmarks import bench_themes as bt
from benchmarks._results import write_results
from benchmarks.theme_data import DEFAULT_DATA, dev_articles, written_articles
from toolkit import DEFAULT_THEMES
from toolkit.theme_model import ThemeTagger
from toolkit.themes import ThemeSet

SIZES = (2, 5, 10, 20, 50)


def f1_of(themes: ThemeSet, dev: list) -> float:
    return bt.score(dev, [bt.tag(a.sentences, themes) for a in dev])[0]["F1"]


def draw(pool: list[tuple[str, list[str]]], n: int, seed: int) -> list[tuple[str, list[str]]]:
    """N sentences with each theme, and 2N with none (a sentence may carry several themes)."""
    rng = random.Random(seed)
    out: list[tuple[str, list[str]]] = []
    for tid in bt.IDS:
        with_it = [x for x in pool if tid in x[1]]
        out += rng.sample(with_it, min(n, len(with_it)))
    out += rng.sample([x for x in pool if not x[1]], 2 * n)
    return out


def with_examples(examples: list[tuple[str, list[str]]], min_examples: int) -> ThemeSet:
    texts, labels = [t for t, _ in examples], [ids for _, ids in examples]
    rules = ThemeSet(DEFAULT_THEMES, subject=DEFAULT_THEMES.subject)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the themes kept on their words are named in a warning
        model = ThemeTagger(themes=rules, min_examples=min_examples).fit(texts, labels)
    return ThemeSet(DEFAULT_THEMES, subject=DEFAULT_THEMES.subject, model=model)


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--data", type=Path, default=DEFAULT_DATA)
    p.add_argument("--draws", type=int, default=3)
    a = p.parse_args(argv)
    dev = dev_articles(a.data)
    if dev is None:
        print(f"skipped: {a.data / 'isis_themes_dev.jsonl'} not found")
        return 0
    dev = [x for x in dev if x.on_topic]
    pool = [(s, sorted(m)) for art in written_articles() for s, m in zip(art.sentences, art.must)]
    words = f1_of(bt.TERMS_AND_RULES, dev)
    print(f"micro F1 on the {len(dev)} ISIS articles; words alone (no examples): {words:.3f}")
    print("examples per theme | always learned | today (learned where it does better) | themes learned today")
    rows = []
    for n in SIZES:
        always, today, learned = [], [], []
        for seed in range(a.draws):
            examples = draw(pool, n, seed)
            always.append(f1_of(with_examples(examples, 0), dev))
            themes = with_examples(examples, 5)
            today.append(f1_of(themes, dev))
            learned.append(int(themes.model.learned_.sum()))
        print(f"{n:18d} | {np.mean(always):14.3f} | {np.mean(today):36.3f} | "
              f"{np.mean(learned):.1f} of {len(bt.IDS)}", flush=True)
        rows.append({"examples_per_theme": n, "always_learned_F1": float(np.mean(always)),
                     "today_F1": float(np.mean(today)), "themes_learned": float(np.mean(learned))})
    write_results("theme_examples", {"articles": len(dev), "draws": a.draws, "themes": len(bt.IDS),
                                     "words_alone_F1": words, "sizes": rows})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
