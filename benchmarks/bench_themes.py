"""How well `tag_themes` finds the themes a careful reader finds, sentence by sentence.

Scores micro and macro F1 over sentence x theme decisions against hand labels of

* the two seed articles (every sentence; tests/fixtures/seed_theme_labels.json), and
* the three ISIS-related articles of ../shared/data/cnndm_dev.jsonl, which the theme
  terms were not written from (benchmarks/fixtures/cnndm_theme_labels.json: the labels
  only; the texts are read from the data file),

beside a baseline measured in the same run: a sentence gets a theme when it contains one
of the words of the theme's id or label, exactly ("loss", "strongholds", "fighters"...),
and beside the toolkit without the themes' domain (``domain=False``: every sentence scored
on its own words, how tag_themes worked before the domain was added).
The labels are matched to the toolkit's sentences by position in the text, so a splitter
that cuts a little differently is still scored (a sentence takes the labels of the labelled
sentences it mostly covers).

Then the false positives, with and without the domain: how many of the 2,225 BBC articles
of ../shared/data/bbc_news_summary.jsonl (2004-05 business, entertainment, politics, sport
and tech: no Islamic State yet) and of the CNN/DM articles that are not about ISIS get any
theme evidence (a weight > 0) or any theme at all, and how many of their sentences; and a
check that the ISIS articles (seeds and CNN/DM) keep their tags.

Run:  .venv/bin/python benchmarks/bench_themes.py [--data ../shared/data] [--limit N]
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Sequence
from difflib import SequenceMatcher
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pandas as pd  # noqa: E402

from toolkit import DEFAULT_THEMES, load_article, split_sentences, tag_themes  # noqa: E402
from toolkit._text import STOP_WORDS, tokenize  # noqa: E402

SEED_LABELS = ROOT / "tests" / "fixtures" / "seed_theme_labels.json"
CNNDM_LABELS = ROOT / "benchmarks" / "fixtures" / "cnndm_theme_labels.json"
SEEDS = ROOT / "seeds"
DEFAULT_DATA = ROOT.parent / "shared" / "data"

_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "\u00a0": " "})


# --------------------------------------------------------------------------- locating text


def _squeeze(text: str) -> tuple[str, list[int]]:
    """Text without whitespace, quotes straightened, lower-cased; and where each char came from."""
    chars, where = [], []
    for i, c in enumerate(text.translate(_QUOTES)):
        if not c.isspace():
            chars.append(c.lower())
            where.append(i)
    return "".join(chars), where


def locate(pieces: Sequence[str], text: str) -> list[tuple[int, int] | None]:
    """(start, end) of each piece in ``text``, searched in order, ignoring whitespace and quote styles."""
    flat, where = _squeeze(text)
    spans: list[tuple[int, int] | None] = []
    cursor = 0
    for piece in pieces:
        p, _ = _squeeze(piece)
        if not p:
            spans.append(None)
            continue
        at = flat.find(p, cursor)
        if at < 0:
            at = flat.find(p)
        if at < 0:
            spans.append(None)
            continue
        spans.append((where[at], where[at + len(p) - 1] + 1))
        cursor = at + len(p)
    return spans


def gold_labels(sentences: Sequence[str], text: str, units: Sequence[tuple[tuple[int, int], list[str]]],
                labelled: dict[str, list[str]] | None = None) -> tuple[list[set[str]], int]:
    """Themes of each sentence: the union over labelled units it mostly covers (or that mostly cover it).

    A sentence found nowhere among the located units (the cleaner changed the text, e.g.
    dropped a dateline) takes the labels of the labelled sentence it is part of or most
    resembles, when ``labelled`` (text -> themes) is given. Returns the labels and how many
    sentences matched no labelled unit (they get no theme).
    """
    out, unmatched = [], 0
    for sentence, span in zip(sentences, locate(sentences, text)):
        labels: set[str] = set()
        hit = False
        if span is not None:
            s0, s1 = span
            for (u0, u1), themes in units:
                overlap = min(s1, u1) - max(s0, u0)
                if overlap > 0 and (overlap >= 0.5 * (u1 - u0) or overlap >= 0.5 * (s1 - s0)):
                    labels |= set(themes)
                    hit = True
        if not hit and labelled:
            best = _closest(sentence, labelled)
            if best is not None:
                labels, hit = set(labelled[best]), True
        unmatched += not hit
        out.append(labels)
    return out, unmatched


def _closest(sentence: str, labelled: dict[str, list[str]]) -> str | None:
    """The labelled sentence that contains ``sentence`` or, failing that, resembles it most (ratio >= 0.8)."""
    flat, _ = _squeeze(sentence)
    for key in labelled:
        if flat and flat in _squeeze(key)[0]:
            return key
    ratio, best = max((SequenceMatcher(None, flat, _squeeze(k)[0]).ratio(), k) for k in labelled)
    return best if ratio >= 0.8 else None


# --------------------------------------------------------------------------- data sets


def seed_cases() -> list[tuple[str, list[str], list[set[str]], int]]:
    """(name, sentences, gold labels, unmatched) for each seed."""
    labels = json.loads(SEED_LABELS.read_text(encoding="utf-8"))
    cases = []
    for name, table in labels.items():
        if name.startswith("_"):
            continue
        article = load_article(SEEDS / name)
        text = article.text
        sentences = split_sentences(text)
        spans = locate(list(table), text)
        units = [(span, themes) for span, themes in zip(spans, table.values()) if span is not None]
        gold, unmatched = gold_labels(sentences, text, units, table)
        cases.append((name, sentences, gold, unmatched))
    return cases


def cnndm_cases(data: Path) -> list[tuple[str, list[str], list[set[str]], int]] | None:
    path = data / "cnndm_dev.jsonl"
    if not path.is_file():
        return None
    fixture = json.loads(CNNDM_LABELS.read_text(encoding="utf-8"))["units"]
    wanted = {u["id"] for u in fixture}
    texts = {}
    with path.open(encoding="utf-8") as f:
        for line in f:
            record = json.loads(line)
            if record["id"] in wanted:
                texts[record["id"]] = record["article"]
    cases = []
    for article_id in sorted(wanted):
        text = texts[article_id]
        rows = [u for u in fixture if u["id"] == article_id]
        units, cursor = [], 0
        for u in rows:
            start = text.find(u["start"], cursor)
            unit = text[start:start + u["n_chars"]]
            if start < 0 or hashlib.sha1(unit.encode("utf-8")).hexdigest()[:12] != u["sha1"]:
                raise SystemExit(f"label unit {article_id}#{u['index']} not found: is {path} the right file?")
            units.append(((start, start + u["n_chars"]), u["themes"]))
            cursor = start + u["n_chars"]
        sentences = split_sentences(text)
        gold, unmatched = gold_labels(sentences, text, units)
        cases.append((article_id, sentences, gold, unmatched))
    return cases


# --------------------------------------------------------------------------- taggers and scores


def predict_toolkit(sentences: list[str], *, context: bool = True, domain: bool = True) -> list[set[str]]:
    # Tag the sentences as one text (joined by blank lines) so that context applies.
    tags = tag_themes("\n\n".join(sentences), DEFAULT_THEMES, context=context, domain=domain)
    if len(tags) != len(sentences):  # the splitter cut a sentence again: tag one by one
        return [set(tag_themes(s, DEFAULT_THEMES, context=False, domain=domain)["themes"].sum()) for s in sentences]
    return [set(t) for t in tags["themes"]]


def predict_baseline(sentences: list[str]) -> list[set[str]]:
    """A theme for each sentence containing a word of the theme's id or label, exactly."""
    words = {t.id: {w for w in tokenize(t.id.replace("_", " ") + " " + t.label) if w not in STOP_WORDS}
             for t in DEFAULT_THEMES}
    return [{tid for tid, ws in words.items() if ws & set(tokenize(s))} for s in sentences]


