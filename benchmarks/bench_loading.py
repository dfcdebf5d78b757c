"""How well `load_article` keeps the article of a real web page and drops the rest.

Reads ../shared/data/html_eval/ (270 real pages, gzipped HTML, from the evaluation set of
the trafilatura project) and its ``expected.json``: for each page, snippets of the main
text a good extractor keeps (``with``) and snippets of boilerplate it must drop
(``without``). Each system's body text of each page is scored, in the same run, on

* kept: the share of ``with`` snippets found in the text (recall of the article),
* dropped: the share of ``without`` snippets not found in it (boilerplate removed),
* score = kept + dropped (0 to 2, the data set's own score; 2 is perfect), and the shares over all
  snippets pooled, as trafilatura's own evaluation counts them.

Systems: the toolkit (``load_article(html_bytes, format="html").text``); plain
trafilatura (``trafilatura.extract``, defaults); readability-lxml when it is installed;
and a floor, all visible text of the page (everything outside ``<script>``/``<style>``).
A page a system fails on (an error, or no text) counts as nothing kept and everything
dropped. Snippets and texts are compared after Unicode NFC, no-break spaces as spaces and
runs of whitespace as one space.

Run:  .venv/bin/python -m benchmarks.bench_loading [--data ../shared/data] [--limit N]
"""
from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
import unicodedata
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

from benchmarks._results import write_results  # noqa: E402
from toolkit import load_article  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "data"
_SPACE = re.compile(r"\s+")


def _norm(text: str) -> str:
    return _SPACE.sub(" ", unicodedata.normalize("NFC", text).replace("\u00a0", " ")).strip()


# --------------------------------------------------------------------------- systems


def toolkit_text(html_bytes: bytes) -> str:
    return load_article(html_bytes, format="html").text


def trafilatura_text(html_bytes: bytes) -> str:
    import trafilatura

    return trafilatura.extract(html_bytes) or ""


def readability_text(html_bytes: bytes) -> str:
    from lxml import html as lxml_html
    from readability import Document

    summary = Document(html_bytes).summary(html_partial=True)
    return lxml_html.fromstring(summary).text_content() if summary.strip() else ""


