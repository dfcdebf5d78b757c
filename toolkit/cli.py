"""The ``newskit`` command line (also ``python -m toolkit``).

Four subcommands: ``summarize`` (each article's title and summary), ``compare`` (two
articles: similarity, themes and a plain-language comparison; more: a similarity matrix),
``themes`` (each sentence with its themes) and ``corpus`` (the batch job of
:func:`toolkit.corpus.run_corpus`). Tables go to standard output (readable text on a
terminal) or to JSONL, CSV or Parquet with ``--output``; errors go to standard error.

Exit codes: 0 everything done, 1 some items failed (each one reported), 2 usage error,
130 interrupted. Not for library use: call the toolkit's functions instead.
"""
from __future__ import annotations

import argparse
import glob
import os
import shutil
import sys
import textwrap
import warnings
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import IO, Any

from . import _tables, __version__
from .loading import DEFAULT_MAX_BYTES

__all__ = ["main", "build_parser"]

PROG = "newskit"
EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130
_TEXT_FORMATS = ("text",) + _tables.FORMATS

_MAIN_EPILOG = """\
examples:
  newskit summarize seeds/
  newskit compare seeds/000_95ca8ba006298f6c.txt seeds/002_1210b5e7193b114a.txt
  newskit themes seeds/000_95ca8ba006298f6c.txt
  newskit corpus news.jsonl --text-column body --output out/news.parquet --jobs 2

Run `newskit COMMAND --help` for the options of each command.
exit codes: 0 ok, 1 some items failed (listed on stderr or in the errors file),
            2 usage error, 130 interrupted.
"""

_INPUT_HELP = """\
inputs: text or HTML files, folders (their .txt, .html, .htm and .md files; not subfolders,
tables or hidden files), globs ("news/*.txt", "news/**/*.html", quoted),
JSONL, CSV or Parquet files with one article per row (pick the columns with
--text-column, --title-column and --id-column).
"""

_SUMMARIZE_EPILOG = _INPUT_HELP + """
examples:
  newskit summarize seeds/
  newskit summarize seeds/*.txt --n-sentences 2
  newskit summarize news.jsonl --text-column body --ratio 0.2 --output summaries.csv
  newskit summarize seeds/ --format jsonl | jq .summary
"""

_COMPARE_EPILOG = _INPUT_HELP + """
Two articles: their similarity (0 to 1), how much weight each gives every theme, and a
plain-language summary of what they share and where they differ. Three or more: the
similarity matrix, the theme matrix and the most similar pairs.

examples:
  newskit compare seeds/000_95ca8ba006298f6c.txt seeds/002_1210b5e7193b114a.txt
  newskit compare seeds/ --output comparison.csv
  newskit compare a.html b.html --themes my_themes.toml
"""

_THEMES_EPILOG = _INPUT_HELP + """
Prints each article's sentences that carry a theme, with the theme ids (--all: every
sentence). The default themes are described in toolkit/data/themes.toml; copy it, edit
it and pass it with --themes.

examples:
  newskit themes seeds/000_95ca8ba006298f6c.txt
  newskit themes seeds/ --all --output themes.parquet
"""

_CORPUS_EPILOG = _INPUT_HELP + """
One row per article (id, source, title, summary, the themes and one score per theme)
goes to OUTPUT; broken items (unreadable, empty, bad encoding, malformed lines) go to
the errors file with their reason, and the run goes on. Rerun the same command after an
interruption: finished chunks (kept in OUTPUT.in-progress/) are not recomputed. OUTPUT
appears only when complete.

examples:
  newskit corpus seeds/ --output out/seeds.jsonl
  newskit corpus news.jsonl --text-column body --id-column url --output out/news.parquet --jobs 2
  newskit corpus "archive/**/*.html" --output out/archive.csv --idf corpus --most-similar 20
  newskit corpus news.parquet --output out/news.parquet --scheduler tcp://10.0.0.5:8786
  newskit corpus news.parquet --output out/news.parquet --scheduler local --jobs 4
"""


class _HelpFormatter(argparse.RawDescriptionHelpFormatter):
    def __init__(self, prog: str) -> None:
        super().__init__(prog, max_help_position=32, width=min(100, shutil.get_terminal_size().columns))
        self._action_max_length = 16  # room for the command names, which argparse does not measure


