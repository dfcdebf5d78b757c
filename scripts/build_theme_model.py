"""Build the default ISIS theme model, toolkit/data/isis_theme_model.json.

Learns a :class:`toolkit.ThemeTagger` for the themes of ``toolkit/data/themes.toml`` from

* the 40 hand-labelled articles of ``../shared/data/isis_themes_dev.jsonl`` (every sentence;
  the labelling rules are ``../shared/THEMES_LABELLING.md``): ``must`` labels are positives,
  ``ok`` (borderline) labels are left out of that theme's training;
* the hand labels of the two seeds (``tests/fixtures/seed_theme_labels.json``);
* the project's written training articles (``scripts/theme_training/*.jsonl``, see the
  README there): news-style articles written from the labelling rules alone.

What ships is the vocabulary of word stems, their IDF and the weights: no sentence of the
data set. Rebuild after changing the theme file's words, subject or actors (the model
records a signature of them, and loading a model built for other words is an error).

Run:  .venv/bin/python -m scripts.build_theme_model [--data ../shared/data] [--out PATH]
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

from benchmarks.theme_data import DEFAULT_DATA, dev_articles, fit_tagger, seed_articles, written_articles  # noqa: E402

from toolkit.themes import DEFAULT_THEMES, ThemeSet  # noqa: E402

OUT = ROOT / "toolkit" / "data" / "isis_theme_model.json"


def training_articles(data: Path) -> list:
    dev = dev_articles(data)
    if dev is None:
        raise SystemExit(f"{data / 'isis_themes_dev.jsonl'} not found: pass --data with the shared data folder")
    return dev + seed_articles() + written_articles()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    articles = training_articles(args.data)
    # The theme file without its model: the model is what is being built.
    data = fit_tagger(articles, ThemeSet(DEFAULT_THEMES, subject=DEFAULT_THEMES.subject)).to_dict()
    args.out.write_text(json.dumps(data, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{args.out}: {sum(len(a.sentences) for a in articles)} sentences of {len(articles)} articles, "
          f"{len(data['vocabulary'])} word features; thresholds "
          + ", ".join(f"{t} {x:g}" for t, x in zip(data["themes"], data["thresholds"])))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
