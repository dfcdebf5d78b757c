"""The subject rule, the learned ThemeTagger, and theme files with examples and models."""
from __future__ import annotations

import json
import pickle
import random
import re
import time
import os
from pathlib import Path

import numpy as np
import pytest

from toolkit import DEFAULT_THEMES, load_themes, tag_themes
from toolkit.theme_model import ThemeTagger, is_furniture
from toolkit.themes import Subject, Theme, ThemeSet, as_themes

ROOT = Path(__file__).resolve().parents[1]
SPECIFIC = {"territorial_loss", "new_havens", "dispersal", "foreign_fighters", "leadership", "ideology_resurgence"}
RULES_ONLY = ThemeSet(DEFAULT_THEMES, subject=DEFAULT_THEMES.subject)  # evidence words + the subject rule


def themes_of(text: str, themes=DEFAULT_THEMES) -> list[list[str]]:
    return tag_themes(text, themes=themes)["themes"].tolist()


# --------------------------------------------------------------------------- the subject rule

STRONGHOLD = "{} fighters were driven out of their last stronghold in the north after a long siege."


@pytest.mark.parametrize("themes", [DEFAULT_THEMES, RULES_ONLY], ids=["learned", "terms + rules"])
@pytest.mark.parametrize("group", ["Al Qaeda", "Taliban", "Boko Haram", "Hezbollah"])
def test_another_groups_stronghold_gets_no_isis_theme(themes, group):
    assert "territorial_loss" not in themes_of(STRONGHOLD.format(group), themes)[0]
    assert "territorial_loss" in themes_of(STRONGHOLD.format("Islamic State"), themes)[0]


@pytest.mark.parametrize("themes", [DEFAULT_THEMES, RULES_ONLY], ids=["learned", "terms + rules"])
def test_a_sentence_naming_both_counts_as_about_the_subject(themes):
    text = "Boko Haram, which pledged allegiance to Islamic State last year, set up new bases in Chad."
    assert "new_havens" in themes_of(text, themes)[0]


def test_a_sentence_that_names_nobody_is_about_the_last_actor_named():
    taliban = ("The Taliban were driven out of Kunduz after a week of fighting. "
               "The group lost its last stronghold in the province.")
    isis = taliban.replace("The Taliban were", "Islamic State fighters were")
    assert not set(sum(themes_of(taliban, RULES_ONLY), [])) & SPECIFIC
    assert "territorial_loss" in themes_of(isis, RULES_ONLY)[1]


def test_a_text_that_never_names_the_subject_gets_only_generic_themes():
    text = ("Militants were driven out of the town after a siege. Thousands of civilians fled. "
            "Fighters scattered into the hills, and some plan attacks in Europe.")
    for themes in (DEFAULT_THEMES, RULES_ONLY):
        tags = set(sum(themes_of(text, themes), []))
        assert not tags & SPECIFIC
    assert set(sum(themes_of(text, ThemeSet(DEFAULT_THEMES)), [])) & SPECIFIC  # no subject: no rule


def test_other_actors_get_at_most_generic_themes_on_unseen_wording():
    text = ("Al-Shabaab militants lost control of the port town to African Union troops on Monday. "
            "The group has fled into the countryside, where it still has safe havens. "
            "Its leader, who took over in 2014, called on followers to regroup.")
    assert all(set(ts) <= {"military_response", "civilian_toll"} for ts in themes_of(text))


@pytest.mark.parametrize("line", [
    "BIGGEST DEFEAT", "(Reporting by Jane Doe; Editing by Tom Roe)", "DON'T MISS: ISIS loses Mosul",
    "Islamic State loses its last stronghold in Iraq", "A new caliphate?", "Going home?",
])
def test_headlines_credits_and_subheads_get_no_theme(line):
    assert is_furniture(line)
    text = "Islamic State fighters were driven out of Mosul on Sunday.\n\n" + line
    assert themes_of(text)[-1] == []


@pytest.mark.parametrize("line", ["Will the fighters go home to Europe?", '"Why?" he asked.', '"Why?'])
def test_a_question_that_is_a_sentence_is_not_a_subhead(line):
    assert not is_furniture(line)


def test_a_continuing_sentence_is_read_with_the_one_before():
    text = ("Islamic State fighters are scattering across the desert, officials said. "
            "They may hide there for years, melting into the villages.")
    assert "dispersal" in themes_of(text)[1]


