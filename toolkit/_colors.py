"""The colours articles are shown in, the same in every chart and HTML view.

Not for drawing (see :mod:`toolkit.display`, which re-exports :data:`ARTICLE_COLORS`).
"""
from __future__ import annotations

__all__: list[str] = []  # internal module: the public name is toolkit.ARTICLE_COLORS

#: One colour per article, in order (Okabe–Ito, readable by colour-blind readers):
#: the first article is always blue, the second vermillion, and so on.
ARTICLE_COLORS: tuple[str, ...] = (
    "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000",
)


def tint(color: str, alpha: float) -> str:
    """A CSS ``rgba()`` of a ``#RRGGBB`` colour with opacity ``alpha`` (clipped to [0, 1]).

    >>> tint("#0072B2", 0.5)
    'rgba(0,114,178,0.50)'
    """
    r, g, b = (int(color[k:k + 2], 16) for k in (1, 3, 5))
    return f"rgba({r},{g},{b},{min(max(alpha, 0.0), 1.0):.2f})"
