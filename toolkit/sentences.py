"""Sentence splitting for English news text.

A rule-based splitter: no model, no training data and nothing downloaded at run time
(nltk's ``punkt`` data is not needed). One regular expression finds every place where a
sentence could end (``.``, ``?``, ``!`` or an ellipsis, then a space and a word that is
not in lower case); each candidate is then decided from the word before and the word
after it:

* abbreviations come from ``toolkit/data/abbreviations.txt``: titles ("Lt.", "Gen.",
  "Mr.") never end a sentence; "No.", "p." and "Jan." do not before a number; "Inc.",
  "Jr.", "U.S." or "p.m." end one only before a usual sentence opener from
  ``toolkit/data/sentence_starters.txt`` ("...moved to the U.S. He said" splits, "the
  U.S. Government" does not);
* initials ("George W. Bush", "J. R. R. Tolkien") continue the sentence; numbers,
  decimals, money, e-mail addresses and URLs are never split inside, because a break
  needs white space after the full stop;
* "?" and "!" end a sentence unless a lower-case word follows ('"Is it?" he asked.');
  closing quotes and brackets stay with the sentence they close; sentences inside a
  quotation are sentences too;
* a three-dot ellipsis ends a sentence only before a usual sentence opener ("keep...
  ISIS 2.0" does not split); a spaced ". . ." marks an omission inside a sentence and
  "[...]" one inside a quotation; four dots are a full stop and an ellipsis;
* a blank line always ends a sentence (headlines, paragraphs); so does a single line
  break, unless the next line starts in lower case or the line ends with a comma, colon
  or dash (hard-wrapped text); items of numbered, lettered and bulleted lists are
  sentences of their own, also when the list is written on one line ("1) eggs 2) milk").

It is for edited prose (news, reports). It is not for tokenizing words (see
``toolkit._text``), for languages other than English, or for text whose sentences are
run together with no space after the full stop.
"""
from __future__ import annotations

import re

from . import _data

__all__ = ["split_sentences"]

_QUOTES = "\"'”’»›“‘«‹"
_CLOSERS = "\"'”’»›)]}"
_OPENERS = "\"'“‘«‹([{"
_DASHES = "-‐‑‒–—―"
# Bullets that may also mark list items inside one line; dashes mark items only at the
# start of a line, because news text uses " - " as a dash.
_INLINE_BULLETS = "•◦‣⁃▪▫●○■□►▸▹➢➤✓✔·*"
_LINE_BULLETS = _INLINE_BULLETS + _DASHES

# A candidate end: the final punctuation (a spaced ". . ." ellipsis, or a run of . ? ! …),
# the quotes and brackets it closes, spaces, the quotes and brackets that open the next
# sentence, and a look at the next character. Candidates followed by a line break (the
# block ends there anyway) or by a lower-case word (never a new sentence) do not match,
# which keeps the Python work per article small.
_TERMINAL = re.compile(
    r"(?=[.?!…‽])(?<![.?!…‽])(?!(?<=\.[ \t])\.(?![.?!…‽]))"  # never inside a run: linear
    r"(?P<term>(?>\.(?:[ \t]\.)+|[.?!…‽]+))"
    r"(?P<close>[\"'”’»›)\]}]*+)"
    r"(?:[^\S\n]++(?P<loose>[\"“”](?=[^\S\n])))?"  # a quote with spaces on both sides
    r"[^\S\n]++(?P<open>[\"'“‘«‹(\[{]*+)(?=[^\sa-z]|[a-z]{1,2}[A-Z])"
)
# Letter-dot-letter abbreviations: U.S, U.S.A, a.m, e.g, Ph.D, N.Y, W.Va.
_DOTTED = re.compile(r"[A-Za-z]{1,2}(?:\.[A-Za-z]{1,2})+")
# Lower-case words that are really capitalised brand names: eBay, iPhone.
_CAMEL = re.compile(r"[a-z]{1,2}[A-Z]")
_ROMAN = re.compile(r"[ivxIVX]{1,4}")
_ROMAN_WORD = re.compile(r"[IVX]{1,5}\b")
# Line breaks, with the blanks around them.
_LINE_BREAK = re.compile(r"\n\s*")
# A list item at the start of a block: a bullet, or a number or a letter with ".", ")"
# or ".)" ("1.", "2)", "3.)", "a.", "iv.").
_LIST_START = re.compile(
    r"(?P<bullet>[" + re.escape(_LINE_BULLETS) + r"])"
    r"|(?P<label>\d{1,3}|[a-zA-Z])(?P<style>\.\)|[.)])(?=\s)"
)
# A list written on one line after a colon: "two facts: 1) ... 2) ...".
_LIST_AFTER_COLON = re.compile(r":[^\S\n]+(?P<label>1|a|A)(?P<style>\.\)|[.)])(?=\s)")
_MAX_TOKEN = 80  # how far back to look for the word before a candidate
_MAX_ITEM = 2000  # how far ahead to look for the next label of a list


