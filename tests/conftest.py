"""Fixtures shared by the test modules."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = ROOT.parent / "shared" / "data"
_DATA_FILES = ("bbc_news_summary.jsonl", "cnndm_dev.jsonl", "stsb_dev.tsv")


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The development data folder (``../shared/data``); the test skips when it is absent."""
    missing = [name for name in _DATA_FILES if not (SHARED_DATA / name).is_file()]
    if missing:
        pytest.skip(f"skipped: {', '.join(missing)} not found in {SHARED_DATA}")
    return SHARED_DATA