# --------------------------------------------------------------------------- the learned tags


def test_learned_scores_are_probabilities_and_tags_follow_the_thresholds():
    tags = tag_themes("Iraqi forces retook Ramadi from Islamic State. Many ISIS fighters fled into the desert.")
    ids = [t.id for t in DEFAULT_THEMES]
    proba = tags[ids].to_numpy()
    assert ((proba >= 0) & (proba <= 1)).all()
    thresholds = DEFAULT_THEMES.model.thresholds_
    for i, row in tags.iterrows():
        assert row["themes"] == [t for k, t in enumerate(ids) if row[t] >= thresholds[k] - 1e-9]
        assert set(row["evidence"]) == set(row["themes"])


def test_the_evidence_of_a_learned_tag_is_words_of_the_sentence():
    sentence = "Iraqi troops recaptured the city of Ramadi from Islamic State militants on Sunday."
    tags = tag_themes(sentence)
    assert "territorial_loss" in tags.loc[0, "themes"]
    evidence = tags.loc[0, "evidence"]["territorial_loss"]
    assert 1 <= len(evidence) <= 4
    lowered = sentence.lower()
    assert all(w.lower() in lowered for w in evidence), evidence
    assert any(w.lower().startswith("recapture") for w in evidence)


def test_the_evidence_of_a_learned_tag_is_shown_as_the_sentence_writes_it():
    sentence = "The U.S.-led coalition kept striking Islamic State positions near Raqqa."
    evidence = tag_themes(sentence).loc[0, "evidence"]["military_response"]
    assert all(w in sentence for w in evidence), evidence  # "U.S.", not "u s"; "Raqqa", not "raqqa"
    assert all(len(w) > 1 for w in evidence)  # no "s" alone


@pytest.mark.parametrize("text", [
    "The chancellor set out his budget on Wednesday. Taxes on fuel will rise, he said.",
    "Iraqi forces retook Ramadi from Islamic State. Many ISIS fighters fled into the desert. "
    "The weather was mild.",
    "Taliban fighters seized a district in Helmand after air strikes killed 12 civilians. "
    "The Taliban said its fighters would hold the town.",
    "Police said the Islamic State recruit had tried to fly to Turkey. He was arrested at the airport.",
])
def test_tags_equal_the_full_computation_when_the_model_is_skipped(text, monkeypatch):
    """A text no theme may tag (outside the domain, not about the subject) skips the evidence
    terms and the model; the tags, scores and evidence are those of the full computation."""
    from toolkit.sentences import split_sentences
    from toolkit.theme_model import parse
    from toolkit.themes import _allowed, tag_arrays, tag_sentences

    themes = DEFAULT_THEMES
    sentences = split_sentences(text)
    parsed = parse(sentences, themes)  # everything, as before the shortcut
    keep = _allowed(parsed, themes, domain=True)
    scores = np.where(keep, themes.model.tag(parsed), 0.0)
    on = scores >= np.asarray(themes.model.thresholds_) - 1e-9
    got_scores, got_on, evidence = tag_arrays(sentences, themes, context=True)
    np.testing.assert_allclose(got_scores, scores)
    assert (got_on == on).all()
    assert [set(e) for e in evidence] == [{themes[k].id for k in np.flatnonzero(row)} for row in on]
    frame = tag_sentences(sentences, themes, context=True)
    assert frame["themes"].tolist() == [[themes[k].id for k in np.flatnonzero(row)] for row in on]
    if not keep.any():  # the shortcut: the model is not run at all
        monkeypatch.setattr(type(themes.model), "tag", lambda *a, **k: pytest.fail("the model ran"))
        assert not tag_arrays(sentences, themes, context=True)[1].any()


# --------------------------------------------------------------------------- the estimator

TRAIN = [
    ("Islamic State fighters were driven out of Ramadi by Iraqi troops.", ["territorial_loss", "military_response"]),
    ("The Islamic State lost Falluja, its oldest bastion in Iraq.", ["territorial_loss"]),
    ("Coalition jets struck Islamic State positions near Mosul overnight.", ["military_response"]),
    ("Islamic State militants fled toward the Syrian border.", ["dispersal"]),
    ("Thousands of civilians were trapped by Islamic State without food.", ["civilian_toll"]),
    ("The weather was mild in Baghdad on Sunday.", []),
    ("Islamic State set up a new branch in Libya.", ["new_havens"]),
    ("A French man who had joined Islamic State in Syria was arrested when he came home.", ["foreign_fighters"]),
]


