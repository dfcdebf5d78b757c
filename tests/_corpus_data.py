"""Small synthetic corpora for tests/test_corpus.py and tests/test_cli.py (not a test module)."""
from __future__ import annotations

import json
from pathlib import Path

# Sentences in the register of the seeds, so that summaries and theme tags have something to
# work on; each article picks a different rotation, so no two articles are the same.
SENTENCES = [
    "Iraqi forces retook the old city of Mosul after a nine-month offensive.",
    "Hundreds of fighters fled into the desert toward the Syrian border.",
    "Officials warned that the group may seek a foothold somewhere else.",
    "Foreign fighters returning home pose a threat to Europe, the minister said.",
    "Coalition airstrikes continued against the remaining pockets of resistance.",
    "Thousands of civilians were displaced and many were used as human shields.",
    "The ideology will outlive the loss of territory, analysts cautioned.",
    "Reports of the death of Abu Bakr al-Baghdadi could not be confirmed.",
    "Aid groups said the humanitarian cost of the battle was enormous.",
    "The price of bread in the market doubled during the siege.",
    "Local police reopened several roads on Tuesday morning.",
    "Engineers began clearing explosives from the ruined houses.",
]


def article_text(i: int, n_sentences: int = 6) -> str:
    """Title line, blank line, body: article number ``i`` of a synthetic corpus."""
    body = [SENTENCES[(i + 5 * k) % len(SENTENCES)] for k in range(n_sentences)]
    return f"Dispatch number {i} from the front\n\n" + " ".join(body[:3]) + "\n\n" + " ".join(body[3:])


def write_folder(folder: Path, n: int) -> list[str]:
    """``n`` good article files; returns their ids (file stems)."""
    folder.mkdir(parents=True, exist_ok=True)
    ids = []
    for i in range(n):
        (folder / f"art{i:03d}.txt").write_text(article_text(i), encoding="utf-8")
        ids.append(f"art{i:03d}")
    return ids


def write_jsonl(path: Path, n: int, *, start: int = 0) -> list[str]:
    """``n`` good JSONL records (``id``, ``title``, ``body``); returns their ids."""
    ids = [f"doc-{i}" for i in range(start, start + n)]
    with open(path, "w", encoding="utf-8") as f:
        for i, rid in zip(range(start, start + n), ids):
            text = article_text(i)
            title, body = text.split("\n\n", 1)
            f.write(json.dumps({"id": rid, "title": title, "body": body}) + "\n")
    return ids


def write_bad_folder(folder: Path) -> tuple[list[str], dict[str, str]]:
    """Good files mixed with an empty, a binary and a cp1252 (non-UTF-8) file.

    Returns the ids that must be processed (the cp1252 file is decodable, so it is one of
    them) and, for the ids that must fail, a word their reason must contain.
    """
    good = write_folder(folder, 4)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "blank.txt").write_bytes(b"  \n\n \t\n")
    (folder / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    cp1252 = ("Caf\u00e9 talks in Raqqa\n\n\u201cThe fighters fled,\u201d said the caf\u00e9 owner. "
              "Iraqi forces retook the city after a long siege. Officials fear a foothold elsewhere.")
    (folder / "cp1252.txt").write_bytes(cp1252.encode("cp1252"))
    return good + ["cp1252"], {"empty": "empty", "blank": "empty", "binary": "binary"}


def write_bad_jsonl(path: Path) -> tuple[list[str], list[str]]:
    """JSONL with good records and broken lines; returns (good ids, failing ids)."""
    lines = []
    good = []
    for i in range(5):
        text = article_text(i)
        lines.append(json.dumps({"id": f"j{i}", "text": text}))
        good.append(f"j{i}")
    lines.insert(2, '{"id": "broken", "text": "unterminated')     # malformed JSON: line 3
    lines.insert(4, json.dumps({"id": "nothing", "text": ""}))     # empty text: line 5
    lines.insert(5, "[1, 2, 3]")                                    # not an object: line 6
    lines.append(json.dumps({"id": "j0", "text": article_text(9)}))  # duplicate id: last line
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return good, [f"{path.stem}:3", "nothing", f"{path.stem}:6", "j0"]
