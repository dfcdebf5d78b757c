"""toolkit.themes: the theme file format, DEFAULT_THEMES and tag_themes."""
from __future__ import annotations

import importlib.util
import json
import tomllib
from dataclasses import FrozenInstanceError
from importlib import resources
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit import DEFAULT_THEMES, Article, Theme, load_themes, split_sentences, tag_themes
from toolkit.themes import Domain, ThemeSet

#: The default themes' evidence words alone: no subject, no learned model. The tests of the
#: matching rules (stems, phrases, typos, places, context, the domain) use it.
TERMS_ONLY = ThemeSet(DEFAULT_THEMES)

ROOT = Path(__file__).resolve().parents[1]
THEME_IDS = ["territorial_loss", "new_havens", "dispersal", "foreign_fighters", "military_response",
             "civilian_toll", "leadership", "ideology_resurgence"]

GOOD_THEME = 'id = "rain"\nlabel = "Rain"\ndescription = "Wet weather."\nterms = ["rain", "downpour"]\n'


def write(tmp_path: Path, text: str, name: str = "themes.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def themes_of(text: str, **kwargs) -> list[list[str]]:
    kwargs.setdefault("themes", TERMS_ONLY)
    return tag_themes(text, **kwargs)["themes"].tolist()


# --------------------------------------------------------------------------- the default set


def test_default_themes_are_the_themes_of_themes_md():
    assert [t.id for t in DEFAULT_THEMES] == THEME_IDS
    assert DEFAULT_THEMES[0].label == "Loss of strongholds"
    assert all(t.description and t.terms and t.threshold == 1.0 for t in DEFAULT_THEMES)


def test_default_themes_share_one_domain():
    domain = DEFAULT_THEMES[0].domain
    assert isinstance(domain, Domain)
    assert all(t.domain == domain for t in DEFAULT_THEMES)
    assert (domain.window, domain.threshold, domain.density) == (2, 2.0, 0.25)
    assert "\n" not in repr(domain) and "in a domain" in repr(DEFAULT_THEMES[0])


def test_default_themes_come_from_the_package_data_file():
    path = resources.files("toolkit.data").joinpath("themes.toml")
    with resources.as_file(path) as p:
        assert load_themes(p) == DEFAULT_THEMES


def test_theme_is_frozen_and_repr_is_one_line():
    theme = DEFAULT_THEMES[0]
    with pytest.raises(FrozenInstanceError):
        theme.id = "other"  # type: ignore[misc]
    assert "\n" not in repr(theme) and "territorial_loss" in repr(theme)


def test_theme_lists_become_tuples():
    t = Theme("rain", "Rain", "Wet.", terms=["rain"], cues=["cloud"], places=["Manchester"])
    assert t.terms == ("rain",) and t.cues == ("cloud",) and t.places == ("Manchester",)


# --------------------------------------------------------------------------- theme files


def test_load_themes_reads_toml_and_json(tmp_path):
    toml_themes = load_themes(write(tmp_path, "[[theme]]\n" + GOOD_THEME + 'cues = ["cloud"]\nthreshold = 1.5\n'))
    assert toml_themes == (Theme("rain", "Rain", "Wet weather.", ("rain", "downpour"), ("cloud",), threshold=1.5),)
    data = {"theme": [{"id": "rain", "label": "Rain", "description": "Wet weather.", "terms": ["rain"]}]}
    json_themes = load_themes(write(tmp_path, json.dumps(data), "themes.json"))
    assert json_themes[0].terms == ("rain",)


def test_a_users_themes_are_used_by_tag_themes(tmp_path):
    themes = load_themes(write(tmp_path, "[[theme]]\n" + GOOD_THEME))
    # A file without a [domain] table: no domain, every sentence is scored on its own words.
    assert themes[0].domain is None
    tags = tag_themes("It rained all day. The sun came out.", themes=themes)
    assert list(tags.columns) == ["sentence", "themes", "rain", "evidence"]
    assert tags["themes"].tolist() == [["rain"], []]


GOOD_DOMAIN = '[domain]\nterms = ["weather", "forecast"]\ncues = ["cloud"]\n'


def test_a_files_domain_is_given_to_each_of_its_themes(tmp_path):
    text = (GOOD_DOMAIN + 'description = """Rain,\n  sun and wind."""\nwindow = 1\nthreshold = 1.5\ndensity = 0.5\n'
            + "[[theme]]\n" + GOOD_THEME + "[[theme]]\n" + GOOD_THEME.replace('"rain"\nlabel', '"wet"\nlabel'))
    themes = load_themes(write(tmp_path, text))
    expected = Domain(terms=("weather", "forecast"), cues=("cloud",), description="Rain, sun and wind.",
                      window=1, threshold=1.5, density=0.5)
    assert [t.domain for t in themes] == [expected, expected]
    data = {"domain": {"terms": ["weather"]},
            "theme": [{"id": "rain", "label": "Rain", "description": "Wet weather.", "terms": ["rain"]}]}
    json_themes = load_themes(write(tmp_path, json.dumps(data), "themes.json"))
    assert json_themes[0].domain == Domain(terms=("weather",))
    assert tag_themes("It rained.", themes=json_themes)["themes"].tolist() == [[]]
    assert tag_themes("The weather: it rained.", themes=json_themes)["themes"].tolist() == [["rain"]]


BAD_FILES = [
    ("[[theme]]\n" + GOOD_THEME.replace('terms = ["rain", "downpour"]\n', ""), "missing required field 'terms'"),
    ("[[theme]]\n" + GOOD_THEME.replace('label = "Rain"\n', ""), "missing required field 'label'"),
    ("[[theme]]\n" + GOOD_THEME + 'term = ["drizzle"]\n', "unknown key 'term'"),
    ("[[theme]]\n" + GOOD_THEME + "[[theme]]\n" + GOOD_THEME, "duplicate theme id 'rain'"),
    ("[[theme]]\n" + GOOD_THEME.replace('["rain", "downpour"]', "[]"), "terms is empty"),
    ("[[theme]]\n" + GOOD_THEME.replace('["rain", "downpour"]', '["", "  "]'), "every entry of terms"),
    ("[[theme]]\n" + GOOD_THEME.replace('"rain"\nlabel', '"heavy rain"\nlabel'), "id must be letters"),
    ("[[theme]]\n" + GOOD_THEME.replace('id = "rain"', 'id = "sentence"'), "reserved"),
    ("[[theme]]\n" + GOOD_THEME + "threshold = 0\n", "threshold must be a positive number"),
    ("[[theme]]\n" + GOOD_THEME.replace('terms = ["rain", "downpour"]', 'terms = "rain"'), "must be a list"),
    ('name = "weather"\n[[theme]]\n' + GOOD_THEME, "unknown key 'name' at the top level"),
    ("# nothing here\n", "defines no themes"),
    ("[[theme]\nid = ", "could not read theme file"),
    (GOOD_DOMAIN + "[[theme]]\n" + GOOD_THEME + "[[theme]]\n" + GOOD_THEME, "duplicate theme id 'rain'"),
    (GOOD_DOMAIN + "windows = 2\n[[theme]]\n" + GOOD_THEME, r"\[domain\] table .*unknown key 'windows'"),
    ('[domain]\ncues = ["cloud"]\n[[theme]]\n' + GOOD_THEME, r"\[domain\] table .*missing required field 'terms'"),
    ("[domain]\nterms = []\n[[theme]]\n" + GOOD_THEME, "terms is empty"),
    ('[domain]\nterms = "weather"\n[[theme]]\n' + GOOD_THEME, "terms must be a list"),
    ('[domain]\nterms = ["weather", 3]\n[[theme]]\n' + GOOD_THEME, "every entry of terms"),
    (GOOD_DOMAIN + "window = -1\n[[theme]]\n" + GOOD_THEME, "window must be a whole number"),
    (GOOD_DOMAIN + "window = 1.5\n[[theme]]\n" + GOOD_THEME, "window must be a whole number"),
    (GOOD_DOMAIN + "threshold = 0\n[[theme]]\n" + GOOD_THEME, "threshold must be a positive number"),
    (GOOD_DOMAIN + 'density = "high"\n[[theme]]\n' + GOOD_THEME, "density must be a positive number"),
    (GOOD_DOMAIN + "description = 3\n[[theme]]\n" + GOOD_THEME, "description must be a string"),
    ('domain = "weather"\n[[theme]]\n' + GOOD_THEME, "'domain' must be a table"),
    ("[[theme]]\n" + GOOD_THEME + 'domain = "weather"\n', "unknown key 'domain'"),
]


@pytest.mark.parametrize(("text", "message"), BAD_FILES)
def test_load_themes_errors_name_the_problem(tmp_path, text, message):
    with pytest.raises(ValueError, match=message):
        load_themes(write(tmp_path, text))


def test_load_themes_missing_file(tmp_path):
    with pytest.raises(FileNotFoundError, match="theme file not found"):
        load_themes(tmp_path / "nope.toml")


def test_shipped_theme_file_has_only_known_keys():
    data = tomllib.loads(resources.files("toolkit.data").joinpath("themes.toml").read_text(encoding="utf-8"))
    assert set(data) == {"model", "subject", "actor", "domain", "theme"}
    assert set(data["domain"]) <= {"terms", "cues", "description", "window", "threshold", "density"}
    assert set(data["subject"]) <= {"name", "aliases", "references", "description"}
    for table in data["theme"]:
        assert set(table) <= {"id", "label", "description", "terms", "cues", "places", "threshold", "generic"}
    assert {t.id for t in DEFAULT_THEMES if t.generic} == {"military_response", "civilian_toll"}


def test_domain_and_theme_objects_check_their_fields():
    with pytest.raises(ValueError, match="domain: terms is empty"):
        Domain(terms=())
    with pytest.raises(ValueError, match="domain: window must be a whole number"):
        Domain(terms=("volcano",), window=True)
    with pytest.raises(TypeError, match="domain must be a Domain or None"):
        Theme("rain", "Rain", "Wet.", terms=["rain"], domain="weather")  # type: ignore[arg-type]
    with pytest.raises(FrozenInstanceError):
        Domain(terms=("volcano",)).window = 3  # type: ignore[misc]


# --------------------------------------------------------------------------- tag_themes contract


@pytest.mark.parametrize("themes", [DEFAULT_THEMES, TERMS_ONLY], ids=["learned", "terms only"])
def test_tag_themes_frame_shape(themes):
    text = "Iraqi forces retook Mosul from Islamic State. ISIS fighters fled into the desert. It rained."
    tags = tag_themes(text, themes=themes)
    assert list(tags.columns) == ["sentence", "themes", *THEME_IDS, "evidence"]
    assert tags["sentence"].tolist() == split_sentences(text)
    assert list(tags.index) == [0, 1, 2]
    assert all(tags[t].dtype == float for t in THEME_IDS)
    assert "territorial_loss" in tags.loc[0, "themes"] and "dispersal" in tags.loc[1, "themes"]
    assert tags.loc[2, "themes"] == [] and tags.loc[2, "evidence"] == {}


def test_tag_themes_accepts_an_article():
    article = Article(text="The Islamic State caliphate will be crushed.", title="Headline about a foothold elsewhere")
    tags = tag_themes(article, themes=TERMS_ONLY)
    assert tags["themes"].tolist() == [["territorial_loss"]]  # the title is not a sentence


@pytest.mark.parametrize("text", ["", "   \n\n "])
def test_tag_themes_empty_text_gives_empty_frame(text):
    tags = tag_themes(text)
    assert len(tags) == 0
    assert list(tags.columns) == ["sentence", "themes", *THEME_IDS, "evidence"]


@pytest.mark.parametrize("bad", [None, 42, ["a list", "of texts"]])
def test_tag_themes_rejects_what_is_not_text(bad):
    with pytest.raises(TypeError, match="text_or_article must be a str or an Article"):
        tag_themes(bad)


def test_tag_themes_rejects_bad_theme_sets():
    with pytest.raises(ValueError, match="themes is empty"):
        tag_themes("text", themes=[])
    with pytest.raises(TypeError, match="themes must contain Theme objects"):
        tag_themes("text", themes=["territorial_loss"])
    with pytest.raises(ValueError, match="duplicate id 'dispersal'"):
        tag_themes("text", themes=[DEFAULT_THEMES[2], DEFAULT_THEMES[2]])
    with pytest.raises(TypeError, match="context must be True or False"):
        tag_themes("text", context="yes")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="domain must be True or False"):
        tag_themes("text", domain=1)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="positional argument"):  # options are keyword-only, as everywhere
        tag_themes("text", DEFAULT_THEMES)  # type: ignore[misc]


