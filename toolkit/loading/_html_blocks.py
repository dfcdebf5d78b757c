"""Reading an HTML page into text blocks, each with where it sits (article, header, nav, a role).

What it is for: the visible text of a page as blocks, inline elements joined as the page
spaces them, scripts and hidden text left out, with the metadata tags. Not for: choosing
which blocks are the article (see ``_html``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

from ._plaintext import is_body_like


_DROP_TAGS = frozenset({"script", "style", "noscript", "template", "svg", "math", "iframe", "object", "canvas",
                        "head", "video", "audio", "map", "textarea", "select"})


_CHROME_TAGS = frozenset({"nav", "footer", "aside", "form", "button", "dialog", "menu", "figure", "figcaption",
                          "label"})


_BLOCK_TAGS = frozenset({"address", "article", "blockquote", "body", "caption", "center", "dd", "details", "div",
                         "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4",
                         "h5", "h6", "header", "hgroup", "hr", "html", "legend", "li", "main", "nav", "ol", "p",
                         "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
                         "aside", "menu", "dialog", "button"})


_VOID_TAGS = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
                        "source", "track", "wbr"})


_CLOSED_BY = {"p": _BLOCK_TAGS - {"body", "html"}, "li": {"li"}, "dt": {"dt", "dd"}, "dd": {"dt", "dd"},
              "tr": {"tr"}, "td": {"td", "th", "tr"}, "th": {"td", "th", "tr"}, "option": {"option"}}


_CHROME_ROLES = frozenset({"navigation", "banner", "contentinfo", "complementary", "search", "dialog",
                           "alertdialog", "menu", "menubar", "toolbar"})


_CHROME_CLASS = re.compile(
    r"(?:^|[-_])(?:nav|navbar|navigation|menu|menus|footer|sidebar|share|sharing|shares|social|socials|related|"
    r"recommended|recirc|promo|promos|promotion|advert|advertisement|adverts|ads?|adslot|adunit|dfp|sponsor|"
    r"sponsored|cookie|cookies|consent|gdpr|newsletter|newsletters|subscribe|subscription|signup|paywall|popup|"
    r"modal|overlay|breadcrumb|breadcrumbs|comment|comments|disqus|outbrain|taboola|toolbar|masthead|skip|skiplink|"
    r"sr-only|visually-hidden|screen-reader-text|tags|tag-list|more-stories|most-popular|trending)(?:$|[-_])",
    re.I,
)


_ROLE_CLASSES = (
    ("subtitle", re.compile(r"(?:^|[-_])(?:standfirst|subtitle|sub-?title|subhead|sub-?headline|dek|deck|strapline)"
                            r"(?:$|[-_])", re.I)),
    ("byline", re.compile(r"(?:^|[-_])(?:byline|author|authors|author-name|contributor|writer)(?:$|[-_])", re.I)),
    ("date", re.compile(r"(?:^|[-_])(?:date|timestamp|time|published|pubdate|updated|publish-date)(?:$|[-_])", re.I)),
    ("kicker", re.compile(r"(?:^|[-_])(?:kicker|eyebrow|overline|rubric)(?:$|[-_])", re.I)),
)


_ITEMPROP_ROLES = {"author": "byline", "datepublished": "date", "datemodified": "date", "alternativeheadline":
                   "subtitle", "description": "subtitle"}


@dataclass(slots=True)
class _Node:
    tag: str
    drop: bool = False
    chrome: str | None = None
    chrome_by_class: bool = False
    article: int | None = None
    header: bool = False
    role: str | None = None
    value: str | None = None
    boundary: bool = False  # starts and ends a text block (block-level, or a new article/header)


@dataclass(slots=True)
class Block:
    text: str
    tag: str
    chrome: str | None
    chrome_by_class: bool
    article: int | None
    header: bool
    role: str | None
    value: str | None


class Extractor(HTMLParser):
    """Collect the visible text blocks of a page with where they sit (article, nav...).

    Only block-level elements (<p>, <div>, <li>, <h1>..., <br>) and elements that open a
    new article or header break the text into blocks. Inline elements (<a>, <b>, <em>,
    <span>, <time>...) and dropped ones (<script>, <style>...) inside a block never cut
    it: the block's text is collected as segments, each with the element it came from,
    and joined as the source spaces them ("<b>to</b>day" is "today"). An inline element
    with a role (byline, date...) or a chrome class name only becomes a block of its own
    when the block around it is not running text (see :meth:`flush`).
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[_Node] = [_Node("#root", boundary=True)]
        self.open_tags: dict[str, int] = {}  # how many of each tag the stack holds (no scan per end tag)
        self.blocks: list[Block] = []
        self.segments: list[tuple[str, _Node, str]] = []  # (text, element, block tag) of the open block
        self.meta: dict[str, str] = {}
        self.page_title: list[str] | None = None
        self.in_title = False
        self.lang: str | None = None
        self.n_articles = 0

    # The innermost block element that holds the text being collected.
    def _block_tag(self) -> str:
        for node in reversed(self.stack):
            if node.tag in _BLOCK_TAGS or node.tag in ("#root", "time"):
                return node.tag
        return "#root"

    def _emit(self, parts: list[tuple[str, _Node, str]], node: _Node, tag: str) -> None:
        text = " ".join("".join(part[0] for part in parts).split())
        if text:
            self.blocks.append(Block(text, tag, node.chrome, node.chrome_by_class, node.article, node.header,
                                      node.role, node.value))

    def flush(self) -> None:
        """End the open block: one block, or one per run of segments from like elements."""
        segments, self.segments = self.segments, []
        shown = [seg for seg in segments if seg[0].strip()]
        if not shown:
            return
        base = next(n for n in reversed(self.stack) if n.boundary and not n.drop)
        tag = self._block_tag()
        if all(_props(seg[1]) == _props(shown[0][1]) for seg in shown):
            self._emit(segments, shown[0][1], tag)
            return
        # Inline elements of their own kind (a date, an author link, a "related-link"
        # class...) inside a paragraph of running text are part of its sentences; hidden
        # text and chrome tags (<label>, role="navigation"...) never are.
        own = [seg for seg in segments if _props(seg[1]) == _props(base) or _absorbable(seg[1], base)]
        if any(_props(seg[1]) == _props(base) for seg in shown) and is_body_like(
                " ".join("".join(seg[0] for seg in own).split())):
            self._emit(own, base, tag)
            for seg in shown:
                if not (_props(seg[1]) == _props(base) or _absorbable(seg[1], base)):
                    self._emit([seg], seg[1], seg[2])
            return
        run: list[tuple[str, _Node, str]] = []
        for seg in segments:
            if run and seg[0].strip() and (_props(seg[1]), seg[2]) != (_props(run[-1][1]), run[-1][2]):
                self._emit(run, run[-1][1], run[-1][2])
                run = []
            if seg[0].strip() or run:
                run.append(seg)
        if run:
            self._emit(run, run[-1][1], run[-1][2])

    def handle_starttag(self, tag: str, attrs_list: list[tuple[str, str | None]]) -> None:
        attrs = {k.lower(): (v or "") for k, v in attrs_list}
        if tag == "meta":
            key = (attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or "").lower()
            if key and attrs.get("content") and key not in self.meta:
                self.meta[key] = " ".join(attrs["content"].split())
            return
        if tag == "link" and "canonical" in attrs.get("rel", "").lower() and attrs.get("href"):
            self.meta.setdefault("canonical", attrs["href"])
            return
        if tag == "html" and attrs.get("lang"):
            self.lang = attrs["lang"]
        if tag == "title" and not any(n.tag == "svg" for n in self.stack) and self.page_title is None:
            self.in_title, self.page_title = True, []
        if tag in _VOID_TAGS:
            if tag in ("br", "hr") and not self.stack[-1].drop:
                self.flush()
            return
        while self.stack[-1].tag in _CLOSED_BY and tag in _CLOSED_BY[self.stack[-1].tag]:
            self.flush()
            self._pop()
        node = self._node(tag, attrs)
        if node.boundary:
            self.flush()
        self.stack.append(node)
        self.open_tags[tag] = self.open_tags.get(tag, 0) + 1

    def _pop(self) -> _Node:
        node = self.stack.pop()
        self.open_tags[node.tag] -= 1
        return node

    def _node(self, tag: str, attrs: dict[str, str]) -> _Node:
        parent = self.stack[-1]
        # A role (byline, date...) covers an element's own text, not the blocks inside it:
        # a wrapper called "has-author" must not turn the paragraphs it holds into a byline.
        inherit = tag not in _BLOCK_TAGS
        node = _Node(tag, drop=parent.drop or tag in _DROP_TAGS, chrome=parent.chrome,
                     chrome_by_class=parent.chrome_by_class, article=parent.article, header=parent.header,
                     role=parent.role if inherit else None, value=parent.value if inherit else None)
        role = attrs.get("role", "").lower()
        itemprop = attrs.get("itemprop", "").lower()
        if tag in ("article", "main") or role in ("main", "article") or itemprop == "articlebody":
            self.n_articles += 1
            node.article = self.n_articles
            if node.chrome_by_class:  # an <article> outranks a wrapper's class name
                node.chrome, node.chrome_by_class = None, False
        if node.chrome is None:
            hidden = ("hidden" in attrs or attrs.get("aria-hidden") == "true"
                      or re.search(r"display\s*:\s*none", attrs.get("style", ""), re.I))
            if tag in _CHROME_TAGS:
                node.chrome = f"<{tag}>"
            elif tag == "header" and node.article is None:
                node.chrome = "<header>"
            elif role in _CHROME_ROLES:
                node.chrome = f'role="{role}"'
            elif hidden:
                node.chrome = "hidden"
            elif tag not in ("html", "body", "main", "article"):
                for name in ("class", "id"):
                    tokens = attrs.get(name, "").split()
                    hit = next((t for t in tokens if _CHROME_CLASS.search(t) and t.lower() != "hidden"), None)
                    if hit:
                        node.chrome, node.chrome_by_class = f'{name}="{hit}"', True
                        break
        if tag == "header" and node.article is not None:
            node.header = True
        if tag == "time":
            node.role, node.value = "date", attrs.get("datetime") or None
        elif itemprop in _ITEMPROP_ROLES:
            node.role = _ITEMPROP_ROLES[itemprop]
            node.value = attrs.get("content") or attrs.get("datetime") or None
        elif attrs.get("rel", "").lower() == "author":
            node.role = "byline"
        else:
            classes = attrs.get("class", "").split()
            for role_name, pattern in _ROLE_CLASSES:
                if any(pattern.search(t) for t in classes):
                    node.role = role_name
                    break
        # Text inside a dropped element is never collected, so entering one (a <script>
        # inside a <p>) needs no break; a new article or header region always does.
        node.boundary = not node.drop and (tag in _BLOCK_TAGS or (node.article, node.header) != (
            parent.article, parent.header))
        return node

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        if tag in _VOID_TAGS:
            if tag == "br" and not self.stack[-1].drop:  # "</br>" is read as <br> by browsers
                self.flush()
            return
        if not self.open_tags.get(tag):
            return
        while len(self.stack) > 1:
            if self.stack[-1].boundary:
                self.flush()
            node = self._pop()
            if node.tag == tag:
                break

    def handle_data(self, data: str) -> None:
        if self.in_title and self.page_title is not None:
            self.page_title.append(data)
            return
        top = self.stack[-1]
        if not top.drop:
            self.segments.append((data, top, self._block_tag()))

    def close(self) -> None:
        # A comment never closed ("<!-- ..." to the end) hides the rest of the page in a
        # browser; HTMLParser would give it back as text, "<!--" and all. (Inside <script>
        # or <style>, "<!--" opens no comment and is not left over here.)
        if self.rawdata.startswith("<!--"):
            self.rawdata = ""
        super().close()
        self.flush()


def _props(node: _Node) -> tuple[Any, ...]:
    """What makes a block's text chrome, article body or metadata."""
    return node.chrome, node.chrome_by_class, node.article, node.header, node.role, node.value


HIDDEN_CLASS = re.compile(r"sr-only|visually-hidden|screen-reader|skip", re.I)


def _absorbable(node: _Node, base: _Node) -> bool:
    """Whether an inline element's text belongs to the running text of the block around it."""
    if (node.chrome, node.chrome_by_class, node.article, node.header) == (
            base.chrome, base.chrome_by_class, base.article, base.header):
        return True  # differs by role only: a date or a name in a sentence
    return (node.chrome_by_class and not HIDDEN_CLASS.search(node.chrome or "")
            and (node.article, node.header) == (base.article, base.header))
