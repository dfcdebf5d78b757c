"""Comparing articles: how alike they are, and how they agree and differ on a set of themes.

:func:`compare` puts two articles side by side: one similarity figure, the weight each
gives each theme with the sentences that carry it, the sentence pairs that say the same
thing, the words they share and the words that set each apart, and a short summary in
plain language computed from all that. :func:`compare_many` does the corpus version
(similarity matrix, theme matrix, most similar pairs) and stays vectorized for thousands
of articles.

Not for tagging a single text (see :mod:`toolkit.themes`) or for the similarity measure
itself (see :mod:`toolkit.similarity`).
"""
from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from os import PathLike
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer

from ._colors import ARTICLE_COLORS, tint
from ._inputs import as_article, as_articles, as_text, as_texts
from ._theme_weights import MEASURES, Measure, theme_weights, weights_of
from ._text import STOP_WORDS, WORD_RE, shorten, stem
from .loading import Article, load_article
from .similarity import ALIGN_THRESHOLD, describe_similarity, pairwise_similarity, similarity, similarity_matrix
from .themes import DEFAULT_THEMES, Theme, as_themes, as_written, tag_arrays, tag_sentences
from .sentences import split_sentences

__all__ = ["Comparison", "CorpusComparison", "compare", "compare_many"]

# The least share of an article's sentences on a theme for the summary to say it "dwells on" it.
_DWELL_SHARE = 0.1
_MAX_MATRIX_ARTICLES = 10_000  # compare_many's dense n x n matrix: 0.8 GB at this size

#: Words every news article uses that say nothing about its content (reporting verbs,
#: fillers); left out of shared and distinct terms, not out of similarity.
_FILLER = frozenset("""said says say saying told tell tells added adds according asked mr mrs ms dr
just like including going want wants know think really make way thing things lot got get gets
did does don't didn't doesn't it's that's there's we're they're we've i'm can't won't""".split())


# --------------------------------------------------------------------------- inputs


def _raw_name(article: Article, fallback: str) -> str:
    for candidate in (article.title, article.id, Path(article.source).stem if article.source else None):
        if candidate and str(candidate).strip():
            return " ".join(str(candidate).split())
    return fallback


def _unique_names(names: Sequence[str]) -> tuple[str, ...]:
    """Names made unique by numbering repeats: "Same", "Same (2)"."""
    seen: Counter[str] = Counter()
    taken = set(names)
    out = []
    for name in names:
        seen[name] += 1
        if seen[name] == 1:
            out.append(name)
            continue
        k = seen[name]
        while f"{name} ({k})" in taken:
            k += 1
        out.append(f"{name} ({k})")
        taken.add(out[-1])
    return tuple(out)


def _sentences_of(article: Article, name: str) -> list[str]:
    if not article.text or not article.text.strip():
        raise ValueError(f"{name} is empty: there is no text to compare")
    sentences = split_sentences(article.text)
    if not sentences:
        raise ValueError(f"{name} has no sentences to compare")
    return sentences






# --------------------------------------------------------------------------- distinctive terms


def _term_keys(text: str) -> tuple[list[str], list[str]]:
    """The words and two-word phrases of a text, in order, keyed by stems (what the term
    table counts), and beside each key the words as written."""
    keys: list[str] = []
    shown: list[str] = []
    for paragraph in text.split("\n"):
        previous: tuple[str, str] | None = None
        for m in WORD_RE.finditer(paragraph):
            word = m.group().replace("’", "'")
            if word.lower().endswith("'s"):
                word = word[:-2]
            low = word.lower()
            if low in STOP_WORDS or low in _FILLER or len(low) < 2 or _has_digit(low):
                previous = None
                continue
            key = stem(low)
            keys.append(key)
            shown.append(word)
            if previous is not None:
                keys.append(f"{previous[0]} {key}")
                shown.append(f"{previous[1]} {word}")
            previous = (key, word)
            # A sentence end breaks a phrase ("Sirte. The" is not one).
            tail = paragraph[m.end():m.end() + 2]
            if tail[:1] in ".!?;:,)\"”" or tail[:1] == "—":
                previous = None
    return keys, shown


_has_digit = re.compile(r"\d").search


def _as_analyzed(keys: list[str]) -> list[str]:
    """The analyzer of the term table's vectorizers: the documents are analyzed already."""
    return keys


def _readable(forms: Counter[str]) -> str:
    """The form to show: lower case if the word is ever written so, else its usual spelling."""
    lower = [f for f in forms if f == f.lower()]
    if lower:
        return max(lower, key=lambda f: forms[f])
    return forms.most_common(1)[0][0]


