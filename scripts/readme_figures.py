"""Write the README's figure tables from the benchmarks' results, so that they cannot drift.

Each benchmark records what it printed in ``benchmarks/results/NAME.json`` (see
``benchmarks/_results.py``). Each figure table of ``README.md`` stands between two marks,

    <!-- figures:TABLE -->
    ...
    <!-- /figures -->

and this script rewrites what is between them from the results file of that table (TABLES
below), with a line that names the file, the command and the date of the run.
``tests/test_readme_figures.py`` fails when the README says something else.

Run (from the repository root):  .venv/bin/python -m scripts.readme_figures [--check]
(``make readme-figures``), after a benchmark has written new results.
"""
from __future__ import annotations

import argparse
import json
import re
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
RESULTS = ROOT / "benchmarks" / "results"
REGION = re.compile(r"<!-- figures:(?P<name>[\w-]*) -->\n(?P<body>.*?)<!-- /figures -->", re.S)
OPEN = re.compile(r"<!-- figures:(?P<name>[\w-]*) -->")

Record = dict
Row = Sequence[str]


def _table(header: Row, rows: Sequence[Row]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    return lines + ["|" + "|".join(f" {cell} " if cell else " " for cell in row) + "|" for row in rows]


def _f(value: float, digits: int = 2) -> str:
    return f"{value:.{digits}f}"


def _ratio(value: float) -> str:
    return f"{value:.2f}x" if value < 10 else f"{value:.1f}x"


def _bold(text: str, yes: bool = True) -> str:
    return f"**{text}**" if yes else text


# --------------------------------------------------------------------------- the tables


def sentences(record: Record) -> list[str]:
    f = record["figures"]
    rate, right = f["articles_per_s"], f["hard cases right"]
    of_ours, of_theirs = f["toolkit's ends pySBD also makes"], f["pySBD's ends toolkit also makes"]
    common = f"{of_ours:.1%} of ours, {of_theirs:.1%} of theirs"
    labels = {"Punkt (no data)": "Punkt, untrained"}
    rows = [[labels.get(name, name), str(right[name]), f"{rate[name]:,.0f}",
             _bold(f"{rate[name] / rate['pySBD']:.1f}x", name == "toolkit"), common if name == "pySBD" else ""]
            for name in rate]
    return _table(["splitter", f"hard cases right (of {f['hard cases']})",
                   f"BBC articles/s ({f['BBC articles']:,}, CPU)", "vs pySBD", "sentence ends in common"], rows)


_SPEED = {"toolkit summarize_many": "toolkit `summarize_many`",
          "floor: split + one TfidfVectorizer": "floor: our splitter + one scikit-learn `TfidfVectorizer` over all "
                                                "sentences with our analyzer"}


def speed(record: Record) -> list[str]:
    f = record["figures"]
    ours = f["systems"]["toolkit summarize_many"]["articles_per_s"]
    rows = [[_SPEED.get(name, name), f"{s['articles_per_s']:,.1f}",
             "" if name == "toolkit summarize_many" else _bold(_ratio(ours / s["articles_per_s"]))]
            for name, s in f["systems"].items()]
    per = f["ms_per_article"]
    return _table(["system", "articles/s (CPU)", "toolkit's throughput is"], rows) + [
        "", f"Peak Python memory {f['peak_python_mib']:.0f} MiB; time per article at {' / '.join(per)} the corpus: "
            f"{' / '.join(_f(v) for v in per.values())} ms."]


def _starting(values: dict, prefix: str) -> object:
    """The value whose key starts with ``prefix`` (the benchmarks' row names carry their parameters)."""
    return next(v for k, v in values.items() if k.startswith(prefix))


def similarity(record: Record) -> list[str]:
    sts, docs = record["figures"]["STS-B dev"], record["figures"]["documents"]
    ours = _starting(sts["pearson"], "final blend")["60 sent."]
    plain = sts["pearson"]["plain TF-IDF cosine (baseline)"]["60 sent."]
    doc_ours, doc_plain = _starting(docs, "final:"), docs["plain TF-IDF cosine (baseline)"]
    align = sts["F1-optimal threshold"]["60 sent."]
    rows = [["STS-B dev Pearson (term weights learned 60 sentences at a time, as in a two-article comparison)",
             _bold(_f(ours, 3)), _f(plain, 3)],
            ["the same, the two blend parameters chosen by two-fold cross-validation (held out)",
             _f(sts["held-out pearson"]["60 sent."], 3), ""]]
    rows += [[f"BBC same-category ranking {measure}", _f(_starting(doc_ours, f"BBC cat. {measure}"), 3),
              _f(_starting(doc_plain, f"BBC cat. {measure}"), 3)] for measure in ("AUC", "MAP")]
    rows.append([f"sentence alignment, pairs humans rate >= 3.5: F1 at each one's F1-optimal threshold "
                 f"(the toolkit's: {_f(align['threshold'])})", _f(align["F1"], 3), _f(align["plain TF-IDF F1"], 3)])
    return _table(["measure", "toolkit", "plain TF-IDF cosine"], rows)


def quality(record: Record) -> list[str]:
    rouge = record["figures"]["rouge"]
    systems = rouge["systems"]

    def row(label: str, s: dict) -> Row:
        return [label, _f(s["R-1"]), _f(s["R-2"]), _f(s["R-Lsum"]), f"{s['not the first 3']:.0%}"]

    rows = [row("toolkit (default: the article's own IDF)", systems["toolkit"]),
            row(f"toolkit, IDF learned from the {rouge['articles']} articles (`background=`)",
                systems["toolkit (corpus IDF)"])]
    if "toolkit (BBC IDF)" in systems:
        rows.append(row("toolkit, IDF learned from the BBC corpus", systems["toolkit (BBC IDF)"]))
    rows.append(row("Lead-3", systems["Lead-3"]))
    sumy = {name.removeprefix("sumy "): s for name, s in systems.items() if name.startswith("sumy ")}
    if sumy:
        rows.append(["sumy " + " / ".join(sumy), " / ".join(_f(s["R-1"]) for s in sumy.values()),
                     " / ".join(_f(s["R-2"]) for s in sumy.values()), "", ""])
    rows += [row("Random-3", s) for name, s in systems.items() if name.startswith("Random-3")]
    return _table(["system", "R-1", "R-2", "R-Lsum", "not the first 3"], rows)


_TAGGERS = {"before": "previous release (evidence words, no subject rule)",
            "terms + rules": "today's words + subject rule, no model",
            "learned, written articles only": "learned from the written articles only (never saw a labelled one)",
            "learned, labelled articles only (CV)": "learned from the labelled articles only (cross-validated)",
            "learned (CV)": "today's default: learned from both (cross-validated)"}


def themes(record: Record) -> list[str]:
    rows = []
    for key, label in _TAGGERS.items():
        if key not in record["figures"]["taggers"]:  # a result file from before the written articles
            continue
        t, ours = record["figures"]["taggers"][key], key == "learned (CV)"
        false = f"{t['related false']:.1%}" + ("" if rows else " of sentences")
        rows.append([_bold(label, ours), _f(t["P"], 3), _f(t["R"], 3), _bold(_f(t["F1"], 3), ours), _bold(false, ours)])
    return _table(["tagger", "P", "R", "micro F1 (ISIS articles)", "false tags, related articles"], rows)


THEME_TARGET = 0.70  # the theme issue's target F1 for every theme with >= 20 labels: shown in bold when met


def themes_per_theme(record: Record) -> list[str]:
    before, learned = record["figures"]["per_theme"]["before"], record["figures"]["per_theme"]["learned (CV)"]

    def prf(s: dict, bold_f1: bool) -> str:
        return f"{_f(s['P'])} / {_f(s['R'])} / {_bold(_f(s['F1']), bold_f1 and s['F1'] >= THEME_TARGET)}"

    rows = [[theme, str(before[theme]["support"]), prf(before[theme], False), prf(learned[theme], True)]
            for theme in before]
    return _table(["theme", "support", "P / R / F1 before", "P / R / F1 learned (CV)"], rows)


def themes_learning_curve(record: Record) -> list[str]:
    rows = [[f"{c['share']:.0%} (about {c['training_articles']})", _f(c["F1_mean"], 3),
             f"{_f(c['F1_min'], 3)} - {_f(c['F1_max'], 3)}"] for c in record["figures"].get("learning_curve", [])]
    return _table(["labelled training articles per fold: share (number)", "micro F1, mean of the splits", "range"], rows)


def theme_examples(record: Record) -> list[str]:
    f = record["figures"]
    rows = [["none (the words alone)", _f(f["words_alone_F1"], 3), _f(f["words_alone_F1"], 3), "0"]]
    rows += [[str(r["examples_per_theme"]), _f(r["always_learned_F1"], 3), _bold(_f(r["today_F1"], 3)),
              f"{r['themes_learned']:.1f} of {f['themes']}"] for r in f["sizes"]]
    return _table(["examples per theme", "every theme learned (before)", "learned where it does better (today)",
                   "themes learned today"], rows)


def loading(record: Record) -> list[str]:
    systems, versions = record["figures"]["systems"], record.get("versions", {})
    labels = {"toolkit": "toolkit (trafilatura's choice, the toolkit's blocks, headline and metadata)",
              "trafilatura": f"trafilatura {versions.get('trafilatura') or ''} alone (`extract`, defaults)",
              "readability-lxml": f"readability-lxml {versions.get('readability-lxml') or ''}",
              "visible text (floor)": "all visible text (floor)"}
    rows = [[labels.get(name, name).replace("  ", " "), _f(s["kept"], 3), _f(s["dropped"], 3),
             _bold(_f(s["score"], 3), name == "toolkit"), str(s["no text"])] for name, s in systems.items()]
    return _table(["system", "kept", "dropped", "score", "pages with no text"], rows)


_CONFIGURATIONS = {"local1": "local, 1 process", "local2": "local, 2 processes (`--jobs 2`)",
                   "dask2": "Dask LocalCluster, 2 workers (`--scheduler local --jobs 2`)"}


def corpus(record: Record) -> list[str]:
    configurations = record["figures"]["configurations"]
    base = configurations["local1"]["articles_per_s"]
    rows = [[_CONFIGURATIONS.get(key, key), _f(c["articles_per_s"], 1), _f(c["articles_per_s"] / base),
             f"{c['peak_rss_mb']:,.0f} MB"] for key, c in configurations.items()]
    n, growth = record["figures"]["articles"], record["figures"]["memory_growth"]
    return _table(["configuration", f"articles/s ({n:,} articles)", "vs 1 process", "peak RSS of the process tree"],
                  rows) + ["", f"Peak RSS as the corpus grows (1 process): {growth['peak_rss_mb']:,.0f} MB at "
                               f"{growth['articles']:,} articles, {configurations['local1']['peak_rss_mb']:,.0f} MB "
                               f"at {n:,}."]


_SCALE_SETTINGS = {"alone": "alone (`compare A B`)", "among 20": "among 20 articles", "in corpus": "in the whole file"}


def similarity_scale(record: Record) -> list[str]:
    def cell(c: dict | None) -> str:
        return "" if c is None else f"{_f(c['q05'])} / {_f(c['q50'])} / {_f(c['q95'])} ({_f(c['plain TF-IDF median'])})"

    rows = [[f"{g['label']} ({g['pairs']})", *(cell(g["settings"].get(k)) for k in _SCALE_SETTINGS)]
            for g in record["figures"]["groups"]]
    return _table(["pairs", *_SCALE_SETTINGS.values()], rows)


def neighbours_dask(record: Record) -> list[str]:
    f = record["figures"]
    rows = []
    for key in ("search, 1 process", "search, Dask 2 workers"):
        for i, r in enumerate(f[key], 1):
            w = r.get("workers_cpu")
            cpu = f"{r['cpu']:.1f}" if w is None else f"{r['cpu'] + sum(w):.1f} (this process {r['cpu']:.1f}, " \
                f"workers {' and '.join(f'{v:.1f}' for v in w)})"
            rows.append([f"{key.split(', ')[1]}, run {i}", f"{r['seconds']:.1f}", cpu, f"{r['load']:.1f}",
                         f"{r['peak_mb']:,.0f} MB"])
    ratios = ", ".join(_ratio(v) for v in f["wall_ratios"])
    bound = ", ".join(_ratio(v) for v in f["cpu_bound_ratios"])
    return _table([f"search of {f['articles']:,} articles", "wall s", "CPU s", "load average (2 cores)",
                   "peak RSS"], rows) + [
        "", f"Dask 2 workers against 1 process, wall time run by run: {_bold(ratios)}; best against best "
            f"{_ratio(f['best_wall_ratio'])} (target ≥ 1.6x); "
            f"{'the same' if f['same_neighbours'] else 'DIFFERENT'} neighbours. From the CPU times, what two idle "
            f"cores would give at best (1 process / the larger of the busiest worker and half of all): {bound}."]


def neighbours_growth(record: Record) -> list[str]:
    f = record["figures"]
    rows = [[f"{r['n']:,}", f"{r['cpu']:.1f}", f"{r['seconds']:.1f}", _f(r["cpu"] / r["n"] * 1000),
             f"{r['peak_mb']:,.0f} MB", _f(r["recall"], 3)] for r in (f["small"], f["largest"])]
    return _table(["articles", "CPU s", "wall s", "ms CPU per article", "peak RSS", "recall of the exact top-10"],
                  rows) + [
        "", f"Time per article at {f['largest']['n']:,} against {f['small']['n']:,}: "
            f"{_bold(_ratio(f['cpu_per_article_ratio']))} in CPU time, {_ratio(f['wall_per_article_ratio'])} in wall "
            f"time (target ≤ 2x); memory {f['kb_per_added_article']:.1f} KB per added article."]


def compare_many(record: Record) -> list[str]:
    f = record["figures"]
    speed, a = f["compare_many"], f["compare_many"]["agreement"]
    labels = {"baseline": f"before issue 12 (`{speed['baseline_rev']}` = {speed['baseline_commit'][:10]})",
              "today": f"this code ({record.get('commit') or 'this checkout'})"}
    rows = [[labels[name], f"{speed['best'][name]['cpu']:.1f}", f"{speed['best'][name]['seconds']:.1f}",
             ", ".join(f"{r['cpu']:.1f}" for r in runs), f"{max(r['peak_mb'] for r in runs):,.0f} MB"]
            for name, runs in speed["runs"].items()]
    same = "the same, in the same order" if a["top_pairs_same_order"] else f"{a['top_pairs_in_common']} in common"
    themes = ("equal" if a["theme_matrix_equal"] else
              f"shares differ by at most {_f(a['theme_max_abs_diff'], 3)} (mean {a['theme_mean_abs_diff']:.4f}); "
              f"the same themes present in {a['articles_same_themes_present']:.1%} of the articles")
    lines = _table([f"`compare_many` on {speed['articles']:,} BBC articles", f"CPU s, best of {speed['repeat']}",
                    "wall s, best", "CPU s, run by run", "peak RSS"], rows) + [
        "", f"This code against the code before issue 12: {_bold(_ratio(speed['cpu_ratio']))} the CPU time, best "
            f"against best ({', '.join(_ratio(v) for v in speed['cpu_ratios'])} run by run), "
            f"{_ratio(speed['wall_ratio'])} the wall time (target ≤ 1x). The similarity matrices "
            + ("are equal bit for bit" if a['similarity_max_abs_diff'] == 0 else
               f"differ by at most {a['similarity_max_abs_diff']:.2g}") + f"; the {a['top_pairs']} most similar pairs {same}; each article's "
            f"nearest the same for {a['nearest_same']:.1%}. Theme matrices (the tagger changed in issue 10): {themes}."]
    large = f.get("large")
    if large:
        cm, nn = large["compare_many"], large["nearest_neighbours"]
        did = (f"works ({cm['cpu']:.1f} s CPU, peak RSS {cm['peak_mb']:,.0f} MB)" if cm["error"] is None else
               f"refuses in {cm['seconds']:.2f} s, {'naming' if cm['names_nearest_neighbours'] else 'NOT naming'} "
               f"`nearest_neighbours`: \"{cm['error']}\"")
        seconds = _bold(f"{nn['cpu']:.1f} s")
        lines += ["", f"At {large['articles']:,} articles (BBC replicated with perturbations): `compare_many` {did}; "
                      f"`nearest_neighbours(texts, n_neighbours=10)` ({nn['method']}) on the same texts "
                      f"{seconds} of CPU ({nn['seconds']:.1f} s wall), peak RSS "
                      f"{nn['peak_mb']:,.0f} MB."]
    return lines


# table name in the README -> (results file, what writes the table)
TABLES: dict[str, tuple[str, Callable[[Record], list[str]]]] = {
    "sentences": ("sentences", sentences),
    "speed": ("speed", speed),
    "similarity": ("similarity", similarity),
    "quality": ("quality", quality),
    "themes": ("themes", themes),
    "themes-per-theme": ("themes", themes_per_theme),
    "themes-learning-curve": ("themes", themes_learning_curve),
    "theme-examples": ("theme_examples", theme_examples),
    "loading": ("loading", loading),
    "corpus": ("corpus", corpus),
    "similarity-scale": ("similarity_scale", similarity_scale),
    "neighbours-growth": ("neighbours_growth", neighbours_growth),
    "neighbours-dask-30000": ("neighbours_dask_30000", neighbours_dask),
    "neighbours-dask-100000": ("neighbours_dask_100000", neighbours_dask),
    "compare-many": ("compare_many", compare_many),
}


# --------------------------------------------------------------------------- the README


def provenance(record: Record, file: str) -> str:
    """The line under a table: where its figures come from."""
    if record.get("recorded"):
        return f"_`benchmarks/results/{file}.json`: {record['recorded']}._"
    at = f" at commit {record['commit']}" if record.get("commit") else ""
    return (f"_`benchmarks/results/{file}.json`: `{record['command']}`{at}, run on {record['date']} "
            f"({record['machine']})._")


def read_results(file: str, results: Path = RESULTS) -> Record:
    path = results / f"{file}.json"
    if not path.is_file():
        raise SystemExit(f"{path} not found: run the benchmark that writes it (make bench-{file.split('_')[0]})")
    return json.loads(path.read_text(encoding="utf-8"))


def render(text: str, results: Path = RESULTS) -> str:
    """``text`` (a README) with every figure region rewritten from ``results``."""
    found = [m.group("name") for m in REGION.finditer(text)]
    opened = [m.group("name") for m in OPEN.finditer(text)]
    if opened != found:
        raise SystemExit(f"a '<!-- figures:NAME -->' mark has no '<!-- /figures -->' after it: {opened} vs {found}")
    unknown = sorted(set(found) - set(TABLES))
    if unknown:
        raise SystemExit(f"unknown figure table(s) {unknown} in the README; known: {', '.join(TABLES)}")

    def body(match: re.Match) -> str:
        file, table = TABLES[match.group("name")]
        record = read_results(file, results)
        lines = [*table(record), "", provenance(record, file)]
        return f"<!-- figures:{match.group('name')} -->\n" + "\n".join(lines) + "\n<!-- /figures -->"

    return REGION.sub(body, text)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--readme", type=Path, default=README)
    parser.add_argument("--results", type=Path, default=RESULTS, help="folder of the benchmarks' JSON results")
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if the README is not up to date")
    args = parser.parse_args(argv)
    text = args.readme.read_text(encoding="utf-8")
    new = render(text, args.results)
    if args.check:
        if new != text:
            print(f"{args.readme}: the figure tables differ from {args.results}: run make readme-figures")
            return 1
        print(f"{args.readme}: the figure tables are those of {args.results}")
        return 0
    if new != text:
        args.readme.write_text(new, encoding="utf-8")
        print(f"{args.readme}: figure tables rewritten from {args.results}")
    else:
        print(f"{args.readme}: already up to date")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
