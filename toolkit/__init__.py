"""toolkit: summarize and compare news articles in Jupyter.

Everything public is importable from here::

    from toolkit import load_article, summarize, compare
"""
from .loading import Article, load_article, load_articles
from .sentences import split_sentences
from .summarizing import Summary, summarize, summarize_many
from .similarity import similarity, similarity_matrix
from .themes import DEFAULT_THEMES, Theme, load_themes, tag_themes
from .comparison import Comparison, CorpusComparison, compare, compare_many

__version__ = "0.1.0"

__all__ = [
    "Article",
    "load_article",
    "load_articles",
    "split_sentences",
    "Summary",
    "summarize",
    "summarize_many",
    "similarity",
    "similarity_matrix",
    "DEFAULT_THEMES",
    "Theme",
    "load_themes",
    "tag_themes",
    "Comparison",
    "CorpusComparison",
    "compare",
    "compare_many",
]
