"""Definition cues for the lexical head: who was hurt, whether two armed sides fought, and what a crowd
and the police did.

ACLED's definitions turn on the participants, not the verb:

- an *armed clash* is two armed, organised sides fighting (gunmen shooting a police officer, a soldier
  or at a police station counts); an *attack* is violence on civilians or other unarmed people;
- a *violent demonstration* is demonstrators who are themselves violent (stones, burning barricades,
  storming a building); *mob violence* is violence by an unorganised group where there is no
  demonstration at all (a lynching, vigilantes, two parties' supporters fighting, villagers or two
  families fighting each other or the police, a prison riot, a crowd stoning the police who stopped it
  at a checkpoint or enforced a lockdown, a fight with machetes and sticks);
- a *protest with intervention* is a peaceful protest the police dispersed, arrested or broke up;
  *excessive force* is lethal or grave force (live fire, protesters killed) against it;
- an officer or soldier off duty, at home or retired counts as a civilian (an attack, not a clash), and a
  crowd punishing a suspected thief or witch itself, or freeing one from the police, is mob violence;
- *disrupted weapons use* is a weapon kept from use: intercepted or shot down, defused, failed to
  explode, or gone off in its makers' hands; seized weapons count too, but also follow clashes.

A bag of words sees "gunmen", "shot", "officer" or "police", "protesters", "stones" either way; these
cues look at the words around a verb (its subject and object, or the subject of a passive) and at what
else the text says (is there a protest at all?). They are features the regression learns weights for
from the user's labels, never rules: the lexical head uses them once a user's thousands of texts can
weigh them (``engine.LexicalFeatures``), and the project's descriptions and examples carry them too.
"""

from __future__ import annotations

import re

__all__ = ["definition_cues"]

_ARMED = (r"(?:police\w*|policem[ae]n|officers?|soldiers?|fighters?|militants?|militiam[ae]n|militias?|"
          r"troops|army|guards?|commanders?|gunm[ae]n|rebels?|gang members?|"
          # Members of a named group, but not of a community, tribe or family ("members of the Tuareg
          # Imghad community" are civilians).
          # (\b: the name whole, else "members of the Tuareg Imghad community" matched on "Tuare".)
          r"members? of (?:the )?(?-i:[A-Z])\w+\b"
          r"(?!(?:\s+(?-i:[A-Z])\w+)*\s+(?:community|communities|tribe|clan|family))|"
          r"insurgents?|combatants?|agents?|personnel|forces?|checkpoints?|barracks|patrols?|convoys?|"
          r"(?:military|army) (?:base|post|camp|position|unit)s?|bodyguards?|separatists?|jihadists?|"
          # Ranks name a soldier or an officer without saying so ("shot dead a regime's 1st lieutenant").
          r"lieutenants?|captains?|colonels?|sergeants?|corporals?|rangers?|constables?|"
          # An acronym's members are an armed group's or a force's ("2 NDS members"), case kept.
          r"(?-i:[A-Z]{2,}\w*) members?)")
_CIVILIAN = (r"(?:civilians?|wom[ae]n|m[ae]n|child(?:ren)?|boys?|girls?|farmers?|teachers?|traders?|"
             r"residents?|villagers?|worshippers?|students?|journalists?|persons?|people|family|families|"
             r"herders?|shepherds?|motorists?|passengers?|driver|elder(?:ly)?|activists?|leaders?|"
             # People by office or trade rather than by arms: still civilians to ACLED.
             r"sheikhs?|imams?|priests?|pastors?|clerics?|mayors?|councill?ors?|officials?|businessm[ae]n|"
             r"doctors?|nurses?|lawyers?|judges?|candidates?|politicians?|chiefs? of (?:the )?village|"
             r"village (?:head|chief)s?|employees?|workers?|vendors?|shopkeepers?|fishermen|miners?)")
