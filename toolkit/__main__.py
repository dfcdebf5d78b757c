"""``python -m toolkit``: the ``newskit`` command line (see :mod:`toolkit.cli`)."""
from .cli import main

if __name__ == "__main__":
    raise SystemExit(main())