THEME_FREE = [
    "Whisk the eggs with the sugar until pale. Fold in the flour, pour into the tin and bake "
    "for 25 minutes at 180C. Leave the cake to cool before icing it.",
    "The striker scored twice in the second half as United beat City 3-1 at home. The "
    "manager praised his defence, and the fans sang long after the final whistle.",
    "Shares rose on Monday as investors cheered strong quarterly profits. The central bank "
    "left interest rates unchanged.",
    "A new smartphone display was unveiled in Berlin. The Liberal Democrats won the "
    "by-election. The report contains a long list of names.",
]


@pytest.mark.parametrize("text", THEME_FREE)
def test_a_text_about_none_of_the_themes_gets_none(text):
    assert all(ts == [] for ts in themes_of(text))


# Sentences written for these tests, not taken from the seeds: inflections, irregular verbs,
# phrases split by other words, synonyms and typos.
GENERALIZES = [
    ("Kurdish fighters recaptured the town of Kobani after a long siege.", "territorial_loss"),
    ("The militants were driven out of Fallujah last spring.", "territorial_loss"),
    ("Their last stronghlod is now surrounded.", "territorial_loss"),  # typo
    ("The caliphate collapsed within weeks.", "territorial_loss"),
    ("The group's Libyan affiliate is trying to gain a foothold in the Sahel.", "new_havens"),
    ("Analysts fear the group will seek a safe haven in Afghanistan.", "new_havens"),
    ("Hundreds of jihadists fled toward the border as the city fell.", "dispersal"),
    ("Many fighters have melted away into the desert, shaving their beards.", "dispersal"),
    ("Police arrested two returnees at Brussels airport.", "foreign_fighters"),
    ("Several governments are weighing whether to repatriate the wives of captured fighters.",
     "foreign_fighters"),
    ("Coalition airstrkes hit the oil fields overnight.", "military_response"),  # typo
    ("Iraqi troops backed by U.S. air power pushed into the old city.", "military_response"),
    ("Thousands of civillians are trapped without food or water.", "civilian_toll"),  # typo
    ("Aid agencies say the humanitarian situation is dire.", "civilian_toll"),
    ("The group's self-styled caliph urged followers to keep fighting in an audio message.", "leadership"),
    ("The extremist ideaology will outlast the so-called caliphate.", "ideology_resurgence"),  # typo
    ("Officials warn about the radicalisation of teenagers online.", "ideology_resurgence"),
    ("A resurgent ISIS could regroup once the troops leave.", "ideology_resurgence"),
]


