"""The benchmarks behind the README's figures.

Run each as a module from the repository root, with the package installed (``make venv``)
and the baselines of ``benchmarks/requirements.txt``: ``make bench-NAME``, or
``.venv/bin/python -m benchmarks.bench_NAME [options]``. Each prints its figures beside a
baseline measured in the same run and records them in ``benchmarks/results/NAME.json``
(:mod:`benchmarks._results`), from which ``make readme-figures`` writes the README's tables.
"""
