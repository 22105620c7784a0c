"""The event-type lexicon (``data/lexicons/events.yaml``): loading, validation and the compiled cue set.

The YAML holds, per PLOVER type, its quad category, what a future/promised or negated report of it
becomes, and its cue patterns; plus complement-taking "frame" verbs by class, the modality words
looked for before a cue, joint-activity cues, discards and the openers of background clauses.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from amity.coding.cuepatterns import CuePatternSet
from amity.coding.datafile import data_path, load_yaml_mapping, string_list
from amity.errors import DataFileError
from amity.model import PLOVER_TYPES

FrameClass = Literal["intent", "preparation", "threat", "refusal", "demand", "order"]
FRAME_CLASSES: tuple[str, ...] = ("intent", "preparation", "threat", "refusal", "demand", "order")
QUADS: tuple[str, ...] = ("verbal_cooperation", "material_cooperation", "verbal_conflict", "material_conflict")
MODIFIERS: tuple[str, ...] = ("future", "obligation", "negation")
CueKind = Literal["event", "frame", "joint", "discard"]


@dataclass(frozen=True, slots=True)
class EventType:
    name: str
    quad: str
    when_future: str
    when_negated: str | None  # None: a negated report of this type is no event


@dataclass(frozen=True, slots=True)
class Cue:
    """What a matched pattern means: an event of a type, a frame of a class, a joint activity or nothing."""

    kind: CueKind
    type: str | None = None  # the event type (kind "event"), or the type a frame has on its own
    frame: str | None = None  # frame class (kind "frame")


@dataclass(slots=True)
class EventLexicon:
    path: Path
    version: str
    types: dict[str, EventType]
    cues: CuePatternSet[Cue]
    modifiers: dict[str, tuple[tuple[str, ...], ...]]  # kind -> phrases as word tuples
    joint_markers: frozenset[str]
    joint_alone: str
    joint_type: str
    background_openers: frozenset[str] = field(default_factory=frozenset)

    @classmethod
    def load(cls, path: Path | None = None) -> EventLexicon:
        path = path or data_path("lexicons", "events.yaml")
        raw = load_yaml_mapping(path)
        cues: CuePatternSet[Cue] = CuePatternSet()
        types = _load_types(raw.get("types"), path, cues)
        _load_frames(raw.get("frames"), path, cues)
        joint = _mapping(raw.get("joint_activity"), path, "joint_activity")
        joint_alone = _type_name(joint.get("alone"), path, "joint_activity.alone")
        joint_type = _type_name(joint.get("joint"), path, "joint_activity.joint")
        _add_patterns(cues, string_list(joint.get("cues"), path, "joint_activity.cues", allow_empty=False),
                      Cue("joint", joint_alone), path, "joint_activity.cues")
        _add_patterns(cues, string_list(raw.get("discard"), path, "discard"), Cue("discard"), path, "discard")
        mods = _mapping(raw.get("modifiers"), path, "modifiers")
        modifiers: dict[str, tuple[tuple[str, ...], ...]] = {}
        for kind in MODIFIERS:
            phrases = string_list(mods.get(kind), path, f"modifiers.{kind}", allow_empty=False)
            modifiers[kind] = tuple(tuple(p.lower().split()) for p in phrases)
        return cls(
            path=path,
            version=str(raw["version"]),
            types=types,
            cues=cues,
            modifiers=modifiers,
            joint_markers=frozenset(
                w.lower() for w in string_list(joint.get("markers"), path, "joint_activity.markers")
            ),
            joint_alone=joint_alone,
            joint_type=joint_type,
            background_openers=frozenset(
                w.lower() for w in string_list(raw.get("background_openers"), path, "background_openers")
            ),
        )


def _mapping(value: Any, path: Path, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise DataFileError(f"field '{where}' must be a mapping", input=str(path),
                            hint=f"write '{where.rsplit('.', 1)[-1]}:' followed by indented 'key: value' lines")
    return value


def _type_name(value: Any, path: Path, where: str, *, allow_none: bool = False) -> str:
    if allow_none and value in (None, "none"):
        return "none"
    if value not in PLOVER_TYPES:
        allowed = ", ".join(PLOVER_TYPES) + (", none" if allow_none else "")
        raise DataFileError(f"field '{where}' is {value!r}, not a PLOVER type", input=str(path),
                            hint=f"use one of {allowed}")
    return str(value)


def _add_patterns(cues: CuePatternSet[Cue], patterns: list[str], cue: Cue, path: Path, where: str) -> None:
    for i, pattern in enumerate(patterns):
        try:
            cues.add(pattern, cue)
        except ValueError as exc:
            raise DataFileError(f"field '{where}[{i}]' ({pattern!r}) is not a valid pattern: {exc}",
                                input=str(path), hint="see the pattern syntax at the top of the file") from exc


def _load_types(value: Any, path: Path, cues: CuePatternSet[Cue]) -> dict[str, EventType]:
    types: dict[str, EventType] = {}
    for name, spec in _mapping(value, path, "types").items():
        where = f"types.{name}"
        _type_name(name, path, where)
        spec = _mapping(spec, path, where)
        quad = spec.get("quad")
        if quad not in QUADS:
            raise DataFileError(f"field '{where}.quad' is {quad!r}", input=str(path),
                                hint=f"use one of {', '.join(QUADS)}")
        future = _type_name(spec.get("when_future"), path, f"{where}.when_future")
        negated = _type_name(spec.get("when_negated"), path, f"{where}.when_negated", allow_none=True)
        types[name] = EventType(name, quad, future, None if negated == "none" else negated)
        patterns = string_list(spec.get("cues"), path, f"{where}.cues", allow_empty=False)
        _add_patterns(cues, patterns, Cue("event", name), path, f"{where}.cues")
    missing = [t for t in PLOVER_TYPES if t not in types]
    if missing:
        raise DataFileError(f"field 'types' lacks {', '.join(missing)}", input=str(path),
                            hint="give every PLOVER type a quad, when_future, when_negated and cues")
    return types


def _load_frames(value: Any, path: Path, cues: CuePatternSet[Cue]) -> None:
    frames = _mapping(value, path, "frames")
    for name, spec in frames.items():
        where = f"frames.{name}"
        if name not in FRAME_CLASSES:
            raise DataFileError(f"field '{where}' is not a known frame class", input=str(path),
                                hint=f"use one of {', '.join(FRAME_CLASSES)}")
        spec = _mapping(spec, path, where)
        alone = _type_name(spec.get("alone"), path, f"{where}.alone")
        patterns = string_list(spec.get("cues"), path, f"{where}.cues", allow_empty=False)
        _add_patterns(cues, patterns, Cue("frame", alone, name), path, f"{where}.cues")
