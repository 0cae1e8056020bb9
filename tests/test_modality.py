"""Modality of event triggers, on the real parse of project-written sentences."""

from __future__ import annotations

import pytest

from eventscope.nlp.modality import modality, token_markers

CASES = [
    ("We must engage the Taliban in constructive dialogue.", "engage", "demanded"),
    ("The opposition called on the government to release the prisoners.", "release", "demanded"),
    ("Protesters called for talks with the minister.", "talks", "demanded"),
    ("Officials urged that troops withdraw.", "withdraw", "demanded"),
    ("The army did not attack the village.", "attack", "negated"),
    ("The army never shelled the town.", "shelled", "negated"),
    ("The ministry denied attacking the convoy.", "attacking", "negated"),
    ("No attack was reported.", "attack", "negated"),
    ("Russia will meet Ukraine.", "meet", "future"),
    ("Rebels are set to withdraw from the town.", "withdraw", "future"),
    ("The army is going to attack the city.", "attack", "future"),
    ("He plans to visit Paris.", "visit", "future"),
    ("Iran vowed to retaliate against Israel.", "retaliate", "future"),
    ("If the talks fail, Iran could resume enrichment.", "resume", "hypothetical"),
    ("China may impose sanctions on Lithuania.", "impose", "hypothetical"),
    ("China may impose sanctions on Lithuania.", "sanctions", "hypothetical"),
    ("Turkey launched an attack on Kurdish fighters.", "attack", "asserted"),
    ("Lavrov said that Russian troops attacked Kyiv.", "attacked", "asserted"),
    ("Blinken held talks with Wang Yi.", "talks", "asserted"),
    ("The rebels agreed to a ceasefire with the government.", "ceasefire", "asserted"),
    # A finite conjunct is coordinated with the main verb, not with the demanded infinitive.
    ("The envoy urged the junta to free the prisoners and criticized the army for the raids.", "criticized",
     "asserted"),
    ("The envoy urged the junta to free the prisoners and criticized the army for the raids.", "free", "demanded"),
    ("The junta denied that soldiers had detained the reporters.", "detained", "negated"),
    ("Officials will meet in Doha and sign the accord.", "sign", "future"),
    # Reported speech's "would" is a future-in-the-past; a conditional "would" stays hypothetical.
    ("The farmers said they would blockade the capital.", "blockade", "future"),
    ("The farmers would blockade the capital if the tax passed.", "blockade", "hypothetical"),
    ("Officials said the army could attack the town.", "attack", "hypothetical"),
    # Declared readiness is a stated intention.
    ("Syria is willing to withdraw its troops from Lebanon.", "withdraw", "future"),
    ("Libya offered to hand over the suspects.", "hand", "future"),
    # "sworn to fight" is often parsed as an adverbial clause; it is the sworn intention's content.
    ("Kurdish rebels have sworn to fight until Turkey withdraws.", "fight", "future"),
    # A demanded intention is a demand.
    ("The US must be ready to mediate between the two sides.", "mediate", "demanded"),
]


@pytest.mark.parametrize("sentence, word, expected", CASES)
def test_modality(nlp_model, sentence: str, word: str, expected: str) -> None:  # type: ignore[no-untyped-def]
    doc = nlp_model(sentence)
    token = next(t for t in doc if t.text == word)
    assert modality(token) == expected


def test_token_markers_only_reads_own_children(nlp_model) -> None:  # type: ignore[no-untyped-def]
    doc = nlp_model("He plans to visit Paris.")
    visit = next(t for t in doc if t.text == "visit")
    assert token_markers(visit) is None  # the future comes from "plans", not from "visit" itself
