"""The attribution lexicon: cue verbs with their inflections and frames, cue nouns, titles and role nouns.

Loaded from ``data/lexicons/attribution.yaml`` (or a user file) and validated on load. Inflection is
hand-written because the lexicon only needs the regular English rules plus a short irregular table, and a
morphology library would be a heavy dependency for a few hundred verbs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from amity.errors import DataFileError
from amity.nlp.matcher import PhraseMatcher

FRAMES = frozenset({"before", "that", "infinitive", "object"})
_VOWELS = set("aeiou")
_DOUBLING = frozenset({
    "admit", "regret", "prefer", "refer", "concur", "commit", "omit", "permit", "submit", "control",
    "occur", "compel", "transfer", "confer", "deter", "infer", "abhor", "rebut", "quip", "propel",
})


@dataclass(frozen=True, slots=True)
class CueVerb:
    lemma: str
    classes: frozenset[str]
    frames: frozenset[str]


@dataclass(slots=True)
class AttributionLexicon:
    version: int
    verbs: dict[str, CueVerb]  # by lemma
    forms: dict[str, str]  # inflected form (lower case) -> lemma
    cue_nouns: frozenset[str]
    source_after_phrases: tuple[str, ...]
    cue_adjuncts: tuple[str, ...]
    titles: tuple[str, ...]
    role_nouns: frozenset[str]
    organisation_heads: tuple[str, ...]
    # Words before a title that belong to it ("Special" in "Special Presidential Envoy"), lower-cased.
    title_qualifiers: frozenset[str] = frozenset()
    # Words of the portfolios a title's "of"/"for" complement names ("Foreign Affairs"), lower-cased.
    portfolio_words: frozenset[str] = frozenset()
    verb_matcher: PhraseMatcher[str] = field(default_factory=PhraseMatcher)
    title_matcher: PhraseMatcher[str] = field(default_factory=PhraseMatcher)

    def form_lemma(self, form: str) -> str | None:
        return self.forms.get(" ".join(form.lower().split()))


def _double_final(word: str) -> bool:
    if word in _DOUBLING:
        return True
    if len(word) > 4 or len(word) < 3:
        return False
    a, b, c = word[-3], word[-2], word[-1]
    return a not in _VOWELS and b in _VOWELS and c not in _VOWELS and c not in "wxy"


def inflect(lemma: str) -> set[str]:
    """Regular inflections of a (possibly phrasal) verb: base, -s, -ed, -ing."""
    head, _, rest = lemma.partition(" ")
    tail = f" {rest}" if rest else ""
    forms = {head}
    if re.search(r"(s|x|z|ch|sh)$", head):
        forms.add(head + "es")
    elif re.search(r"[^aeiou]y$", head):
        forms.add(head[:-1] + "ies")
    else:
        forms.add(head + "s")
    if head.endswith("e"):
        forms.add(head + "d")
    elif re.search(r"[^aeiou]y$", head):
        forms.add(head[:-1] + "ied")
    elif _double_final(head):
        forms.add(head + head[-1] + "ed")
    else:
        forms.add(head + "ed")
    if head.endswith("ie"):
        forms.add(head[:-2] + "ying")
    elif head.endswith("e") and not head.endswith(("ee", "ye", "oe")):
        forms.add(head[:-1] + "ing")
    elif _double_final(head):
        forms.add(head + head[-1] + "ing")
    else:
        forms.add(head + "ing")
    return {f + tail for f in forms}


@cache
def inflect_base_and_s(lemma: str) -> frozenset[str]:
    """The base and third-person -s forms of a verb's head word: the forms that nouns share."""
    head = lemma.split()[0]
    return frozenset({head, *(f.split()[0] for f in inflect(lemma) if f.split()[0].endswith("s"))})


def _fail(path: str, field_name: str, message: str) -> DataFileError:
    return DataFileError(f"field '{field_name}': {message}", input=path, hint="fix the lexicon file")


def _str_list(raw: dict[str, Any], key: str, path: str) -> list[str]:
    value = raw.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise _fail(path, key, "must be a list of non-empty strings")
    return [" ".join(v.split()) for v in value]


def _word_set(raw: dict[str, Any], key: str, path: str) -> frozenset[str]:
    """A list of single words, lower-cased (optional: an empty set when the file has none)."""
    words = _str_list(raw, key, path)
    several = [w for w in words if " " in w]
    if several:
        raise _fail(path, key, f"must list single words, not phrases: {several[:3]}")
    return frozenset(w.lower() for w in words)