def scores(gold: list[set[str]], pred: list[set[str]]) -> pd.DataFrame:
    rows = []
    for t in DEFAULT_THEMES:
        tp = sum(t.id in g and t.id in p for g, p in zip(gold, pred))
        fp = sum(t.id not in g and t.id in p for g, p in zip(gold, pred))
        fn = sum(t.id in g and t.id not in p for g, p in zip(gold, pred))
        rows.append({"theme": t.id, "support": tp + fn, "tp": tp, "fp": fp, "fn": fn})
    frame = pd.DataFrame(rows).set_index("theme")
    frame["precision"] = frame.tp / (frame.tp + frame.fp).where(lambda x: x > 0)
    frame["recall"] = frame.tp / (frame.tp + frame.fn).where(lambda x: x > 0)
    frame["f1"] = (2 * frame.tp / (2 * frame.tp + frame.fp + frame.fn).where(lambda x: x > 0)).fillna(1.0)
    return frame


def micro(frame: pd.DataFrame) -> float:
    tp, fp, fn = frame.tp.sum(), frame.fp.sum(), frame.fn.sum()
    return 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 1.0


def macro(frame: pd.DataFrame) -> float:
    """Mean F1 over the themes present in the gold labels or predicted at least once."""
    used = frame[(frame.support > 0) | (frame.fp > 0)]
    return float(used.f1.mean()) if len(used) else 1.0