_VIOLENT_VERBS = (r"killed|shot(?: dead| and killed)?|shot at|attacked|wounded|injured|stabbed|beat(?:en)?|"
                  r"assaulted|abducted|kidnapped|lynched|hacked|ambushed|targeted|opened fire (?:on|at)|"
                  r"opened fire against|fired (?:on|at)|shooting (?:at|against)")
_VIOLENT = r"(?:" + _VIOLENT_VERBS + r")"
# Between the verb and the victim: "and wounded", "dead", numbers, articles, names and possessives, and
# a few other words, but never a preposition that names the doer or the scene ("killed by gunmen",
# "killed a man at a checkpoint").
_FILL = (r"(?:\s+(?:and\s+\w+|dead|\d+|a|an|the|two|three|several|one|local|[A-Z]\w*'?s?|\w+'s))*\s+"
         r"(?:(?!(?:by|during|after|at|in|with|when|while|near|from)\b)\w+\s+){0,3}")
_PASSIVE = (r"\s+(?:\w+\s+){0,5}(?:was|were)\s+(?:also\s+|\w+ly\s+)?(?:" + _VIOLENT_VERBS +
            r"|found dead|shot to death)")
# The same with a relative clause between the victim and its verb ("traffic police who tried to stop
# two men on a motorcycle were shot"): the men of the clause are not the victims.
_PASSIVE_RELATIVE = (r",?\s+(?:who|that)\b[^.;]{0,80}?\s(?:was|were)\s+(?:also\s+|\w+ly\s+)?(?:" +
                     _VIOLENT_VERBS + r")")

# A side of a fight that is no armed organisation (see ``civil_clash``).
_CIVIL_SIDE = (r"(?:residents|villagers|youths|workers|shopkeepers|traders|vendors|citizens|locals|families|"
               r"groups|supporters|labou?rers|students|farmers|herders|fishermen|merchants|people|"
               r"activists|nationals|sellers|refugees|migrants|Palestinians|men|journalists|employees|fans|"
               r"neighbou?rs|relatives)")

# Protest cues. A protest word anywhere; the police acting on the crowd; the crowd acting violently.
_PROTEST = re.compile(r"\b(?:protest\w*|demonstrat\w*|rall(?:y|ied|ies)|march(?:ed|es)?|sit-in|"
                      r"picket\w*|strike|gathered|to demand|"
                      r"blocked (?:the |a )?(?:main )?(?:road|street|highway|avenue)s?)\b", re.I)
_POLICE = (r"(?:police\w*|policem[ae]n|officers|(?:security|military|riot) forces|soldiers|troops|"
           r"gendarme\w*|army|(?:security )?guards)")
_INTERVENE = (r"(?:dispers\w+|arrest\w*|detain\w*|intervened|interfered|broke (?:it |them )?up|"
              r"removed|prevented|stopped|blocked|suppress\w*|cleared|"
              r"used (?:force|tear ?gas|water cannons?)|fired tear ?gas|tear ?gas|water cannons?|"
              r"rubber bullets|pepper spray|batons?|lathi[- ]?charg\w*|"
              r"(?:warning )?shots (?:in|into) the air)")
_LETHAL = (r"(?:killed|shot (?:dead|and killed)|live (?:ammunition|bullets|rounds|fire)|opened fire|"
           r"fired (?:live|bullets|on|at)|shot at)")
_CROWD = (r"(?:protesters|demonstrators|rioters|crowds?|mob|residents|villagers|locals|people|persons|"
          r"prisoners|inmates|youths?|relatives|workers|students|traders|merchants|supporters)")
_CROWD_VIOLENT = (r"(?:threw|hurled|pelted|burn(?:ed|t|ing)|torched|set fire|set ablaze|vandali[sz]ed|"
                  r"attacked|stormed|broke into|damaged|looted|ransacked|destroyed|clashed|stoned|"
                  r"assaulted|beat)")