# An opening sentence that puts a text in the themes' domain without being on any theme.
ON_SUBJECT = "This report is about the Islamic State group."


def test_the_opening_sentence_is_on_the_subject_but_on_no_theme():
    assert themes_of(ON_SUBJECT) == [[]]
    assert tag_themes(ON_SUBJECT, themes=TERMS_ONLY).loc[0, "evidence"] == {}


@pytest.mark.parametrize(("sentence", "theme"), GENERALIZES)
def test_tag_themes_generalizes_beyond_the_seeds_words(sentence, theme):
    assert theme in themes_of(ON_SUBJECT + " " + sentence)[1]


def test_typos_are_marked_in_the_evidence():
    tags = tag_themes("We must undermine the militants' ideaology.", themes=TERMS_ONLY)
    assert tags.loc[0, "evidence"] == {"ideology_resurgence": ["ideaology"]}  # as written, matched despite the typo


@pytest.mark.parametrize(("sentence", "theme"), [
    ("The caliphate was proclaimed in 2014.", "leadership"),  # "=caliph" is exact: not "caliphate"
    ("The sprinters set off at dawn.", "dispersal"),  # one changed letter is not a typo of "splinter"
    ("Political stability returned to the region.", "ideology_resurgence"),
    ("The report contains a long list of names.", "military_response"),
])
def test_near_words_do_not_match(sentence, theme):
    assert theme not in themes_of(sentence)[0]