def _read_sections(name: str) -> dict[str, frozenset[str]]:
    """Read a package word list, split into ``[section]`` parts (one part if none)."""
    return {key: frozenset(line.strip().lower() for line in lines)
            for key, lines in _data.read_sections(name).items()}


_ABBREVIATIONS = _read_sections("abbreviations.txt")
_TITLES = _ABBREVIATIONS["title"]
_CONTINUATIONS = _ABBREVIATIONS["continuation"]
_NUMBER_PREFIXES = _ABBREVIATIONS["number"]
_AMBIGUOUS = _ABBREVIATIONS["ambiguous"]
_STARTERS = _read_sections("sentence_starters.txt")[""]


def split_sentences(text: str) -> list[str]:
    """Split English text into sentences.

    Parameters
    ----------
    text : str
        Plain text: one article, a paragraph or a single sentence. Paragraphs are
        separated by blank lines; a headline on its own line is a sentence.

    Returns
    -------
    list of str
        The sentences in document order, each stripped of surrounding white space and
        otherwise exactly as in ``text`` (inner line breaks are kept). Together they hold
        every non-blank character of ``text``. Empty or whitespace-only text gives ``[]``.

    Raises
    ------
    TypeError
        If ``text`` is not a ``str`` (decode ``bytes`` first; split several texts with
        a list comprehension).

    See Also
    --------
    toolkit.summarize : scores the sentences this function returns.

    Notes
    -----
    Rule-based and linear in the length of the text: several thousand BBC articles a
    second on one core, over a hundred times pySBD (``benchmarks/bench_sentences.py``).
    The rules are described in the module docstring; the abbreviations live in
    ``toolkit/data/abbreviations.txt`` and can be read and extended there.

    Examples
    --------
    >>> split_sentences("Lt. Gen. Stephen Townsend spoke at 9 a.m. on Friday. "
    ...                 "He said U.S.-backed forces won.")
    ['Lt. Gen. Stephen Townsend spoke at 9 a.m. on Friday.', 'He said U.S.-backed forces won.']
    >>> split_sentences('"Is it over?" he asked. "No!" That was all.')
    ['"Is it over?" he asked.', '"No!"', 'That was all.']
    >>> split_sentences("Profits rise\\n\\nProfits rose 3.5% to $1.13bn. Sales fell.")
    ['Profits rise', 'Profits rose 3.5% to $1.13bn.', 'Sales fell.']
    >>> split_sentences("   ")
    []
    """
    return [text[start:end] for start, end in _sentence_spans(text)]