# Violence of a group that is no crowd of demonstrators: a mob, vigilantes, two camps' supporters.
_MOB = re.compile(r"\b(?:mob|lynch\w*|vigilant\w*|jungle justice|angry (?:residents|villagers|locals)|"
                  # The supporters as the doers, not as the victims ("supporters of the party were
                  # assaulted by unknown people" is an attack on civilians).
                  r"supporters of (?:two|rival|the)"
                  r"(?![^.]{0,40}\b(?:was|were) (?:\w+ )?(?:assaulted|attacked|"
                  r"beaten|killed|injured|wounded|shot|stabbed|abducted))|"
                  r"rival (?:groups|supporters|factions of supporters)|"
                  r"beaten (?:up )?by (?:locals|residents|villagers|a group))\b", re.I)
# Crowd violence rather than armed violence: stones and sticks, beatings, arson, vandalism.
_GROUP_VIOLENCE = re.compile(r"\b(?:threw stones|stones|rocks|sticks|pelted|stoned|beat(?:en)?(?: up)?|"
                             r"assaulted|vandali[sz]ed|lynched|torched|set (?:fire|ablaze)|brawl|scuffle)\b",
                             re.I)

# Crowd violence met while the police or officials were enforcing a rule (a lockdown, a checkpoint, an
# order to disperse): ACLED's mob violence when the text shows no demonstration ("migrant workers threw
# stones at police at a check post after their buses were stopped"). Joined with the absence of a
# protest word in ``definition_cues``.
_ENFORCEMENT = re.compile(r"\b(?:enforc\w+|(?:was|were|being|got) (?:\w+ )?stopped|"
                          r"(?:asked|told|ordered) (?:\w+ ){0,2}to "
                          r"(?:disperse|go home|stay (?:at )?home|leave|close)|"
                          r"tr(?:y|ied|ying) to "
                          r"(?:stop|intercept|arrest|detain|disperse|enforce|quarantine|seal)|"
                          r"forced (?:\w+ ){0,3}to (?:stop|close|leave)|"
                          r"not allowed to (?:proceed|pass|cross|enter|go)|"
                          r"check ?-?posts?|checkpoints?|containment zone|quarantine|lockdown|curfew|"
                          r"social distancing|restrictions)\b", re.I)
# Fighting with blades, sticks and stones rather than guns: the weapons of a mob or of two parties'
# supporters, not of two armed organisations.
_MELEE = re.compile(r"\b(?:machetes?|knives|knife|axes|sticks|clubs|iron rods|bows and arrows|arrows|"
                    r"spears|swords|stones|bricks|rods|batons)\b", re.I)
# Party members, supporters or youth wings as the doers of violence (political violence by people who
# are no armed group: ACLED's mob violence).
_PARTY_VIOLENT = re.compile(r"\b(?:party|opposition|ruling)\b[^.;]{0,40}?\b(?:members|supporters|activists|"
                            r"cadres|workers|youths?|followers)\b(?:\s+\w+){0,2}?\s+(?:\w+ly\s+)?(?:beat|"
                            r"attacked|assaulted|clashed|fought|pelted|stoned|threw|vandali[sz]ed|torched|"
                            r"chased|injured)\b|\b(?:activists|cadres|supporters|members) of (?:the )?"
                            r"(?:\w+ ){0,3}(?:party|opposition)\b[^.;]{0,30}?(?<!was )(?<!were )(?<!been )"
                            r"\b(?:beat|attacked|assaulted|clashed|fought|pelted|stoned|vandali[sz]ed)\b",
                            re.I)

