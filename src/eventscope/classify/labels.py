"""The event label set: the 30 CASE-2021 Task 2 classes and how they map to ACLED, PLOVER and CAMEO.

Twenty-five labels are ACLED sub-event types written in UPPER_SNAKE (as in the CASE-2021 shared task);
five are non-ACLED classes added by CASE (ORG_CRIME, NATURAL_DISASTER, MAN_MADE_DISASTER, DIPLO, ATTRIB).

CAMEO quad classes: 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import DataError

__all__ = [
    "LabelInfo",
    "LABELS",
    "LABEL_NAMES",
    "ACLED_EVENT_TYPES",
    "label_info",
    "label_family",
    "label_from_acled",
    "normalise_label",
]

ACLED_EVENT_TYPES: tuple[str, ...] = (
    "Battles",
    "Explosions/Remote violence",
    "Violence against civilians",
    "Protests",
    "Riots",
    "Strategic developments",
)


@dataclass(frozen=True)
class LabelInfo:
    """One event class and its equivalents in the other ontologies."""

    label: str  # CASE-2021 label, e.g. "ARMED_CLASH"
    acled_event_type: str | None  # e.g. "Battles"; None for the non-ACLED classes
    acled_sub_event_type: str | None  # ACLED display name, e.g. "Armed clash"
    plover: str | None  # default PLOVER type; None where PLOVER has no fitting type
    quad: int | None  # CAMEO quad class 1..4
    title: str  # short human-readable name


_B, _E, _V = "Battles", "Explosions/Remote violence", "Violence against civilians"
_P, _R, _S = "Protests", "Riots", "Strategic developments"

LABELS: tuple[LabelInfo, ...] = (
    LabelInfo("ARMED_CLASH", _B, "Armed clash", "ASSAULT", 4, "Armed clash"),
    LabelInfo("GOV_REGAINS_TERIT", _B, "Government regains territory", "ASSAULT", 4,
              "Government regains territory"),
    LabelInfo("NON_STATE_ACTOR_OVERTAKES_TER", _B, "Non-state actor overtakes territory", "ASSAULT", 4,
              "Non-state actor overtakes territory"),
    LabelInfo("AIR_STRIKE", _E, "Air/drone strike", "ASSAULT", 4, "Air or drone strike"),
    LabelInfo("SUIC_BOMB", _E, "Suicide bomb", "ASSAULT", 4, "Suicide bombing"),
    LabelInfo("REM_EXPLOS", _E, "Remote explosive/landmine/IED", "ASSAULT", 4,
              "Remote explosive, landmine or IED"),
    LabelInfo("ART_MISS_ATTACK", _E, "Shelling/artillery/missile attack", "ASSAULT", 4,
              "Shelling, artillery or missile attack"),
    LabelInfo("GRENADE", _E, "Grenade", "ASSAULT", 4, "Grenade attack"),
    LabelInfo("CHEM_WEAP", _E, "Chemical weapon", "ASSAULT", 4, "Chemical weapon attack"),
    LabelInfo("ATTACK", _V, "Attack", "ASSAULT", 4, "Attack on civilians"),
    LabelInfo("ABDUCT_DISSAP", _V, "Abduction/forced disappearance", "ASSAULT", 4,
              "Abduction or forced disappearance"),
    LabelInfo("SEX_VIOL", _V, "Sexual violence", "ASSAULT", 4, "Sexual violence"),
    LabelInfo("PEACE_PROTEST", _P, "Peaceful protest", "PROTEST", 4, "Peaceful protest"),
    LabelInfo("PROTEST_WITH_INTER", _P, "Protest with intervention", "PROTEST", 4,
              "Protest with intervention"),
    LabelInfo("FORCE_AGAINST_PROTEST", _P, "Excessive force against protesters", "COERCE", 4,
              "Excessive force against protesters"),
    LabelInfo("VIOL_DEMONSTR", _R, "Violent demonstration", "PROTEST", 4, "Violent demonstration"),
    LabelInfo("MOB_VIOL", _R, "Mob violence", "ASSAULT", 4, "Mob violence"),
    LabelInfo("ARREST", _S, "Arrests", "COERCE", 4, "Arrests"),
    LabelInfo("PROPERTY_DISTRUCT", _S, "Looting/property destruction", "COERCE", 4,
              "Looting or property destruction"),
    LabelInfo("DISR_WEAP", _S, "Disrupted weapons use", "COERCE", 4, "Disrupted weapons use"),
    LabelInfo("AGREEMENT", _S, "Agreement", "AGREE", 1, "Agreement"),
    LabelInfo("CHANGE_TO_GROUP_ACT", _S, "Change to group/activity", "MOBILIZE", 4,
              "Change to group or activity"),
    LabelInfo("HQ_ESTABLISHED", _S, "Headquarters or base established", "MOBILIZE", 4,
              "Headquarters or base established"),
    LabelInfo("NON_VIOL_TERRIT_TRANSFER", _S, "Non-violent transfer of territory", "RETREAT", 2,
              "Non-violent transfer of territory"),
    LabelInfo("OTHER", _S, "Other", None, None, "Other strategic development"),
    LabelInfo("ORG_CRIME", None, None, "ASSAULT", 4, "Organised crime"),
    LabelInfo("NATURAL_DISASTER", None, None, None, None, "Natural disaster"),
    LabelInfo("MAN_MADE_DISASTER", None, None, None, None, "Man-made disaster"),
    LabelInfo("DIPLO", None, None, "CONSULT", 1, "Diplomatic event"),
    LabelInfo("ATTRIB", None, None, "ACCUSE", 3, "Attribution of responsibility"),
)

LABEL_NAMES: tuple[str, ...] = tuple(info.label for info in LABELS)
_BY_LABEL = {info.label: info for info in LABELS}
# ACLED display names, matched case-insensitively and without surrounding space.
_BY_ACLED = {info.acled_sub_event_type.casefold(): info.label for info in LABELS if info.acled_sub_event_type}
# Spellings seen in other ACLED exports and in CASE-2021 data.
_ALIASES = {
    "suicide bombing": "SUIC_BOMB",
    "arrest": "ARREST",
    "shelling/artillery/missile": "ART_MISS_ATTACK",
    "excessive force against protestors": "FORCE_AGAINST_PROTEST",
}


def label_info(label: str) -> LabelInfo:
    """The table row for a label; ``DataError`` for an unknown one."""
    try:
        return _BY_LABEL[label]
    except KeyError:
        raise DataError(f"unknown event label {label!r}; known labels: {', '.join(LABEL_NAMES)}") from None


# ACLED's disorder families: political violence (battles, explosions, violence against civilians),
# demonstrations (protests, riots) and strategic developments. A trained model may weigh its signals per
# family (``Weights.families``).
_FAMILY_OF_TYPE = {
    "Battles": "political_violence",
    "Explosions/Remote violence": "political_violence",
    "Violence against civilians": "political_violence",
    "Protests": "demonstrations",
    "Riots": "demonstrations",
    "Strategic developments": "strategic",
}


def label_family(label: str) -> str:
    """The ACLED family of a label; "other" for the non-ACLED classes and labels of other sets."""
    info = _BY_LABEL.get(label)
    return _FAMILY_OF_TYPE.get(info.acled_event_type or "", "other") if info else "other"


def label_from_acled(sub_event_type: str) -> str:
    """Map an ACLED ``sub_event_type`` display name (e.g. "Air/drone strike") to its label."""
    key = " ".join(sub_event_type.split()).casefold()
    found = _BY_ACLED.get(key) or _ALIASES.get(key)
    if found is None:
        raise DataError(f"unknown ACLED sub-event type {sub_event_type!r}")
    return found


def normalise_label(value: str) -> str:
    """Accept a label ("ARMED_CLASH", "armed_clash") or an ACLED display name ("Armed clash")."""
    cleaned = value.strip()
    upper = cleaned.upper().replace(" ", "_").replace("-", "_")
    if upper in _BY_LABEL:
        return upper
    return label_from_acled(cleaned)
