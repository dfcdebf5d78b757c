"""Who a sentence is about: the theme set's subject, another actor, or nobody named.

A theme set may name its *subject* (for the default themes: the Islamic State, with its
aliases) and *other actors* (al Qaeda, the Taliban, ...). Subject-specific themes only apply
to sentences about the subject, so "an al Qaeda stronghold" is not a lost ISIS stronghold.

Each sentence is resolved to one of three readings:

* ``SUBJECT``: it names the subject ("Islamic State", "ISIS"), or names nobody and the last
  actor named in the few sentences before it (or, failing that, the article as a whole) is
  the subject: "The group lost Manbij" after a sentence about ISIS is about ISIS.
* ``OTHER``: it names another actor and not the subject ("The Taliban lost Kunduz"), or names
  nobody and the nearest named actor is another one.
* ``NONE``: nobody is named in the sentence, its neighbourhood or the article.

A sentence that names both counts as about the subject: "Boko Haram, which pledged
allegiance to Islamic State" is about the subject. Aliases written in capitals of up to four
letters ("IS", "ISIL") match only in capitals, so the verb "is" is not the Islamic State.

Not for deciding themes (see :mod:`toolkit.themes` and :mod:`toolkit.theme_model`).
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from . import _cache

__all__: list[str] = []

SUBJECT, OTHER, NONE = 1, -1, 0

#: Sentences back that a sentence naming nobody looks for the actor it is about: a
#: paragraph in news writing is one to three sentences.
LOOKBACK = 3


@dataclass(frozen=True)
class Actor:
    """A named actor: a display name and the ways a text names it."""

    name: str
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class Reading:
    """Who each sentence of a text is about, with the evidence."""

    about: np.ndarray          # SUBJECT / OTHER / NONE per sentence
    names_subject: np.ndarray  # the sentence names the subject itself (bool)
    names_other: np.ndarray    # the sentence names another actor (bool)
    refers: np.ndarray         # the sentence uses one of the subject's references ("the group")
    subject_share: float       # share of the sentences that name the subject
    about_subject: bool        # the text names the subject at all
    others: tuple[tuple[str, ...], ...]  # the other actors named in each sentence


def names(sentence: str, aliases: tuple[str, ...]) -> bool:
    """Does the sentence name the actor with one of its aliases?

    Examples
    --------
    >>> names("The IS fighters fled.", ("IS", "Islamic State"))
    True
    >>> names("This is a test.", ("IS", "Islamic State"))
    False
    """
    finders, _ = _finder((tuple(aliases),))
    return any(pattern.search(sentence) for pattern, _ in finders)


@_cache.cached(maxsize=16)
def _finder(groups: tuple[tuple[str, ...], ...]) -> tuple[list[tuple[re.Pattern[str], dict[str, int]]], int]:
    """Patterns that find every alias of every group in one pass, and the alias -> group table.

    Group 0 is the subject, group 1 its references, groups 2... the other actors.
    """
    exact: dict[str, int] = {}
    loose: dict[str, int] = {}
    for g, aliases in enumerate(groups):
        for a in aliases:
            if a.isupper() and len(a.replace(".", "")) <= 4:
                exact.setdefault(a, g)
            else:
                loose.setdefault(_key(a), g)
    out = []
    for table, flags in ((exact, 0), (loose, re.IGNORECASE)):
        if table:
            alternatives = sorted(table, key=len, reverse=True)
            body = "|".join(r"[\s\-]+".join(re.escape(w) for w in a.split()) for a in alternatives)
            pattern = re.compile(rf"(?<![\w\-])(?:{body})(?:['’]s)?(?![\w])", flags)
            out.append((pattern, table))
    return out, len(groups)


def _key(alias: str) -> str:
    return " ".join(alias.lower().replace("-", " ").split())


def read(sentences: Sequence[str], subject: Actor, others: Sequence[Actor],
         references: tuple[str, ...] = ()) -> Reading:
    """Resolve who each sentence is about (see the module docstring)."""
    n = len(sentences)
    finders, n_groups = _finder((subject.aliases, references) + tuple(a.aliases for a in others))
    found = np.zeros((n, n_groups), dtype=bool)
    for i, sentence in enumerate(sentences):
        for pattern, table in finders:
            for m in pattern.finditer(sentence):
                text = m.group()
                text = text[:-2] if text.endswith(("'s", "’s")) else text
                g = table.get(text if pattern.flags & re.IGNORECASE == 0 else _key(text))
                if g is not None:
                    found[i, g] = True
    named_s, refers = found[:, 0], found[:, 1]
    named_o: list[tuple[str, ...]] = [tuple(others[g - 2].name for g in np.flatnonzero(row[2:]) + 2) for row in found]
    has_o = found[:, 2:].any(axis=1)
    explicit = np.where(named_s, SUBJECT, np.where(has_o, OTHER, NONE))
    # The article's main actor: the one named in the most sentences (the subject on a tie).
    n_subject = int(named_s.sum())
    n_other = int(found[:, 2:].sum(axis=0).max()) if n and n_groups > 2 else 0
    main = SUBJECT if n_subject and n_subject >= n_other else OTHER if n_other else NONE
    about = explicit.copy()
    for i in np.flatnonzero(explicit == NONE):
        recent = explicit[max(0, i - LOOKBACK):i]
        recent = recent[recent != NONE]
        about[i] = recent[-1] if len(recent) else main
    return Reading(about=about, names_subject=named_s.copy(), names_other=has_o, refers=refers.copy(),
                   subject_share=n_subject / n if n else 0.0, about_subject=bool(n_subject), others=tuple(named_o))