def _fit(**kwargs) -> ThemeTagger:
    sentences, labels = zip(*TRAIN)
    kwargs.setdefault("min_examples", 0)  # the mechanics, on a handful of examples
    return ThemeTagger(themes=RULES_ONLY, **kwargs).fit(list(sentences), list(labels))


def test_the_tagger_is_a_scikit_learn_style_estimator():
    tagger = ThemeTagger(themes=RULES_ONLY, min_examples=0, C=2.0)
    assert not hasattr(tagger, "coef_") and tagger.C == 2.0  # __init__ only stores
    assert tagger.fit([s for s, _ in TRAIN], [t for _, t in TRAIN]) is tagger
    n = len(tagger.classes_)
    proba = tagger.predict_proba(["Iraqi troops drove Islamic State out of Hit."])
    assert proba.shape == (1, n) and ((0 <= proba) & (proba <= 1)).all()
    assert tagger.coef_.shape == (n, len(tagger.feature_names_)) and len(tagger.thresholds_) == n
    assert tagger.predict(["The weather was mild."]) == [[]]
    assert "fitted" in repr(tagger) and "\n" not in repr(tagger)


def test_the_fast_tfidf_equals_scikit_learns():
    tagger = DEFAULT_THEMES.model
    vocab = list(tagger.vocabulary_)
    rng = random.Random(0)
    docs = [[rng.choice(vocab + ["<unknown>"]) for _ in range(rng.randint(0, 30))] for _ in range(200)]
    ours, theirs = tagger._tfidf(docs), tagger.vectorizer_.transform(docs)
    assert np.allclose(ours.toarray(), theirs.toarray())


def test_a_model_round_trips_through_plain_data():
    tagger = _fit()
    again = ThemeTagger.from_dict(json.loads(json.dumps(tagger.to_dict())), themes=RULES_ONLY)
    texts = ["Iraqi troops drove Islamic State out of Hit.", "ISIS fighters fled into the desert."]
    assert np.allclose(again.predict_proba(texts), tagger.predict_proba(texts), atol=1e-4)
    assert again.predict(texts) == tagger.predict(texts)


def test_article_ids_group_sentences_into_articles():
    sentences = ["Islamic State fighters were driven out of the town.", "They fled into the desert."]
    tagger = _fit()
    alone = tagger.predict_proba(sentences)
    together = tagger.predict_proba(sentences, article_ids=["a", "a"])
    assert not np.allclose(alone[1], together[1])  # the second sentence continues the first
    assert np.allclose(tagger.predict_proba(sentences[::-1], article_ids=["x", "y"])[::-1], alone)


@pytest.mark.parametrize(("call", "message"), [
    (lambda t: t.fit("one sentence", [[]]), "sentences must be a list of str"),
    (lambda t: t.fit(["a", "b"], [[]]), "one list of themes per sentence"),
    (lambda t: t.fit(["a", "b"], ["dispersal", "dispersal"]), "a list of theme ids per sentence.*found 'dispersal'"),
    (lambda t: t.fit(["a"], [["no_such_theme"]]), "labels name a theme the theme set does not have: 'no_such_theme'"),
    (lambda t: t.fit([], []), "sentences is empty"),
    (lambda t: t.fit(["a", "b"], [[], []], article_ids=["x"]), "one article id per sentence"),
    (lambda t: ThemeTagger(C=0).fit(["a"], [[]]), "C must be a positive number"),
    (lambda t: ThemeTagger(threshold=1.5).fit(["a"], [[]]), "threshold must be 'auto' or a probability"),
    (lambda t: t.predict(["a"]), "not fitted yet"),
    (lambda t: t.fit(["a", "b"], [[], []], sample_weight=[1.0]), "sample_weight must give one value per sentence"),
    (lambda t: t.fit(["a"], [[]], sample_weight=[-1.0]), "sample_weight must be finite numbers >= 0"),
    (lambda t: t.fit(["a"], [[]], sample_weight=["heavy"]), "sample_weight must give one float per sentence"),
    (lambda t: t.fit(["a", "b"], [[], []], reference=[True]), "reference must give one value per sentence"),
    (lambda t: ThemeTagger(reference_scale=0).fit(["a"], [[]]), "reference_scale must be a positive number"),
])
def test_the_tagger_says_what_is_wrong(call, message):
    with pytest.raises((ValueError, TypeError), match=message):
        call(ThemeTagger(themes=RULES_ONLY))


