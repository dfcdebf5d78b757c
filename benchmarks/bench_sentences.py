"""Sentence splitting: accuracy on our hard cases and speed on the BBC corpus.

Compares ``toolkit.split_sentences`` with two baselines measured in the same run:

* pySBD, the reference rule-based splitter (``pysbd.Segmenter(language="en", clean=False)``);
* nltk's Punkt without trained data (``PunktSentenceTokenizer()``), which is what nltk
  gives when its ``punkt`` data cannot be downloaded.

Figures:

* accuracy: hard cases right, out of all of ``benchmarks/sentence_cases.py`` (a case is
  right only when the list of stripped sentences is exactly the expected one);
* speed: BBC articles split per second of CPU time (``time.process_time``, so other
  processes on the machine disturb it less than wall time), and the ratio toolkit/pySBD;
* agreement: the share of BBC articles that toolkit and pySBD split identically, and the
  share of each one's sentence ends that the other also makes (sanity figures: the two
  disagree on purpose about sentences inside quotations, which pySBD keeps whole, so
  toolkit makes more ends than pySBD).

Run::

    .venv/bin/pip install -r benchmarks/requirements.txt
    .venv/bin/python -m benchmarks.bench_sentences [--data ../shared/data] [--pysbd-limit N]

The BBC part is skipped with a message when ``bbc_news_summary.jsonl`` is absent.
"""
from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Callable, Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent

from benchmarks._results import write_results  # noqa: E402
from benchmarks.sentence_cases import all_cases  # noqa: E402

from toolkit import split_sentences  # noqa: E402

DEFAULT_DATA = HERE.parent.parent / "shared" / "data"
Splitter = Callable[[str], list[str]]


def _baselines() -> dict[str, Splitter] | str:
    """The baseline splitters, or a message saying what to install."""
    try:
        import pysbd
        from nltk.tokenize.punkt import PunktSentenceTokenizer
    except ImportError as error:
        return f"skipped: {error.name} is not installed; run .venv/bin/pip install -r benchmarks/requirements.txt"
    segmenter = pysbd.Segmenter(language="en", clean=False)
    punkt = PunktSentenceTokenizer()  # untrained: no data download

    def pysbd_split(text: str) -> list[str]:
        return [s.strip() for s in segmenter.segment(text) if s.strip()]

    def punkt_split(text: str) -> list[str]:
        return [s.strip() for s in punkt.tokenize(text) if s.strip()]

    return {"pySBD": pysbd_split, "Punkt (no data)": punkt_split}


Case = tuple[str, str, list[str]]


def accuracy(split: Splitter, cases: Sequence[Case]) -> tuple[int, list[Case]]:
    """Number of cases split exactly right, and the failures as (kind, text, got)."""
    failures = []
    for kind, text, expected in cases:
        got = split(text)
        if got != expected:
            failures.append((kind, text, got))
    return len(cases) - len(failures), failures


def throughput(split: Splitter, articles: Sequence[str], *, repeats: int = 1) -> tuple[float, list[list[str]]]:
    """Articles per CPU second (median of ``repeats`` passes) and the splits of the last pass."""
    for article in articles[:20]:  # warm-up: lazy regex compilation, caches
        split(article)
    rates = []
    for _ in range(repeats):
        start = time.process_time()
        result = [split(article) for article in articles]
        elapsed = max(time.process_time() - start, 1e-9)
        rates.append(len(articles) / elapsed)
    return statistics.median(rates), result


def _ends(text: str, sentences: list[str]) -> set[int]:
    """Character offsets where the sentences end (the inner boundaries of a split)."""
    ends, position = set(), 0
    for sentence in sentences[:-1]:
        found = text.find(sentence, position)
        if found < 0:  # a splitter that changed the text: skip the sentence
            continue
        position = found + len(sentence)
        ends.add(position)
    return ends


def boundary_agreement(
    texts: Sequence[str], ours: Sequence[list[str]], theirs: Sequence[list[str]]
) -> tuple[float, float]:
    """Share of our sentence ends that the other splitter also makes, and the converse."""
    shared = n_ours = n_theirs = 0
    for text, a, b in zip(texts, ours, theirs):
        ea, eb = _ends(text, a), _ends(text, b)
        shared += len(ea & eb)
        n_ours += len(ea)
        n_theirs += len(eb)
    return shared / max(n_ours, 1), shared / max(n_theirs, 1)


