"""The labelled theme data the theme benchmark and the model build script read.

* ``dev_articles``: ``../shared/data/isis_themes_dev.jsonl``, 40 articles with ``[key, must,
  ok]`` labels for every sentence of ``split_sentences(text)`` (the rules are in
  ``../shared/THEMES_LABELLING.md``). Each label is matched to its sentence by its key, not
  by position, so a changed splitter fails loudly instead of scoring the wrong sentences.
* ``seed_articles``: the two seeds with the hand labels of
  ``tests/fixtures/seed_theme_labels.json`` (``must`` only).
* ``written_articles``: the project's own labelled training articles,
  ``scripts/theme_training/*.jsonl``: news-style articles written for training from
  ``../shared/THEMES_LABELLING.md`` alone, by writers who never saw the labelled data set
  (see that folder's README). They ship with the project; they are never scored.

Neither the texts nor the labels of the data set are copied into the project: they are
read from the data folder at run time.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
from toolkit import load_article, split_sentences

DEFAULT_DATA = ROOT.parent / "shared" / "data"
DEV_FILE = "isis_themes_dev.jsonl"
SEED_LABELS = ROOT / "tests" / "fixtures" / "seed_theme_labels.json"
SEEDS = ROOT / "seeds"
WRITTEN = ROOT / "scripts" / "theme_training"
WRITTEN_PREFIX = "written:"  # the ids of the written articles start with it


@dataclass(frozen=True)
class LabelledArticle:
    id: str
    on_topic: bool
    sentences: tuple[str, ...]
    must: tuple[frozenset[str], ...]
    ok: tuple[frozenset[str], ...]


def _squeeze(text: str) -> str:
    table = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"'})
    return "".join(text.translate(table).split()).lower()


def dev_articles(data: Path = DEFAULT_DATA) -> list[LabelledArticle] | None:
    """The labelled development articles, or None when the file is absent."""
    path = Path(data) / DEV_FILE
    if not path.is_file():
        return None
    out = []
    with path.open(encoding="utf-8") as f:
        for line in f:
            record = json.loads(line)
            sentences = split_sentences(record["text"])
            must: list[frozenset[str]] = [frozenset()] * len(sentences)
            ok: list[frozenset[str]] = [frozenset()] * len(sentences)
            flat = [_squeeze(s) for s in sentences]
            if len(record["labels"]) != len(sentences):
                raise SystemExit(f"{record['id']}: {len(record['labels'])} labels for {len(sentences)} sentences: "
                                 "has split_sentences changed?")
            for key, m, o in record["labels"]:
                where = [i for i, s in enumerate(sentences) if key in s]  # verbatim first
                if len(where) != 1:
                    k = _squeeze(key)
                    where = [i for i, s in enumerate(flat) if k in s]
                if len(where) != 1:
                    raise SystemExit(f"{record['id']}: label key {key!r} found in {len(where)} sentences")
                must[where[0]], ok[where[0]] = frozenset(m), frozenset(o)
            out.append(LabelledArticle(record["id"], bool(record["on_topic"]), tuple(sentences),
                                       tuple(must), tuple(ok)))
    return out


def seed_articles() -> list[LabelledArticle]:
    """The two seeds, their body split into sentences, each with the labels of the sentence it matches."""
    labels = json.loads(SEED_LABELS.read_text(encoding="utf-8"))
    out = []
    for name, table in labels.items():
        if name.startswith("_"):
            continue
        sentences = split_sentences(load_article(SEEDS / name).text)
        keyed = {_squeeze(k): frozenset(v) for k, v in table.items()}
        must = []
        for s in sentences:
            f = _squeeze(s)
            hit = keyed.get(f)
            if hit is None:  # a sentence the labels split differently: union of the labelled pieces inside it
                parts = [v for k, v in keyed.items() if k and (k in f or f in k)]
                hit = frozenset().union(*parts) if parts else frozenset()
            must.append(hit)
        out.append(LabelledArticle(name, True, tuple(sentences), tuple(must), tuple(frozenset() for _ in must)))
    return out


def written_articles(folder: Path = WRITTEN) -> list[LabelledArticle]:
    """The project's written training articles: one JSON object per line, ``{"id", "on_topic",
    "sentences": [[sentence, [theme ids]], ...]}``, sentences in article order (``must`` labels;
    nothing is borderline)."""
    out = []
    for path in sorted(Path(folder).glob("*.jsonl")):
        with path.open(encoding="utf-8") as f:
            for line in f:
                if not line.strip():
                    continue
                record = json.loads(line)
                sentences = tuple(s for s, _ in record["sentences"])
                must = tuple(frozenset(labels) for _, labels in record["sentences"])
                out.append(LabelledArticle(f"{WRITTEN_PREFIX}{path.stem}:{record['id']}", bool(record["on_topic"]),
                                           sentences, must, tuple(frozenset() for _ in must)))
    return out


#: The weight of a written training sentence beside a hand-labelled one, when both are used.
WRITTEN_WEIGHT = 0.3


def is_written(article: LabelledArticle) -> bool:
    return article.id.startswith(WRITTEN_PREFIX)


def fit_tagger(articles: list[LabelledArticle], themes: Any) -> Any:
    """A :class:`toolkit.ThemeTagger` for ``themes`` learned from ``articles``: ``must``
    labels as positives, ``ok`` labels left out of their theme's training, sentences grouped
    by article.

    When hand-labelled articles (the data set's, the seeds) and written ones are mixed, the
    labelled ones are the ``reference`` (their rules are the ones scored) and a written
    sentence weighs ``WRITTEN_WEIGHT``: the writers read the same rules, but their labels
    differ where the rules leave room (see scripts/theme_training/README.md).
    """
    from toolkit.theme_model import ThemeTagger

    written = [is_written(a) for a in articles for _ in a.sentences]
    mixed = 0 < sum(written) < len(written)
    return ThemeTagger(themes=themes).fit(
        [s for a in articles for s in a.sentences], [sorted(m) for a in articles for m in a.must],
        article_ids=[a.id for a in articles for _ in a.sentences],
        ignore=[sorted(o) for a in articles for o in a.ok],
        sample_weight=[WRITTEN_WEIGHT if w and mixed else 1.0 for w in written],
        reference=[not w for w in written])
