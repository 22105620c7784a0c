"""Commitment strength of a statement: "act" (done), "pledge" (promised) or "aspiration" (hoped, urged).

Cues come from ``data/lexicons/commitment.yaml`` and are matched with the same gapped, inflection-aware
patterns as the event lexicon. The first cue decides, because the main verb of a news sentence or quote
comes early and sets its force ("agreed that both sides should cooperate" is a pledge, "hope to sign"
an aspiration). An act under negation ("did not sign") is skipped.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

from amity.coding.cuepatterns import CuePatternSet
from amity.coding.datafile import data_path, load_yaml_mapping, string_list
from amity.errors import DataFileError
from amity.model import Evidence

COMMITMENT_CLASSES: tuple[str, ...] = ("act", "pledge", "aspiration")
_WORD_RE = re.compile(r"[A-Za-z]+(?:['’][a-z]+)?")
_CLAUSE_BREAK_RE = re.compile(r"[,;:()]|[.!?](?=\s|$)")


@dataclass(slots=True)
class CommitmentClassifier:
    path: Path
    version: str
    cues: CuePatternSet[str]
    negation: frozenset[str]

    @classmethod
    @functools.cache
    def default(cls) -> CommitmentClassifier:
        return cls.load()

    @classmethod
    def load(cls, path: Path | None = None) -> CommitmentClassifier:
        path = path or data_path("lexicons", "commitment.yaml")
        raw = load_yaml_mapping(path)
        classes = raw.get("classes")
        if not isinstance(classes, dict) or set(classes) != set(COMMITMENT_CLASSES):
            raise DataFileError("field 'classes' must map exactly act, pledge and aspiration to their cues",
                                input=str(path), hint="write 'classes:' with 'act:', 'pledge:', 'aspiration:'")
        cues: CuePatternSet[str] = CuePatternSet()
        for name in COMMITMENT_CLASSES:
            spec = classes[name]
            where = f"classes.{name}.cues"
            if not isinstance(spec, dict):
                raise DataFileError(f"field 'classes.{name}' must be a mapping", input=str(path),
                                    hint="give it 'definition:' and 'cues:'")
            for i, pattern in enumerate(string_list(spec.get("cues"), path, where, allow_empty=False)):
                try:
                    cues.add(pattern, name)
                except ValueError as exc:
                    raise DataFileError(f"field '{where}[{i}]' ({pattern!r}) is not a valid pattern: {exc}",
                                        input=str(path), hint="see the pattern syntax in events.yaml") from exc
        negation = frozenset(w.lower() for w in string_list(raw.get("negation"), path, "negation"))
        return cls(path, str(raw["version"]), cues, negation)

    def classify(self, text: str, offset: int = 0) -> tuple[str | None, list[Evidence]]:
        for match in self.cues.find(text):
            if match.value == "act" and self._negated(text, match.start):
                continue
            return match.value, [Evidence("commitment", match.value, offset + match.start, offset + match.end,
                                          match.text, match.pattern)]
        return None, []

    def _negated(self, text: str, start: int) -> bool:
        head = text[max(0, start - 80):start]
        breaks = list(_CLAUSE_BREAK_RE.finditer(head))
        if breaks:
            head = head[breaks[-1].end():]
        words = [w.lower() for w in _WORD_RE.findall(head)][-3:]
        return any(w in self.negation or w.endswith(("n't", "n’t")) for w in words)


def classify_commitment(text: str, offset: int = 0) -> tuple[str | None, list[Evidence]]:
    """"act", "pledge", "aspiration" or None for ``text``, with evidence spans shifted by ``offset``."""
    return CommitmentClassifier.default().classify(text, offset)