def report(title: str, cases) -> dict[str, float]:
    sentences = [s for _, ss, _, _ in cases for s in ss]
    gold = [g for _, _, gs, _ in cases for g in gs]
    unmatched = sum(u for *_, u in cases)
    runs = {
        "toolkit": [p for _, ss, _, _ in cases for p in predict_toolkit(ss)],
        "toolkit, no domain (before)": [p for _, ss, _, _ in cases for p in predict_toolkit(ss, domain=False)],
        "toolkit, no context": [p for _, ss, _, _ in cases for p in predict_toolkit(ss, context=False)],
        "baseline (id/label words)": predict_baseline(sentences),
    }
    print(f"\n== {title}: {len(cases)} articles, {len(sentences)} sentences, "
          f"{sum(map(len, gold))} gold tags ({unmatched} sentences matched no label: scored as none)")
    tables = {name: scores(gold, pred) for name, pred in runs.items()}
    per_theme = pd.DataFrame({
        "support": tables["toolkit"].support,
        "P": tables["toolkit"].precision, "R": tables["toolkit"].recall, "F1": tables["toolkit"].f1,
        "F1 baseline": tables["baseline (id/label words)"].f1,
    })
    print(per_theme.round(3).to_string())
    base = micro(tables["baseline (id/label words)"])
    out = {}
    for name, table in tables.items():
        m = micro(table)
        ratio = f"  ({m / base:.2f}x baseline)" if base > 0 and not name.startswith("baseline") else ""
        print(f"  {name:28s} micro F1 {m:.3f}   macro F1 {macro(table):.3f}{ratio}")
        out[name] = m
    # What the domain changes on these on-subject articles: ideally nothing.
    changed = sum(a != b for a, b in zip(runs["toolkit"], runs["toolkit, no domain (before)"]))
    lost = sum(len((b - a) & g) for a, b, g in zip(runs["toolkit"], runs["toolkit, no domain (before)"], gold))
    print(f"  with vs without the domain: {changed} of {len(sentences)} sentences tagged differently; "
          f"{lost} correct tags lost")
    return out


# --------------------------------------------------------------------------- false positives


def bbc_articles(data: Path, limit: int | None = None) -> list[tuple[str, str]] | None:
    """(title, body) of the BBC articles: the field is a title line, a blank line and the body."""
    path = data / "bbc_news_summary.jsonl"
    if not path.is_file():
        return None
    out = []
    with path.open(encoding="utf-8") as f:
        for line in f:
            record = json.loads(line)
            title, _, body = record["article"].partition("\n")
            out.append((f"{record['category']}: {title.strip()}", body))
            if limit is not None and len(out) >= limit:
                break
    return out


