# Two commands on a fresh machine (only Python >= 3.11 needed):
#   make demo   set up .venv, summarize and compare seeds/, execute the notebooks into reports/
#   make test   set up .venv and run the whole test suite (notebooks included)
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
STAMP   = $(VENV)/.installed

.PHONY: demo test venv notebooks theme-model readme-figures bench bench-sentences bench-quality bench-speed bench-similarity bench-similarity-scale bench-themes bench-theme-examples bench-corpus bench-loading bench-neighbours clean

venv: $(STAMP)

$(STAMP): requirements.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python >= 3.11 is needed: run make PYTHON=python3.11 ...")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@touch $(STAMP)

demo: venv
	$(BIN)/python -m toolkit summarize seeds/
	$(BIN)/python -m toolkit compare seeds/000_95ca8ba006298f6c.txt seeds/002_1210b5e7193b114a.txt
	$(BIN)/python notebooks/render.py --out reports

test: venv
	$(BIN)/python -m pytest

notebooks: venv
	$(BIN)/jupyter lab notebooks/

# Benchmarks need the baselines (sumy, pysbd, rouge-score): a separate requirements file.
$(VENV)/.bench: $(STAMP) benchmarks/requirements.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r benchmarks/requirements.txt
	@touch $@

bench-sentences: $(VENV)/.bench
	$(BIN)/python -m benchmarks.bench_sentences
bench-quality: $(VENV)/.bench
	$(BIN)/python -m benchmarks.bench_quality
bench-speed: $(VENV)/.bench
	$(BIN)/python -m benchmarks.bench_speed
bench-similarity: $(VENV)/.bench
	$(BIN)/python -m benchmarks.bench_similarity
bench-similarity-scale: $(VENV)/.bench
	$(BIN)/python -m benchmarks.bench_similarity_scale
bench-themes: $(VENV)/.bench
	$(BIN)/python -m benchmarks.bench_themes
bench-theme-examples: $(VENV)/.bench
	$(BIN)/python -m benchmarks.bench_theme_examples
bench-corpus: $(VENV)/.bench
	$(BIN)/python -m benchmarks.bench_corpus
bench-neighbours: $(VENV)/.bench
	$(BIN)/python -m benchmarks.bench_neighbours
bench-loading: $(VENV)/.bench
	$(BIN)/python -m benchmarks.bench_loading
# compare_many against the code before issue 12 (a git checkout: the baseline is a commit), and at 20,000 articles.
bench-compare-many: $(VENV)/.bench
	$(BIN)/python -m benchmarks.bench_compare_many
# Rebuild toolkit/data/isis_theme_model.json from ../shared/data (after editing themes.toml).
theme-model: venv
	$(BIN)/python -m scripts.build_theme_model
# Rewrite the README's figure tables from benchmarks/results/*.json (each benchmark writes its file).
readme-figures: venv
	$(BIN)/python -m scripts.readme_figures
bench: bench-sentences bench-quality bench-speed bench-similarity bench-similarity-scale bench-themes bench-corpus bench-neighbours bench-loading bench-compare-many

clean:
	rm -rf $(VENV) reports out .pytest_cache