def test_sample_weights_reach_the_logistic_regressions():
    sentences, labels = zip(*TRAIN)
    # Every sentence weighing 2 is the same problem as C twice as large.
    doubled = ThemeTagger(themes=RULES_ONLY, min_examples=0, threshold=0.5).fit(list(sentences), list(labels),
                                                                sample_weight=[2.0] * len(TRAIN))
    twice_c = ThemeTagger(themes=RULES_ONLY, min_examples=0, threshold=0.5, C=32.0).fit(list(sentences), list(labels))
    plain = ThemeTagger(themes=RULES_ONLY, min_examples=0, threshold=0.5).fit(list(sentences), list(labels))
    assert np.allclose(doubled.coef_, twice_c.coef_, atol=1e-3)
    assert not np.allclose(doubled.coef_, plain.coef_, atol=1e-2)


# Two sources that label one kind of sentence differently: only the reference says "new havens".
OTHERS = [(f"Islamic State claimed the bombing in {town}, a provincial town.", ["foreign_fighters"])
          for town in ("Jalalabad", "Sirte", "Derna", "Aden", "Arish", "Marawi", "Kandahar", "Sabratha")]
REFERENCE = [(f"Islamic State claimed the bombing in {town}, a provincial town.", ["foreign_fighters", "new_havens"])
             for town in ("Mukalla", "Dhaka", "Rafah", "Zinjibar")]
NEITHER = [("Iraqi troops drove Islamic State out of Hit.", ["territorial_loss", "military_response"]),
           ("The weather was mild in Baghdad on Sunday.", []),
           ("Coalition jets struck Islamic State positions near Mosul.", ["military_response"]),
           ("Civilians were trapped without food in the old city.", ["civilian_toll"])] * 2


def test_reference_sentences_have_the_last_word_where_sources_differ():
    data = OTHERS + REFERENCE + NEITHER
    sentences, labels = [s for s, _ in data], [t for _, t in data]
    is_reference = [False] * len(OTHERS) + [True] * (len(REFERENCE) + len(NEITHER))
    new = ["Islamic State claimed the bombing in Mogadishu, a provincial town."]
    k = [t.id for t in DEFAULT_THEMES].index("new_havens")
    pooled = ThemeTagger(themes=RULES_ONLY, min_examples=0, threshold=0.5).fit(sentences, labels)
    referenced = ThemeTagger(themes=RULES_ONLY, min_examples=0, threshold=0.5).fit(sentences, labels, reference=is_reference)
    assert referenced.predict_proba(new)[0, k] > pooled.predict_proba(new)[0, k] + 0.05
    # All reference (or none): one set of weights, the same model as without the argument.
    everyone = ThemeTagger(themes=RULES_ONLY, min_examples=0, threshold=0.5).fit(sentences, labels, reference=[True] * len(data))
    assert np.allclose(everyone.coef_, pooled.coef_)
    # The scale is kept with the model.
    again = ThemeTagger.from_dict(json.loads(json.dumps(referenced.to_dict())), themes=RULES_ONLY)
    assert again.reference_scale == referenced.reference_scale == 0.3


def test_a_theme_set_pickles_with_its_subject_and_model():
    again = pickle.loads(pickle.dumps(DEFAULT_THEMES))
    text = "Iraqi forces retook Ramadi from Islamic State."
    assert again.subject == DEFAULT_THEMES.subject
    assert tag_themes(text, themes=again).equals(tag_themes(text))


# --------------------------------------------------------------------------- a user's theme file

WEATHER = '''
[subject]
name = "the storm"
aliases = ["Hurricane Ida", "Ida"]
references = ["the storm"]

[[actor]]
name = "Hurricane Larry"
aliases = ["Larry"]

[[theme]]
id = "flooding"
label = "Flooding"
description = "Water where it should not be."
terms = ["flood", "flooding"]

[[theme]]
id = "damage"
label = "Damage"
description = "Broken things."
terms = ["destroyed", "damage"]
generic = true
'''

