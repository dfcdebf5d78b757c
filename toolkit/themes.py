"""Themes: named sets of evidence words, and tagging each sentence with the themes it is about.

A theme is data, not code: an id, a label, a description, the *terms* that are enough on
their own to put a sentence on the theme and the *cues* that only count together. A theme
set may also name its *domain* (:class:`Domain`): the subject all its themes belong to, with
words of its own, so that "returned home" or "lost ground" count as evidence in an article
about the Islamic State and not in a sitcom review or a football report. The default set
(:data:`DEFAULT_THEMES`, the ISIS dispersal themes) ships in ``toolkit/data/themes.toml``;
the format is documented at the top of that file, and :func:`load_themes` reads a user's
own file in the same format.

:func:`tag_themes` matches the entries on word stems (so inflections match), with phrases
allowed a few words apart, common irregular verb forms mapped to their base, and long
words allowed one typo. A sentence outside the themes' domain (neither its article nor its
neighbourhood is about the domain) gets no evidence at all; any other sentence gets an
evidence weight per theme (1 per term, 0.5 per cue) and the themes whose weight reaches the
theme's threshold. The evidence that fired is kept, so every tag can be explained.

Not for comparing articles (see :mod:`toolkit.comparison`) or for similarity between
texts (see :mod:`toolkit.similarity`).
"""
from __future__ import annotations

import json
import os
import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from os import PathLike
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from . import _cache, _data, _subject
from ._inputs import text_and_title
from ._text import STOP_WORDS, stem, tokenize
from .loading import Article
from .sentences import split_sentences

__all__ = ["DEFAULT_THEMES", "Domain", "Subject", "Theme", "ThemeSet", "load_themes", "tag_themes"]

TERM_WEIGHT = 1.0
CUE_WEIGHT = 0.5
#: Marks a place entry: all the places a sentence names count as one cue together.
PLACE_WEIGHT = 0.25
#: Words a phrase may skip between two of its words ("driving ISIS fighters out").
MAX_GAP = 3
#: Fraction of a neighbouring sentence's tag carried over to a sentence that already has
#: some evidence of its own (a quote's "he said" half, "They have lost most of it.").
CONTEXT_WEIGHT = 0.5

_ID_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
_RESERVED_IDS = frozenset({"sentence", "themes", "evidence"})
_REQUIRED = ("id", "label", "description", "terms")
_OPTIONAL = ("cues", "places", "threshold", "generic")
_TOP_LEVEL = ("domain", "subject", "actor", "theme", "example", "model")
_SUBJECT_KEYS = ("name", "aliases", "references", "description")
_ACTOR_KEYS = ("name", "aliases")
_EXAMPLE_KEYS = ("text", "themes")
_DOMAIN_KEYS = ("terms", "cues", "description", "window", "threshold", "density")


# --------------------------------------------------------------------------- the Domain type


@dataclass(frozen=True)
class Domain:
    """The subject a set of themes belongs to, and the words that show a passage is on it.

    Theme words are often ordinary words ("returned home", "lost ground", "a new base")
    that are evidence only in a text on the themes' subject. A sentence is *in the domain*,
    and may be tagged, when

    * the whole text is about the domain: its domain words weigh at least ``density`` per
      sentence (and at least one term's weight, 1.0), or
    * its neighbourhood is: the domain words of the sentence and of the ``window``
      sentences either side weigh at least ``threshold`` together.

    Domain words weigh like theme words: 1.0 per term and 0.5 per cue found in a sentence.

    Parameters
    ----------
    terms : sequence of str
        Words or phrases that clearly place a passage in the domain (weight 1.0 each).
    cues : sequence of str, optional
        Words that point to the domain without settling it (weight 0.5 each).
    description : str, optional
        What the domain is, for people reading the theme file.
    window : int, default 2
        Sentences on each side of a sentence that belong to its neighbourhood.
    threshold : float, default 2.0
        Domain weight a neighbourhood needs.
    density : float, default 0.25
        Domain weight per sentence that puts the whole text in the domain.

    Examples
    --------
    >>> d = Domain(terms=["volcano", "lava"], cues=["ash"])
    >>> d.window, d.threshold, d.density
    (2, 2.0, 0.25)
    """

    terms: tuple[str, ...]
    cues: tuple[str, ...] = ()
    description: str = ""
    window: int = 2
    threshold: float = 2.0
    density: float = 0.25

    def __post_init__(self) -> None:
        _check_domain_fields(self.terms, self.cues, self.description, self.window, self.threshold,
                             self.density, where="domain")
        object.__setattr__(self, "terms", tuple(self.terms))
        object.__setattr__(self, "cues", tuple(self.cues))
        object.__setattr__(self, "threshold", float(self.threshold))
        object.__setattr__(self, "density", float(self.density))

    def __repr__(self) -> str:
        return (f"Domain({len(self.terms)} terms, {len(self.cues)} cues, window={self.window}, "
                f"threshold={self.threshold:g}, density={self.density:g})")


def _check_entries(name: str, value: Any, *, where: str) -> None:
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise ValueError(f"{where}: {name} must be a list of strings; got {type(value).__name__}")
    for entry in value:
        if not isinstance(entry, str) or not _entry_words(entry):
            raise ValueError(f"{where}: every entry of {name} must be a word or phrase; got {entry!r}")


def _positive(value: Any) -> bool:
    return not isinstance(value, bool) and isinstance(value, (int, float)) and value > 0


def _check_domain_fields(terms: Any, cues: Any, description: Any, window: Any, threshold: Any, density: Any,
                         *, where: str) -> None:
    _check_entries("terms", terms, where=where)
    _check_entries("cues", cues, where=where)
    if not tuple(terms):
        raise ValueError(f"{where}: terms is empty; give at least one word or phrase that places a text "
                         "in the domain (or leave the domain out)")
    if not isinstance(description, str):
        raise ValueError(f"{where}: description must be a string; got {type(description).__name__}")
    if isinstance(window, bool) or not isinstance(window, int) or window < 0:
        raise ValueError(f"{where}: window must be a whole number of sentences >= 0; got {window!r}")
    for name, value in (("threshold", threshold), ("density", density)):
        if not _positive(value):
            raise ValueError(f"{where}: {name} must be a positive number; got {value!r}")


# --------------------------------------------------------------------------- the Theme type