def _sentence_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` offsets of the sentences of ``text``: ``text[start:end]`` is one.

    >>> _sentence_spans("One. Two.")
    [(0, 4), (5, 9)]
    """
    if not isinstance(text, str):
        hint = " (decode bytes first, e.g. data.decode('utf-8'))" if isinstance(text, (bytes, bytearray)) else ""
        if isinstance(text, (list, tuple)):
            hint = " (to split several texts use [split_sentences(t) for t in texts])"
        raise TypeError(f"split_sentences() expects text as a str, got {type(text).__name__}{hint}")
    spans: list[tuple[int, int]] = []
    for block_start, block_end in _blocks(text):
        _split_block(text, block_start, block_end, spans)
    return spans


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink ``[start, end)`` to exclude leading and trailing white space."""
    piece = text[start:end]
    stripped = piece.lstrip()
    start += len(piece) - len(stripped)
    return start, start + len(stripped.rstrip())


def _blocks(text: str) -> list[tuple[int, int]]:
    """Paragraphs and lines that always end a sentence, as stripped ``(start, end)``."""
    blocks = []
    start = 0
    for m in _LINE_BREAK.finditer(text):
        if m.group().count("\n") == 1 and m.end() < len(text) and m.start() > start:
            after = text[m.end()]
            before = text[max(start, m.start() - 8) : m.start()].rstrip()[-1:]
            # Hard-wrapped prose: the line goes on in lower case, or breaks after a
            # comma, colon or dash. List items still start their own line.
            continues = (after.islower() and not _CAMEL.match(text, m.end())) or (
                before != "" and before in ",;:(" + _DASHES
            )
            if continues and not _LIST_START.match(text, m.end()):
                continue
        block = _strip_span(text, start, m.start())
        if block[1] > block[0]:
            blocks.append(block)
        start = m.end()
    block = _strip_span(text, start, len(text))
    if block[1] > block[0]:
        blocks.append(block)
    return blocks


def _list_items(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split a block that holds a list written on one line into its items.

    The list starts the block ("• a • b", "1) a 2) b", "a. x b. y") or follows a colon
    ("two facts: 1) ... 2) ..."); numbered and lettered items must count up.
    """
    cuts: list[int] = []
    m = _LIST_START.match(text, start, end)
    if m is not None:
        bullet = m.group("bullet")
        if bullet is not None:
            if bullet in _INLINE_BULLETS and end - m.end() >= 2 and (bullet != "*" or text[m.end()].isspace()):
                pattern = re.compile(r"(?<=\s)" + re.escape(bullet))
                cuts = [b.start() for b in pattern.finditer(text, m.end(), end)]
        else:
            label = m.group("label")
            cuts = _count_up(text, label, m.group("style"), m.end(), end)
            # Lettered lists need more evidence when the letters are capitals: "A. Smith met B. Jones".
            if len(cuts) + 1 < (3 if label.isupper() else 2):
                cuts = []
    else:
        m = _LIST_AFTER_COLON.search(text, start, end)
        if m is not None:
            cuts = _count_up(text, m.group("label"), m.group("style"), m.end(), end)
            if cuts:
                cuts.insert(0, m.start("label"))
    if not cuts:
        return [(start, end)]
    bounds = [start, *cuts, end]
    items = [_strip_span(text, a, b) for a, b in zip(bounds, bounds[1:])]
    return [item for item in items if item[1] > item[0]]


def _count_up(text: str, label: str, style: str, position: int, end: int) -> list[int]:
    """Positions of the list labels that follow ``label`` in order ("2)", "3)", ...)."""
    cuts = []
    while label not in "zZ":
        label = str(int(label) + 1) if label.isdigit() else chr(ord(label) + 1)
        # Items are short: looking no further keeps long texts linear.
        limit = min(end, position + _MAX_ITEM)
        found = _find_label(text, label + style, position, limit)
        # "A. Smith, B. Jones" is a list of names, not of items.
        if found < 0 or text[position:found].rstrip()[-1:] in ",&":
            break
        cuts.append(found)
        position = found + len(label) + len(style)
    return cuts


def _find_label(text: str, label: str, position: int, limit: int) -> int:
    """Where ``label`` first occurs in ``text[position:limit]`` with white space on both
    sides (the space after it inside the range), or -1. A plain ``str.find`` loop: one
    compiled pattern per label would thrash ``re``'s cache on long lists."""
    at = text.find(label, position, limit)
    while at >= 0:
        after = at + len(label)
        if at > 0 and text[at - 1].isspace() and after < limit and text[after].isspace():
            return at
        at = text.find(label, at + 1, limit)
    return -1


def _split_block(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    """Append the sentences of one block (a paragraph or a line) to ``spans``.

    ``start`` and ``end`` are already stripped; so are the ends of the candidates. A list
    written on one line is split into its items first, at the start of the block or
    of any sentence in it ("Do this. 1) eggs 2) milk").
    """
    pending = [(start, end)]  # a stack of ranges still to split, the next one on top
    while pending:
        start, end = pending.pop()
        items = _list_items(text, start, end)
        if len(items) > 1:
            pending.extend(reversed(items))
            continue
        segment = start
        for m in _TERMINAL.finditer(text, start, end):
            if not _is_boundary(text, m, segment, start):
                continue
            loose = m.group("loose")
            # A quote detached by spaces ('the end. " Next') closes the sentence when
            # the sentence has an open quotation, and opens the next one otherwise.
            if loose is not None and (loose == "”" or loose == '"' and text.count('"', segment, m.start()) % 2):
                spans.append((segment, m.end("loose")))
                segment = m.start("open")
            else:
                spans.append((segment, m.end("close")))
                segment = m.start("loose") if loose is not None else m.start("open")
            if _LIST_START.match(text, segment, end) is not None:
                pending.append((segment, end))  # the rest starts like a list
                break
        else:
            spans.append((segment, end))


def _is_starter(word: str) -> bool:
    """True for a capitalised usual sentence opener ("The", "He", "It's", "But")."""
    word = word.rstrip(_CLOSERS + ",.;:!?…").replace("’", "'")
    if not word[:1].isupper():
        return False
    lower = word.lower()
    return lower in _STARTERS or lower.split("'", 1)[0] in _STARTERS


def _starts_sentence(text: str, position: int) -> bool:
    """True if the word at ``position`` is a usual sentence opener."""
    return _is_starter(text[position : position + 24].split(None, 1)[0])


def _is_boundary(text: str, m: re.Match[str], segment: int, block: int) -> bool:
    """Decide whether the candidate ``m`` ends a sentence.

    ``m`` is a ``_TERMINAL`` match: the regular expression has already dropped every
    candidate followed by a line break (a block ends there anyway) or by a lower-case
    word ('"Is it?" he asked', "Were Jane and co. at the party?").
    """
    after = m.end()
    first = text[after]
    if first in _DASHES:
        return False  # "ARLINGTON, Va. — The ..."
    if first.islower() and _CAMEL.match(text, after) is None:
        return False  # a non-ASCII lower-case letter
    start = m.start()
    terminal = m.group("term")
    if terminal != ".":
        if "?" in terminal or "!" in terminal or "‽" in terminal:
            return True
        dots = terminal.count(".") + 3 * terminal.count("…")
        if dots >= 3:
            closers = m.group("close")
            if start > block and text[start - 1] in "([" and closers[:1] in ")]":
                return False  # "[...]": an omission in a quotation
            quoted = any(c in _QUOTES for c in closers)
            if dots == 3:
                if " " in terminal:
                    # ". . ." marks an omission inside a sentence, unless a quotation
                    # closes after it.
                    return quoted
                # "I don't know... Maybe" splits; "keep... ISIS 2.0" does not.
                return quoted or _starts_sentence(text, after)
        # Two dots are a typo for one; four or more are a full stop and an ellipsis.

    # A full stop: look at the word before it.
    low = start - _MAX_TOKEN if start - _MAX_TOKEN > block else block
    space = text.rfind(" ", low, start)
    raw = text[space + 1 if space >= 0 else low : start]
    if "\n" in raw or "\t" in raw or not raw.isascii():
        raw = raw.rsplit(None, 1)[-1] if raw.strip() else ""
    if not raw or raw[-1] in _CLOSERS:
        return True  # "(SEC). Monsanto", '"great". The', a spaced ". . . ." after a space
    token = raw.lstrip(_OPENERS + _LINE_BULLETS)
    if not token:
        return True
    size = len(token)
    if size <= 4 and start - len(raw) - segment <= 8:
        # A list label at the start of the sentence: "1. The first item", "a. Fold", "iv. Add".
        if (token.isdigit() or size == 1 or _ROMAN.fullmatch(token)) and not text[
            segment : start - len(raw)
        ].strip(_LINE_BULLETS + " \t\n"):
            return False
    lower = token.lower()
    if lower in _CONTINUATIONS or lower in _TITLES:
        return False
    digit = first.isdigit() or first in "$£€#"
    if size == 1 and token.isalpha():
        if token.isupper():
            if token == "I":
                before = text[low : start - len(raw)].split()
                if not (before and before[-1].lstrip(_OPENERS)[:1].isupper()):
                    return True  # the pronoun: "you and I. Did you"
            # An initial ("George W. Bush", "J. R. R. Tolkien", "Albert I. Jones") unless
            # a usual opener follows: "vitamin C. The study", "World War I. Then".
            return _starts_sentence(text, after)
        return not digit and _starts_sentence(text, after)  # "p. 55", "c. 1900"
    if lower in _NUMBER_PREFIXES:
        # "No. 5", "Jan. 5", "Vol. II" go on; "in 21.72 sec. Smith won" splits.
        return not digit and _ROMAN_WORD.match(text, after) is None
    if lower in _AMBIGUOUS or ("." in token and _DOTTED.fullmatch(token)):
        # "the U.S. $5bn deal" goes on; "the U.S. He said" splits, "the U.S.
        # Government" does not.
        return not digit and _starts_sentence(text, after)
    return True