def load_articles(data: Path) -> list[str] | None:
    path = data / "bbc_news_summary.jsonl"
    if not path.is_file():
        return None
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line)["article"] for line in lines if line.strip()]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder holding bbc_news_summary.jsonl")
    parser.add_argument(
        "--pysbd-limit", type=int, default=None, metavar="N",
        help="time pySBD on the first N articles only (it is slow); the ratio is then one of throughputs",
    )
    parser.add_argument("--show-failures", action="store_true", help="list the hard cases each splitter gets wrong")
    args = parser.parse_args(argv)

    baselines = _baselines()
    if isinstance(baselines, str):
        print(baselines)
        return 0
    splitters: dict[str, Splitter] = {"toolkit": split_sentences, **baselines}
    names = list(splitters)

    cases = all_cases()
    rows: list[tuple[str, list[str]]] = []
    failures = {}
    scores = {}
    for name, split in splitters.items():
        scores[name], failures[name] = accuracy(split, cases)
    rows.append((f"hard cases right (of {len(cases)})", [f"{scores[n]}/{len(cases)}" for n in names]))
    rows.append(("hard cases right (%)", [f"{100 * scores[n] / len(cases):.1f}" for n in names]))
    figures: dict = {"hard cases": len(cases), "hard cases right": scores}

    articles = load_articles(args.data)
    skipped = None
    if articles is None:
        skipped = f"skipped: {args.data / 'bbc_news_summary.jsonl'} not found (speed and agreement need it)"
    else:
        rates, splits = {}, {}
        rates["toolkit"], splits["toolkit"] = throughput(split_sentences, articles, repeats=3)
        subset = articles if args.pysbd_limit is None else articles[: args.pysbd_limit]
        rates["pySBD"], splits["pySBD"] = throughput(baselines["pySBD"], subset)
        rates["Punkt (no data)"], _ = throughput(baselines["Punkt (no data)"], articles, repeats=3)
        ratio = rates["toolkit"] / rates["pySBD"]
        same = sum(a == b for a, b in zip(splits["toolkit"], splits["pySBD"]))
        n_sentences = sum(len(s) for s in splits["toolkit"])
        rows.append((f"BBC articles/s (CPU; {len(articles)} articles)", [f"{rates[n]:,.0f}" for n in names]))
        rows.append(("speed vs pySBD (x)", [f"{rates[n] / rates['pySBD']:.1f}" for n in names]))
        of_ours, of_theirs = boundary_agreement(subset, splits["toolkit"], splits["pySBD"])
        rows.append((
            f"BBC articles split as pySBD (of {len(subset)})",
            [f"{same} ({100 * same / len(subset):.1f}%)", "-", "-"],
        ))
        rows.append(("toolkit's sentence ends pySBD also makes (%)", [f"{100 * of_ours:.1f}", "-", "-"]))
        rows.append(("pySBD's sentence ends toolkit also makes (%)", [f"{100 * of_theirs:.1f}", "-", "-"]))
        figures.update({"BBC articles": len(articles), "pySBD timed on": len(subset), "articles_per_s": rates,
                        "toolkit / pySBD": ratio, "articles split as pySBD": same / len(subset),
                        "toolkit's ends pySBD also makes": of_ours, "pySBD's ends toolkit also makes": of_theirs})

    width = max(len(label) for label, _ in rows)
    widths = [max(len(n), *(len(r[1][i]) for r in rows)) for i, n in enumerate(names)]
    print("Sentence splitting: toolkit against pySBD and untrained Punkt, measured in this run")
    print(f"{'':<{width}}  " + "  ".join(f"{n:>{w}}" for n, w in zip(names, widths)))
    for label, values in rows:
        print(f"{label:<{width}}  " + "  ".join(f"{v:>{w}}" for v, w in zip(values, widths)))
    if skipped:
        print(skipped)
    else:
        subset_note = "" if args.pysbd_limit is None else f" (pySBD timed on the first {len(subset)} articles)"
        print(f"toolkit/pySBD throughput ratio: {ratio:.1f}x{subset_note}; "
              f"toolkit found {n_sentences:,} sentences in {len(articles):,} articles; "
              "toolkit and Punkt: median of 3 passes; pySBD: one pass")
    if args.show_failures:
        for name in names:
            for kind, text, got in failures[name]:
                print(f"[{name}] {kind}: {text!r} -> {got!r}")
    write_results("sentences", figures, packages=("pysbd", "nltk"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
