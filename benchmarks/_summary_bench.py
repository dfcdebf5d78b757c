"""Shared pieces of the summary benchmarks: data, baselines, sumy on our sentences, ROUGE.

Every system is handed the same sentences (``toolkit.split_sentences``) and returns the
*positions* of the sentences it picks, so systems differ only in what they choose.

sumy normally cuts sentences and words with nltk's Punkt, whose data cannot be downloaded
here; we build sumy's document model ourselves from our sentences, with nltk's Treebank-style
word tokenizer (``NLTKWordTokenizer``: rules only, no data) filtered exactly as sumy's own
``Tokenizer.to_words`` filters words, sumy's English stemmer and sumy's English stop words.
"""
from __future__ import annotations

import json
import random
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent

DEFAULT_DATA = HERE.parent.parent / "shared" / "data"
INSTALL_HINT = "run .venv/bin/pip install -r benchmarks/requirements.txt"

# A system maps (sentences, k) to the positions of the k sentences it picks.
Picker = Callable[[Sequence[str], int], list[int]]


def read_jsonl(path: Path, limit: int | None = None) -> list[dict]:
    """The records of a JSONL file (the first ``limit`` ones)."""
    records = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                records.append(json.loads(line))
                if limit is not None and len(records) >= limit:
                    break
    return records


def split_bbc(article: str) -> tuple[str, str]:
    """A BBC record's ``article`` field is the title line, a blank line, then the body."""
    title, _, body = article.partition("\n")
    return title.strip(), body.strip()


# ---------------------------------------------------------------------------------------
# Baselines that need nothing
# ---------------------------------------------------------------------------------------
def lead(sentences: Sequence[str], k: int) -> list[int]:
    """The first ``k`` sentences."""
    return list(range(min(k, len(sentences))))


def random_picker(seed: int = 0) -> Picker:
    """``k`` sentences drawn at random (one generator, fixed seed: the same run every time)."""
    rng = random.Random(seed)

    def pick(sentences: Sequence[str], k: int) -> list[int]:
        return sorted(rng.sample(range(len(sentences)), min(k, len(sentences))))

    return pick


# ---------------------------------------------------------------------------------------
# sumy on our sentences
# ---------------------------------------------------------------------------------------
SUMY_NAMES = ("LexRank", "TextRank", "LSA", "Luhn", "SumBasic", "KL")


def sumy_pickers(names: Sequence[str] = SUMY_NAMES) -> dict[str, Picker] | str:
    """sumy's summarizers as pickers, or a message saying what to install."""
    try:
        from nltk.tokenize import NLTKWordTokenizer
        from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
        from sumy.nlp.stemmers import Stemmer
        from sumy.nlp.tokenizers import Tokenizer
        from sumy.summarizers.kl import KLSummarizer
        from sumy.summarizers.lex_rank import LexRankSummarizer
        from sumy.summarizers.lsa import LsaSummarizer
        from sumy.summarizers.luhn import LuhnSummarizer
        from sumy.summarizers.sum_basic import SumBasicSummarizer
        from sumy.summarizers.text_rank import TextRankSummarizer
        from sumy.utils import get_stop_words
    except ImportError as error:
        return f"skipped sumy: {error.name} is not installed; {INSTALL_HINT}"

    words = NLTKWordTokenizer()

    class WordsOnly:
        """The part of sumy's Tokenizer that sumy's Sentence uses, without Punkt."""

        language = "english"

        def to_words(self, sentence: str) -> tuple[str, ...]:
            return tuple(w for w in words.tokenize(sentence) if Tokenizer._is_word(w))

    tokenizer = WordsOnly()
    stemmer = Stemmer("english")
    stop_words = get_stop_words("english")
    classes = {
        "LexRank": LexRankSummarizer, "TextRank": TextRankSummarizer, "LSA": LsaSummarizer,
        "Luhn": LuhnSummarizer, "SumBasic": SumBasicSummarizer, "KL": KLSummarizer,
    }

    def make(cls: type) -> Picker:
        summarizer = cls(stemmer)
        summarizer.stop_words = stop_words

        def pick(sentences: Sequence[str], k: int) -> list[int]:
            objects = [Sentence(s, tokenizer) for s in sentences]
            document = ObjectDocumentModel([Paragraph(objects)])
            where = {id(o): i for i, o in enumerate(objects)}
            chosen = summarizer(document, min(k, len(sentences)))
            return sorted(where[id(o)] for o in chosen)

        return pick

    return {name: make(classes[name]) for name in names}


# ---------------------------------------------------------------------------------------
# ROUGE
# ---------------------------------------------------------------------------------------
ROUGE_KEYS = ("rouge1", "rouge2", "rougeLsum")


def rouge_scorer() -> Callable[[str, str], tuple[float, float, float]] | str:
    """F1 of ROUGE-1, ROUGE-2 and ROUGE-Lsum (Porter stemmer), as a function of
    (reference, prediction) with sentences separated by newlines; or a message."""
    try:
        from rouge_score import rouge_scorer as rs
    except ImportError as error:
        return f"skipped: {error.name} is not installed; {INSTALL_HINT}"
    scorer = rs.RougeScorer(list(ROUGE_KEYS), use_stemmer=True)

    def score(reference: str, prediction: str) -> tuple[float, float, float]:
        result = scorer.score(reference, prediction)
        return tuple(100.0 * result[k].fmeasure for k in ROUGE_KEYS)  # type: ignore[return-value]

    return score


def chunks(items: Sequence, n: int) -> Iterator[Sequence]:
    for start in range(0, len(items), n):
        yield items[start : start + n]
