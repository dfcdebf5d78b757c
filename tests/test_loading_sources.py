"""Many articles: folders, globs, lists and their errors (``loading._sources``), and the
one warning of load_articles."""
from __future__ import annotations

import dataclasses
import warnings

import pytest

from toolkit import Article, ArticleError, LoadFailure, iter_articles, load_articles

from _loading_data import FIXTURES, SEED_000


# --------------------------------------------------------------------------- many articles


@pytest.fixture()
def mixed_folder(tmp_path):
    (tmp_path / "b_good.txt").write_text("Second headline\n\nThe second body is here.", encoding="utf-8")
    (tmp_path / "a_good.html").write_text("<html><body><h1>First headline</h1><p>The first body is here and long."
                                          "</p></body></html>", encoding="utf-8")
    (tmp_path / "c_empty.txt").write_bytes(b"")
    (tmp_path / "d_binary.txt").write_bytes(b"\x00\x01" * 100)
    (tmp_path / "e_notes.md").write_text("# Third headline\n\nThe third body is here.", encoding="utf-8")
    (tmp_path / "image.png").write_bytes(b"\x89PNG")  # not an article file: not even tried
    (tmp_path / ".hidden.txt").write_text("hidden")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "x.txt").write_text("Not loaded\n\nSub-folders are not read.")
    return tmp_path


def test_folder_keeps_good_files_and_warns_once_about_broken_ones(mixed_folder):
    with pytest.warns(UserWarning, match=r"2 of 5 items could not be loaded.*c_empty\.txt' is empty.*d_binary") as rec:
        articles = load_articles(mixed_folder)
    assert len(rec) == 1
    assert [a.id for a in articles] == ["a_good", "b_good", "e_notes"]
    assert [a.title for a in articles] == ["First headline", "Second headline", "Third headline"]


def test_iter_articles_reports_each_failure(mixed_folder):
    items = list(iter_articles(mixed_folder))
    failures = [i for i in items if isinstance(i, LoadFailure)]
    assert [(f.id, f.source) for f in failures] == [("c_empty", str(mixed_folder / "c_empty.txt")),
                                                     ("d_binary", str(mixed_folder / "d_binary.txt"))]
    assert "binary" in failures[1].reason
    with pytest.raises(dataclasses.FrozenInstanceError):
        failures[0].reason = "x"  # type: ignore[misc]


def test_errors_raise_and_ignore(mixed_folder):
    with pytest.raises(ArticleError, match=r"c_empty\.txt' is empty"):
        load_articles(mixed_folder, errors="raise")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert len(load_articles(mixed_folder, errors="ignore")) == 3
    with pytest.raises(ValueError, match="errors must be one of 'warn', 'raise', 'ignore'; got 'skip'"):
        load_articles(mixed_folder, errors="skip")  # type: ignore[arg-type]


def test_nothing_loadable_is_an_error(tmp_path):
    (tmp_path / "a.txt").write_bytes(b"")
    with pytest.raises(ArticleError, match="no article could be loaded from .*1 failed"):
        load_articles(tmp_path)
    assert load_articles(tmp_path, errors="ignore") == []


def test_empty_folder_is_an_error(tmp_path):
    with pytest.raises(ArticleError, match=r"has no article files \(\*\.txt, \*\.html, \*\.htm, \*\.md\)"):
        load_articles(tmp_path)


def test_glob_and_list_sources(mixed_folder):
    assert [a.id for a in load_articles(str(mixed_folder / "*_good.*"))] == ["a_good", "b_good"]
    assert [a.id for a in load_articles(str(mixed_folder / "**" / "x.txt"))] == ["x"]
    with pytest.raises(FileNotFoundError, match="no file matches the pattern"):
        load_articles(str(mixed_folder / "*.nothing"))
    items = [mixed_folder / "b_good.txt", str(mixed_folder / "e_notes.md"), "Raw headline\n\nA raw text body.",
             mixed_folder / "gone.txt", Article(text="ready", id="r"), {"text": "From a dict.", "id": "d"}]
    out = list(iter_articles(items))
    assert [getattr(o, "id", None) for o in out] == ["b_good", "e_notes", None, "gone", "r", "d"]
    assert isinstance(out[3], LoadFailure) and "no such file" in out[3].reason
    assert out[2].title == "Raw headline"
    globbed = list(iter_articles([str(mixed_folder / "*_good.txt"), str(mixed_folder / "*.none")]))
    assert [getattr(o, "id", None) for o in globbed] == ["b_good", None]
    assert isinstance(globbed[1], LoadFailure) and "no file matches the pattern" in globbed[1].reason


def test_source_level_problems_raise_at_call_time(tmp_path):
    with pytest.raises(FileNotFoundError, match="no such file or folder"):
        iter_articles(tmp_path / "nope")
    with pytest.raises(TypeError, match="use load_article.text."):
        load_articles("Headline\n\nA whole article passed as a string.")
    with pytest.raises(TypeError, match="takes a folder, a file, a glob pattern, a list or a DataFrame"):
        load_articles(42)