def _term_table(texts: Sequence[str], background: Sequence[str] | None) -> pd.DataFrame:
    """TF-IDF weights of words and phrases in two texts: scikit-learn's ``TfidfVectorizer``
    (smooth IDF learned from the texts plus background, sublinear term frequency, unit rows)."""
    analyzed = [_term_keys(t) for t in texts]
    docs = [keys for keys, _ in analyzed]
    if not any(docs):
        return pd.DataFrame(columns=["term", "key", "count_a", "count_b", "weight_a", "weight_b"])
    forms: dict[str, Counter[str]] = {}  # each key's words as written, in both texts
    for keys, shown in analyzed:
        for key, word in zip(keys, shown):
            if key not in forms:
                forms[key] = Counter()
            forms[key][word] += 1
    vectorizer = TfidfVectorizer(analyzer=_as_analyzed, sublinear_tf=True)
    # A background text only counts in document frequencies: its distinct keys are enough.
    vectorizer.fit(docs + [list(set(_term_keys(t)[0])) for t in background or ()])
    counts = CountVectorizer(analyzer=_as_analyzed, vocabulary=vectorizer.vocabulary_).transform(docs).toarray()
    weights = vectorizer.transform(docs).toarray()
    used = np.flatnonzero(counts.sum(axis=0) > 0)  # the terms of the two texts, not of the background
    keys = vectorizer.get_feature_names_out()[used].tolist()
    return pd.DataFrame({
        "term": [_readable(forms[k]) for k in keys], "key": keys,
        "count_a": counts[0, used].astype(int), "count_b": counts[1, used].astype(int),
        "weight_a": weights[0, used], "weight_b": weights[1, used],
    })


def _pick_terms(table: pd.DataFrame, score: pd.Series, n: int, count_cols: Sequence[str]) -> pd.DataFrame:
    """The top ``n`` rows by score, dropping a word already said by a chosen phrase."""
    chosen: list[int] = []
    for idx in score.sort_values(ascending=False, kind="stable").index:
        if score[idx] <= 0 or len(chosen) >= n:
            break
        key = table.at[idx, "key"]
        if " " in key:
            # The phrase replaces its words when they (almost) only occur inside it.
            parts = key.split()
            chosen = [c for c in chosen if not (table.at[c, "key"] in parts and all(
                table.at[c, col] <= table.at[idx, col] + 1 for col in count_cols))]
        elif any(key in table.at[c, "key"].split() and all(table.at[idx, col] <= table.at[c, col] + 1
                                                           for col in count_cols)
                 for c in chosen if " " in table.at[c, "key"]):
            continue
        chosen.append(idx)
    return table.loc[chosen]


# --------------------------------------------------------------------------- Comparison


class Prose(str):
    """Plain text of one paragraph a line: a ``str`` everywhere, shown in a notebook as
    paragraphs that wrap between words (printed, long lines broke inside words)."""

    def _repr_html_(self) -> str:
        return "".join(f"<p style='max-width:60em'>{html.escape(line)}</p>" for line in self.splitlines() if line.strip())


