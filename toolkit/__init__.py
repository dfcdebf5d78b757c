"""toolkit: summarize and compare news articles in Jupyter.

Everything public is importable from here::

    from toolkit import load_article, summarize, compare
"""
from .loading import Article, ArticleError, LoadFailure, articles_frame, iter_articles, load_article, load_articles
from .sentences import split_sentences
from .summarizing import Summaries, Summarizer, Summary, summarize, summarize_many
from .similarity import (ALIGN_THRESHOLD, SIMILARITY_SCALE, TextSimilarity, describe_similarity, pairwise_similarity,
                         similarity, similarity_matrix)
from .themes import DEFAULT_THEMES, Domain, Subject, Theme, ThemeSet, load_themes, tag_themes
from .theme_model import ThemeTagger
from .comparison import Comparison, CorpusComparison, compare, compare_many
from .corpus import CorpusRun, run_corpus
from .neighbours import NEAR_DUPLICATE, Neighbours, nearest_neighbours
from .stories import STORY_THRESHOLD, Stories, Story, find_stories
from .timelines import ThemeTimeline, parse_dates, theme_timeline
from .archive import archive_paths, write_archive
from .display import (
    ARTICLE_COLORS,
    plot_alignment,
    plot_sentence_scores,
    plot_similarity_matrix,
    plot_theme_map,
    plot_theme_matrix,
    plot_theme_scores,
    plot_theme_timeline,
    style_notebook_tables,
    style_table,
)

__version__ = "0.1.0"

__all__ = [
    "Article",
    "load_article",
    "load_articles",
    "iter_articles",
    "LoadFailure",
    "ArticleError",
    "articles_frame",
    "split_sentences",
    "Summary",
    "Summaries",
    "Summarizer",
    "summarize",
    "summarize_many",
    "similarity",
    "similarity_matrix",
    "pairwise_similarity",
    "TextSimilarity",
    "ALIGN_THRESHOLD",
    "SIMILARITY_SCALE",
    "describe_similarity",
    "DEFAULT_THEMES",
    "Domain",
    "Theme",
    "ThemeSet",
    "Subject",
    "ThemeTagger",
    "load_themes",
    "tag_themes",
    "Comparison",
    "CorpusComparison",
    "compare",
    "compare_many",
    "CorpusRun",
    "run_corpus",
    "NEAR_DUPLICATE",
    "Neighbours",
    "nearest_neighbours",
    "STORY_THRESHOLD",
    "Stories",
    "Story",
    "find_stories",
    "ThemeTimeline",
    "parse_dates",
    "theme_timeline",
    "archive_paths",
    "write_archive",
    "ARTICLE_COLORS",
    "plot_sentence_scores",
    "plot_theme_scores",
    "plot_theme_map",
    "plot_alignment",
    "plot_similarity_matrix",
    "plot_theme_matrix",
    "plot_theme_timeline",
    "style_table",
    "style_notebook_tables",
]