@dataclass(frozen=True)
class Theme:
    """One theme: what it is called, what it is about, and the words that signal it.

    Parameters
    ----------
    id : str
        Short name (letters, digits, underscores; starts with a letter). It becomes a
        column of :func:`tag_themes`, so ``"sentence"``, ``"themes"`` and ``"evidence"``
        are not allowed.
    label : str
        Human-readable name for tables and summaries.
    description : str
        What a sentence on this theme talks about.
    terms : sequence of str
        Words or phrases each enough on its own to tag a sentence (weight 1.0).
    cues : sequence of str, optional
        Supporting words or phrases (weight 0.5): they tag a sentence only together.
    places : sequence of str, optional
        Place names where the theme happens: together they count as one cue (0.5).
    threshold : float, default 1.0
        Evidence weight a sentence needs to get the theme.
    domain : Domain or None, default None
        The subject the theme belongs to: only sentences in that domain are tagged (see
        :class:`Domain`). None: every sentence is scored on its own words. A theme file's
        ``[domain]`` table is given to each of its themes.
    generic : bool, default False
        In a theme set with a :class:`Subject`: False (subject-specific) tags only sentences
        about the subject; True (generic, e.g. military response, civilian toll) may tag a
        sentence about another actor too. Ignored without a subject.

    Examples
    --------
    >>> t = Theme("weather", "Weather", "Rain and sun.", terms=["rain", "heat wave"], cues=["cloud"])
    >>> t.terms, t.threshold, t.domain
    (('rain', 'heat wave'), 1.0, None)
    """

    id: str
    label: str
    description: str
    terms: tuple[str, ...]
    cues: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    threshold: float = 1.0
    domain: Domain | None = None
    generic: bool = False

    def __post_init__(self) -> None:
        if not isinstance(self.generic, bool):
            raise ValueError(f"theme {self.id!r}: generic must be true or false; got {self.generic!r}")
        _check_theme_fields(self.id, self.label, self.description, self.terms, self.cues, self.threshold,
                            where=f"theme {self.id!r}", places=self.places)
        if self.domain is not None and not isinstance(self.domain, Domain):
            raise TypeError(f"theme {self.id!r}: domain must be a Domain or None; "
                            f"got {type(self.domain).__name__}")
        object.__setattr__(self, "terms", tuple(self.terms))
        object.__setattr__(self, "cues", tuple(self.cues))
        object.__setattr__(self, "places", tuple(self.places))
        object.__setattr__(self, "threshold", float(self.threshold))

    def __repr__(self) -> str:
        places = f", {len(self.places)} places" if self.places else ""
        domain = ", in a domain" if self.domain is not None else ""
        return (f"Theme({self.id!r}, {self.label!r}, {len(self.terms)} terms, "
                f"{len(self.cues)} cues{places}{domain})")


def _check_theme_fields(tid: Any, label: Any, description: Any, terms: Any, cues: Any, threshold: Any,
                        *, where: str, places: Any = ()) -> None:
    if not isinstance(tid, str) or not _ID_RE.match(tid):
        raise ValueError(f"{where}: id must be letters, digits and underscores starting with a letter; got {tid!r}")
    if tid in _RESERVED_IDS:
        raise ValueError(f"{where}: id {tid!r} is reserved (a column of tag_themes); "
                         f"choose another than {sorted(_RESERVED_IDS)}")
    for name, value in (("label", label), ("description", description)):
        if not isinstance(value, str) or not value.strip():
            raise ValueError(f"{where}: {name} must be a non-empty string; got {value!r}")
    for name, value in (("terms", terms), ("cues", cues), ("places", places)):
        _check_entries(name, value, where=where)
    if not tuple(terms):
        raise ValueError(f"{where}: terms is empty; give at least one word or phrase that signals the theme")
    if not _positive(threshold):
        raise ValueError(f"{where}: threshold must be a positive number; got {threshold!r}")


# --------------------------------------------------------------------------- the subject and the theme set


@dataclass(frozen=True)
class Subject:
    """Who a theme set is about, and the other actors its themes must not be confused with.

    Parameters
    ----------
    name : str
        How the subject is called in tables ("ISIS").
    aliases : sequence of str
        Names that settle that a sentence is about the subject ("ISIS", "Islamic State").
        Capitals of up to four letters ("IS") match only in capitals.
    references : sequence of str, optional
        Words that refer to the subject when the text is about it ("the group", "the
        militants"); in a text about another actor they refer to that one.
    others : sequence of (name, aliases) pairs, optional
        Other actors ("al Qaeda", ("al Qaeda", "al-Qaida")): a sentence about one of them
        gets no subject-specific theme.
    description : str, optional

    Examples
    --------
    >>> Subject("ISIS", ["ISIS", "Islamic State"], others=[("Taliban", ["Taliban"])])
    Subject('ISIS', 2 aliases, 0 references, 1 other actors)
    """

    name: str
    aliases: tuple[str, ...]
    references: tuple[str, ...] = ()
    others: tuple[tuple[str, tuple[str, ...]], ...] = ()
    description: str = ""

    def __post_init__(self) -> None:
        where = "subject"
        if not isinstance(self.name, str) or not self.name.strip():
            raise ValueError(f"{where}: name must be a non-empty string; got {self.name!r}")
        _check_entries("aliases", self.aliases, where=where)
        if not tuple(self.aliases):
            raise ValueError(f"{where} {self.name!r} has no aliases: give the names that show a sentence is "
                             f"about it (e.g. aliases = [\"{self.name}\"])")
        _check_entries("references", self.references, where=where)
        others = []
        for other in self.others:
            if not (isinstance(other, (tuple, list)) and len(other) == 2 and isinstance(other[0], str)):
                raise ValueError(f"{where}: each other actor must be a (name, aliases) pair; got {other!r}")
            _check_entries("aliases", other[1], where=f"actor {other[0]!r}")
            if not tuple(other[1]):
                raise ValueError(f"actor {other[0]!r} has no aliases")
            others.append((other[0], tuple(other[1])))
        object.__setattr__(self, "aliases", tuple(self.aliases))
        object.__setattr__(self, "references", tuple(self.references))
        object.__setattr__(self, "others", tuple(others))

    @property
    def actor(self) -> _subject.Actor:
        return _subject.Actor(self.name, self.aliases)

    @property
    def other_actors(self) -> tuple[_subject.Actor, ...]:
        return tuple(_subject.Actor(name, aliases) for name, aliases in self.others)

    def __repr__(self) -> str:
        return (f"Subject({self.name!r}, {len(self.aliases)} aliases, {len(self.references)} references, "
                f"{len(self.others)} other actors)")