class _Parser(argparse.ArgumentParser):
    """argparse with "did you mean" for a mistyped option (``--sentences``: ``--n-sentences``)."""

    def parse_args(self, args: Sequence[str] | None = None, namespace: Any = None) -> Any:  # type: ignore[override]
        # argparse reports an unknown option with the top-level usage ("newskit [-h] ..."):
        # the subcommand's usage is the one that lists the options the user meant.
        parsed, extras = self.parse_known_args(args, namespace)
        if extras:
            subcommands = [a for a in self._actions if isinstance(a, argparse._SubParsersAction)]
            command = getattr(parsed, "command", None)
            owner = subcommands[0].choices.get(command, self) if subcommands and command else self
            owner.error(f"unrecognized arguments: {' '.join(extras)}")
        return parsed

    def error(self, message: str) -> Any:
        import difflib
        import re

        known = sorted({o for p in _all_parsers(self) for a in p._actions for o in a.option_strings})
        for typo in re.findall(r"(--?[\w-]+)", message.split(":", 1)[-1]) if "unrecognized" in message else []:
            close = difflib.get_close_matches(typo, known, n=1, cutoff=0.6)
            close = close or [o for o in known if o.startswith("--") and typo.lstrip("-") in o]
            if close:
                message += f" (did you mean {close[0]}?)"
        super().error(message)


