"""The public surface: everything in API.md importable from `toolkit`, nothing else leaking."""
from __future__ import annotations

import importlib

import pytest

import toolkit

API = [
    "Article", "load_article", "load_articles", "split_sentences", "Summary", "summarize",
    "summarize_many", "similarity", "similarity_matrix", "DEFAULT_THEMES", "load_themes",
    "tag_themes", "Comparison", "compare", "compare_many",
]
MODULES = ["loading", "sentences", "summarizing", "similarity", "themes", "comparison", "corpus", "cli", "display",
           "neighbours", "stories", "timelines", "archive"]


@pytest.mark.parametrize("name", API)
def test_api_name_is_exported(name):
    assert name in toolkit.__all__
    assert getattr(toolkit, name) is not None


def test_all_names_exist():
    missing = [n for n in toolkit.__all__ if not hasattr(toolkit, n)]
    assert missing == []


@pytest.mark.parametrize("module", MODULES)
def test_each_module_declares_all_and_reexports(module):
    mod = importlib.import_module(f"toolkit.{module}")
    assert isinstance(mod.__all__, list)
    for name in mod.__all__:
        assert hasattr(mod, name), f"toolkit.{module}.__all__ names missing {name}"
    if module != "cli":
        assert set(mod.__all__) <= set(toolkit.__all__), f"toolkit.{module} names not re-exported"


def test_package_data_ships():
    from importlib import resources

    files = {p.name for p in resources.files("toolkit.data").iterdir()}
    assert "stopwords.txt" in files