def test_places_alone_are_not_evidence():
    # Two place names count as one cue together: not enough for a theme.
    assert themes_of(ON_SUBJECT + " Raqqa and Mosul are in the north.") == [[], []]
    # ...but a place with a cue of the theme is.
    assert "territorial_loss" in themes_of(ON_SUBJECT + " The battle went on in Mosul.")[1]


def test_phrase_words_may_be_a_few_words_apart_but_not_across_little_words():
    assert "territorial_loss" in themes_of("They drove the ISIS fighters out.")[0]
    tags = tag_themes("He travelled to the region to fight for ISIS.", themes=TERMS_ONLY)
    assert "fight against" not in tags.loc[0, "evidence"].get("military_response", [])


def test_context_carries_a_theme_into_a_continuing_sentence():
    text = "ISIS fighters are scattering across the desert. They may hide for years."
    assert themes_of(text, context=True)[1] == ["dispersal"]
    assert themes_of(text, context=False)[1] == []


def test_scores_reflect_evidence_strength():
    tags = tag_themes("The fighters scattered. Fighters scattered, fled and melted away into the desert.", themes=TERMS_ONLY)
    assert tags.loc[1, "dispersal"] > tags.loc[0, "dispersal"] >= 1.0


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=300))
def test_tag_themes_invariants(text):
    tags = tag_themes(text, themes=TERMS_ONLY)
    assert len(tags) == len(split_sentences(text)) if text.strip() else len(tags) == 0
    for i, row in tags.iterrows():
        assert all(row[t] >= 0 for t in THEME_IDS)
        assert row["themes"] == [t.id for t in DEFAULT_THEMES if row[t.id] >= t.threshold - 1e-9]
        assert set(row["evidence"]) == set(row["themes"])  # evidence for the tags given only