class ThemeSet(tuple):
    """A tuple of :class:`Theme` with what the set says as a whole: its subject, labelled
    examples and learned model.

    It is a tuple, so everything that takes a sequence of themes takes it; :func:`load_themes`
    returns one and :data:`DEFAULT_THEMES` is one.

    Parameters
    ----------
    themes : iterable of Theme
    subject : Subject or None
        Who the themes are about (see :class:`Subject`); None: no subject rule.
    examples : sequence of (sentence, theme ids) pairs
        Labelled sentences: when there is no model, :func:`tag_themes` learns one from them
        (a :class:`~toolkit.ThemeTagger`) the first time the set is used.
    model : ThemeTagger, or a callable returning one, or None
        A fitted tagger (a callable is called once, when the model is first needed).

    Examples
    --------
    >>> ts = ThemeSet([Theme("rain", "Rain", "Wet weather.", terms=["rain"])])
    >>> ts
    ThemeSet(1 themes: rain)
    >>> ts.subject is None, ts.model is None
    (True, True)
    """

    def __new__(cls, themes: Iterable[Theme] = (), *, subject: Subject | None = None,
                examples: Sequence[tuple[str, Sequence[str]]] = (), model: Any = None) -> "ThemeSet":
        self = super().__new__(cls, tuple(themes))
        if subject is not None and not isinstance(subject, Subject):
            raise TypeError(f"subject must be a Subject or None; got {type(subject).__name__}")
        self.subject = subject
        self.examples = tuple((text, tuple(ids)) for text, ids in examples)
        self._model = model
        return self

    @property
    def model(self) -> Any:
        """The fitted :class:`~toolkit.ThemeTagger` of the set, or None (evidence terms alone)."""
        if callable(self._model) and not hasattr(self._model, "coef_"):
            self._model = self._model()
        if self._model is None and self.examples:
            from .theme_model import ThemeTagger

            texts = [text for text, _ in self.examples]
            self._model = ThemeTagger(themes=self).fit(texts, [ids for _, ids in self.examples])
        return self._model

    def __reduce__(self) -> Any:  # pickles (to worker processes) with its subject and model
        return (_rebuild_theme_set, (tuple(self), self.subject, self.examples, self.model))

    def __repr__(self) -> str:
        ids = ", ".join(t.id for t in self)
        subject = f", about {self.subject.name}" if self.subject is not None else ""
        model = ", with a model" if self._model is not None else ""
        examples = f", {len(self.examples)} examples" if self.examples else ""
        return f"ThemeSet({len(self)} themes: {ids}{subject}{examples}{model})"


def _rebuild_theme_set(themes: tuple[Theme, ...], subject: Subject | None, examples: Any, model: Any) -> ThemeSet:
    return ThemeSet(themes, subject=subject, examples=examples, model=model)


# --------------------------------------------------------------------------- theme files


def load_themes(path: str | PathLike) -> tuple[Theme, ...]:
    """Read a theme file (TOML, or JSON with the same structure) into a tuple of themes.

    The format is documented at the top of ``toolkit/data/themes.toml``: one ``[[theme]]``
    table per theme with ``id``, ``label``, ``description``, ``terms`` and optionally
    ``cues``, ``places`` and ``threshold``; and optionally one ``[domain]`` table (``terms``,
    and optionally ``cues``, ``description``, ``window``, ``threshold``, ``density``) that is
    given to every theme of the file (see :class:`Domain`). A file without ``[domain]``
    gives themes without a domain: every sentence is scored on its own words. Copy that
    file to start your own.

    Parameters
    ----------
    path : str or path-like
        A ``.toml`` file (or ``.json``: ``{"domain": {...}, "theme": [{"id": ..., ...}, ...]}``).

    Returns
    -------
    tuple of Theme
        In file order.

    Raises
    ------
    FileNotFoundError
        When there is no such file.
    ValueError
        On a syntax error, an unknown key, a missing field, a duplicate id, a theme or a
        domain without terms or a bad value; the message names the theme (or the domain)
        and the field.

    Examples
    --------
    >>> import tempfile, os
    >>> path = os.path.join(tempfile.mkdtemp(), "mine.toml")
    >>> _ = open(path, "w").write('[[theme]]\\nid = "rain"\\nlabel = "Rain"\\n'
    ...                           'description = "Wet weather."\\nterms = ["rain", "downpour"]\\n')
    >>> themes = load_themes(path)
    >>> themes, themes[0]
    (ThemeSet(1 themes: rain), Theme('rain', 'Rain', 2 terms, 0 cues))
    """
    p = Path(path)
    if not p.is_file():
        raise FileNotFoundError(f"theme file not found: {str(p)!r}")
    raw = p.read_bytes()
    return _themes_from_bytes(raw, name=str(p), json_format=p.suffix.lower() == ".json", folder=p.parent)


