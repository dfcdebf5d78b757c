"""How much of an article is on each theme, from its sentence tags: one definition for the
comparison's theme scores and the corpus run's theme columns.

Not for tagging (see :func:`toolkit.tag_themes`, whose frame this reads).
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import numpy as np
import pandas as pd

__all__: list[str] = []  # internal module: nothing public

Measure = Literal["share", "sentences", "evidence"]
MEASURES: tuple[str, ...] = ("share", "sentences", "evidence")


def theme_weights(tags: pd.DataFrame, theme_ids: Sequence[str], measure: Measure = "share") -> np.ndarray:
    """One weight per theme from a :func:`~toolkit.tag_themes` frame.

    ``"share"``: the fraction of the article's sentences tagged with the theme;
    ``"sentences"``: how many; ``"evidence"``: the summed scores of the tagged sentences per
    sentence of the article. 0 always means the theme is absent (and so for no sentences).

    >>> tags = pd.DataFrame({"themes": [["a"], ["a", "b"], [], []], "a": [1.0, 2.0, 0.0, 0.5],
    ...                      "b": [0.0, 1.0, 0.0, 0.0]})
    >>> theme_weights(tags, ["a", "b"]).tolist(), theme_weights(tags, ["a", "b"], "sentences").tolist()
    ([0.5, 0.25], [2.0, 1.0])
    >>> theme_weights(tags, ["a", "b"], "evidence").tolist()
    [0.75, 0.25]
    """
    ids = list(theme_ids)
    n = len(tags)
    on = np.array([[tid in row for tid in ids] for row in tags["themes"]], dtype=bool).reshape(n, len(ids))
    scores = tags[ids].to_numpy(dtype=float) if measure == "evidence" and n else None
    return weights_of(on, scores, measure)


def weights_of(on: np.ndarray, scores: np.ndarray | None, measure: Measure = "share") -> np.ndarray:
    """:func:`theme_weights` from the (n_sentences, n_themes) tags given (booleans) and scores
    (read only by ``"evidence"``), as :func:`toolkit.themes.tag_arrays` returns them.

    >>> weights_of(np.array([[True, False], [True, True], [False, False], [False, False]]), None).tolist()
    [0.5, 0.25]
    """
    n = len(on)
    if n == 0:
        return np.zeros(on.shape[1])
    if measure == "sentences":
        return on.sum(axis=0).astype(float)
    if measure == "share":
        return on.sum(axis=0) / n
    if measure == "evidence":
        return (scores * on).sum(axis=0) / n
    raise ValueError(f"measure must be one of {list(MEASURES)}; got {measure!r}")


def theme_ids(themes: Sequence[object]) -> list[str]:
    """The ids of a theme set, in order (a theme or its id string).

    >>> theme_ids(["dispersal", "foreign_fighters"])
    ['dispersal', 'foreign_fighters']
    """
    return [getattr(t, "id", t) for t in themes]  # type: ignore[misc]