_CUES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("victim_armed", re.compile(_VIOLENT + _FILL + _ARMED + r"\b")),
    ("victim_civilian", re.compile(_VIOLENT + _FILL + _CIVILIAN + r"\b")),
    ("victim_armed", re.compile(r"\b" + _ARMED + _PASSIVE, re.I)),
    ("victim_civilian", re.compile(r"\b" + _CIVILIAN + _PASSIVE, re.I)),
    ("victim_armed", re.compile(r"\b" + _ARMED + _PASSIVE_RELATIVE, re.I)),
    ("victim_armed", re.compile(r"\b(?:the )?(?:victims?|he|the (?:man|men)) (?:was|were) (?:also )?armed\b",
                                re.I)),
    ("victim_armed", re.compile(r"\bleft (?:\w+\s+){0,3}" + _ARMED + r" (?:dead|killed|wounded|injured)\b",
                                re.I)),
    # An officer or soldier off duty, at home or retired is a civilian to ACLED: killing one is an attack,
    # not a clash.
    ("victim_off_duty", re.compile(r"\boff[- ]duty\b|\bon (?:his|her|their) way (?:home|to)\b|"
                                   r"\b(?:at|in|outside) (?:his|her|their) "
                                   r"(?:home|house|residence|office|shop)\b|"
                                   r"\b(?:retired|former|ex-) ?(?:\w+ )?(?:police\w*|officers?|soldiers?|"
                                   r"army|military|commanders?|fighters?)\b", re.I)),
    ("two_sided", re.compile(r"\b(?:clash(?:ed|es)?|exchanged? (?:of )?(?:gun)?fire|fought|firefight|"
                             r"gun ?(?:battle|fight)|shoot-?out|engaged|crossfire|repelled|repulsed)\b",
                             re.I)),
    ("crowd_violent", re.compile(r"\b(?:they|who)\s+(?:\w+\s+)?" + _CROWD_VIOLENT + r"\b", re.I)),
    # A protest verb joined to a violent one ("relatives demonstrated and vandalized a clinic"), and
    # damage said in the passive ("tires were burned", "a police station was vandalized").
    ("crowd_violent", re.compile(r"\b(?:demonstrated|protested|rallied|marched|gathered) and (?:\w+ly )?"
                                 + _CROWD_VIOLENT + r"\b|\b(?:tyres|tires|barricades?|vehicles?|cars|"
                                 r"stations?|offices?|buildings?) (?:were|was) (?:\w+ )?(?:burn(?:ed|t)|"
                                 r"torched|set (?:on fire|ablaze)|vandali[sz]ed|ransacked|stoned|damaged)\b",
                                 re.I)),
    ("crowd_violent", re.compile(r"\b(?:burning (?:tyres|tires)|molotov|stone[- ]pelting|petrol bombs?|"
                                 r"(?:threw|hurled|pelted) (?:stones|rocks)|barricad\w+|scuffled?|scuffles|"
                                 r"with (?:stones|rocks|bricks|sticks)|"
                                 # Forcing a way in is storming, short of the damage.
                                 r"forc(?:e|ed|ing) (?:themselves|their way) into|"
                                 r"(?:tried|attempted) to storm)\b", re.I)),
    ("mob", _MOB),
    # A victim said to be in a gang or wanted for crimes: ACLED reads such killings as one armed group
    # fighting another (a clash), not as an attack on a civilian.
    ("victim_criminal", re.compile(r"\b(?:victims?|he|the (?:man|men)|one of (?:the|them))\b[^.]{0,40}\b(?:"
                                   r"gang|drug (?:trafficking|dealing|dealer)|criminal record|charges|"
                                   r"convicted|"
                                   r"fugitive|wanted (?:for|by)|cartel)", re.I)),
    ("victim_criminal", re.compile(r"\b(?:drug (?:dealer|trafficker)s?|gang members?|criminals?|hitm[ae]n|"
                                   r"(?:drug )?lords?)\b(?:\s+\w+){0,3}\s+(?:was|were)\s+(?:\w+ly\s+)?"
                                   r"(?:shot|killed|murdered|stabbed|attacked)", re.I)),
    # Two sides that are no armed organisation: rival groups, families, a village's people against the
    # police. ACLED codes such fighting as mob violence (a riot with no demonstration), not as a clash.
    ("civil_clash", re.compile(r"\b(?:two|rival) (?:groups|families|communities|clans|villages|"
                               r"camps)\b|\b(?:fought|clashed|attacked|assaulted) (?:with )?(?:each other|"
                               r"one another)\b", re.I)),
    # "journalists and forest guards clashed": a civil side named first of the two.
    ("civil_clash", re.compile(r"\b(?<!armed )" + _CIVIL_SIDE + r"\b and [^.;]{0,40}?\bclash(?:ed|es)\b",
                               re.I)),
    # A crowd punishing a suspect itself (jungle justice) or freeing one from the police: mob violence.
    ("crowd_justice", re.compile(r"\b(?:suspected|alleged|accused of being(?: an?)?)\s+(?:\w+\s+)?"
                                 r"(?:thie(?:f|ves)|robbers?|bandits?|kidnappers?|witch(?:es)?|rapists?|"
                                 r"rustlers?)\b[^.]{0,80}?\b(?:beaten|beat|lynched|killed|burnt|burned|"
                                 r"set (?:on fire|ablaze)|stoned|hacked)\b|"
                                 r"\b(?:beat|beaten|lynched|killed|burnt|burned|stoned|hacked)\b[^.]{0,80}?"
                                 r"\b(?:suspected|alleged|accused of being(?: an?)?)\s+(?:\w+\s+)?"
                                 r"(?:thie(?:f|ves)|robbers?|bandits?|kidnappers?|witch(?:es)?|rapists?|"
                                 r"rustlers?)\b|"
                                 r"\b(?:victim|he|she|they) (?:was|were) accused of (?:being|stealing)|"
                                 r"\bfreed? (?:\w+ ){0,4}from (?:\w+ )?(?:police )?custody\b", re.I)),
    ("civil_clash", re.compile(r"\b(?<!armed )" + _CIVIL_SIDE
                               + r"\b[^.;]{0,30}?\bclash(?:ed|es)? (?:with|against)\b|"
                               r"\bclash(?:ed|es)? (?:broke out |erupted )?between (?:the )?(?!armed )"
                               + _CIVIL_SIDE + r"\b", re.I)),
    # A riot inside a prison is mob violence, not a demonstration.
    ("prison_riot", re.compile(r"\b(?:prisoners|inmates|detainees) (?:\w+ )?"
                               r"(?:rioted|mutinied|started a riot|"
                               r"staged a riot)|\b(?:prison|jail) (?:riot|mutiny|uprising)s?\b|"
                               r"\briot (?:in|at|inside) (?:a |the )?(?:\w+ )?(?:prison|jail)", re.I)),
    # Weapons kept from use: ACLED's disrupted weapons use (a defusal, an interception, a bomb that
    # failed or went off in its makers' hands) and seizures of weapons, which also follow clashes.
    ("weapon_disrupted", re.compile(r"\b(?:(?:shot|shut|brought) down (?:\w+\W+){0,4}?"
                                    r"(?:drones?|aircraft|planes?|"
                                    r"helicopters?|jets?|missiles?|rockets?|UAVs?)|"
                                    r"intercept(?:ed|s|ing)? (?:\w+\W+){0,4}?(?:missiles?|rockets?|drones?|"
                                    r"projectiles?|shells?|UAVs?|boats?)|interception|defus(?:ed|al)|"
                                    r"(?:did not|didn't|failed to) (?:explode|detonate|go off)|"
                                    r"(?:exploded|went off|detonated) prematurely|"
                                    r"(?:safely|controlled) detonat\w+|bomb (?:disposal|squad)|demin\w+|"
                                    r"detonated (?:a|an|the) (?:\w+ )?(?:bomb|device|IED|explosive)s? "
                                    r"(?:planted|found|left))\b", re.I)),
    ("weapon_seized", re.compile(r"\b(?:seized|recovered|found|discovered|located|confiscated|unearthed)\b"
                                 r"[^.]{0,60}\b(?:explosives?|IEDs?|bombs?|grenades?|ammunition|munitions?|"
                                 r"rifles?|weapons?|arms|cache|landmines?|mines)\b", re.I)),
)
# Within one clause: "locals demonstrated, shouted slogans and clashed with police" (see ``_crowd_acts``).
_CROWD_SUBJECT_VIOLENT = re.compile(r"\b" + _CROWD + r"\b[^.;]{0,50}?(?<!were )(?<!was )(?<!of )\b"
                                    + _CROWD_VIOLENT + r"\b", re.I)