@dataclass(frozen=True, eq=False, repr=False)
class Comparison:
    """Two articles compared: similarity, themes, evidence, aligned sentences and terms.

    Made by :func:`compare`; read it through its methods. Attributes: ``similarity``
    (float in [0, 1]), ``names`` (the two column names used in tables: the titles, made
    unique), ``articles``, ``themes``, ``tags`` (the two :func:`~toolkit.tag_themes`
    frames), ``sentence_similarity`` (sentences of a x sentences of b) and
    ``align_threshold``.

    Examples
    --------
    >>> c = compare("The ISIS caliphate was crushed. Its fighters scattered.",
    ...             "The Islamic State fighters scattered. Many will come home to Europe.")
    >>> c.theme_scores().loc["dispersal"].tolist()
    [0.5, 0.5]
    >>> c.evidence("dispersal")[["index", "sentence"]].to_numpy().tolist()
    [[1, 'Its fighters scattered.'], [0, 'The Islamic State fighters scattered.']]
    >>> c
    Comparison('A' vs 'B', similarity=..., themes: 1 shared, 1 only in a, 1 only in b)
    """

    similarity: float
    names: tuple[str, str]
    articles: tuple[Article, Article]
    themes: tuple[Theme, ...]
    tags: tuple[pd.DataFrame, pd.DataFrame] = field(repr=False)
    sentence_similarity: np.ndarray = field(repr=False)
    align_threshold: float = ALIGN_THRESHOLD
    _terms: pd.DataFrame = field(default=None, repr=False)  # type: ignore[assignment]

    # ----------------------------------------------------------------- themes

    def theme_scores(self, *, measure: Measure = "share") -> pd.DataFrame:
        """How much weight each article gives each theme.

        Parameters
        ----------
        measure : {"share", "sentences", "evidence"}, default "share"
            "share": the fraction of the article's sentences tagged with the theme
            (0.25 = a quarter of its sentences are about it); "sentences": how many
            sentences; "evidence": the evidence weight of those sentences per sentence of
            the article. 0 always means the theme is absent.

        Returns
        -------
        pandas.DataFrame
            Index = theme ids (in theme-set order), one column per article (``names``).
        """
        if measure not in MEASURES:
            raise ValueError(f"measure must be one of {list(MEASURES)}; got {measure!r}")
        ids = [t.id for t in self.themes]
        frame = pd.DataFrame({name: theme_weights(tags, ids, measure)
                              for name, tags in zip(self.names, self.tags)},
                             index=pd.Index([t.id for t in self.themes], name="theme"))
        return frame

    def _theme(self, theme: str | Theme) -> Theme:
        tid = theme.id if isinstance(theme, Theme) else theme
        for t in self.themes:
            if t.id == tid:
                return t
        raise ValueError(f"theme must be one of {[t.id for t in self.themes]}; got {tid!r}")

    def evidence(self, theme: str | Theme, *, n: int | None = None) -> pd.DataFrame:
        """The sentences of each article that carry a theme: the first article's, then the
        second's, each article's best first (grouped so that ``n`` and a table indexed by
        article read per article).

        Parameters
        ----------
        theme : str or Theme
            A theme id of ``themes`` (e.g. ``"dispersal"``).
        n : int, optional
            At most this many sentences per article.

        Returns
        -------
        pandas.DataFrame
            Columns ``article`` (the article's name), ``index`` (the sentence's position
            in the article), ``sentence``, ``score`` (evidence weight) and ``evidence``
            (the words that fired); the first article's sentences first, each article's
            best first. Empty when neither article is on the theme.
        """
        t = self._theme(theme)
        if n is not None and (isinstance(n, bool) or not isinstance(n, int) or n < 1):
            raise ValueError(f"n must be a positive integer or None; got {n!r}")
        rows = []
        for name, tags in zip(self.names, self.tags):
            on = tags[tags["themes"].map(lambda ts: t.id in ts)]
            on = on.sort_values(t.id, ascending=False, kind="stable")
            if n is not None:
                on = on.head(n)
            for i, row in on.iterrows():
                rows.append({"article": name, "index": int(i), "sentence": row["sentence"],
                             "score": float(row[t.id]), "evidence": list(row["evidence"].get(t.id, []))})
        return pd.DataFrame(rows, columns=["article", "index", "sentence", "score", "evidence"])

    def _coverage(self) -> pd.DataFrame:
        counts = self.theme_scores(measure="sentences")
        a, b = counts.columns
        status = np.select([(counts[a] > 0) & (counts[b] > 0), counts[a] > 0, counts[b] > 0],
                           ["both", "a only", "b only"], "neither")
        return pd.DataFrame({"sentences_a": counts[a].astype(int), "sentences_b": counts[b].astype(int),
                             "coverage": status}, index=counts.index)

    # ----------------------------------------------------------------- sentences

    def alignment(self, *, threshold: float | None = None, one_to_one: bool = True) -> pd.DataFrame:
        """Pairs of sentences, one from each article, that say the same thing.

        Parameters
        ----------
        threshold : float, optional
            Least sentence similarity of a pair; default ``align_threshold``
            (:data:`toolkit.similarity.ALIGN_THRESHOLD`, set on the STS Benchmark).
        one_to_one : bool, default True
            Each sentence in at most one pair (the most similar first); False lists
            every pair above the threshold.

        Returns
        -------
        pandas.DataFrame
            Columns ``index_a``, ``index_b`` (sentence positions), ``similarity``,
            ``sentence_a``, ``sentence_b``, ``themes`` (the themes both sentences carry),
            most similar first.
        """
        thr = self.align_threshold if threshold is None else threshold
        if isinstance(thr, bool) or not isinstance(thr, (int, float)) or not 0 <= thr <= 1:
            raise ValueError(f"threshold must be a number between 0 and 1; got {threshold!r}")
        S = self.sentence_similarity
        ii, jj = np.nonzero(S >= thr)
        order = np.lexsort((jj, ii, -S[ii, jj]))
        ii, jj = ii[order], jj[order]
        if one_to_one:
            used_a: set[int] = set()
            used_b: set[int] = set()
            keep = []
            for k, (i, j) in enumerate(zip(ii.tolist(), jj.tolist())):
                if i not in used_a and j not in used_b:
                    keep.append(k)
                    used_a.add(i)
                    used_b.add(j)
            ii, jj = ii[keep], jj[keep]
        ta, tb = self.tags
        return pd.DataFrame({
            "index_a": ii.astype(int), "index_b": jj.astype(int), "similarity": S[ii, jj].astype(float),
            "sentence_a": [ta.at[i, "sentence"] for i in ii], "sentence_b": [tb.at[j, "sentence"] for j in jj],
            "themes": [[t for t in ta.at[i, "themes"] if t in tb.at[j, "themes"]] for i, j in zip(ii, jj)],
        })

    # ----------------------------------------------------------------- terms

    def shared_terms(self, *, n: int = 15) -> pd.DataFrame:
        """Words and two-word phrases both articles use, most characteristic first.

        Ranked by the smaller of the two TF-IDF weights, so a term ranks high only when
        it matters in both. Columns ``term`` (as written), ``count_a``, ``count_b``,
        ``weight``.
        """
        n = _check_n(n)
        t = self._terms
        both = t[(t.count_a > 0) & (t.count_b > 0)]
        score = np.minimum(both.weight_a, both.weight_b)
        picked = _pick_terms(both, score, n, ("count_a", "count_b"))
        return pd.DataFrame({"term": picked.term.to_numpy(), "count_a": picked.count_a.to_numpy(),
                             "count_b": picked.count_b.to_numpy(),
                             "weight": np.minimum(picked.weight_a, picked.weight_b).to_numpy()})

    def distinct_terms(self, *, n: int = 15) -> pd.DataFrame:
        """Words and two-word phrases that set each article apart (used by it, not the other).

        For each article, its terms absent from the other, by TF-IDF weight (a phrase
        must occur at least twice). Columns ``article``, ``term``, ``count``, ``weight``.
        """
        n = _check_n(n)
        t = self._terms
        parts = []
        for name, own, other in ((self.names[0], "a", "b"), (self.names[1], "b", "a")):
            mine = t[(t[f"count_{own}"] > 0) & (t[f"count_{other}"] == 0)
                     & ~(t.key.str.contains(" ") & (t[f"count_{own}"] < 2))]
            picked = _pick_terms(mine, mine[f"weight_{own}"], n, (f"count_{own}",))
            parts.append(pd.DataFrame({"article": name, "term": picked.term.to_numpy(),
                                       "count": picked[f"count_{own}"].to_numpy(),
                                       "weight": picked[f"weight_{own}"].to_numpy()}))
        return pd.concat(parts, ignore_index=True)

    # ----------------------------------------------------------------- words

    def summary(self) -> Prose:
        """A short plain-language account of how the two articles agree and differ on the themes.

        A ``str`` (one paragraph a line) that a notebook shows as wrapped paragraphs.

        Computed from the theme tags: a theme both articles have sentences on is
        "covered by both" (with the sentence counts, and which article dwells on it when
        one has three times the other's share); a theme only one has is named with the
        words that carried it, as one it "dwells on" (at least two sentences and a tenth of
        the article) or else one it "mentions"; themes neither touches are listed last.
        """
        a, b = self.names
        cov = self._coverage()
        n_a, n_b = len(self.tags[0]), len(self.tags[1])
        labels = {t.id: t.label for t in self.themes}
        lines = [f"A = “{shorten(a, 70)}” ({_n_sentences(n_a)}), B = “{shorten(b, 70)}” ({_n_sentences(n_b)}): "
                 f"similarity {self.similarity:.2f}, {describe_similarity(self.similarity, legend=True)}."]
        if self.articles[0].text.strip() == self.articles[1].text.strip():
            lines.append("The two texts are identical, so every theme is shared.")
        if (cov.coverage == "neither").all():
            lines.append(f"Neither article is about any of the {len(self.themes)} themes: no sentence "
                         "carries a theme's evidence.")
            return Prose("\n".join(lines))
        for side, name, count in (("a", a, n_a), ("b", b, n_b)):
            if cov[f"sentences_{side}"].sum() == 0:
                lines.append(f"{side.upper()} is about none of the themes.")
        both = cov[cov.coverage == "both"]
        if len(both):
            parts = []
            for tid, row in both.iterrows():
                share_a, share_b = row.sentences_a / n_a, row.sentences_b / n_b
                lean = ""
                if share_a >= 3 * share_b:
                    lean = ", above all A"
                elif share_b >= 3 * share_a:
                    lean = ", above all B"
                parts.append(f"{_lower_first(labels[tid])} ({row.sentences_a} and {row.sentences_b} "
                             f"sentences{lean})")
            lines.append("Both cover " + _join(parts) + ".")
        for side, key, count in (("a", "A", n_a), ("b", "B", n_b)):
            only = cov[cov.coverage == f"{side} only"]
            if len(only):
                dwelt, mentioned = [], []
                for tid, row in only.iterrows():
                    words = ", ".join(self._top_evidence(tid, 0 if side == "a" else 1)[:5])
                    n = int(row[f"sentences_{side}"])
                    # One sentence, or a sliver of a long article, is a mention, not dwelling on it.
                    (dwelt if n >= 2 and n >= _DWELL_SHARE * count else mentioned).append(
                        f"{_lower_first(labels[tid])} ({_n_sentences(n)}: {words})")
                said = " and ".join(verb + _join(parts) for verb, parts in
                                    (("dwells on ", dwelt), ("mentions ", mentioned)) if parts)
                lines.append(f"Only {key} {said}.")
        neither = cov[cov.coverage == "neither"]
        if len(neither):
            lines.append("Neither is about " + _join([_lower_first(labels[t]) for t in neither.index]) + ".")
        return Prose("\n".join(lines))

    def _top_evidence(self, tid: str, side: int) -> list[str]:
        """The words that carried a theme in one article (the tags' evidence), weightiest first.

        A tag's evidence lists its words strongest first; each counts by its place there
        (1, 3/4, 1/2, 1/4), so a word that led several tags outranks one that came last in
        a few ("good" in "good answers").
        """
        words: Counter[str] = Counter()
        tags = self.tags[side]
        for sentence, themes, evidence in zip(tags["sentence"], tags["themes"], tags["evidence"]):
            shown = evidence.get(tid, []) if tid in themes else []
            for place, text in enumerate(shown):
                if not text.startswith("previous sentence"):
                    words[as_written(text, sentence)] += 1 - place / max(4, len(shown))
        # Ties go to the words the headline also uses: they are what the article is about.
        title = (self.articles[side].title or "").lower()
        return sorted(words, key=lambda w: (-words[w], w.lower() not in title))

    # ----------------------------------------------------------------- tables and display

    def to_frame(self) -> pd.DataFrame:
        """One row per theme: label, each article's share and sentence count, and coverage.

        Columns ``label``, ``share_a``, ``share_b`` (as in :meth:`theme_scores`),
        ``sentences_a``, ``sentences_b`` and ``coverage`` ("both", "a only", "b only",
        "neither"); ``.attrs`` holds ``names`` and ``similarity``.
        """
        shares = self.theme_scores()
        cov = self._coverage()
        frame = pd.DataFrame({
            "label": [t.label for t in self.themes],
            "share_a": shares.iloc[:, 0].to_numpy(), "share_b": shares.iloc[:, 1].to_numpy(),
            "sentences_a": cov.sentences_a.to_numpy(), "sentences_b": cov.sentences_b.to_numpy(),
            "coverage": cov.coverage.to_numpy(),
        }, index=shares.index)
        frame.attrs.update(names=self.names, similarity=self.similarity)
        return frame

    def to_html(self, *, n_evidence: int = 2, n_pairs: int = 8, n_terms: int = 12) -> str:
        """An HTML report: summary, theme bars, evidence, aligned sentences and terms."""
        a, b = self.names
        esc = html.escape
        frame = self.to_frame()
        parts = [
            '<div class="toolkit-comparison" style="font-family:sans-serif;max-width:60em">',
            f"<h3 style='margin:0.2em 0'>{esc(shorten(a, 90))} <span style='color:#888'>vs</span> "
            f"{esc(shorten(b, 90))}</h3>",
            f"<p><b>Similarity:</b> {self.similarity:.3f}, {esc(describe_similarity(self.similarity))}</p>",
            "<p>" + "<br>".join(esc(line) for line in self.summary().splitlines()) + "</p>",
            "<table><thead><tr><th style='text-align:left'>theme</th>"
            f"<th style='text-align:left'>A: {esc(shorten(a, 40))}</th>"
            f"<th style='text-align:left'>B: {esc(shorten(b, 40))}</th></tr></thead><tbody>",
        ]
        for tid, row in frame.iterrows():
            cells = []
            for share, count, colour in ((row.share_a, row.sentences_a, ARTICLE_COLORS[0]),
                                         (row.share_b, row.sentences_b, ARTICLE_COLORS[1])):
                width = int(round(120 * min(share, 1.0)))
                cells.append(f"<td style='text-align:left'>"
                             f"<span style='display:inline-block;width:{width}px;height:0.8em;"
                             f"background:{colour}'></span> {share:.0%} ({count})</td>")
            parts.append(f"<tr><td style='text-align:left'>{esc(row.label)}</td>{''.join(cells)}</tr>")
        parts.append("</tbody></table>")
        shown = frame[frame.coverage != "neither"]
        if len(shown):
            parts.append("<details><summary><b>Evidence</b> (best sentences per theme)</summary>")
            for tid in shown.index:
                ev = self.evidence(tid, n=n_evidence)
                parts.append(f"<p><b>{esc(frame.at[tid, 'label'])}</b></p><ul>")
                for _, row in ev.iterrows():
                    side = "A" if row.article == a else "B"
                    parts.append(f"<li>[{side} #{row['index']}] {esc(row.sentence)} "
                                 f"<i style='color:#888'>({esc(', '.join(row.evidence))})</i></li>")
                parts.append("</ul>")
            parts.append("</details>")
        pairs = self.alignment().head(n_pairs)
        parts.append(f"<details><summary><b>Aligned sentences</b> ({len(self.alignment())} pairs with "
                     f"similarity ≥ {self.align_threshold:.2f})</summary><table>")
        for _, row in pairs.iterrows():
            parts.append(f"<tr style='vertical-align:top'><td>{row.similarity:.2f}</td>"
                         f"<td style='text-align:left'>[A #{row.index_a}] {esc(row.sentence_a)}</td>"
                         f"<td style='text-align:left'>[B #{row.index_b}] {esc(row.sentence_b)}</td></tr>")
        parts.append("</table></details>")
        shared = ", ".join(esc(t) for t in self.shared_terms(n=n_terms).term)
        distinct = self.distinct_terms(n=n_terms)
        parts.append(f"<p><b>Shared terms:</b> {shared or '—'}</p>")
        for name, key in ((a, "A"), (b, "B")):
            words = ", ".join(esc(t) for t in distinct[distinct.article == name].term)
            parts.append(f"<p><b>Only in {key}:</b> {words or '—'}</p>")
        parts.append("</div>")
        return "\n".join(parts)

    def _repr_html_(self) -> str:
        return self.to_html()

    def __repr__(self) -> str:
        cov = self._coverage().coverage
        return (f"Comparison({shorten(self.names[0], 40)!r} vs {shorten(self.names[1], 40)!r}, "
                f"similarity={self.similarity:.3f}, themes: {int((cov == 'both').sum())} shared, "
                f"{int((cov == 'a only').sum())} only in a, {int((cov == 'b only').sum())} only in b)")