# --------------------------------------------------------------------------- the domain

# Off-subject stories full of words the themes use: "returned home", "lost ground",
# "retake", "driven out", "a new home", "regain control", "expand into"...
OFF_SUBJECT = {
    "football report": (
        "United stormed back to retake the lead early in the second half. The visitors were driven "
        "out of their own half for long spells and lost ground in the title race. The striker, who "
        "returned home from Spain last summer, scored twice. The manager praised his side's attack "
        "and said the battle for the title was far from over."),
    "sitcom review": (
        "The comedian returns home to television with a new sitcom. He plays a failed actor who goes "
        "back home to live with his parents after his marriage collapses. The first episode has its "
        "moments, but the jokes soon run out of steam. The show may yet find a new home on a bigger "
        "channel."),
    "business story": (
        "The carmaker is returning home after a decade abroad, moving its headquarters back to "
        "Detroit. The firm has been losing ground to rivals in Europe and Asia and wants to regain "
        "control of its costs. Analysts said the relocation would help it win back customers and "
        "expand into new markets. Shares rose 4% on the news."),
}


@pytest.mark.parametrize("name", list(OFF_SUBJECT))
def test_an_off_subject_story_with_theme_words_gets_no_theme(name):
    text = OFF_SUBJECT[name]
    assert any(themes_of(text, domain=False))  # the words are there...
    tags = tag_themes(text, themes=TERMS_ONLY)  # ...but the story is not about the subject
    assert all(ts == [] for ts in tags["themes"])
    assert (tags[THEME_IDS] == 0).all().all()
    assert all(e == {} for e in tags["evidence"])


ISIS_PARAGRAPH = (
    "Mosul was the last big city the Islamic State held in Iraq. Its defenders slipped away into the "
    "desert before the end. Thousands of families are still trapped without food or water. Officials "
    "in Brussels fear that some will try to return home to Europe.")


def test_an_on_subject_paragraph_tags_sentences_that_do_not_name_the_group():
    tags = themes_of(ISIS_PARAGRAPH)
    assert "dispersal" in tags[1]
    assert "civilian_toll" in tags[2]
    assert "foreign_fighters" in tags[3]
    # Each of those sentences alone is not on the subject: it is the paragraph that is.
    for sentence in split_sentences(ISIS_PARAGRAPH)[1:]:
        assert themes_of(sentence) == [[]]
        assert themes_of(sentence, domain=False) != [[]]


def test_an_on_subject_passage_inside_an_off_subject_article_is_tagged():
    business = split_sentences(OFF_SUBJECT["business story"])
    filler = ["The company was founded in 1921.", "It employs 40,000 people.", "Its chief executive took over in May."]
    passage = ["Elsewhere, Islamic State militants were driven out of their last stronghold in Syria.",
               "Thousands of civilians fled the fighting."]
    sentences = business + filler + passage + filler + business
    tags = tag_themes(" ".join(sentences), themes=TERMS_ONLY)
    assert len(tags) == len(sentences)
    n = len(business) + len(filler)
    assert "territorial_loss" in tags.loc[n, "themes"] and "civilian_toll" in tags.loc[n + 1, "themes"]
    far = [i for i in range(len(sentences)) if not n - 2 <= i <= n + 1 + 2]  # within the window (2) of the passage
    assert all(tags.loc[i, "themes"] == [] for i in far)
    assert tag_themes(" ".join(sentences), themes=TERMS_ONLY, domain=False).loc[far, "themes"].map(bool).any()