def cnndm_other_articles(data: Path) -> list[tuple[str, str]] | None:
    """(first words, text) of the CNN/DM articles that are not in the ISIS label fixture."""
    path = data / "cnndm_dev.jsonl"
    if not path.is_file():
        return None
    isis = {u["id"] for u in json.loads(CNNDM_LABELS.read_text(encoding="utf-8"))["units"]}
    with path.open(encoding="utf-8") as f:
        records = [json.loads(line) for line in f]
    return [(" ".join(r["article"].split()[:8]), r["article"]) for r in records if r["id"] not in isis]


def false_positives(title: str, articles: list[tuple[str, str]], *, show: int = 12) -> dict[str, float]:
    """Share of off-subject articles and sentences with theme evidence, with and without the domain."""
    ids = [t.id for t in DEFAULT_THEMES]
    counts = {run: {"articles with evidence": 0, "articles tagged": 0, "sentences with evidence": 0,
                    "sentences tagged": 0} for run in ("before", "after")}
    per_theme = {run: dict.fromkeys(ids, 0) for run in ("before", "after")}
    still: list[tuple[int, str, list[str]]] = []
    n_sentences = 0
    for name, text in articles:
        for run, domain in (("before", False), ("after", True)):
            tags = tag_themes(text, DEFAULT_THEMES, domain=domain)
            evidence = (tags[ids].to_numpy() > 0).any(axis=1)
            tagged = tags["themes"].map(bool).to_numpy()
            c = counts[run]
            c["articles with evidence"] += bool(evidence.any())
            c["articles tagged"] += bool(tagged.any())
            c["sentences with evidence"] += int(evidence.sum())
            c["sentences tagged"] += int(tagged.sum())
            for tid in {t for ts in tags["themes"] for t in ts}:
                per_theme[run][tid] += 1
            if run == "before":
                n_sentences += len(tags)
            elif tagged.any():
                still.append((int(tagged.sum()), name, sorted({t for ts in tags["themes"] for t in ts})))
    n = len(articles)
    print(f"\n== false positives: {title}: {n} articles, {n_sentences} sentences "
          f"(before = domain=False, after = the themes' domain)")
    rows = []
    for key in counts["before"]:
        total = n if key.startswith("articles") else n_sentences
        b, a = counts["before"][key], counts["after"][key]
        rows.append({"": key, "before": f"{b} ({b / total:.2%})", "after": f"{a} ({a / total:.2%})",
                     "after/before": f"{a / b:.3f}" if b else "-"})
    print(pd.DataFrame(rows).set_index("").to_string())
    themes = pd.DataFrame(per_theme).rename_axis("articles tagged with")
    print(themes[(themes > 0).any(axis=1)].to_string())
    if still:
        print(f"  still tagged after ({len(still)}; most tagged sentences first):")
        for k, name, tids in sorted(still, key=lambda x: -x[0])[:show]:
            print(f"    {k:3d} sentences  {name[:60]:60s} {', '.join(tids)}")
    return {f"{run} {key}": value / (n if key.startswith("articles") else n_sentences)
            for run, c in counts.items() for key, value in c.items()}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA,
                        help="folder with cnndm_dev.jsonl and bbc_news_summary.jsonl")
    parser.add_argument("--limit", type=int, default=None, help="use only the first N BBC articles")
    args = parser.parse_args(argv)
    report("seeds (hand-labelled, every sentence)", seed_cases())
    cases = cnndm_cases(args.data)
    if cases is None:
        print(f"\nskipped: {args.data / 'cnndm_dev.jsonl'} not found (the CNN/DM generalization check)")
    else:
        report("CNN/DM ISIS articles (unseen, hand-labelled)", cases)
        false_positives("CNN/DM articles not about ISIS", cnndm_other_articles(args.data) or [])
    bbc = bbc_articles(args.data, args.limit)
    if bbc is None:
        print(f"\nskipped: {args.data / 'bbc_news_summary.jsonl'} not found (the BBC false-positive check)")
    else:
        false_positives("BBC news 2004-05 (no ISIS content)", bbc)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