def _lower_first(label: str) -> str:
    """"Loss of strongholds" -> "loss of strongholds", but "ISIS leadership" stays."""
    return label[:1].lower() + label[1:] if label[1:2].islower() else label


def _n_sentences(n: int) -> str:
    """``n`` with "sentence" or "sentences".

    >>> _n_sentences(1), _n_sentences(3)
    ('1 sentence', '3 sentences')
    """
    return f"{n} sentence" if n == 1 else f"{n} sentences"


def _join(parts: Sequence[str]) -> str:
    parts = list(parts)
    if len(parts) <= 1:
        return "".join(parts)
    return "; ".join(parts[:-1]) + "; and " + parts[-1] if any("," in p for p in parts) else \
        ", ".join(parts[:-1]) + " and " + parts[-1]


def _check_n(n: Any) -> int:
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise ValueError(f"n must be a positive integer; got {n!r}")
    return n


def _check_background(background: Any) -> list[str] | None:
    return None if background is None else as_texts(background, "background")


# compare() keeps a dense sentences x sentences matrix (and makes a few of that size while
# computing it): 25 million pairs is about 0.2 GB each, far above any news article.
_MAX_SENTENCE_PAIRS = 25_000_000


def compare(
    a: str | Article | PathLike[str],
    b: str | Article | PathLike[str],
    *,
    themes: Sequence[Theme] | Mapping[str, Theme] = DEFAULT_THEMES,
    background: Sequence[str] | None = None,
) -> Comparison:
    """Compare two articles: similarity, themes, evidence, aligned sentences, terms.

    Parameters
    ----------
    a, b : Article, str or pathlib.Path
        The articles: :class:`~toolkit.Article` objects (title and body), ``Path`` objects
        naming files (read with :func:`~toolkit.load_article`) or the texts themselves (a
        ``str`` is always text: the input rule in the README). ``similarity`` is exactly
        ``similarity(a, b, background=background)``.
    themes : sequence of Theme, default DEFAULT_THEMES
        The theme set (e.g. from :func:`~toolkit.load_themes`).
    background : list of str, optional
        Extra texts used only to learn term weights (IDF) for the similarities and terms.

    Returns
    -------
    Comparison

    Raises
    ------
    ValueError
        When an article is empty, or when the two have more than 25 million sentence
        pairs between them (say 5,000 sentences each: a book, not an article), whose
        sentence-by-sentence similarity would not fit in memory. Compare such texts
        section by section, or use :func:`~toolkit.similarity` for one figure.

    Examples
    --------
    >>> c = compare("Iraqi forces retook Mosul from ISIS. The ISIS fighters fled into the desert.",
    ...             "The Islamic State fighters scattered after the defeat. Many will return home to Europe.")
    >>> c.theme_scores().loc[["dispersal", "foreign_fighters"]].to_numpy().tolist()
    [[0.5, 0.5], [0.0, 0.5]]
    >>> print(c.summary().splitlines()[1])
    Both cover fighters scattering (1 and 1 sentences).
    """
    art_a, art_b = as_article(a, "a"), as_article(b, "b")
    themes = as_themes(themes)
    background = _check_background(background)
    sents_a, sents_b = _sentences_of(art_a, "a"), _sentences_of(art_b, "b")
    pairs = len(sents_a) * len(sents_b)
    if pairs > _MAX_SENTENCE_PAIRS:
        raise ValueError(
            f"a has {len(sents_a):,} sentences and b {len(sents_b):,}: comparing them sentence by "
            f"sentence needs {pairs:,} similarities (about {pairs * 32 / 2**30:.0f} GiB; the limit is "
            f"{_MAX_SENTENCE_PAIRS:,}). Compare them section by section, or use similarity(a, b) "
            "for one figure"
        )
    names = _unique_names([_raw_name(art_a, "A"), _raw_name(art_b, "B")])
    tags = (tag_sentences(sents_a, themes, context=True), tag_sentences(sents_b, themes, context=True))
    # The whole articles (title and body), as similarity(a, b) reads them: the same figure.
    texts = [as_text(art_a, "a"), as_text(art_b, "b")]
    sim = float(similarity(texts[0], texts[1], background=background))
    S = np.asarray(pairwise_similarity(sents_a, sents_b, background=background, level="sentence"), dtype=float)
    terms = _term_table(texts, background)
    return Comparison(similarity=sim, names=(names[0], names[1]), articles=(art_a, art_b), themes=themes,
                      tags=tags, sentence_similarity=S, align_threshold=float(ALIGN_THRESHOLD), _terms=terms)