@pytest.mark.parametrize(("text", "tagged"), [
    ("Coalition airstrikes hit the oil fields overnight.", True),  # a domain term in a short text
    ("Jihadists fled toward the border.", True),
    ("Analysts fear the group will seek a safe haven in Afghanistan.", False),  # one cue is not enough
    ("The company hopes to regain control of its costs.", False),
])
def test_a_single_sentence_needs_a_domain_term(text, tagged):
    assert bool(themes_of(text)[0]) is tagged
    assert themes_of(text, domain=False)[0]


VOLCANO = Domain(terms=("volcano", "lava"), cues=("ash",))
EVACUATION = Theme("evacuation", "Evacuation", "People leaving.", terms=["evacuate"], domain=VOLCANO)
FILLER = "The town hall is on the square."


def test_a_whole_text_is_in_the_domain_when_its_domain_words_are_dense_enough():
    leave = "People were told to evacuate."
    assert themes_of(leave, themes=[EVACUATION]) == [[]]
    assert themes_of(f"The volcano erupted. {leave}", themes=[EVACUATION]) == [[], ["evacuation"]]
    # Ash is a cue: half a term, and a text needs at least one term's weight.
    assert themes_of(f"Ash fell. {leave}", themes=[EVACUATION]) == [[], []]
    # One term in eight sentences is less than the density 0.25, and less than the window's 2.0.
    text = " ".join([f"The volcano erupted. {leave}"] + [FILLER] * 6)
    assert themes_of(text, themes=[EVACUATION])[1] == []
    dense = Theme("evacuation", "Evacuation", "People leaving.", terms=["evacuate"],
                  domain=Domain(terms=("volcano",), density=0.1))
    assert themes_of(text, themes=[dense])[1] == ["evacuation"]


@pytest.mark.parametrize("window", [0, 1, 2, 3])
def test_a_sentence_is_in_the_domain_when_its_neighbourhood_is(window):
    theme = Theme("evacuation", "Evacuation", "People leaving.", terms=["evacuate"],
                  domain=Domain(terms=("volcano", "lava"), window=window))
    sentences = ["People were told to evacuate."] * 10 + ["The volcano poured out lava."] + \
        ["People were told to evacuate."] * 10
    tags = themes_of(" ".join(sentences), themes=[theme])
    assert [i for i, ts in enumerate(tags) if ts] == [i for i in range(21) if 0 < abs(i - 10) <= window]


def test_themes_without_a_domain_and_domain_false_score_every_sentence():
    plain = Theme("evacuation", "Evacuation", "People leaving.", terms=["evacuate"])
    text = "People were told to evacuate."
    assert themes_of(text, themes=[plain]) == themes_of(text, themes=[EVACUATION], domain=False) == [["evacuation"]]


ON_AND_OFF = [ISIS_PARAGRAPH, *OFF_SUBJECT.values(), *(sentence for sentence, _ in GENERALIZES)]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from([s for text in ON_AND_OFF for s in split_sentences(text)]), max_size=12))
def test_the_domain_only_ever_removes_tags(sentences):
    text = " ".join(sentences)
    with_domain, without = themes_of(text), themes_of(text, domain=False)
    assert len(with_domain) == len(without)
    assert all(set(a) <= set(b) for a, b in zip(with_domain, without))


# --------------------------------------------------------------------------- the seeds


SEEDS = sorted((ROOT / "seeds").glob("*.txt"))


def _shares(path: Path) -> dict[str, float]:
    from toolkit import load_article

    tags = tag_themes(load_article(path))
    return {t: sum(t in ts for ts in tags["themes"]) / len(tags) for t in THEME_IDS}


def test_the_seeds_keep_their_contrasts():
    old, new = (_shares(p) for p in SEEDS)  # 2016 (Sirte, a foothold elsewhere), 2017 (after Mosul)
    assert old["new_havens"] > 0.1 and new["new_havens"] == 0
    assert new["foreign_fighters"] > 0.1 and old["foreign_fighters"] == 0
    assert new["ideology_resurgence"] > 0.1 and old["ideology_resurgence"] == 0
    assert old["territorial_loss"] > 0.1 and new["territorial_loss"] > 0.1
    assert new["dispersal"] > 0.1 and old["dispersal"] > 0