# The words before a crowd that make it the object of the police's action.
_ACTED_ON = re.compile(r"\b" + _INTERVENE + r"\s+(?:the\s+|a\s+|\w+\s+)?$", re.I)
# Someone attacking a protest intervenes in it ("a local leader attacked the protest demonstration").
_PROTEST_ATTACKED = re.compile(r"\b(?:attacked|assaulted|beat|charged at|fired (?:at|on)) (?:the |a )?"
                               r"(?:\w+ ){0,2}(?:protests?|demonstrations?|rall(?:y|ies)|protesters|"
                               r"demonstrators|march(?:es|ers)?|sit-in)\b", re.I)
# Within one clause: "police reportedly assaulted the demonstrators and fired tear gas at them".
_POLICE_ON_CROWD = re.compile(r"\b" + _POLICE + r"\b[^.;]{0,60}?\b" + _INTERVENE + r"\b", re.I)
# The crowd as the passive subject ("one protester was arrested", "the rally was dispersed"); not
# anyone's arrest ("demanding the release of the editor, who was arrested last month").
_CROWD_BY_POLICE = re.compile(r"\b(?:protesters?|demonstrators?|participants?|activists?|organi[sz]ers?|"
                              r"they|protests?|rall(?:y|ies)|gatherings?|march(?:es)?|crowds?|sit-in)\s+"
                              r"(?:\w+\s+){0,2}(?:were|was|being)\s+(?:\w+\s+)?(?:dispersed|arrested|"
                              r"detained|removed|broken up)\b|\b(?:dispersed|broken up) by\b|"
                              r"\barrested (?:by (?:the )?police|"
                              r"for (?:\w+ )?(?:violating|defying|breaking))",
                              re.I)