# --------------------------------------------------------------------------- many articles


@dataclass(frozen=True, eq=False, repr=False)
class CorpusComparison:
    """Many articles compared: a similarity matrix and a theme matrix.

    Made by :func:`compare_many`. Attributes: ``names`` (unique article names),
    ``themes``, ``similarities`` (n x n array), ``theme_weights`` (n x themes array,
    the share of each article's sentences on each theme) and ``n_sentences``.

    Examples
    --------
    >>> cc = compare_many(["ISIS fighters fled.", "ISIS fighters fled the city.", "Rain again."])
    >>> cc.similarity_matrix().shape, cc.theme_matrix().loc["article 3"].sum()
    ((3, 3), np.float64(0.0))
    """

    names: tuple[str, ...]
    themes: tuple[Theme, ...]
    similarities: np.ndarray = field(repr=False)
    theme_weights: np.ndarray = field(repr=False)
    n_sentences: np.ndarray = field(repr=False)

    def similarity_matrix(self) -> pd.DataFrame:
        """Article x article similarities (symmetric, 1.0 on the diagonal), labelled by name."""
        return pd.DataFrame(self.similarities, index=pd.Index(self.names, name="article"),
                            columns=pd.Index(self.names, name="article"))

    def theme_matrix(self) -> pd.DataFrame:
        """Articles x themes: the share of each article's sentences on each theme (0 = absent)."""
        return pd.DataFrame(self.theme_weights, index=pd.Index(self.names, name="article"),
                            columns=pd.Index([t.id for t in self.themes], name="theme"))

    def most_similar(self, *, n: int = 10) -> pd.DataFrame:
        """The ``n`` most similar pairs of different articles, most similar first.

        Columns ``article_a``, ``article_b``, ``similarity``, ``index_a``, ``index_b``.
        """
        n = _check_n(n)
        S = self.similarities
        k = len(self.names)
        masked = np.where(np.tri(k, dtype=bool), -np.inf, S)  # keep i < j only
        flat = masked.ravel()
        n = min(n, k * (k - 1) // 2)
        if n == 0:
            return pd.DataFrame(columns=["article_a", "article_b", "similarity", "index_a", "index_b"])
        top = np.argpartition(-flat, n - 1)[:n]
        top = top[np.lexsort((top, -flat[top]))]
        ii, jj = np.divmod(top, k)
        return pd.DataFrame({"article_a": [self.names[i] for i in ii], "article_b": [self.names[j] for j in jj],
                             "similarity": flat[top].astype(float), "index_a": ii, "index_b": jj})

    def to_frame(self) -> pd.DataFrame:
        """One row per article: sentences, main theme, themes present, nearest article.

        Columns ``n_sentences``, ``main_theme`` (highest share, or None), ``themes``
        (ids with a share above 0, largest first), ``nearest`` (the most similar other
        article) and ``nearest_similarity``, then one share column per theme.
        """
        W = self.theme_weights
        ids = [t.id for t in self.themes]
        order = np.argsort(-W, axis=1, kind="stable")
        themes = [[ids[j] for j in order[i] if W[i, j] > 0] for i in range(len(self.names))]
        S = self.similarities.copy()
        np.fill_diagonal(S, -np.inf)
        nearest = S.argmax(axis=1) if len(self.names) > 1 else np.zeros(len(self.names), dtype=int)
        frame = pd.DataFrame({
            "n_sentences": pd.Series(self.n_sentences.astype(int), index=self.names),
            "main_theme": pd.Series([t[0] if t else None for t in themes], dtype=object, index=self.names),
            "themes": pd.Series(themes, dtype=object, index=self.names),
            "nearest": pd.Series([self.names[j] for j in nearest], dtype=object, index=self.names),
            "nearest_similarity": pd.Series(S[np.arange(len(self.names)), nearest], index=self.names),
        })
        frame.index.name = "article"
        return pd.concat([frame, self.theme_matrix()], axis=1)

    def to_html(self, *, n_pairs: int = 10, max_articles: int = 30) -> str:
        """An HTML report: the most similar pairs and the theme matrix (first articles)."""
        esc = html.escape
        parts = ['<div class="toolkit-corpus-comparison" style="font-family:sans-serif">',
                 f"<p><b>{len(self.names)} articles</b>, {len(self.themes)} themes.</p>",
                 "<p><b>Most similar pairs</b></p><table>"]
        for _, row in self.most_similar(n=n_pairs).iterrows():
            parts.append(f"<tr><td>{row.similarity:.3f}</td>"
                         f"<td style='text-align:left'>{esc(shorten(row.article_a, 70))}</td>"
                         f"<td style='text-align:left'>{esc(shorten(row.article_b, 70))}</td></tr>")
        parts.append("</table><p><b>Theme shares</b> (share of sentences)</p><table><thead><tr><th></th>")
        parts += [f"<th title='{esc(t.label)}'>{esc(t.label)}</th>" for t in self.themes]
        parts.append("</tr></thead><tbody>")
        for i, name in enumerate(self.names[:max_articles]):
            cells = "".join(
                f"<td style='background:{tint(ARTICLE_COLORS[0], w)}'>{w:.0%}</td>" for w in self.theme_weights[i])
            parts.append(f"<tr><td style='text-align:left'>{esc(shorten(name, 60))}</td>{cells}</tr>")
        parts.append("</tbody></table>")
        if len(self.names) > max_articles:
            parts.append(f"<p>… and {len(self.names) - max_articles} more articles (see theme_matrix()).</p>")
        parts.append("</div>")
        return "\n".join(parts)

    def _repr_html_(self) -> str:
        return self.to_html()

    def __repr__(self) -> str:
        top = self.most_similar(n=1) if len(self.names) > 1 else None
        best = "" if top is None or top.empty else f", most similar pair {top.similarity[0]:.3f}"
        return f"CorpusComparison({len(self.names)} articles, {len(self.themes)} themes{best})"


def compare_many(
    articles: Sequence[str | Article | PathLike[str]],
    *,
    themes: Sequence[Theme] | Mapping[str, Theme] = DEFAULT_THEMES,
    background: Sequence[str] | None = None,
) -> CorpusComparison:
    """Compare many articles at once: similarity matrix, theme matrix, most similar pairs.

    Parameters
    ----------
    articles : list or pandas.Series of Article, str or pathlib.Path
        At least two articles (a ``str`` is the text, a ``Path`` is a file to load). A
        Series is read in order, as :func:`~toolkit.summarize_many` reads it: its index is
        not used as names.
    themes : sequence of Theme, default DEFAULT_THEMES
        The theme set.
    background : list of str, optional
        Extra texts used only to learn term weights (IDF) for the similarities.

    Returns
    -------
    CorpusComparison

    Raises
    ------
    ValueError
        When fewer than two articles are given, or an article is empty.
    TypeError
        When ``articles`` is not a list (a ``str``, a generator...), an item is neither an
        Article, a text nor a path, or ``background`` is a single ``str``.
    FileNotFoundError, ArticleError
        When a ``Path`` names no file, or a file that cannot be loaded (see
        :func:`~toolkit.load_article`).

    Examples
    --------
    >>> cc = compare_many(["ISIS fighters scattered.", "The ISIS fighters scattered into the desert.",
    ...                    "Whisk the eggs with sugar."])
    >>> cc.most_similar(n=1)[["index_a", "index_b"]].to_numpy().tolist()
    [[0, 1]]
    >>> cc.theme_matrix()["dispersal"].tolist()
    [1.0, 1.0, 0.0]
    """
    if isinstance(articles, pd.Series):
        # As summarize_many and similarity_matrix: the values in order; the index is not read.
        articles = articles.tolist()
    if isinstance(articles, Iterable) and not isinstance(articles, (Sequence, Article, PathLike)):
        raise TypeError(f"articles must be a list of texts or Articles; got {type(articles).__name__}: "
                        "pass list(articles)")
    arts = as_articles(articles, "articles")
    if len(arts) < 2:
        raise ValueError(f"articles must hold at least two articles to compare; got {len(arts)}")
    empty = [i for i, art in enumerate(arts) if not art.text or not art.text.strip()]
    if empty:
        raise ValueError(f"articles {empty[:10]} {'are' if len(empty) > 1 else 'is'} empty: "
                         "there is no text to compare")
    if len(arts) > _MAX_MATRIX_ARTICLES:
        raise ValueError(f"compare_many builds the {len(arts):,} x {len(arts):,} similarity matrix "
                         f"({len(arts) ** 2 * 8 / 1e9:.1f} GB); above {_MAX_MATRIX_ARTICLES:,} articles use "
                         "nearest_neighbours(articles) for the most similar articles and pairs: it needs "
                         "no such matrix")
    themes = as_themes(themes)
    background = _check_background(background)
    names = _unique_names([_raw_name(art, f"article {i + 1}") for i, art in enumerate(arts)])
    weights = np.zeros((len(arts), len(themes)))
    n_sentences = np.zeros(len(arts), dtype=int)
    for i, art in enumerate(arts):
        # From the tag arrays: no tag frame, and no evidence (nobody reads it here).
        scores, on, _ = tag_arrays(split_sentences(art.text), themes, context=True, evidence=False)
        n_sentences[i] = len(on)
        weights[i] = weights_of(on, scores, "share")
    S = np.asarray(similarity_matrix([as_text(art, "article") for art in arts], background=background), dtype=float)
    return CorpusComparison(names=names, themes=themes, similarities=S, theme_weights=weights,
                            n_sentences=n_sentences)
