"""Record files: JSONL, CSV/TSV, Parquet and JSON, one article per record (``loading._records``)."""
from __future__ import annotations

import gzip
import json
import subprocess
import sys

import pytest

from toolkit import ArticleError, LoadFailure, iter_articles, load_articles


def test_jsonl_good_lines_load_and_bad_lines_are_reported_with_line_numbers(tmp_path):
    path = tmp_path / "news.jsonl"
    lines = [
        json.dumps({"id": "a1", "title": "Given title", "text": "Body one is here.", "url": "https://x.org/1"}),
        "{this is not json",
        "",
        json.dumps({"id": "a3", "text": "   "}),
        json.dumps(["not", "an", "object"]),
        json.dumps({"id": "a5", "summary": "no text field"}),
        json.dumps({"article": "Auto headline\n\nBody found under 'article'.", "headline": "H"}),
        json.dumps({"id": 7, "text": 12}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = list(iter_articles(path))
    kinds = [type(o).__name__ for o in out]
    assert kinds == ["Article", "LoadFailure", "LoadFailure", "LoadFailure", "LoadFailure", "Article",
                     "LoadFailure"]
    assert (out[0].id, out[0].title, out[0].text, out[0].url) == ("a1", "Given title", "Body one is here.",
                                                                  "https://x.org/1")
    assert out[1].reason == "line 2: malformed JSON (Expecting property name enclosed in double quotes, column 2)"
    assert out[1].id == "news:2" and out[1].source == str(path)
    assert out[2].reason == "line 4: the text field 'text' is empty" and out[2].id == "a3"
    assert out[3].reason == "line 5: expected a JSON object, got list"
    assert out[4].reason.startswith("line 6: no text column (looked for 'text', 'article'")
    assert (out[5].id, out[5].title, out[5].text) == ("news:7", "H", "Body found under 'article'.")
    assert out[6].reason == "line 8: the text field 'text' is a int, not a string"
    with pytest.warns(UserWarning, match="5 of 7 items could not be loaded.*line 2: malformed JSON"):
        assert len(load_articles(path)) == 2


def test_jsonl_gz_and_columns(tmp_path):
    path = tmp_path / "news.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as f:
        f.write(json.dumps({"key": "k1", "name": "Named", "story_text": "The body text."}) + "\n")
    (a,) = load_articles(path, text_column="story_text", title_column="name", id_column="key")
    assert (a.id, a.title, a.text) == ("k1", "Named", "The body text.")
    with pytest.raises(ArticleError, match=r"text_column='body' is not a column; the columns are \['key', 'name'"):
        load_articles(path, text_column="body")


def test_csv_with_quotes_newlines_cp1252_and_a_bad_row(tmp_path):
    path = tmp_path / "news.csv"
    rows = ('id,headline,body\n'
            '1,Caf\xe9 opens,"The caf\xe9 \x93opened\x94 on Monday.\n\nIt was busy, owners said."\n'
            '2,Too many,a,b,c\n'
            '3,Second,Second body here.\n')
    path.write_bytes(rows.encode("latin-1"))
    out = list(iter_articles(path))
    assert [type(o).__name__ for o in out] == ["Article", "LoadFailure", "Article"]
    assert out[0].title == "Café opens" and out[0].text == "The café “opened” on Monday.\n\nIt was busy, owners said."
    assert out[1].reason == "row 2 (line 5): 5 fields, expected 3" and out[1].id == "news:2"
    assert out[2].id == "3"


def test_tsv_and_missing_text_column(tmp_path):
    tsv = tmp_path / "news.tsv"
    tsv.write_text("title\ttext\nT\tThe tab body.\n", encoding="utf-8")
    assert load_articles(tsv)[0].text == "The tab body."
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")
    (failure,) = list(iter_articles(bad))
    assert "no text column" in failure.reason and "['a', 'b']" in failure.reason


def test_parquet_by_batches_and_dataframe(tmp_path):
    pd = pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    frame = pd.DataFrame({"id": [f"r{i}" for i in range(600)],
                          "content": [f"Story number {i} is here." for i in range(600)],
                          "other": range(600)})
    frame.loc[5, "content"] = None
    path = tmp_path / "news.parquet"
    frame.to_parquet(path)
    out = list(iter_articles(path))
    assert len(out) == 600
    assert isinstance(out[5], LoadFailure) and out[5].id == "r5" and "empty" in out[5].reason
    assert out[599].id == "r599" and out[599].text == "Story number 599 is here."
    from_frame = load_articles(frame.head(3))
    assert [a.id for a in from_frame] == ["r0", "r1", "r2"]


def test_json_array_file(tmp_path):
    path = tmp_path / "news.json"
    path.write_text(json.dumps([{"text": "One body."}, {"text": "Two body."}]), encoding="utf-8")
    assert [a.id for a in load_articles(path)] == ["news:1", "news:2"]


# --------------------------------------------------------------------------- a quote left open (issue 15, item 11)

GOOD_2 = "The mayor said the vote was a good day for the city and its people."
GOOD_3 = "Officials expect the new budget to take effect in the spring of next year."


def _write_csv(tmp_path, rows):
    path = tmp_path / "news.csv"
    path.write_text("id,title,text\n" + "".join(rows), encoding="utf-8")
    return path


def test_a_quote_never_closed_is_reported_and_the_rows_after_it_still_load(tmp_path):
    path = _write_csv(tmp_path, ['1,A,"The council voted on Monday, a quote never closed\n',
                                 f"2,B,{GOOD_2}\n", f"3,C,{GOOD_3}\n"])
    out = list(iter_articles(path))
    assert [type(o).__name__ for o in out] == ["LoadFailure", "Article", "Article"]
    assert out[0].id == "news:1"
    assert out[0].reason == ("row 1 (line 2): malformed CSV: a quote opened on line 2 is never closed; "
                             "the row is skipped and lines 3-4 are read again as rows")
    assert [(a.id, a.text) for a in out[1:]] == [("2", GOOD_2), ("3", GOOD_3)]
    # load_articles keeps the good rows and names the bad one in its warning.
    with pytest.warns(UserWarning, match=r"1 of 3 items could not be loaded.*row 1 \(line 2\): malformed CSV"):
        assert [a.id for a in load_articles(path)] == ["2", "3"]


def test_a_quote_closed_rows_later_with_text_after_it_is_reported(tmp_path):
    # The quote of row 1 is closed only by the quotes of row 2: "a","b" ... "Body two."x
    path = _write_csv(tmp_path, ['1,A,"Body of row one\n', f'2,B,"{GOOD_2}"\n', f"3,C,{GOOD_3}\n"])
    out = list(iter_articles(path))
    assert [type(o).__name__ for o in out] == ["LoadFailure", "Article", "Article"]
    assert out[0].reason.startswith("row 1 (line 2): malformed CSV: a quoted field that starts on line 2 has "
                                    "text after its closing quote on line 3")
    assert [a.text for a in out[1:]] == [GOOD_2, GOOD_3]


def test_a_quote_never_closed_on_the_last_row(tmp_path):
    path = _write_csv(tmp_path, [f"1,A,{GOOD_2}\n", '2,B,"Body of the last row\n'])
    out = list(iter_articles(path))
    assert [type(o).__name__ for o in out] == ["Article", "LoadFailure"]
    assert out[1].reason == "row 2 (line 3): malformed CSV: a quote opened on line 3 is never closed; the row is skipped"


def test_quotes_that_open_and_close_on_one_line_are_read_as_before(tmp_path):
    # Not CSV as a program writes it, but read leniently, as always: no row is lost.
    path = _write_csv(tmp_path, [f'1,A,"Quoted" then {GOOD_2}\n', f"2,B,{GOOD_3}\n"])
    assert [a.text for a in iter_articles(path)] == [f"Quoted then {GOOD_2}", GOOD_3]


def test_text_after_the_closing_quote_of_a_field_over_several_lines_is_reported(tmp_path):
    # It cannot be told from a quote left open that a later row's quote closed: both are
    # reported, and the lines after the first are read again (here giving a short row).
    path = _write_csv(tmp_path, ['1,A,"A field over\ntwo lines, then" text\n', f"2,B,{GOOD_3}\n"])
    out = list(iter_articles(path))
    assert [(type(o).__name__, o.id) for o in out] == [("LoadFailure", "news:1"), ("LoadFailure", "news:2"),
                                                         ("Article", "2")]
    assert "malformed CSV" in out[0].reason and out[1].reason == "row 2 (line 3): 2 fields, expected 3"


def test_the_corpus_command_reports_the_row_and_writes_the_good_rows(tmp_path):
    path = _write_csv(tmp_path, ['1,A,"The council voted on Monday, a quote never closed\n',
                                 f"2,B,{GOOD_2}\n", f"3,C,{GOOD_3}\n"])
    output = tmp_path / "out" / "news.jsonl"
    done = subprocess.run([sys.executable, "-m", "toolkit", "corpus", str(path), "-o", str(output)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 1, done.stderr  # some items failed
    assert "Traceback" not in done.stderr
    assert "3 items: 2 written, 1 failed" in done.stdout + done.stderr
    rows = [json.loads(line) for line in output.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == ["2", "3"]
    (error,) = [json.loads(line) for line in output.with_name(output.name + ".errors.jsonl").read_text().splitlines()]
    assert error["id"] == "news:1" and "a quote opened on line 2 is never closed" in error["reason"]


def test_a_quote_never_closed_in_a_tsv_and_in_a_header(tmp_path):
    tsv = tmp_path / "news.tsv"
    tsv.write_text(f'id\ttitle\ttext\n1\tA\t"Body of row one\n2\tB\t{GOOD_2}\n', encoding="utf-8")
    failure, article = iter_articles(tsv)
    assert failure.reason == ("row 1 (line 2): malformed TSV: a quote opened on line 2 is never closed; the row is "
                              "skipped and line 3 is read again as a row")
    assert article.text == GOOD_2
    header = tmp_path / "header.csv"
    header.write_text(f'id,"title,text\n1,A,{GOOD_2}\n', encoding="utf-8")
    (failure,) = iter_articles(header)
    assert failure.reason.endswith("its header row (line 1) has a quote that is never closed: fix it to read the file")


@pytest.mark.parametrize("column", ["text_column", "title_column", "id_column"])
def test_a_column_that_is_not_a_name_is_one_clear_error(tmp_path, column):
    # Issue 15.10: iter_articles(text_column=5) gave "AttributeError: 'int' object has no attribute 'lower'".
    from toolkit import iter_articles, load_articles
    from toolkit.corpus import run_corpus

    path = tmp_path / "news.jsonl"
    path.write_text('{"id": "a", "text": "Body one."}\n', encoding="utf-8")
    message = rf"{column} must be a column name \(a str\) or None; got 5 \(int\)"
    for call in (iter_articles, load_articles):
        with pytest.raises(TypeError, match=message):
            call(path, **{column: 5})
    with pytest.raises(TypeError, match=message):
        run_corpus(path, tmp_path / "out.jsonl", progress=False, **{column: 5})


def test_a_column_list_in_a_message_is_cut_at_ten_and_a_semicolon_header_is_named(tmp_path):
    wide = tmp_path / "wide.jsonl"
    wide.write_text(json.dumps({f"col{n:02d}": "x" for n in range(25)}) + "\n", encoding="utf-8")
    (failure,) = iter_articles(wide)
    assert failure.reason.endswith("the columns are ['col00', 'col01', 'col02', 'col03', 'col04', 'col05', "
                                   "'col06', 'col07', 'col08', 'col09', ... 15 more]: pass text_column=")
    with pytest.raises(ArticleError, match=r"text_column='body' is not a column; the columns are \[.*, \.\.\. 15 more\]"):
        load_articles(wide, text_column="body")
    semi = tmp_path / "semi.csv"
    semi.write_text("id;text\n1;A body.\n", encoding="utf-8")
    (failure,) = iter_articles(semi)
    assert "the columns are ['id;text']; the header holds ';': the file may use ';' as its separator" in failure.reason