def _all_parsers(parser: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
    found = [parser]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                found += _all_parsers(sub)
    return found


def _in_cli_words(message: str) -> str:
    """A library message in the command line's words: its options, not the Python parameters.

    >>> _in_cli_words("n_sentences (-n) was None, now 2: pass resume=False (--no-resume) to start over")
    '-n was None, now 2: pass --no-resume to start over'
    >>> _in_cli_words("no text column; the columns are ['body']: pass text_column=")
    "no text column; the columns are ['body']: pass --text-column NAME"
    >>> _in_cli_words("id_column='x' is not a column")
    "--id-column 'x' is not a column"
    """
    import re

    # The library names its parameters with the command line's options: "n_sentences (-n)".
    message = re.sub(r"\b[a-z_]+(?:=\w+)? \((--?[a-z][\w-]*)\)", r"\1", message)
    message = re.sub(r"\b(text|title|id)_column=(?=\s|$)", r"--\1-column NAME", message)
    return re.sub(r"\b(text|title|id)_column=", r"--\1-column ", message)


class _UsageError(Exception):
    """A problem with the command line itself: exit code 2."""


# ---------------------------------------------------------------------------------------------
# Parser.


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {text!r}")
    return value


def _megabytes(text: str) -> int | None:
    """``--max-mb``: a size in MiB as bytes; 0: no limit (None)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a size in MiB (0 for no limit), got {text!r}") from None
    if not value >= 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"expected a size in MiB (0 for no limit), got {text!r}")
    return None if value == 0 else max(1, round(value * 2**20))


def _jobs(text: str) -> int:
    if text.strip() == "-1":
        return -1
    return _positive_int(text)


def _ratio(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number between 0 and 1, got {text!r}") from None
    if not 0 < value <= 1:
        raise argparse.ArgumentTypeError(f"expected a number between 0 and 1, got {text!r}")
    return value


def _add_inputs(p: argparse.ArgumentParser, *, nargs: str = "+") -> None:
    p.add_argument("inputs", nargs=nargs, metavar="INPUT", help="files, folders, globs, JSONL, CSV or Parquet")
    g = p.add_argument_group("table inputs (JSONL, CSV, Parquet)")
    g.add_argument("--text-column", metavar="NAME", help="column with the article text")
    g.add_argument("--title-column", metavar="NAME", help="column with the title")
    g.add_argument("--id-column", metavar="NAME", help="column with a unique id")
    p.add_argument("--max-mb", type=_megabytes, default=DEFAULT_MAX_BYTES, metavar="MB", dest="max_bytes",
                   help=f"skip (and report) files larger than this; default {DEFAULT_MAX_BYTES // 2**20}, 0: no limit")


def _add_output(p: argparse.ArgumentParser, *, required: bool = False, text: bool = True) -> None:
    g = p.add_argument_group("output")
    g.add_argument("-o", "--output", metavar="PATH", required=required, type=Path,
                   help="write a table here (.jsonl, .csv, .parquet)" + ("" if required else "; default: standard output"))
    choices = _TEXT_FORMATS if text else _tables.FORMATS
    g.add_argument("--format", choices=choices,
                   help="output format (default: from the --output extension" + (", else text)" if text else ")"))


def _add_length(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("summary length (one of)").add_mutually_exclusive_group()
    g.add_argument("-n", "--n-sentences", type=_positive_int, metavar="N", help="sentences per summary")
    g.add_argument("--ratio", type=_ratio, metavar="R", help="share of the article's sentences (0 to 1)")
    g.add_argument("--max-words", type=_positive_int, metavar="W", help="at most this many words")


def _add_themes(p: argparse.ArgumentParser) -> None:
    p.add_argument("--themes", metavar="FILE", type=Path,
                   help="a theme file (TOML, the format of toolkit/data/themes.toml); default: ISIS dispersal")


def _add_progress(p: argparse.ArgumentParser) -> None:
    p.add_argument("--no-progress", action="store_true",
                   help="never show a progress bar (it shows only on a terminal, for long runs)")


def build_parser() -> argparse.ArgumentParser:
    """The ``newskit`` argument parser (exposed for documentation tools and tests)."""
    parser = _Parser(
        prog=PROG, formatter_class=_HelpFormatter, epilog=_MAIN_EPILOG,
        description="Summarize and compare news articles, one at a time or a whole corpus.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    p = sub.add_parser("summarize", aliases=["summarise"], help="print each article's title and summary",
                       description="Extractive TF-IDF summary of each article.",
                       epilog=_SUMMARIZE_EPILOG, formatter_class=_HelpFormatter)
    _add_inputs(p)
    _add_length(p)
    _add_output(p)
    _add_progress(p)
    p.set_defaults(handler=_cmd_summarize)

    p = sub.add_parser("compare", help="compare two articles (or a set of them)",
                       description="Similarity, theme weights and a plain-language comparison.",
                       epilog=_COMPARE_EPILOG, formatter_class=_HelpFormatter)
    _add_inputs(p)
    _add_themes(p)
    p.add_argument("--top", type=_positive_int, default=5, metavar="N",
                   help="most similar pairs to list for three or more articles (default 5)")
    _add_output(p)
    p.set_defaults(handler=_cmd_compare)

    p = sub.add_parser("themes", help="tag each sentence with its themes",
                       description="Per-sentence theme tags of each article.",
                       epilog=_THEMES_EPILOG, formatter_class=_HelpFormatter)
    _add_inputs(p)
    _add_themes(p)
    p.add_argument("--all", action="store_true", help="show sentences without a theme too")
    _add_output(p)
    _add_progress(p)
    p.set_defaults(handler=_cmd_themes)

    p = sub.add_parser("corpus", help="batch job: summaries and theme scores of a whole corpus",
                       description="Summarize and theme-score every article of a corpus into one table:\n"
                                   "streaming, resumable, atomic, parallel (processes or Dask).",
                       epilog=_CORPUS_EPILOG, formatter_class=_HelpFormatter)
    _add_inputs(p)
    _add_output(p, required=True, text=False)
    _add_length(p)
    _add_themes(p)
    g = p.add_argument_group("batch")
    g.add_argument("--errors", metavar="PATH", type=Path,
                   help="errors file (JSONL: id, source, reason); default: OUTPUT.errors.jsonl")
    g.add_argument("--idf", choices=("document", "corpus"), default="document",
                   help="term weights per article (default) or learned over the whole corpus first")
    g.add_argument("--chunk-size", type=_positive_int, default=200, metavar="N",
                   help="articles per chunk: the unit of work and of checkpointing (default 200)")
    g.add_argument("-j", "--jobs", type=_jobs, default=1, metavar="N",
                   help="worker processes (-1: one per CPU); Dask workers with --scheduler local")
    g.add_argument("--scheduler", metavar="ADDRESS",
                   help="run on Dask: a scheduler address (tcp://host:8786) or 'local' for a local cluster")
    g.add_argument("--no-resume", action="store_true",
                   help="start over instead of skipping articles done by an earlier run (needed after "
                        "changing the summary length or the themes for an existing OUTPUT)")
    g.add_argument("--most-similar", type=_positive_int, metavar="N",
                   help="also write the N most similar pairs of articles to OUTPUT_STEM.pairs.EXT "
                        "(near-duplicates left out: --neighbours flags them; no n x n matrix)")
    g.add_argument("--neighbours", type=_positive_int, metavar="K",
                   help="also write each article's K most similar articles to OUTPUT_STEM.neighbours.EXT "
                        "(no n x n matrix: for archives of any size; near-duplicates flagged)")
    g.add_argument("--stories", action="store_true",
                   help="also write the stories (groups of similar articles, with date span, label and "
                        "summary) to OUTPUT_STEM.stories.EXT")
    g.add_argument("--timeline", choices=["day", "week", "month"],
                   help="also write the theme shares per day, week or month to OUTPUT_STEM.timeline.EXT "
                        "(the last row counts the undated articles)")
    _add_progress(p)
    p.set_defaults(handler=_cmd_corpus)
    return parser


# ---------------------------------------------------------------------------------------------
# Helpers shared by the commands.


def _check_inputs(inputs: Sequence[str], args: argparse.Namespace | None = None) -> None:
    if args is not None:
        _check_output_is_not_an_input(args)
    for item in inputs:
        if any(c in item for c in "*?["):
            if not glob.glob(item, recursive=True):
                raise _UsageError(f"no file matches {item!r}")
        elif not os.path.exists(item):
            raise _UsageError(f"no such file or folder: {item!r}")
    if args is not None:
        _check_columns(args)


def _check_output_is_not_an_input(args: argparse.Namespace) -> None:
    """An output that names an input file would overwrite it: refused before anything is read."""
    output = getattr(args, "output", None)
    if output is None or not output.exists():
        return
    for item in args.inputs:
        paths = glob.glob(item, recursive=True) if any(c in item for c in "*?[") else [item]
        for path in paths:
            try:
                same = os.path.isfile(path) and os.path.samefile(path, output)
            except OSError:
                same = False
            if same:
                raise _UsageError(f"--output {output} is also an input: it would be overwritten; "
                                  "choose another output path")


def _source(inputs: Sequence[str]) -> Any:
    """One input as it is; several as one list of paths (globs expanded, as a shell would)."""
    if len(inputs) == 1:
        return inputs[0]
    paths: list[str] = []
    for item in inputs:
        paths += sorted(glob.glob(item, recursive=True)) if any(c in item for c in "*?[") else [item]
    return paths


def _iter_items(args: argparse.Namespace) -> Iterator[Any]:
    """Articles and load failures of every input, in order, as a stream; then a note on stderr
    naming the articles that do not look like English (the library's warning)."""
    from .loading import Article, iter_articles
    from .loading._vocabulary import LanguageCheck

    languages = LanguageCheck()
    for item in args.inputs:
        for loaded in iter_articles(item, text_column=args.text_column, title_column=args.title_column,
                                    id_column=args.id_column, max_bytes=args.max_bytes):
            if isinstance(loaded, Article):
                languages.add(loaded)
            yield loaded
    note = languages.message()
    if note:
        print(f"{PROG}: note: {note}", file=sys.stderr)


_SHOWN_PER_REASON = 3  # failures printed with the same reason (numbers aside) before they are only counted
_repeats: dict[str, list] = {}


def _report_failure(item: Any) -> None:
    _report(item.source or item.id or "input", item.reason)


def _report(where: str, reason: str) -> None:
    """One line per failed item, until the same reason repeats: then a count at the end."""
    import re

    shape = re.sub(r"\d+", "N", re.sub(r"^(line|row|item) \d+[^:]*: ", "", reason))
    seen = _repeats.setdefault(shape, [0, re.sub(r"^(line|row|item) \d+[^:]*: ", "", reason)])
    seen[0] += 1
    if seen[0] <= _SHOWN_PER_REASON:
        print(f"{PROG}: skipped {where}: {_in_cli_words(reason)}", file=sys.stderr)


def _report_repeats() -> None:
    for count, reason in _repeats.values():
        if count > _SHOWN_PER_REASON:
            print(f"{PROG}: {count:,} items in all: {_in_cli_words(reason)}", file=sys.stderr)
    _repeats.clear()


def _check_columns(args: argparse.Namespace) -> None:
    """A column option that names no column: one usage error, before any row is read."""
    from .loading import LoadFailure, iter_articles

    if not (args.text_column or args.title_column or args.id_column):
        return
    _note_columns_ignored(args)
    for item in args.inputs:
        first = next(iter(iter_articles(item, text_column=args.text_column, title_column=args.title_column,
                                        id_column=args.id_column, max_bytes=args.max_bytes)), None)
        if isinstance(first, LoadFailure) and "is not a column" in first.reason:
            import re

            reason = re.sub(r"^(line|row|item) \d+[^:]*: ", "", first.reason)
            raise _UsageError(f"{item}: {reason}")


def _note_columns_ignored(args: argparse.Namespace) -> None:
    """The column options name columns of tables: for folders and article files they were
    ignored without a word."""
    from .loading._files import RECORD_SUFFIXES, suffix_of

    others = [item for item in args.inputs if os.path.isdir(item) or suffix_of(Path(item)) not in RECORD_SUFFIXES]
    if others:
        given = [f"--{name.replace('_', '-')}" for name in ("text_column", "title_column", "id_column")
                 if getattr(args, name)]
        print(f"{PROG}: note: {', '.join(given)} appl{'ies' if len(given) == 1 else 'y'} to JSONL, CSV and Parquet "
              "inputs only: ignored for "
              f"{', '.join(others)}", file=sys.stderr)


def _output_format(args: argparse.Namespace) -> str:
    if args.format is not None:
        if args.format == "parquet" and args.output is None:
            raise _UsageError("--format parquet needs --output PATH")
        return args.format
    if args.output is None:
        return "text"
    if args.output.suffix.lower() in (".txt", ".text", ".md"):
        return "text"
    try:
        return _tables.table_format(args.output)
    except ValueError as exc:
        raise _UsageError(f"{str(exc).replace('format=', '--format')} (or --format text)") from None


def _width() -> int:
    return max(40, min(100, shutil.get_terminal_size((100, 24)).columns))


def _wrap(text: str, *, indent: str = "  ", first: str | None = None) -> str:
    return textwrap.fill(" ".join(text.split()), width=_width(), initial_indent=first if first is not None else indent,
                         subsequent_indent=indent)


def _heading(article: Any, fallback: str) -> str:
    title = article.title or article.id or article.source or fallback
    return f"{title}\n{'=' * min(len(title), _width())}"


def _load_themes(args: argparse.Namespace) -> Any:
    from .themes import DEFAULT_THEMES, load_themes

    if args.themes is None:
        return DEFAULT_THEMES
    if not args.themes.is_file():
        raise _UsageError(f"no such theme file: {str(args.themes)!r}")
    try:
        return load_themes(args.themes)
    except ValueError as exc:
        message = str(exc)
        raise _UsageError(message if str(args.themes) in message else f"{args.themes}: {message}") from None


class _Sink:
    """Where a command's rows go: text (stdout or a file) or a table (a file or stdout).

    A context manager: files appear only when the block finishes without error (they are
    written under a temporary name first).
    """

    def __init__(self, args: argparse.Namespace, columns: _tables.Columns) -> None:
        self.format = _output_format(args)
        self.output: Path | None = args.output
        self.columns = columns
        self.text: IO[str] | None = None
        self.table: _tables.TableWriter | None = None
        self._stack = ExitStack()

    def __enter__(self) -> _Sink:
        if self.format != "text":
            self.table = self._stack.enter_context(_tables.TableWriter(self.output, self.columns, format=self.format))
        elif self.output is not None:
            self.text = self._stack.enter_context(_tables.atomic_text(self.output))
        else:
            self.text = sys.stdout
        return self

    def __exit__(self, *exc: Any) -> None:
        self._stack.__exit__(*exc)

    @property
    def to_terminal(self) -> bool:
        return self.text is sys.stdout and sys.stdout.isatty()


def _show_progress(args: argparse.Namespace, sink: _Sink | None = None) -> bool:
    # A bar on the same terminal as the text output would tear it: only when stdout is elsewhere.
    if getattr(args, "no_progress", False) or not sys.stderr.isatty():
        return False
    return sink is None or not sink.to_terminal


# ---------------------------------------------------------------------------------------------
# Commands. Each returns an exit code.

_SUMMARY_COLUMNS: list[tuple[str, _tables.Kind]] = [
    ("id", "str"), ("source", "str"), ("title", "str"), ("n_sentences", "int"),
    ("summary", "str"), ("summary_indices", "list[int]"),
]


@contextmanager
def _warnings_as_notes(where: str | None) -> Iterator[None]:
    """Library warnings (e.g. an article without content words) as one-line notes on stderr."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            yield
        finally:
            for w in caught:
                print(f"{PROG}: {where or 'note'}: {w.message}", file=sys.stderr)


def _show_warning_as_note(message: Warning | str, category: type[Warning], filename: str, lineno: int,
                          file: IO[str] | None = None, line: str | None = None) -> None:
    """``warnings.showwarning`` for the command line: ``newskit: note: <message>``."""
    print(f"{PROG}: note: {_in_cli_words(str(message))}", file=sys.stderr)


def _each_article(args: argparse.Namespace, columns: _tables.Columns,
                  work: Callable[[Any, _Sink, int], None]) -> int:
    """``work(article, sink, n)`` for every article of the inputs, as a stream.

    Items that cannot be loaded or worked on are reported on stderr and the others go on.
    """
    from ._batch import ProgressBar, error_reason
    from .loading import Article

    _check_inputs(args.inputs, args)
    failed = n_done = 0
    with _Sink(args, columns) as sink, ProgressBar(_show_progress(args, sink)) as bar:
        for item in _iter_items(args):
            bar.update(1)
            if not isinstance(item, Article):
                _report_failure(item)
                failed += 1
                continue
            try:
                with _warnings_as_notes(item.source or item.id):
                    work(item, sink, n_done)
            except BrokenPipeError:
                raise
            except Exception as exc:  # one bad article: reported, the others go on
                _report(item.source or item.id, error_reason(exc))
                failed += 1
                continue
            n_done += 1
    _report_repeats()
    if n_done == 0 and failed == 0:
        print(f"{PROG}: no article found in {', '.join(args.inputs)}", file=sys.stderr)
    return EXIT_FAILED if failed or n_done == 0 else EXIT_OK


def _cmd_summarize(args: argparse.Namespace) -> int:
    from .summarizing import summarize

    def work(article: Any, sink: _Sink, n: int) -> None:
        summary = summarize(article, n_sentences=args.n_sentences, ratio=args.ratio, max_words=args.max_words)
        n_total = len(summary.all_sentences)
        if sink.table is not None:
            sink.table.write([{"id": article.id, "source": article.source, "title": article.title,
                               "n_sentences": n_total, "summary": summary.text,
                               "summary_indices": [int(i) for i in summary.indices]}])
            return
        where = " · ".join(dict.fromkeys(str(x) for x in (article.id, article.source) if x))
        sink.text.write(("\n" if n else "") + _heading(article, f"article {n + 1}") + "\n"
                        + (f"{where} · " if where else "")
                        + f"{len(summary.sentences)} of {_plural(n_total, 'sentence')}\n\n"
                        + "".join(_wrap(s, indent="    ", first="  • ") + "\n" for s in summary.sentences))

    code = _each_article(args, _SUMMARY_COLUMNS, work)
    _say_written(args)
    return code


def _say_written(args: argparse.Namespace) -> None:
    if args.output is not None and args.output.exists() and _output_format(args) != "text":
        n = sum(len(b) for b in _tables.read_table(args.output, [("id", "str")], format=_output_format(args)))
        print(f"wrote {_plural(n, 'row')} to {args.output}")


def _load_all(args: argparse.Namespace) -> tuple[list[Any], int]:
    from .loading import Article

    articles, failed = [], 0
    for item in _iter_items(args):
        if isinstance(item, Article):
            articles.append(item)
        else:
            _report_failure(item)
            failed += 1
    _report_repeats()
    return articles, failed


def _frame_rows(frame: Any) -> tuple[list[tuple[str, _tables.Kind]], list[dict]]:
    """Columns and rows of a DataFrame (index kept as a column when it is named or not a range)."""
    import pandas as pd

    if not isinstance(frame.index, pd.RangeIndex):
        frame = frame.reset_index()
    columns = [(str(c), _kind(frame[c])) for c in frame.columns]
    rows = [{str(k): _plain_value(v) for k, v in r.items()} for r in frame.to_dict("records")]
    return columns, rows


def _kind(series: Any) -> _tables.Kind:
    import pandas as pd

    if pd.api.types.is_bool_dtype(series) or pd.api.types.is_integer_dtype(series):
        return "int"
    if pd.api.types.is_float_dtype(series):
        return "float"
    first = next((v for v in series if v is not None), None)
    if isinstance(first, (list, tuple)):
        return "list[int]" if first and all(isinstance(x, int) for x in first) else "list[str]"
    return "str"


def _plain_value(value: Any) -> Any:
    """A value JSON, CSV and Parquet all take: numpy scalars as Python, tuples as lists."""
    if hasattr(value, "item") and not isinstance(value, (list, tuple, str)):
        value = value.item()
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, bool):
        return int(value)
    return value


def _write_frame(args: argparse.Namespace, frame: Any) -> None:
    columns, rows = _frame_rows(frame)
    _write_rows(args, _output_format(args), columns, rows)


def _cmd_compare(args: argparse.Namespace) -> int:
    from .comparison import compare, compare_many

    _check_inputs(args.inputs, args)
    themes = _load_themes(args)
    fmt = _output_format(args)
    articles, failed = _load_all(args)
    if len(articles) < 2:
        print(f"{PROG} compare: error: need at least two readable articles, got {len(articles)}",
              file=sys.stderr)
        return EXIT_FAILED if failed else EXIT_USAGE
    _check_compare_memory(len(articles))
    with _warnings_as_notes("compare"):
        result = (compare(articles[0], articles[1], themes=themes) if len(articles) == 2
                  else compare_many(articles, themes=themes))
    if fmt != "text":
        if len(articles) == 2:
            _write_pair(args, fmt, articles, result)
        else:
            _write_frame(args, _keyed_by_id(articles, result))
    elif len(articles) == 2:
        _emit_text(args, _compare_text(articles, result))
    else:
        _emit_text(args, _compare_many_text(articles, result, args.top, full=args.output is not None))
    if args.output is not None:
        print(f"wrote {args.output}")
    return EXIT_FAILED if failed else EXIT_OK


_COMPARE_BYTES_PER_PAIR = 48  # measured: 5,000 articles took 1.0 GB (about 40 bytes per pair)
_TERMINAL_MATRIX = 12  # articles beyond which the text output lists pairs, not the whole matrix


def _check_compare_memory(n: int) -> None:
    """compare holds n x n matrices: refuse what would not fit, before the work."""
    need = n * n * _COMPARE_BYTES_PER_PAIR
    try:
        have = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):
        return
    if need > have // 2:
        raise _UsageError(f"comparing {n:,} articles needs about {need / 2**30:.1f} GB of memory (every pair is "
                          f"held), more than half of this machine's {have / 2**30:.0f} GB: use `{PROG} corpus "
                          "INPUT -o OUT --most-similar N` for the most similar pairs of a large corpus")


def _ids(articles: list[Any]) -> list[str]:
    return [str(a.id or a.source or f"article {i}") for i, a in enumerate(articles)]


def _write_pair(args: argparse.Namespace, fmt: str, articles: list[Any], result: Any) -> None:
    """Two articles: the similarity, both ids and titles, the plain-language comparison and
    the theme table, in every format (JSON lines: one object; tables: theme rows with them)."""
    (id_a, id_b), (a, b) = _ids(articles), articles
    about = {"id_a": id_a, "title_a": a.title, "id_b": id_b, "title_b": b.title,
             "similarity": float(result.similarity), "summary": result.summary()}
    columns, rows = _frame_rows(result.to_frame().rename_axis("theme"))
    kinds = [(k, "float" if k == "similarity" else "str") for k in about]
    if fmt == "jsonl":
        _write_rows(args, fmt, kinds + [("themes", "str")], [{**about, "themes": rows}])
    else:
        _write_rows(args, fmt, kinds + columns, [{**about, **r} for r in rows])


def _keyed_by_id(articles: list[Any], result: Any) -> Any:
    """The corpus comparison's table with article ids as its key (titles repeat; ids do not)."""
    frame = result.to_frame()
    ids = _ids(articles)
    by_name = dict(zip(frame.index, ids))
    frame.insert(0, "title", [a.title for a in articles])
    if "nearest" in frame:
        frame["nearest"] = frame["nearest"].map(lambda n: by_name.get(n, n))
    frame.index = frame.index.map(lambda n: by_name.get(n, n)).rename("id")
    return frame


def _write_rows(args: argparse.Namespace, fmt: str, columns: list, rows: list[dict]) -> None:
    if args.output is None:
        writer = _tables.TableWriter(None, columns, format=fmt)
        writer.write(rows)
        writer.commit()
    else:
        _tables.write_table(args.output, columns, rows, format=fmt)


def _label(article: Any, n: int) -> str:
    return article.title or article.id or article.source or f"article {n}"


def _compare_text(articles: list[Any], result: Any) -> str:
    from .similarity import describe_similarity

    lines = ["Comparing"]
    for tag, article in zip("AB", articles):
        lines.append(_wrap(f"{tag}: {_label(article, 1)}" + (f" ({article.source})" if article.source else ""),
                           indent="     ", first="  "))
    lines += ["", f"Similarity: {result.similarity:.2f}, {describe_similarity(result.similarity)}", ""]
    scores = result.theme_scores()
    labels = {t.id: t.label for t in result.themes}
    rows = [{"theme": tid, "label": labels[tid], "A": float(a), "B": float(b)}
            for tid, a, b in zip(scores.index, scores.iloc[:, 0], scores.iloc[:, 1])]
    lines.append("Themes: share of each article's sentences on the theme (0 = absent)")
    lines.append(_tables.format_text_table(rows, ["theme", "label", "A", "B"]))
    lines.append("In plain words")
    lines += [_wrap(par, indent="  ") for par in result.summary().split("\n") if par.strip()]
    return "\n".join(lines) + "\n"


def _compare_many_text(articles: list[Any], result: Any, top: int, *, full: bool = False) -> str:
    keys = [f"[{i}]" for i in range(len(articles))]
    lines = ["Articles"]
    lines += [_wrap(f"{k} {_label(a, i)}", indent="      ", first="  ") for i, (k, a) in enumerate(zip(keys, articles))]
    if len(articles) > _TERMINAL_MATRIX and not full:
        # n x n numbers are unreadable on a terminal (and were 37 MB for 2,225 articles).
        lines += ["", f"The similarity and theme matrices of {len(articles):,} articles are not printed: "
                      f"write them with --output FILE.csv (or .jsonl, .parquet)", ""]
    else:
        sim = result.similarity_matrix().to_numpy()
        lines += ["", "Similarity (0 to 1)"]
        lines.append(_tables.format_text_table(
            [{"": k, **{kk: float(v) for kk, v in zip(keys, row)}} for k, row in zip(keys, sim)], [""] + keys))
        shares = result.theme_matrix()
        lines.append("Themes: share of each article's sentences on the theme (0 = absent)")
        lines.append(_tables.format_text_table(
            [{"theme": tid, **{k: float(v) for k, v in zip(keys, shares[tid])}} for tid in shares.columns],
            ["theme"] + keys))
    lines.append("Most similar pairs")
    pairs = result.most_similar(n=top)
    lines.append(_tables.format_text_table(
        [{"pair": f"[{i}] [{j}]", "similarity": float(v)}
         for i, j, v in zip(pairs["index_a"], pairs["index_b"], pairs["similarity"])], ["pair", "similarity"]))
    return "\n".join(lines)


def _emit_text(args: argparse.Namespace, text: str) -> None:
    if args.output is None:
        sys.stdout.write(text)
        return
    with _tables.atomic_text(args.output) as f:
        f.write(text)


def _cmd_themes(args: argparse.Namespace) -> int:
    from ._theme_weights import theme_ids
    from .themes import tag_themes

    themes = _load_themes(args)
    ids = theme_ids(themes)
    columns = [("id", "str"), ("source", "str"), ("sentence_index", "int"), ("sentence", "str"),
               ("themes", "list[str]")] + [(t, "float") for t in ids]
    clash = sorted(set(ids) & {n for n, _ in columns[:5]})
    if clash:  # a theme column would overwrite the article's id (or another column) in the output
        raise _UsageError(f"theme ids {clash} clash with output column names; rename those themes in {args.themes}")

    def work(article: Any, sink: _Sink, n: int) -> None:
        frame = tag_themes(article, themes=themes)
        if sink.table is not None:
            sink.table.write([{"id": article.id, "source": article.source, "sentence_index": i,
                               "sentence": r["sentence"], "themes": list(r["themes"]),
                               **{t: float(r[t]) for t in ids}} for i, r in enumerate(frame.to_dict("records"))])
        else:
            sink.text.write(("\n" if n else "") + _themes_text(article, frame, ids, show_all=args.all, n=n + 1))

    code = _each_article(args, columns, work)
    _say_written(args)
    return code


def _themes_text(article: Any, frame: Any, ids: list[str], *, show_all: bool, n: int) -> str:
    lines = [_heading(article, f"article {n}")]
    tagged = [(i, r) for i, r in enumerate(frame.to_dict("records")) if r["themes"]]
    lines.append(f"{len(tagged)} of {len(frame)} sentences carry a theme")
    counts = {t: sum(t in r["themes"] for _, r in tagged) for t in ids}
    present = ", ".join(f"{t} ({c})" for t, c in sorted(counts.items(), key=lambda kv: -kv[1]) if c)
    if present:
        lines.append(_wrap(f"themes: {present}", indent="  ", first=""))
    lines.append("")
    for i, r in enumerate(frame.to_dict("records")):
        if not r["themes"] and not show_all:
            continue
        tags = ", ".join(r["themes"]) if r["themes"] else "-"
        lines.append(f"[{i}] {tags}")
        lines.append(_wrap(r["sentence"], indent="    "))
    return "\n".join(lines) + "\n"


def _cmd_corpus(args: argparse.Namespace) -> int:
    from ._batch import in_progress_path
    from .corpus import run_corpus

    _check_inputs(args.inputs, args)
    themes = _load_themes(args)
    try:
        fmt = _tables.table_format(args.output, args.format)
    except ValueError as exc:
        raise _UsageError(str(exc).replace("format=", "--format")) from None
    restore = _sigterm_as_interrupt()
    try:
        with _warnings_as_notes(None):  # e.g. the articles that do not look like English
            run = run_corpus(
                _source(args.inputs), args.output, text_column=args.text_column, title_column=args.title_column,
                id_column=args.id_column, max_bytes=args.max_bytes, format=fmt, n_sentences=args.n_sentences,
                ratio=args.ratio,
                max_words=args.max_words, themes=themes, idf=args.idf, chunk_size=args.chunk_size,
                n_jobs=args.jobs, scheduler=args.scheduler, resume=not args.no_resume, errors_path=args.errors,
                most_similar=args.most_similar or 0, progress=False if args.no_progress else None,
                neighbours=args.neighbours or 0, stories=args.stories, timeline=args.timeline,
            )
    except KeyboardInterrupt:
        parts = in_progress_path(args.output)
        print(f"{PROG}: interrupted; finished chunks are kept in {parts}: rerun the same command to resume",
              file=sys.stderr)
        return EXIT_INTERRUPTED
    except ConnectionError as exc:
        raise _UsageError(str(exc)) from None
    finally:
        restore()
    print(f"{run.output}: {run.n_processed:,} analysed now, {run.n_skipped:,} kept from an earlier run, "
          f"in {run.seconds:.1f} s")
    if run.pairs_path is not None:
        print(f"most similar pairs in {run.pairs_path}")
    for name, path in run.archive_paths.items():
        print(f"{name} in {path}")
    if run.n_failed:
        print(f"{PROG}: {_plural(run.n_failed, 'item')} failed: see {run.errors_path}", file=sys.stderr)
    # The last line accounts for every input item: a row of the output or a line of the errors file.
    print(f"{_plural(run.n_items, 'item')}: {run.n_rows:,} written, {run.n_failed:,} failed")
    return EXIT_FAILED if run.n_failed else EXIT_OK


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}" + ("" if n == 1 else "s")


def _sigterm_as_interrupt() -> Callable[[], None]:
    """SIGTERM (``kill``, a job scheduler's stop) ends a run as Ctrl-C does: parts kept, lock freed."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        return lambda: None

    def interrupt(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    return lambda: signal.signal(signal.SIGTERM, previous)


# ---------------------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``newskit`` command line; returns the exit code.

    Examples
    --------
    >>> main(["--version"])
    newskit ...
    0
    >>> main(["summarize", "no/such/folder"])  # the message goes to standard error
    2
    """
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version and argparse's own usage errors
        return int(exc.code or 0) if not isinstance(exc.code, str) else EXIT_USAGE
    try:
        with warnings.catch_warnings():  # restores the default display when main returns
            # A warning from the library (an edited theme file used with the shipped model...)
            # printed Python's "file.py:779: UserWarning:" and the source line.
            warnings.showwarning = _show_warning_as_note
            return args.handler(args)
    except BrokenPipeError:
        # The reader went away (`newskit summarize seeds/ | head`): not an error of ours.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    except (_UsageError, ValueError, OSError) as exc:
        # A bad command line, an input or option the library refused (its message says
        # why), an output that cannot be written: one line, no traceback.
        print(f"{PROG} {args.command}: error: {_in_cli_words(str(exc))}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