_CROWD_CLASH = re.compile(r"\bclash(?:ed|es)? with (?:the )?" + _POLICE + r"\b", re.I)
_POLICE_LETHAL = re.compile(r"\b" + _POLICE + r"\s+(?:\w+\s+){0,3}" + _LETHAL + r"\b|"
                            r"\b(?:killing|killed|shot dead) (?:a |one |\d+ |several )?"
                            r"(?:protesters?|demonstrators?)\b|"
                            r"\b(?:protesters?|demonstrators?) (?:was|were) (?:shot|killed)\b", re.I)


def _crowd_acts(text: str) -> bool:
    """A crowd doing violence, not a crowd the police acted on ("dispersed the crowds with tear gas, and
    beat a demonstrator": the beating is the soldiers')."""
    for m in _CROWD_SUBJECT_VIOLENT.finditer(text):
        if not _ACTED_ON.search(text[max(0, m.start() - 30):m.start()]):
            return True
    return False


def definition_cues(text: str) -> list[str]:
    """The cue names found in ``text`` (each at most once)."""
    found = {name for name, pattern in _CUES if pattern.search(text)}
    if _crowd_acts(text):
        found.add("crowd_violent")
    if _PROTEST.search(text):
        # What the police did matters only to a protest; without one it is an arrest or a clash.
        if _POLICE_ON_CROWD.search(text) or _CROWD_BY_POLICE.search(text) or _PROTEST_ATTACKED.search(text):
            found.add("protest_intervened")
        if _CROWD_CLASH.search(text):
            found.add("crowd_violent")  # a protest that clashed with the police turned violent
        if _POLICE_LETHAL.search(text):
            found.add("protest_lethal_force")
    else:
        if _GROUP_VIOLENCE.search(text):
            found.add("violence_no_protest")  # mob violence: a violent group, and no demonstration
        if found & {"crowd_violent", "civil_clash", "violence_no_protest"} and _ENFORCEMENT.search(text):
            found.add("crowd_resists_enforcement")
    if _MELEE.search(text) and (found & {"two_sided", "civil_clash"}):
        found.add("melee_fight")  # fighting with blades and stones: no two armed organisations
    if _PARTY_VIOLENT.search(text):
        found.add("party_violence")
    return sorted(found)