def parse_lexicon(raw: Any, path: str) -> AttributionLexicon:
    """Validate the parsed YAML and build the lexicon with its matchers."""
    if not isinstance(raw, dict):
        raise _fail(path, "<root>", "must be a mapping")
    version = raw.get("version")
    if not isinstance(version, int):
        raise _fail(path, "version", "must be an integer (e.g. version: 1)")
    classes = raw.get("verb_classes")
    if not isinstance(classes, dict) or not classes:
        raise _fail(path, "verb_classes", "must map class names to {frames, lemmas}")
    irregular_raw = raw.get("irregular", {})
    if not isinstance(irregular_raw, dict):
        raise _fail(path, "irregular", "must map a lemma to a list of forms")
    lemma_classes: dict[str, set[str]] = {}
    lemma_frames: dict[str, set[str]] = {}
    for name, spec in classes.items():
        where = f"verb_classes.{name}"
        if not isinstance(spec, dict):
            raise _fail(path, where, "must be a mapping with 'frames' and 'lemmas'")
        frames = _str_list(spec, "frames", path)
        unknown = set(frames) - FRAMES
        if unknown:
            raise _fail(path, f"{where}.frames", f"unknown frame(s) {sorted(unknown)}; use {sorted(FRAMES)}")
        for lemma in _str_list(spec, "lemmas", path):
            lemma = lemma.lower()
            lemma_classes.setdefault(lemma, set()).add(str(name))
            lemma_frames.setdefault(lemma, set()).update(frames)
    verbs = {
        lemma: CueVerb(lemma, frozenset(lemma_classes[lemma]), frozenset(lemma_frames[lemma]))
        for lemma in lemma_classes
    }
    forms: dict[str, str] = {}
    for lemma in verbs:
        for form in inflect(lemma):
            forms.setdefault(form, lemma)
    for lemma, extra in irregular_raw.items():
        if not isinstance(extra, list) or not all(isinstance(x, str) for x in extra):
            raise _fail(path, f"irregular.{lemma}", "must be a list of strings")
        key = str(lemma).lower()
        if key not in verbs:
            continue
        for form in extra:
            forms[" ".join(form.lower().split())] = key
    lexicon = AttributionLexicon(
        version=version,
        verbs=verbs,
        forms=forms,
        cue_nouns=frozenset(x.lower() for x in _str_list(raw, "cue_nouns", path)),
        source_after_phrases=tuple(x.lower() for x in _str_list(raw, "source_after_phrases", path)),
        cue_adjuncts=tuple(x.lower() for x in _str_list(raw, "cue_adjuncts", path)),
        titles=tuple(_str_list(raw, "titles", path)),
        role_nouns=frozenset(x.lower() for x in _str_list(raw, "role_nouns", path)),
        organisation_heads=tuple(_str_list(raw, "organisation_heads", path)),
        title_qualifiers=_word_set(raw, "title_qualifiers", path),
        portfolio_words=_word_set(raw, "portfolio_words", path),
    )
    for form, lemma in forms.items():
        lexicon.verb_matcher.add(form, lemma)
    for title in lexicon.titles:
        # Titles are matched case-insensitively: "foreign minister" is as much a title as "Foreign Minister".
        lexicon.title_matcher.add(title, title)
    return lexicon


def load_lexicon(path: str | Path | None = None) -> AttributionLexicon:
    """Load and validate an attribution lexicon; the bundled one when ``path`` is None."""
    if path is None:
        return default_lexicon()
    p = Path(path)
    try:
        raw = yaml.safe_load(p.read_text(encoding="utf-8"))
    except OSError as exc:
        raise DataFileError(f"cannot read lexicon: {exc}", input=str(p)) from exc
    except yaml.YAMLError as exc:
        raise DataFileError(f"invalid YAML: {exc}", input=str(p)) from exc
    return parse_lexicon(raw, str(p))


@cache
def default_lexicon() -> AttributionLexicon:
    ref = resources.files("amity").joinpath("data/lexicons/attribution.yaml")
    raw = yaml.safe_load(ref.read_text(encoding="utf-8"))
    return parse_lexicon(raw, "amity/data/lexicons/attribution.yaml")