class _Visible(HTMLParser):
    _SKIP = frozenset({"script", "style", "noscript", "template", "head", "title"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in self._SKIP:
            self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP and self.depth:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if not self.depth:
            self.parts.append(data)


def visible_text(html_bytes: bytes) -> str:
    parser = _Visible()
    parser.feed(html_bytes.decode("utf-8", errors="replace"))
    parser.close()
    return "\n".join(parser.parts)


# --------------------------------------------------------------------------- scoring


@dataclass
class Tally:
    name: str
    kept: list[float] = field(default_factory=list)      # per page
    dropped: list[float] = field(default_factory=list)   # per page
    tp: int = 0
    fn: int = 0
    tn: int = 0
    fp: int = 0
    failed: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def add(self, page: str, text: str | None, expected: dict) -> None:
        with_ = [s for s in expected.get("with", []) if s]
        without = [s for s in expected.get("without", []) if s]
        body = _norm(text or "")
        hits = [_norm(s) in body for s in with_] if body else [False] * len(with_)
        leaks = [_norm(s) in body for s in without] if body else [False] * len(without)
        if with_:
            self.kept.append(sum(hits) / len(with_))
        if without:
            self.dropped.append(1 - sum(leaks) / len(without))
        self.tp += sum(hits)
        self.fn += len(hits) - sum(hits)
        self.fp += sum(leaks)
        self.tn += len(leaks) - sum(leaks)
        if not body:
            self.failed.append(page)

    def row(self) -> dict[str, float | int | str]:
        kept = sum(self.kept) / len(self.kept)
        dropped = sum(self.dropped) / len(self.dropped)
        precision = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        recall = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        accuracy = (self.tp + self.tn) / (self.tp + self.tn + self.fp + self.fn)
        return {"system": self.name, "kept": kept, "dropped": dropped, "score": kept + dropped,
                "pooled F1": f1, "pooled acc": accuracy, "no text": len(self.failed),
                "pages/s": len(self.kept) / self.seconds if self.seconds else float("nan")}


def run(data: Path, limit: int | None, show_failures: int, only: list[str] | None = None) -> int:
    folder = data / "html_eval"
    expected_file = folder / "expected.json"
    if not expected_file.is_file():
        print(f"skipped: {expected_file} not found (pass --data PATH to the folder holding html_eval/)")
        return 0
    expected: dict[str, dict] = json.loads(expected_file.read_text(encoding="utf-8"))
    pages = sorted(expected)[:limit] if limit else sorted(expected)
    contents = {}
    for name in pages:
        path = folder / (name + ".gz")
        if path.is_file():
            contents[name] = gzip.decompress(path.read_bytes())
    missing = len(pages) - len(contents)
    systems: list[tuple[str, Callable[[bytes], str]]] = [("toolkit", toolkit_text),
                                                         ("trafilatura", trafilatura_text)]
    try:
        import readability  # noqa: F401
        systems.append(("readability-lxml", readability_text))
    except ImportError:
        print("note: readability-lxml is not installed (make bench-loading installs it): not measured")
    systems.append(("visible text (floor)", visible_text))
    if only:
        systems = [s for s in systems if s[0] == "trafilatura" or s[0].split()[0] in only]
    errors: dict[str, list[str]] = {}
    tallies = []
    for name, extract in systems:
        tally = Tally(name)
        for page, html_bytes in contents.items():
            start = time.perf_counter()
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    text = extract(html_bytes)
            except Exception as exc:  # noqa: BLE001 - a benchmark counts failures, it does not stop
                text = None
                errors.setdefault(name, []).append(f"{page}: {type(exc).__name__}: {exc}"[:160])
            tally.seconds += time.perf_counter() - start
            tally.add(page, text, expected[page])
        tallies.append(tally)
    print(f"html_eval: {len(contents)} pages" + (f" ({missing} listed but missing)" if missing else ""))
    print(f"{'system':<22} {'kept':>6} {'dropped':>8} {'score':>8} {'pooled F1':>10} {'acc':>6} "
          f"{'no text':>8} {'pages/s':>8}")
    rows = [t.row() for t in tallies]
    for r in rows:
        print(f"{r['system']:<22} {r['kept']:>6.3f} {r['dropped']:>8.3f} {r['score']:>8.3f} "
              f"{r['pooled F1']:>10.3f} {r['pooled acc']:>6.3f} {r['no text']:>8} {r['pages/s']:>8.1f}")
    base = next(r for r in rows if r["system"] == "trafilatura")
    ours = next((r for r in rows if r["system"] == "toolkit"), None)
    if ours:
        print(f"toolkit / trafilatura: score {ours['score'] / base['score']:.3f}x, "
              f"pooled F1 {ours['pooled F1'] / base['pooled F1']:.3f}x")
    write_results("loading", {"pages": len(contents), "systems": {r.pop("system"): r for r in rows}},
                  packages=("trafilatura", "readability-lxml"))
    for name, lines in errors.items():
        print(f"{name}: {len(lines)} page(s) raised; first ones:")
        for line in lines[:show_failures]:
            print("   ", line)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder holding html_eval/")
    parser.add_argument("--limit", type=int, default=None, help="only the first N pages (by name)")
    parser.add_argument("--show-failures", type=int, default=5, help="errors listed per system")
    parser.add_argument("--only", nargs="+", default=None, metavar="SYSTEM",
                        help="measure only these systems (toolkit trafilatura readability-lxml visible); "
                             "trafilatura is always measured, as the baseline")
    args = parser.parse_args(argv)
    return run(args.data, args.limit, args.show_failures, args.only)


if __name__ == "__main__":
    sys.exit(main())
