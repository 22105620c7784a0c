"""Quality weights of a statement, as SQL ``CASE`` expressions so that the database does the work.

A statement weighs more when a higher-level speaker makes it, when it reports a concrete act rather than
a pledge or an aspiration, and when it is material rather than verbal cooperation. The weight of a
statement is the product of the three factors; tone is kept apart as a sign (+1, 0, -1) because it says
which way a statement points, not how much it counts. ``docs/indicators.md`` gives the same tables.
"""

from __future__ import annotations

SPEAKER_LEVELS: tuple[str, ...] = ("head", "minister", "senior", "official", "non_official")
SPEAKER_WEIGHTS: dict[str, float] = {
    "head": 1.0,  # head of state or government
    "minister": 0.8,
    "senior": 0.6,  # senior official: ambassador, spokesperson, deputy minister, secretary-general...
    "official": 0.4,  # other official, or a government/ministry speaking as an institution
    "non_official": 0.2,  # analysts, business people, unattributed
}
SPEAKER_LEVEL_NAMES: dict[str, str] = {
    "head": "Head of state or government",
    "minister": "Minister",
    "senior": "Senior official",
    "official": "Other official",
    "non_official": "Non-official",
}

COMMITMENT_WEIGHTS: dict[str, float] = {"act": 1.0, "pledge": 0.7, "aspiration": 0.4}
COMMITMENT_DEFAULT = 0.5  # no commitment coded: a plain statement of position

EVENT_CLASSES: dict[str, tuple[str, ...]] = {
    "material": ("COOPERATE", "AID", "RETREAT"),
    "verbal": ("AGREE", "CONSULT", "SUPPORT", "CONCEDE"),
    "conflict": ("ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"),
}
EVENT_WEIGHTS: dict[str, float] = {"material": 1.0, "verbal": 0.6, "conflict": 0.6, "other": 0.5}
TONE_SIGNS: dict[str, int] = {"cooperative": 1, "neutral": 0, "conflictual": -1}

# Title patterns, matched as substrings of the lower-cased, space-padded title and role. Order matters:
# a "deputy prime minister" ranks as a minister, a "vice foreign minister" as a senior official.
# Titles keep their complements ("Special Presidential Envoy for Climate Change", "Spokesman for the Prime
# Minister"): an envoy, adviser, aide or spokesperson of a head is not one, and "presidential" is no president.
_NOT_TOP = ("vice", "deputy", "former", "assistant", "under", "acting", "permanent secretary", "envoy",
            "adviser", "advisor", " aide", "spokes", "senate", "assembly", "parliament", "court")
_HEAD = ("president ", "prime minister", "premier", " king ", " queen ", "chancellor", "head of state",
         "head of government", " emir ", "sultan", "supreme leader", "general secretary", "taoiseach")
_MINISTER = ("minister", "secretary of state", "foreign secretary", "state councilor", "state councillor")
_DEPUTY_HEAD = ("vice president", "vice-president", "vice premier", "vice-premier", "deputy prime minister",
                "deputy premier")
_SENIOR = ("ambassador", "envoy", "spokes", "minister", "secretary of state", "permanent secretary",
           "secretary-general", "secretary general", "director-general", "director general", "governor",
           "chief of staff", "commander", "admiral", "senator", "speaker of", "chairman", "chairwoman",
           "chairperson", "central bank", "high representative", "high commissioner", "security adviser",
           "security advisor", "senate president", "assembly president", "parliament president",
           "president of the senate", "president of the national assembly", "chief justice")
_OFFICIAL = ("official", "officer", "diplomat", "consul", "counsel", "attache", "attaché", "director",
             "commissioner", "mayor", "lawmaker", "legislator", "member of parliament", "parliament",
             "secretary", "ministry", "department", "police", "army", "military", "government", "deputy",
             "representative", "delegate", "colonel", "general ", "spokes", "adviser", "advisor")


def _any_like(expr: str, words: tuple[str, ...]) -> str:
    return "(" + " OR ".join(f"{expr} LIKE '%{w}%'" for w in words) + ")"


def _none_like(expr: str, words: tuple[str, ...]) -> str:
    return "(" + " AND ".join(f"{expr} NOT LIKE '%{w}%'" for w in words) + ")"


def speaker_level_sql(title_expr: str, type_expr: str) -> str:
    """A CASE giving the speaker level from a lower-cased, space-padded title/role text and the actor type.

    The patterns are constants of this module (never user input), so building SQL text here is safe.
    """
    t = title_expr
    return (
        "CASE"
        f" WHEN {_any_like(t, _HEAD)} AND {_none_like(t, _NOT_TOP)} THEN 'head'"
        f" WHEN {_any_like(t, _DEPUTY_HEAD)} THEN 'minister'"
        f" WHEN {_any_like(t, _MINISTER)} AND {_none_like(t, _NOT_TOP)} THEN 'minister'"
        f" WHEN {_any_like(t, _SENIOR)} THEN 'senior'"
        f" WHEN {_any_like(t, _OFFICIAL)} THEN 'official'"
        # a country, ministry or international body speaking as an institution states an official position
        f" WHEN {type_expr} IN ('country', 'organisation', 'mechanism') THEN 'official'"
        " ELSE 'non_official' END"
    )


def _case(expr: str, mapping: dict[str, float] | dict[str, int], default: float | int) -> str:
    whens = " ".join(f"WHEN '{k}' THEN {v}" for k, v in mapping.items())
    return f"(CASE {expr} {whens} ELSE {default} END)"


def event_class_sql(event_expr: str) -> str:
    whens = " ".join(
        f"WHEN {event_expr} IN ({', '.join(repr(t) for t in types)}) THEN '{name}'"
        for name, types in EVENT_CLASSES.items()
    )
    return f"(CASE {whens} ELSE 'other' END)"


def speaker_weight_sql(level_expr: str) -> str:
    return _case(level_expr, SPEAKER_WEIGHTS, SPEAKER_WEIGHTS["non_official"])


def commitment_weight_sql(commitment_expr: str) -> str:
    return _case(commitment_expr, COMMITMENT_WEIGHTS, COMMITMENT_DEFAULT)


def event_weight_sql(class_expr: str) -> str:
    return _case(class_expr, EVENT_WEIGHTS, EVENT_WEIGHTS["other"])


def tone_sign_sql(tone_expr: str) -> str:
    return _case(tone_expr, TONE_SIGNS, 0)


def speaker_level(title: str | None, role: str | None = None, speaker_type: str | None = None) -> str:
    """The same rule in Python, for one speaker (kept in step with :func:`speaker_level_sql` by a test)."""
    t = f" {(title or '') + ' ' + (role or '')} ".lower()

    def has(words: tuple[str, ...]) -> bool:
        return any(w in t for w in words)

    if has(_HEAD) and not has(_NOT_TOP):
        return "head"
    if has(_DEPUTY_HEAD) or (has(_MINISTER) and not has(_NOT_TOP)):
        return "minister"
    if has(_SENIOR):
        return "senior"
    if has(_OFFICIAL) or speaker_type in ("country", "organisation", "mechanism"):
        return "official"
    return "non_official"