def _themes_from_bytes(raw: bytes, *, name: str, json_format: bool = False,
                       folder: Path | None = None, read_model: Any = None) -> ThemeSet:
    try:
        text = raw.decode("utf-8-sig")
        data = json.loads(text) if json_format else tomllib.loads(text)
    except (UnicodeDecodeError, json.JSONDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ValueError(f"could not read theme file {name!r}: {exc}") from None
    if not isinstance(data, dict):
        raise ValueError(f"theme file {name!r} must hold a table with a 'theme' list")
    unknown = sorted(set(data) - set(_TOP_LEVEL))
    if unknown:
        raise ValueError(f"theme file {name!r}: unknown key {unknown[0]!r} at the top level; "
                         f"allowed: {list(_TOP_LEVEL)} (write each theme as a [[theme]] table)")
    domain = _domain_from_table(data["domain"], name=name) if "domain" in data else None
    tables = data.get("theme")
    if not tables:
        raise ValueError(f"theme file {name!r} defines no themes; add at least one [[theme]] table")
    if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
        raise ValueError(f"theme file {name!r}: 'theme' must be a list of tables ([[theme]])")
    themes: list[Theme] = []
    seen: dict[str, int] = {}
    for number, table in enumerate(tables, start=1):
        where = f"theme #{number}" + (f" ({table['id']!r})" if isinstance(table.get("id"), str) else "") + f" in {name!r}"
        unknown = sorted(set(table) - set(_REQUIRED) - set(_OPTIONAL))
        if unknown:
            raise ValueError(f"{where}: unknown key {unknown[0]!r}; allowed keys: {list(_REQUIRED + _OPTIONAL)}")
        missing = [k for k in _REQUIRED if k not in table]
        if missing:
            raise ValueError(f"{where}: missing required field {missing[0]!r} (required: {list(_REQUIRED)})")
        tid = table["id"]
        if isinstance(tid, str) and tid in seen:
            raise ValueError(f"{where}: duplicate theme id {tid!r} (already used by theme #{seen[tid]})")
        _check_theme_fields(tid, table["label"], table["description"], table["terms"], table.get("cues", []),
                            table.get("threshold", 1.0), where=where, places=table.get("places", []))
        seen[tid] = number
        themes.append(Theme(id=tid, label=table["label"], description=" ".join(table["description"].split()),
                            terms=tuple(table["terms"]), cues=tuple(table.get("cues", ())),
                            places=tuple(table.get("places", ())), threshold=table.get("threshold", 1.0),
                            domain=domain, generic=table.get("generic", False)))
    subject = _subject_from_tables(data.get("subject"), data.get("actor", []), name=name) \
        if "subject" in data or "actor" in data else None
    examples = _examples_from_tables(data.get("example", []), [t.id for t in themes], name=name)
    themes_set = ThemeSet(themes, subject=subject, examples=examples)
    if "model" in data:
        model_name = data["model"]
        if not isinstance(model_name, str) or not model_name.strip():
            raise ValueError(f"theme file {name!r}: model must be the name of a model file (JSON); got {model_name!r}")

        def load() -> Any:
            from .theme_model import load_model

            path = (folder or Path(".")) / model_name
            if read_model is not None:
                raw_model, where = read_model(model_name)
            elif path.is_file():
                raw_model, where = path.read_bytes(), str(path)
            elif _data.exists(model_name):  # a copy of the shipped theme file names the shipped model
                raw_model, where = _data.read_bytes(model_name), f"toolkit/data/{model_name}"
            else:
                raise FileNotFoundError(f"theme file {name!r} names the model {model_name!r}, "
                                        f"which is not at {str(path)!r}")
            return load_model(raw_model, themes=themes_set, name=where)

        # A user's model is read now, so a missing or mismatched file is an error of
        # load_themes; the shipped one waits until it is first needed (import stays fast).
        themes_set._model = load if read_model is not None else load()
    return themes_set


def _subject_from_tables(table: Any, actors: Any, *, name: str) -> Subject:
    where = f"the [subject] table of {name!r}"
    if table is None:
        raise ValueError(f"theme file {name!r} lists other actors ([[actor]]) but has no [subject] table")
    if not isinstance(table, dict):
        raise ValueError(f"theme file {name!r}: 'subject' must be a table ([subject]); got {type(table).__name__}")
    unknown = sorted(set(table) - set(_SUBJECT_KEYS))
    if unknown:
        raise ValueError(f"{where}: unknown key {unknown[0]!r}; allowed keys: {list(_SUBJECT_KEYS)}")
    if not isinstance(table.get("name"), str) or not table["name"].strip():
        raise ValueError(f"{where}: missing required field 'name' (how the subject is called)")
    if not table.get("aliases"):
        raise ValueError(f"{where}: the subject {table['name']!r} has no aliases; add aliases = [...] with the "
                         "names that show a sentence is about it (e.g. its name and abbreviations)")
    if not isinstance(actors, list) or not all(isinstance(a, dict) for a in actors):
        raise ValueError(f"theme file {name!r}: 'actor' must be a list of tables ([[actor]])")
    others = []
    for number, actor in enumerate(actors, start=1):
        unknown = sorted(set(actor) - set(_ACTOR_KEYS))
        if unknown:
            raise ValueError(f"actor #{number} in {name!r}: unknown key {unknown[0]!r}; allowed keys: {list(_ACTOR_KEYS)}")
        if not isinstance(actor.get("name"), str) or not actor.get("aliases"):
            raise ValueError(f"actor #{number} in {name!r}: needs a name and a non-empty aliases list")
        others.append((actor["name"], actor["aliases"]))
    try:
        return Subject(table["name"], table["aliases"], references=table.get("references", ()), others=others,
                       description=" ".join(str(table.get("description", "")).split()))
    except ValueError as exc:
        raise ValueError(f"theme file {name!r}: {exc}") from None


def _examples_from_tables(tables: Any, ids: list[str], *, name: str) -> list[tuple[str, list[str]]]:
    if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
        raise ValueError(f"theme file {name!r}: 'example' must be a list of tables ([[example]])")
    out = []
    for number, table in enumerate(tables, start=1):
        where = f"example #{number} in {name!r}"
        unknown = sorted(set(table) - set(_EXAMPLE_KEYS))
        if unknown:
            raise ValueError(f"{where}: unknown key {unknown[0]!r}; allowed keys: {list(_EXAMPLE_KEYS)}")
        if "themes" not in table:
            raise ValueError(f"{where}: missing 'themes' (a list of theme ids; [] for a sentence on none)")
        text, themes = table.get("text"), table["themes"]
        if not isinstance(text, str) or not text.strip():
            raise ValueError(f"{where}: text must be a non-empty sentence")
        if not isinstance(themes, list) or not all(isinstance(t, str) for t in themes):
            raise ValueError(f"{where}: themes must be a list of theme ids ([] for none)")
        bad = [t for t in themes if t not in ids]
        if bad:
            raise ValueError(f"{where}: unknown theme {bad[0]!r}; the file's themes are {ids}")
        out.append((text, themes))
    return out


def _domain_from_table(table: Any, *, name: str) -> Domain:
    where = f"the [domain] table of {name!r}"
    if not isinstance(table, dict):
        raise ValueError(f"theme file {name!r}: 'domain' must be a table ([domain]) with keys "
                         f"{list(_DOMAIN_KEYS)}; got {type(table).__name__}")
    unknown = sorted(set(table) - set(_DOMAIN_KEYS))
    if unknown:
        raise ValueError(f"{where}: unknown key {unknown[0]!r}; allowed keys: {list(_DOMAIN_KEYS)}")
    if "terms" not in table:
        raise ValueError(f"{where}: missing required field 'terms' (the words that place a text in the domain)")
    defaults = Domain(terms=("x",))
    values = {key: table.get(key, getattr(defaults, key)) for key in _DOMAIN_KEYS}
    _check_domain_fields(where=where, **values)
    values["description"] = " ".join(values["description"].split())
    return Domain(**values)


def _default_themes() -> ThemeSet:
    raw = _data.read_bytes("themes.toml")

    def read_model(model_name: str) -> tuple[bytes, str]:
        return _data.read_bytes(model_name), f"toolkit/data/{model_name}"

    return _themes_from_bytes(raw, name="toolkit/data/themes.toml", read_model=read_model)


@_cache.cached(maxsize=16)
def _load_themes_cached(path: str, mtime_ns: int, size: int) -> ThemeSet:
    return load_themes(path)


def as_themes(themes: Any) -> ThemeSet:
    """Validate the ``themes`` argument: a sequence or mapping of Theme, a Theme, or a path."""
    if isinstance(themes, ThemeSet):
        return themes
    if isinstance(themes, Theme):
        return ThemeSet((themes,))
    if isinstance(themes, (str, PathLike)):
        try:
            st = os.stat(themes)
        except (OSError, ValueError):
            return load_themes(themes)  # raises its own error, naming the path
        # The same file, unchanged: the same ThemeSet, so that a model learned from its
        # [[example]] tables is fitted once, not on every tag_themes call.
        return _load_themes_cached(os.path.realpath(themes), st.st_mtime_ns, st.st_size)
    if isinstance(themes, Mapping):
        themes = tuple(themes.values())
    if not isinstance(themes, Iterable):
        raise TypeError(f"themes must be a sequence of Theme (e.g. DEFAULT_THEMES or load_themes(path)); "
                        f"got {type(themes).__name__}")
    themes = tuple(themes)
    if not themes:
        raise ValueError("themes is empty; pass DEFAULT_THEMES, load_themes(path) or a list of Theme")
    bad = [t for t in themes if not isinstance(t, Theme)]
    if bad:
        raise TypeError(f"themes must contain Theme objects; got {type(bad[0]).__name__}")
    ids = [t.id for t in themes]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise ValueError(f"themes has a duplicate id {dupes[0]!r}; theme ids must be unique")
    return ThemeSet(themes)


# --------------------------------------------------------------------------- matching


def _read_pairs(name: str) -> dict[str, str]:
    pairs = (line.split() for line in _data.read_lines(name))
    return {p[0]: p[1] for p in pairs if len(p) == 2}


_IRREGULAR = _read_pairs("irregular_verbs.txt")


@_cache.cached(maxsize=200_000)
def norm_word(word: str) -> str:
    """The stem a word is matched on: irregular verb forms mapped to their base first."""
    return stem(_IRREGULAR.get(word, word))


def split_words(text: str) -> list[str]:
    """Lower-case word tokens with hyphenated words split ("mopping-up" -> mopping, up)."""
    return [part for token in tokenize(text) for part in token.split("-") if part]


def _entry_words(entry: str) -> list[str]:
    """The words of a theme entry; "=" (exact) marks every word of its token, "*" the last."""
    out: list[str] = []
    for raw in entry.split():
        parts = split_words(raw.strip("=*"))
        if not parts:
            continue
        parts = ["=" + p if raw.startswith("=") else p for p in parts]
        if raw.endswith("*"):
            parts[-1] += "*"
        out += parts
    return out


@dataclass(frozen=True)
class _Entry:
    text: str  # as written in the theme file
    theme: int
    kind: str  # "term", "cue" or "place": which list of the theme it comes from
    weight: float  # TERM_WEIGHT, CUE_WEIGHT or PLACE_WEIGHT: its evidence weight
    words: tuple[tuple[str, str], ...]  # (kind, key) with kind in stem | exact | prefix
    gaps: tuple[bool, ...]  # may other words come before words[j]?


#: Little words that may end a phrase after a gap: "drive [ISIS fighters] out".
_PARTICLES = frozenset({"out", "up", "back", "off", "down", "away", "over", "apart"})


def _compile_entry(text: str, theme: int, kind: str, weight: float) -> _Entry:
    words, plain = [], []
    for w in _entry_words(text):
        plain.append(w.strip("=*"))
        if w.endswith("*"):
            words.append(("prefix", w.strip("=*")))
        elif w.startswith("="):
            words.append(("exact", w[1:]))
        else:
            words.append(("stem", norm_word(w)))
    # Gaps only between content words (or before a particle): "fight against" must not
    # find "the region to fight", nor "the fight" find "the commander leading the fight".
    gaps = tuple(j > 0 and plain[j - 1] not in STOP_WORDS and (plain[j] not in STOP_WORDS or plain[j] in _PARTICLES)
                 for j in range(len(plain)))
    return _Entry(text=text, theme=theme, kind=kind, weight=weight, words=tuple(words), gaps=gaps)


def _one_typo(a: str, b: str) -> bool:
    """True when a and b differ by one inserted, dropped or swapped letter.

    One *changed* letter is not forgiven: it turns too many words into others
    ("sprinter" / "splinter", "display" / "displace").
    """
    if a == b:
        return True
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    i = 0
    while i < min(la, lb) and a[i] == b[i]:
        i += 1
    if la == lb:
        return a[i + 1:i + 2] == b[i:i + 1] and a[i:i + 1] == b[i + 1:i + 2] and a[i + 2:] == b[i + 2:]
    return a[i + 1:] == b[i:] if la > lb else a[i:] == b[i + 1:]


class _Matcher:
    """The compiled entries of a theme set: an index from first word to entries."""

    #: Typos are only forgiven in long words, and never in their first two letters or
    #: last letter, where one letter usually makes another word ("display"/"displace").
    MIN_FUZZY = 7
    #: Letters a prefix entry is indexed on (a shorter prefix is checked against every word).
    PREFIX_KEY = 3

    def __init__(self, themes: tuple[Theme, ...]) -> None:
        self.themes = themes
        self.by_stem: dict[str, list[_Entry]] = {}
        self.by_exact: dict[str, list[_Entry]] = {}
        self.prefixed: list[_Entry] = []
        # Prefix entries by their first letters, so a word is checked only against its own.
        self.by_prefix: dict[str, list[_Entry]] = {}
        self.short_prefixed: list[_Entry] = []
        compiled: set[tuple[int, tuple[tuple[str, str], ...]]] = set()
        for k, theme in enumerate(themes):
            for kind, weight, entries in (("term", TERM_WEIGHT, theme.terms), ("cue", CUE_WEIGHT, theme.cues),
                                          ("place", PLACE_WEIGHT, theme.places)):
                for text in entries:
                    entry = _compile_entry(text, k, kind, weight)
                    # "ideology" and "ideological" are one stem: count it once (terms first).
                    if (k, entry.words) in compiled:
                        continue
                    compiled.add((k, entry.words))
                    how, key = entry.words[0]
                    if how == "stem":
                        self.by_stem.setdefault(key, []).append(entry)
                    elif how == "exact":
                        self.by_exact.setdefault(key, []).append(entry)
                    else:
                        self.prefixed.append(entry)
                        if len(key) >= self.PREFIX_KEY:
                            self.by_prefix.setdefault(key[:self.PREFIX_KEY], []).append(entry)
                        else:
                            self.short_prefixed.append(entry)
        self.known = {key for e in self._all() for kind, key in e.words if kind == "stem"}
        self._fuzzy_pool: dict[tuple[str, str], list[str]] = {}
        for key in self.known:
            if len(key) >= self.MIN_FUZZY - 1:
                self._fuzzy_pool.setdefault((key[:2], key[-1]), []).append(key)
        self._fuzzy_cache = _cache.BoundedDict(100_000, name="toolkit.themes._Matcher._fuzzy_cache")
        # Per (word, stem): the key it is matched on, how it shows, and the entries that may
        # start at it. Words repeat, so matching a sentence is mostly dictionary look-ups.
        self._word_cache = _cache.BoundedDict(200_000, name="toolkit.themes._Matcher._word_cache")

    def _all(self) -> Iterable[_Entry]:
        for entries in self.by_stem.values():
            yield from entries
        for entries in self.by_exact.values():
            yield from entries
        yield from self.prefixed

    def correct(self, word: str, key: str) -> str | None:
        """The known stem a long unknown word is one typo away from, if exactly one."""
        if key in self.known or len(word) < self.MIN_FUZZY:
            return None
        if key in self._fuzzy_cache:
            return self._fuzzy_cache.get(key)
        candidates = [k for k in self._fuzzy_pool.get((key[:2], key[-1]), ())
                      if _one_typo(key[2:-1], k[2:-1])]
        value = candidates[0] if len(candidates) == 1 else None
        self._fuzzy_cache[key] = value  # not read back: another thread may empty the dict meanwhile
        return value

    def match(self, text: str) -> list[list[tuple[_Entry, str]]]:
        """Per theme, the (entry, matched text) pairs found in ``text``."""
        words = split_words(text)
        return self.match_words(words, [norm_word(w) for w in words])

    def _word(self, word: str, norm: str) -> tuple[str, str, tuple[_Entry, ...]]:
        """(key, shown, candidates) of a word, stored in ``_word_cache`` (which
        :meth:`match_words` reads first): its stem or the known stem it is a typo of, the word
        as shown ("word~" when corrected), and the entries whose first word it matches."""
        fixed = self.correct(word, norm)
        key, shown = (norm, word) if fixed is None else (fixed, f"{word}~")
        candidates = self.by_stem.get(key, []) + self.by_exact.get(word, [])
        for entry in self.by_prefix.get(word[:self.PREFIX_KEY], []) + self.short_prefixed:
            if word.startswith(entry.words[0][1]):
                candidates.append(entry)
        value = (key, shown, tuple(candidates))
        self._word_cache[(word, norm)] = value
        return value

    def match_words(self, words: list[str], norms: list[str]) -> list[list[tuple[_Entry, str]]]:
        """:meth:`match` on a sentence already split into words and their :func:`norm_word` stems."""
        cached = self._word_cache.get
        looked = [cached(pair) or self._word(*pair) for pair in zip(words, norms)]
        if not any(c for _, _, c in looked):
            return [[] for _ in self.themes]
        keys = [k for k, _, _ in looked]
        shown = [s for _, s, _ in looked]
        hits: list[tuple[int, int, _Entry]] = []  # (start, end, entry)
        for i, (_, _, candidates) in enumerate(looked):
            for entry in candidates:
                end = self._match_rest(entry, words, keys, i)
                if end is not None:
                    hits.append((i, end, entry))
        # A match inside a longer (or equal) match of the same theme is not counted again.
        hits.sort(key=lambda h: (h[1] - h[0], h[2].weight), reverse=True)
        kept: list[tuple[int, int, _Entry]] = []
        for start, end, entry in hits:
            if any(e.theme == entry.theme and s <= start and end <= t for s, t, e in kept):
                continue
            kept.append((start, end, entry))
        per_theme: list[list[tuple[_Entry, str]]] = [[] for _ in self.themes]
        seen: set[int] = set()
        for start, end, entry in sorted(kept, key=lambda h: h[0]):
            if id(entry) in seen:
                continue
            seen.add(id(entry))
            matched = " ".join(shown[start:end]) if end - start <= 4 else f"{shown[start]} … {shown[end - 1]}"
            per_theme[entry.theme].append((entry, matched))
        return per_theme

    @staticmethod
    def _word_ok(kind: str, key: str, word: str, norm: str) -> bool:
        if kind == "stem":
            return norm == key
        if kind == "exact":
            return word == key
        return word.startswith(key)

    def _match_rest(self, entry: _Entry, words: list[str], keys: list[str], i: int) -> int | None:
        """End index (exclusive) of the entry matched from word i, or None."""
        pos = i + 1
        for (kind, key), gap in zip(entry.words[1:], entry.gaps[1:]):
            limit = min(len(words), pos + (MAX_GAP if gap else 0) + 1)
            found = next((j for j in range(pos, limit) if self._word_ok(kind, key, words[j], keys[j])), None)
            if found is None:
                return None
            pos = found + 1
        return pos


@_cache.cached(maxsize=32)
def theme_matcher(themes: tuple[Theme, ...]) -> _Matcher:
    return _Matcher(themes)


@_cache.cached(maxsize=32)
def _domain_matcher(domain: Domain) -> _Matcher:
    return _Matcher((Theme("domain", "Domain", "The words of a domain.", terms=domain.terms, cues=domain.cues),))


def _in_domain(tokens: Sequence[tuple[list[str], list[str]]], domain: Domain) -> np.ndarray:
    """Which sentences (as words and stems) are in the domain: the text is about it, or their neighbourhood is."""
    matcher = _domain_matcher(domain)
    # The weight of the domain's words in each sentence: 1 per term, 0.5 per cue.
    weights = np.array([sum(entry.weight for entry, _ in matcher.match_words(*t)[0]) for t in tokens], dtype=float)
    n = len(weights)
    if weights.sum() >= max(TERM_WEIGHT, domain.density * n) - 1e-9:
        return np.ones(n, dtype=bool)
    cumulative = np.concatenate([[0.0], np.cumsum(weights)])
    at = np.arange(n)
    lo, hi = np.maximum(at - domain.window, 0), np.minimum(at + domain.window + 1, n)
    return cumulative[hi] - cumulative[lo] >= domain.threshold - 1e-9


# --------------------------------------------------------------------------- tagging


#: The ISIS dispersal themes of THEMES.md, read from ``toolkit/data/themes.toml``.
DEFAULT_THEMES: tuple[Theme, ...] = _default_themes()


def tag_themes(
    text_or_article: str | Article,
    *,
    themes: Sequence[Theme] | Mapping[str, Theme] = DEFAULT_THEMES,
    context: bool = True,
    domain: bool = True,
) -> pd.DataFrame:
    """Tag each sentence with the themes it is about, with a score and the evidence.

    How a sentence is scored depends on the theme set:

    * with a learned model (:data:`DEFAULT_THEMES` ships one; a theme file gets one from its
      ``model`` file or its ``[[example]]`` sentences): each theme's probability, from a
      :class:`~toolkit.ThemeTagger` that reads the sentence's words, the theme file's
      evidence words, who the sentence is about and the sentence it continues;
    * otherwise: the weight of the theme's evidence words found in the sentence (1 per
      term, 0.5 per cue), as the theme file lists them.

    Then the theme set's rules apply: with a :class:`Subject`, a subject-specific theme only
    tags a sentence about the subject (it names it, or the sentences before it do), in a text
    that names it: "an al Qaeda stronghold" is no lost ISIS stronghold; a headline, subhead,
    credit or promotion line gets no theme; a sentence outside the themes' :class:`Domain`
    gets none either.

    Parameters
    ----------
    text_or_article : str or Article
        The text; for an :class:`Article`, its body ``text`` (the title is not a sentence).
    themes : sequence of Theme, default DEFAULT_THEMES
        The theme set, e.g. from :func:`load_themes` (a path to a theme file works too).
    context : bool, default True
        Read a sentence that continues the previous one (an opening pronoun, the rest of a
        quotation) with it: the model sees the previous sentence's words; without a model,
        a sentence with some evidence of its own inherits half a term's weight from a
        neighbour tagged with the theme. False scores every sentence on its own words.
    domain : bool, default True
        Tag only the sentences in the themes' :class:`Domain` (for the default themes: the
        Islamic State, jihadist militancy and the wars and counter-terrorism against it),
        so a football report or a business story gets no theme. False ignores the domain.

    Returns
    -------
    pandas.DataFrame
        One row per sentence, in :func:`~toolkit.split_sentences` order (index 0..n-1):
        ``sentence`` (str), ``themes`` (list of theme ids, in theme-set order; ``[]`` when
        the sentence is about none), one float column per theme id (with a model: the
        probability, and the theme is given from the model's ``thresholds_``; without: the
        evidence weight, and the theme is given from the theme's ``threshold``; 0 where a
        rule excludes the theme) and ``evidence`` (dict: theme id -> the words and phrases
        of the sentence behind the tag, strongest first; with a model, the words that
        weighed most in it, "previous sentence: ..." for words of the sentence it continues;
        as the sentence writes them, also where a typo was forgiven). An empty text gives an empty frame
        with these columns.

    Examples
    --------
    >>> tags = tag_themes("Iraqi forces retook Ramadi from Islamic State. "
    ...                   "The ISIS fighters fled into the desert.")
    >>> tags["themes"].tolist()
    [['territorial_loss', 'military_response'], ['dispersal']]
    >>> tags.loc[1, "evidence"]["dispersal"]
    ['fighters fled', 'desert', 'fighters', 'fled desert']
    >>> tag_themes("Whisk the eggs with sugar.")["themes"].tolist()
    [[]]

    Another group's stronghold is not an ISIS stronghold:

    >>> tag_themes("Taliban fighters were driven out of their stronghold.")["themes"].tolist()
    [[]]

    Without a model, the evidence words decide (a theme set without a subject here):

    >>> words = ThemeSet(DEFAULT_THEMES)
    >>> tag_themes("We must undermine the militants' ideaology.", themes=words).loc[0, "evidence"]
    {'ideology_resurgence': ['ideaology']}
    >>> tag_themes("The striker returned home to his old club.", themes=words)["themes"].tolist()
    [[]]
    >>> tag_themes("The striker returned home to his old club.", themes=words, domain=False)["themes"].tolist()
    [['foreign_fighters']]
    """
    text, _ = text_and_title(text_or_article, "text_or_article")
    themes = as_themes(themes)
    if not isinstance(context, bool):
        raise TypeError(f"context must be True or False; got {context!r}")
    if not isinstance(domain, bool):
        raise TypeError(f"domain must be True or False; got {domain!r}")
    sentences = split_sentences(text) if text.strip() else []
    return tag_sentences(sentences, themes, context=context, domain=domain)


#: Words that open a sentence leaning on the one before ("They have lost most of it.").
_ANAPHORA = frozenset({"they", "this", "that", "these", "those", "it", "he", "she", "there", "and", "but",
                       "so", "also", "such", "its", "their", "his", "her", "them", "then", "yet"})


def _quote_open(sentence: str) -> bool:
    """Does the sentence leave a quotation open (its quote goes on in the next sentence)?"""
    curly = sentence.count("“") - sentence.count("”")
    if curly:
        return curly > 0
    if sentence.count('"') % 2 == 0:
        return False
    last = sentence.rfind('"')  # an opening quote is followed by the quoted words
    return last + 1 < len(sentence) and not sentence[last + 1].isspace()


def continues_previous(previous: str, sentence: str) -> bool:
    """Is ``sentence`` a continuation of ``previous`` (same quote, or an opening pronoun)?"""
    first = next(iter(split_words(sentence[:40])), "")
    return first in _ANAPHORA or _quote_open(previous)


def as_written(shown: str, sentence: str, *, whole_words: bool = False) -> str:
    """Matched words as the sentence writes them: "isis 2 0" -> "ISIS 2.0", "ideaology~" -> "ideaology".

    ``whole_words``: match whole words only ("s" is not the s of "Islamic").

    >>> as_written("u s soil", "Attacks on U.S. soil rose.")
    'U.S. soil'
    """
    shown = shown.replace("~", "")
    if "…" in shown:
        return shown
    edge = r"\b" if whole_words else ""
    m = re.search(edge + r"\W+".join(re.escape(w) for w in shown.split()) + edge, sentence, flags=re.IGNORECASE)
    if m is None:
        return shown
    end = m.end()
    # "U.S" -> "U.S.": keep a final full stop that belongs to an abbreviation in the match.
    if end < len(sentence) and sentence[end] == "." and "." in m.group():
        end += 1
    return sentence[m.start():end]


def tag_sentences(sentences: list[str], themes: Sequence[Theme], *, context: bool,
                   domain: bool = True) -> pd.DataFrame:
    """The tag_themes frame of a list of sentences (one text, in order)."""
    themes = themes if isinstance(themes, ThemeSet) else ThemeSet(themes)
    ids = [t.id for t in themes]
    n = len(sentences)
    scores, on, evidence = tag_arrays(sentences, themes, context=context, domain=domain)
    columns: dict[str, Any] = {
        "sentence": pd.Series(sentences, dtype=object),
        "themes": pd.Series([[ids[k] for k in np.flatnonzero(on[i])] for i in range(n)], dtype=object),
    }
    columns.update({tid: scores[:, k].astype(float) for k, tid in enumerate(ids)})
    columns["evidence"] = pd.Series(evidence, dtype=object)
    return pd.DataFrame(columns, index=pd.RangeIndex(n))


def tag_arrays(sentences: list[str], themes: ThemeSet, *, context: bool, domain: bool = True,
               evidence: bool = True) -> tuple[np.ndarray, np.ndarray, list[dict[str, list[str]]] | None]:
    """What :func:`tag_sentences` builds its frame from: the (n_sentences, n_themes) scores, the
    tags given (booleans) and the evidence of each tag (``None`` when ``evidence`` is false)."""
    from .theme_model import parse, with_lexicon

    ids = [t.id for t in themes]
    n, m = len(sentences), len(themes)
    model = themes.model if n else None  # loaded (or fitted) first: its errors come whatever the text
    parsed = parse(sentences, themes, context=context, lexicon=False)
    keep = _allowed(parsed, themes, domain=domain)
    if not keep.any():  # no theme may tag any sentence (not in the domain, not about the subject)
        return np.zeros((n, m)), np.zeros((n, m), dtype=bool), [{} for _ in range(n)] if evidence else None
    parsed = with_lexicon(parsed, themes, context=context)
    if model is not None:
        scores = model.tag(parsed)
        thresholds = np.asarray(model.thresholds_, dtype=float)
        shown = None
    else:
        shown = [{ids[k]: [as_written(text, sentences[i]) for _, text in hits] for k, hits in row.items()}
                 for i, row in enumerate(parsed.shown)] if evidence else None
        thresholds = np.array([t.threshold for t in themes])
        scores = evidence_scores(parsed, thresholds, context=context)
    scores = np.where(keep, scores, 0.0)
    on = scores >= thresholds - 1e-9
    if not evidence:
        return scores, on, None
    if shown is None:  # a learned tag's evidence: the words that weighed most in the model
        shown = model.explain(parsed, on)
    for i, k in zip(*np.nonzero(~on)):  # evidence is shown for the tags given only
        shown[i].pop(ids[k], None)
    return scores, on, shown


def evidence_scores(parsed: Any, thresholds: np.ndarray, *, context: bool) -> np.ndarray:
    """The scores of a theme set without a model: each theme's evidence terms and cues found in
    each sentence, (n_sentences, n_themes), compared with the themes' ``thresholds``."""
    raw = parsed.lexicon[:, 0::2] + parsed.lexicon[:, 1::2]
    if not context or len(raw) < 2:
        return raw
    # A sentence with some evidence of its own that continues (or is continued by) a
    # sentence tagged with the theme gets half a term more: the two halves of a quote.
    tagged = raw >= thresholds - 1e-9
    follows = parsed.continues[1:, None]
    neighbour = np.zeros_like(tagged)
    neighbour[1:] |= tagged[:-1] & follows
    neighbour[:-1] |= tagged[1:] & follows
    return raw + CONTEXT_WEIGHT * TERM_WEIGHT * ((raw > 0) & ~tagged & neighbour)


def _allowed(parsed: Any, themes: ThemeSet, *, domain: bool) -> np.ndarray:
    """Which (sentence, theme) pairs the theme set's rules allow: (n_sentences, n_themes) booleans.

    * outside a theme's :class:`Domain` (when ``domain``): no theme;
    * with a :class:`Subject`: a subject-specific theme only for a sentence about the subject,
      in a text that names it;
    * a headline, subhead, credit or promotion line: no theme.
    """
    from . import _subject as subj

    n, m = len(parsed.words), len(themes)
    keep = np.ones((n, m), dtype=bool)
    if not n:
        return keep
    if domain:
        tokens = list(zip(parsed.words, parsed.norms))
        for dom in dict.fromkeys(t.domain for t in themes if t.domain is not None):
            outside = ~_in_domain(tokens, dom)
            if outside.any():
                ks = [k for k, t in enumerate(themes) if t.domain == dom]
                keep[np.ix_(outside, ks)] = False
    if themes.subject is not None:
        specific = np.array([not t.generic for t in themes], dtype=bool)
        reading = parsed.reading
        not_about = (reading.about != subj.SUBJECT) | (not reading.about_subject)
        keep[np.ix_(not_about, specific)] = False
    keep[parsed.furniture] = False
    return keep