EXAMPLES = '''
[[example]]
text = "Ida left streets under water in New Orleans."
themes = ["flooding"]

[[example]]
text = "Ida sent water pouring into basements across the city."
themes = ["flooding"]

[[example]]
text = "Rivers rose over their banks as Ida passed."
themes = ["flooding"]

[[example]]
text = "Ida tore roofs off houses."
themes = ["damage"]

[[example]]
text = "Ida knocked down power lines."
themes = ["damage"]

[[example]]
text = "Ida made landfall on Sunday."
themes = []

[[example]]
text = "Officials held a press conference about Ida."
themes = []
'''


def _write(tmp_path: Path, text: str, name: str = "storm.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_users_file_without_examples_uses_its_words_and_its_subject(tmp_path):
    themes = load_themes(_write(tmp_path, WEATHER))
    assert isinstance(themes, ThemeSet) and themes.model is None and themes.subject.name == "the storm"
    assert themes_of("Ida caused flooding downtown.", themes) == [["flooding"]]
    assert themes_of("Larry caused flooding downtown.", themes) == [[]]  # another actor: subject-specific
    assert themes_of("Ida struck. Larry caused flooding.", themes)[1] == []
    assert themes_of("Ida struck. Larry destroyed the pier.", themes)[1] == ["damage"]  # generic: any actor
    assert themes_of("Larry caused flooding and destroyed the pier.", themes) == [["damage"]]


def test_a_few_examples_do_not_replace_a_themes_words(tmp_path):
    # Learned from two examples per theme, every sentence scored about the same (a newcomer's
    # bug report); such themes keep their evidence terms, and the warning says so.
    plain = load_themes(_write(tmp_path, WEATHER))
    with pytest.warns(UserWarning, match=r"evidence terms alone[^.]*: flooding \(3 with it\), damage \(2 with it\)"):
        themes = load_themes(_write(tmp_path, WEATHER + EXAMPLES, "storm_examples.toml"))
        model = themes.model
    assert len(themes.examples) == 7
    assert isinstance(model, ThemeTagger) and not model.learned_.any()
    text = ("Ida caused flooding downtown. Ida tore roofs off houses and destroyed the pier. "
            "Officials met on Monday. Larry caused flooding.")
    assert themes_of(text, themes) == themes_of(text, plain) == [["flooding"], ["damage"], [], []]
    tags = tag_themes(text, themes=themes)
    assert tags.loc[0, "flooding"] == pytest.approx(0.9) and tags.loc[2, "flooding"] == pytest.approx(0.1)
    assert tags.loc[0, "evidence"] == {"flooding": ["flooding"]}


MORE_EXAMPLES = "".join(f'''
[[example]]
text = "{text}"
themes = {themes}
''' for text, themes in [
    ("Ida left streets under water in New Orleans.", '["flooding"]'),
    ("Ida sent water pouring into basements across the city.", '["flooding"]'),
    ("Water stood waist-deep in the streets after Ida.", '["flooding"]'),
    ("Ida pushed the river over its banks.", '["flooding"]'),
    ("Residents waded through water after Ida passed.", '["flooding"]'),
    ("Ida swamped the lower floors of the hospital with water.", '["flooding"]'),
    ("Boats rescued families from rooftops as water rose after Ida.", '["flooding"]'),
    ("Ida left cars submerged in water on the highway.", '["flooding"]'),
    ("Water from Ida covered the airport runway.", '["flooding"]'),
    ("After Ida the levee failed and water filled the parish.", '["flooding"]'),
    ("Ida turned the main square into a lake of brown water.", '["flooding"]'),
    ("Ida knocked out phone service for a week.", "[]"),
    ("Schools reopened a week after Ida.", "[]"),
    ("Ida was the fifth hurricane of the season.", "[]"),
    ("Insurers counted the cost of Ida on Friday.", "[]"),
    ("The president flew over the coast to see what Ida had done.", "[]"),
    ("Ida tore roofs off houses.", '["damage"]'),
    ("Ida destroyed the pier.", '["damage"]'),
    ("Ida knocked down power lines.", '["damage"]'),
    ("Ida made landfall on Sunday.", "[]"),
    ("Officials held a press conference about Ida.", "[]"),
    ("Ida weakened to a tropical storm by Monday.", "[]"),
    ("Forecasters tracked Ida across the gulf.", "[]"),
    ("The governor spoke about Ida on the radio.", "[]"),
])


def test_a_users_file_with_enough_examples_learns_what_its_words_miss(tmp_path):
    plain = load_themes(_write(tmp_path, WEATHER))
    with pytest.warns(UserWarning, match=r"evidence terms alone[^.]*: damage \(3 with it\)\."):
        themes = load_themes(_write(tmp_path, WEATHER + MORE_EXAMPLES, "storm_examples.toml"))
        model = themes.model  # damage: three examples, too few to learn from
    assert model.learned_.tolist() == [True, False]
    text = "Ida left the streets of Baton Rouge under water."  # no evidence word of "flooding"
    assert themes_of(text, plain) == [[]]
    tags = tag_themes(text, themes=themes)
    assert "flooding" in tags.loc[0, "themes"]
    assert "water" in tags.loc[0, "evidence"]["flooding"]  # the words behind it
    assert themes_of("Larry left the streets of Baton Rouge under water.", themes) == [[]]  # another storm


def test_a_theme_keeps_its_words_where_they_tag_its_examples_better():
    # Enough examples, all tagged by the theme's own words already: the words are kept (a
    # tie goes to them); min_examples=0 learns every theme with a contrast, as before.
    places = ["Raqqa", "Mosul", "Sirte", "Falluja", "Ramadi", "Palmyra", "Manbij", "Tikrit"]
    sentences = [f"Islamic State fighters fled {p} overnight." for p in places] + \
                [f"Trade talks resumed in {p} on Monday." for p in places]
    labels = [["dispersal"]] * len(places) + [[]] * len(places)
    ids = list(range(len(sentences)))
    with pytest.warns(UserWarning, match=r"evidence terms alone[^.]*dispersal \(8 with it\)"):
        tagger = ThemeTagger(themes=RULES_ONLY).fit(sentences, labels, article_ids=ids)
    k = tagger.classes_.index("dispersal")
    assert not tagger.learned_[k] and tagger.n_train_[k] == 8
    assert tagger.predict(["Islamic State fighters fled Hit.", "Trade talks resumed."]) == [["dispersal"], []]
    learned = ThemeTagger(themes=RULES_ONLY, min_examples=0).fit(sentences, labels, article_ids=ids)
    assert (learned.learned_ == (learned.n_train_ > 0)).all()
    again = ThemeTagger.from_dict(tagger.to_dict(), themes=RULES_ONLY)
    assert (again.learned_ == tagger.learned_).all()
    probe = ["Islamic State fighters were driven out of Hit.", "The weather was fine."]
    assert np.allclose(again.predict_proba(probe), tagger.predict_proba(probe))


def test_a_theme_file_path_is_read_and_fitted_once_until_it_changes(tmp_path):
    path = _write(tmp_path, WEATHER + EXAMPLES, "storm_examples.toml")
    text = "Ida left the streets of Baton Rouge under water."
    first = tag_themes(text, themes=str(path))
    assert as_themes(str(path)) is as_themes(path)  # one ThemeSet, its model fitted once
    assert as_themes(str(path)).model is as_themes(str(path)).model
    assert first["themes"].tolist() == tag_themes(text, themes=str(path))["themes"].tolist()
    old = as_themes(path)
    path.write_text(WEATHER, encoding="utf-8")  # edited: no examples any more
    os.utime(path, ns=(time.time_ns(), time.time_ns() + 10**9))
    assert as_themes(path) is not old and as_themes(path).model is None
    with pytest.raises((FileNotFoundError, ValueError), match="missing.toml"):
        as_themes(tmp_path / "missing.toml")


def test_a_users_file_can_name_a_model_file(tmp_path):
    themes = load_themes(_write(tmp_path, WEATHER + EXAMPLES))
    (tmp_path / "storm_model.json").write_text(json.dumps(themes.model.to_dict()), encoding="utf-8")
    with_model = load_themes(_write(tmp_path, 'model = "storm_model.json"\n' + WEATHER, "with_model.toml"))
    text = "Ida left the streets of Baton Rouge under water."
    a, b = tag_themes(text, themes=with_model), tag_themes(text, themes=themes)
    assert a["themes"].tolist() == b["themes"].tolist()
    assert np.allclose(a[["flooding", "damage"]], b[["flooding", "damage"]], atol=1e-4)


@pytest.mark.parametrize(("text", "message"), [
    ('[subject]\nname = "the storm"\n' + WEATHER.split("[[actor]]")[1].join(["[[actor]]", ""]),
     "the subject 'the storm' has no aliases"),
    ('[subject]\nname = "the storm"\naliases = []\n[[theme]]\nid = "x"\nlabel = "X"\ndescription = "X."\nterms = ["x"]\n',
     "has no aliases"),
    ('[[actor]]\nname = "Larry"\naliases = ["Larry"]\n[[theme]]\nid = "x"\nlabel = "X"\ndescription = "X."\nterms = ["x"]\n',
     "has no \\[subject\\] table"),
    (WEATHER + '[[example]]\ntext = "Ida came."\nthemes = ["wind"]\n', "example #1 .*unknown theme 'wind'"),
    (WEATHER + '[[example]]\ntext = ""\nthemes = []\n', "text must be a non-empty sentence"),
    (WEATHER + '[[example]]\ntext = "Ida came."\n', "example #1 .*missing 'themes'"),
    (WEATHER.replace("generic = true", 'generic = "yes"'), "generic must be true or false"),
])
def test_bad_theme_files_say_what_is_wrong(tmp_path, text, message):
    with pytest.raises(ValueError, match=message):
        load_themes(_write(tmp_path, text))


def test_a_model_that_does_not_match_the_theme_file_is_refused(tmp_path):
    themes = load_themes(_write(tmp_path, WEATHER + EXAMPLES))
    data = themes.model.to_dict()
    (tmp_path / "m.json").write_text(json.dumps(data), encoding="utf-8")
    other_words = WEATHER.replace('terms = ["flood", "flooding"]', 'terms = ["inundation"]')
    with pytest.warns(UserWarning, match="built for other evidence words"):
        edited = load_themes(_write(tmp_path, 'model = "m.json"\n' + other_words, "other.toml"))
    assert isinstance(edited.model, ThemeTagger) and len(tag_themes("Ida caused an inundation.", themes=edited)) == 1
    other_ids = WEATHER.replace('id = "damage"', 'id = "harm"')
    with pytest.raises(ValueError, match="built for the themes.*drop the 'model' line"):
        load_themes(_write(tmp_path, 'model = "m.json"\n' + other_ids, "ids.toml"))
    (tmp_path / "bad.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(ValueError, match="could not read theme model"):
        load_themes(_write(tmp_path, 'model = "bad.json"\n' + WEATHER, "bad.toml"))
    with pytest.raises(FileNotFoundError, match="names the model 'nope.json'"):
        load_themes(_write(tmp_path, 'model = "nope.json"\n' + WEATHER, "missing.toml"))


def test_a_copy_of_the_default_theme_file_keeps_the_shipped_model(tmp_path):
    from importlib import resources

    text = resources.files("toolkit.data").joinpath("themes.toml").read_text(encoding="utf-8")
    copy = load_themes(_write(tmp_path, text, "my_themes.toml"))
    sentence = "Iraqi forces retook Ramadi from Islamic State."
    assert tag_themes(sentence, themes=copy)["themes"].tolist() == tag_themes(sentence)["themes"].tolist()
    edited = text.replace('"stronghold", "bastion"', '"stronghold", "bastion", "citadel"')
    with pytest.warns(UserWarning, match="built for other evidence words"):
        mine = load_themes(_write(tmp_path, edited, "edited.toml"))
    assert "territorial_loss" in tag_themes(sentence, themes=mine)["themes"][0]


def test_a_theme_with_only_positive_examples_falls_back_on_its_words(tmp_path):
    one = WEATHER + '[[example]]\ntext = "Ida left streets under water."\nthemes = ["flooding"]\n'
    themes = load_themes(_write(tmp_path, one))
    assert themes_of("Ida flooded the town. Ida moved north.", themes) == [["flooding"], []]


@pytest.mark.parametrize("text", ["", "  \n\t ", "..."])
def test_a_text_with_no_sentence_gives_an_empty_or_untagged_frame(text):
    tags = tag_themes(text)
    assert list(tags.columns)[:2] == ["sentence", "themes"]
    assert all(ts == [] for ts in tags["themes"])


def test_a_subject_needs_aliases():
    with pytest.raises(ValueError, match="has no aliases"):
        Subject("ISIS", [])
    with pytest.raises(TypeError, match="subject must be a Subject"):
        ThemeSet([Theme("x", "X", "X.", terms=["x"])], subject="ISIS")  # type: ignore[arg-type]


# --------------------------------------------------------------------------- against the labelled articles


def test_cross_validated_tags_beat_the_previous_tagger(shared_data):
    if not (shared_data / "isis_themes_dev.jsonl").is_file():
        pytest.skip("isis_themes_dev.jsonl not found")
    from benchmarks import bench_themes as bench
    dev = bench.dev_articles(shared_data)
    learned, _ = bench.cross_validated(dev + bench.seed_articles(), folds=5, extra=bench.written_articles())
    now, _ = bench.score(dev, learned[:len(dev)])
    before, _ = bench.score(dev, [bench.tag(a.sentences, bench.BEFORE) for a in dev])
    # Measured (make bench-themes, split 0): F1 0.733 against 0.566; false tags 3.9% against 18.0%.
    assert now["F1"] > before["F1"] + 0.05
    assert now["related false"] <= 0.05 < before["related false"]


def test_written_training_articles_are_well_formed():
    """Every written article has sentences in order, each with known theme ids, and every
    theme has positives and negatives to learn from."""
    from benchmarks.theme_data import WRITTEN, written_articles
    written = written_articles()
    assert written, f"no written training articles in {WRITTEN}"
    ids = {t.id for t in DEFAULT_THEMES}
    seen: set[str] = set()
    for art in written:
        assert len(art.sentences) >= 3, art.id
        for sentence, must in zip(art.sentences, art.must):
            assert isinstance(sentence, str) and sentence.strip(), art.id
            assert must <= ids, (art.id, sorted(must - ids))
            assert sentence not in seen, f"{art.id}: a sentence written twice: {sentence!r}"
            seen.add(sentence)
        if not art.on_topic:  # rule 1: another group's story gets no ISIS theme unless it names ISIS
            for sentence, must in zip(art.sentences, art.must):
                assert not must or re.search(r"Islamic State|ISIS|ISIL|Daesh", sentence), (art.id, sentence)
    for theme in ids:
        assert sum(theme in m for a in written for m in a.must) >= 30, theme


def test_written_training_articles_are_not_taken_from_the_labelled_set(shared_data):
    """The written articles are an independent source: no sentence of them (nor a long run of
    words) comes from the labelled articles the benchmark scores the model on."""
    if not (shared_data / "isis_themes_dev.jsonl").is_file():
        pytest.skip("isis_themes_dev.jsonl not found")
    from benchmarks.theme_data import dev_articles, written_articles

    def runs(text: str, n: int = 8) -> set[tuple[str, ...]]:
        words = re.findall(r"\w+", text.lower())
        return {tuple(words[i:i + n]) for i in range(len(words) - n + 1)}

    labelled = set().union(*(runs(s) for a in dev_articles(shared_data) for s in a.sentences))
    copied = [s for a in written_articles() for s in a.sentences if runs(s) & labelled]
    assert not copied, copied[:3]


def test_air_strike_lists_are_military_response_not_leadership():
    """The shipped demo corpus (CENTCOM strike releases): a strike on "an ISIL tactical unit" is
    no leader. The first model read the article's mix of themes and put leadership on 57% of
    these sentences; it must stay rare, and the strikes must stay military response.

    Left out: "Near Al Baghdadi, one strike ...". Al Baghdadi is a town in Anbar that shares
    the caliph's name, and the word alone cannot tell them apart: those sentences get
    leadership (a known limit, in the README's theme notes)."""
    rows = [json.loads(line) for line in (ROOT / "corpus" / "isis_open_news.jsonl").open(encoding="utf-8")]
    leader = re.compile(r"leader|command|chief|emir|head|minister|spokes|senior|official|baghdadi", re.I)
    n = lead = military = 0
    for row in rows[::4]:
        tags = tag_themes(row["text"])
        for sentence, themes in zip(tags["sentence"], tags["themes"]):
            if re.search(r"\bstrikes?\b", sentence) and not leader.search(sentence):
                n += 1
                lead += "leadership" in themes
                military += "military_response" in themes
    assert n > 100
    assert lead / n < 0.03 and military / n > 0.6, (lead / n, military / n)