@pytest.mark.parametrize("source, match", [
    (None, r"takes a folder, a file, a glob pattern, a list or a DataFrame; got NoneType"),
    (b"Headline\n\nBody.", r"got bytes: use load_article\(\)"),
    ("Headline\n\nA whole article passed as a string.", r"got a text.*use load_article\(text\)"),
    ([None], r"item 1 of the list is a NoneType: {fn}\(\) takes paths"),
])
@pytest.mark.parametrize("fn", [load_articles, iter_articles])
def test_source_errors_name_the_function_called(fn, source, match):
    with pytest.raises(TypeError, match=match.format(fn=fn.__name__)) as info:
        fn(source)
    assert f"{fn.__name__}()" in str(info.value)
    other = "iter_articles()" if fn is load_articles else "load_articles()"
    assert other not in str(info.value)

def test_load_articles_warns_once_about_non_english(tmp_path):
    (tmp_path / "en.txt").write_bytes(SEED_000.read_bytes())
    (tmp_path / "fr.txt").write_bytes((FIXTURES / "french.txt").read_bytes())
    with pytest.warns(UserWarning, match=r"1 of 2 articles does not look like English: fr \(French\)") as rec:
        load_articles(tmp_path)
    assert len(rec) == 1


def test_a_folder_reports_a_link_to_nothing_and_names_the_tables_it_does_not_read(tmp_path):
    (tmp_path / "a.txt").write_text("First headline\n\nThe first body is here.", encoding="utf-8")
    (tmp_path / "b.txt").symlink_to(tmp_path / "gone.txt")
    out = list(iter_articles(tmp_path))
    assert [type(o).__name__ for o in out] == ["Article", "LoadFailure"]
    assert out[1].id == "b" and "is a symbolic link to nothing" in out[1].reason
    tables = tmp_path / "tables"
    tables.mkdir()
    (tables / "news.csv").write_text("text\nA body.\n", encoding="utf-8")
    with pytest.raises(ArticleError, match=r"has no article files .*the tables in it are read only when named: "
                                           r"pass .*news\.csv"):
        load_articles(tables)


def _story(path, word):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"A {word} headline\n\nThe {word} body says the {word} river rose on Monday.", encoding="utf-8")


def test_files_whose_stems_collide_get_ids_from_their_paths(tmp_path):
    # A glob over a/story.txt and b/story.txt gave two articles with the id "story", and
    # nearest_neighbours then raised "article ids must be unique".
    from toolkit import nearest_neighbours

    _story(tmp_path / "a" / "story.txt", "first")
    _story(tmp_path / "b" / "story.txt", "second")
    _story(tmp_path / "a" / "other.txt", "third")
    articles = load_articles(str(tmp_path / "**" / "*.txt"))
    assert [a.id for a in articles] == ["other", "a/story", "b/story"]
    assert len(nearest_neighbours(articles, n_neighbours=1).to_frame()) == 3
    same = tmp_path / "same"
    _story(same / "story.txt", "plain")
    (same / "story.html").write_text("<html><body><h1>Page</h1><p>The page body is here and long.</p></body></html>",
                                     encoding="utf-8")
    _story(same / "alone.md", "alone")
    assert [a.id for a in load_articles(same)] == ["alone", "story.html", "story.txt"]
    listed = list(iter_articles([same / "story.txt", tmp_path / "a"]))
    assert [o.id for o in listed] == ["same/story", "other", "a/story"]


def test_a_failed_file_is_reported_with_its_unique_id(tmp_path):
    _story(tmp_path / "a" / "story.txt", "first")
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "story.txt").write_bytes(b"")
    out = list(iter_articles(str(tmp_path / "*" / "story.txt")))
    assert [(type(o).__name__, o.id) for o in out] == [("Article", "a/story"), ("LoadFailure", "b/story")]


def test_a_folder_without_articles_counts_what_it_holds_and_names_only_a_table_of_articles(tmp_path):
    (tmp_path / "a.html.gz").write_bytes(b"\x1f\x8b")
    (tmp_path / "b.html.gz").write_bytes(b"\x1f\x8b")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    (tmp_path / "sub").mkdir()
    (tmp_path / "labels.json").write_text('{"a.html": {"with": ["x"]}}', encoding="utf-8")
    with pytest.raises(ArticleError) as info:
        load_articles(tmp_path)
    message = str(info.value)
    assert "it holds 2 .gz files, 1 .json file, 1 .pdf file, 1 sub-folder;" in message
    assert "labels.json does not look like a table of articles" in message and "pass " + str(tmp_path) not in message
    assert "compressed files (.gz) are not read: decompress them first" in message
    assert f"sub-folders are not read: pass a glob such as '{tmp_path / '**' / '*.html'}'" in message
    (tmp_path / "news.csv").write_text("text\nA body.\n", encoding="utf-8")
    with pytest.raises(ArticleError, match=r"the tables in it are read only when named: pass .*news\.csv"):
        load_articles(tmp_path)
