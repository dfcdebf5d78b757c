"""Paths and texts shared by the tests/test_loading*.py modules (not a test module)."""
from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "loading"
SEED_000 = SEEDS / "000_95ca8ba006298f6c.txt"
SEED_002 = SEEDS / "002_1210b5e7193b114a.txt"

BODY = ("Officials said on Monday that the bridge’s repairs would take “at least six weeks” — "
        "longer than the council had planned.")


def as_cp1252(data: bytes) -> str:
    """How a UTF-8 file looks when read as cp1252 (the bytes cp1252 lacks kept as latin-1)."""
    return "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in data)
