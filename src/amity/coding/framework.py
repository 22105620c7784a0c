"""Coding frameworks as data: pillars, sub-areas and their cue terms, loaded from YAML and validated.

A framework is named by a bundled id (``three-pillars``, ``lmc``, ``asean``, ``bri``) or given as a path to
a YAML file with the same shape. Validation is hand-written rather than done with a schema library so that
each error can name the file, the exact field path (``pillars[1].sub_areas[0].cues``) and the fix.
"""

from __future__ import annotations

import difflib
import functools
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from amity.errors import InvalidFrameworkError, UnknownFrameworkError

logger = logging.getLogger(__name__)

DEFAULT_FRAMEWORK = "three-pillars"


@dataclass(frozen=True, slots=True)
class SubArea:
    id: str
    name: str
    definition: str
    cues: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Pillar:
    id: str
    name: str
    definition: str
    cues: tuple[str, ...]
    sub_areas: tuple[SubArea, ...] = ()


@dataclass(frozen=True, slots=True)
class Framework:
    id: str
    name: str
    version: str
    description: str
    pillars: tuple[Pillar, ...]
    path: Path | None = None
    pillar_ids: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        if not self.pillar_ids:
            object.__setattr__(self, "pillar_ids", tuple(p.id for p in self.pillars))

    def pillar(self, pillar_id: str) -> Pillar:
        for p in self.pillars:
            if p.id == pillar_id:
                return p
        raise KeyError(pillar_id)


def _frameworks_dir() -> Path:
    return Path(__file__).resolve().parents[1] / "data" / "frameworks"


def bundled_names() -> list[str]:
    """Ids of the frameworks that ship with Amity (file stems under data/frameworks)."""
    return sorted(p.stem for p in _frameworks_dir().glob("*.yaml"))


def list_frameworks() -> list[Framework]:
    """Every bundled framework, loaded and validated."""
    return [load_framework(name) for name in bundled_names()]


def load_framework(name_or_path: str | Path) -> Framework:
    """Load a bundled framework by id, or a framework YAML file by path."""
    if isinstance(name_or_path, Path) or _looks_like_path(name_or_path):
        return _load_file(Path(name_or_path))
    return _load_bundled(name_or_path)


def _looks_like_path(value: str) -> bool:
    return value.endswith((".yaml", ".yml")) or "/" in value or "\\" in value


@functools.lru_cache(maxsize=32)
def _load_bundled(name: str) -> Framework:
    names = bundled_names()
    if name not in names:
        close = difflib.get_close_matches(name, names, n=1, cutoff=0.4)
        suggestion = f"did you mean '{close[0]}'? " if close else ""
        raise UnknownFrameworkError(
            f"unknown framework; valid names: {', '.join(names)}",
            input=name,
            hint=f"{suggestion}or give a path to a YAML file",
        )
    return _load_file(_frameworks_dir() / f"{name}.yaml")


def _load_file(path: Path) -> Framework:
    if not path.is_file():
        raise UnknownFrameworkError(
            "framework file not found", input=str(path),
            hint=f"use one of {', '.join(bundled_names())} or give a path to a YAML file",
        )
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise InvalidFrameworkError(
            f"not valid YAML: {exc}", input=str(path), hint="fix the YAML syntax"
        ) from exc
    framework = _parse(raw, path)
    logger.info("loaded framework %s v%s from %s", framework.id, framework.version, path)
    return framework


class _Checker:
    """Reads fields from a parsed YAML mapping, raising errors that name the file and field path."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, where: str, problem: str, fix: str) -> InvalidFrameworkError:
        return InvalidFrameworkError(f"field '{where}' {problem}", input=str(self.path), hint=fix)

    def mapping(self, value: Any, where: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(where, "must be a mapping", f"write '{where}' as 'key: value' lines")
        return value

    def text(self, obj: dict[str, Any], key: str, where: str) -> str:
        path = f"{where}.{key}" if where else key
        value = obj.get(key)
        if isinstance(value, int | float) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str) or not value.strip():
            raise self.fail(path, "is missing or empty", f"add '{key}:' with a non-empty text value")
        return value.strip()

    def items(self, obj: dict[str, Any], key: str, where: str, *, required: bool = True) -> list[Any]:
        path = f"{where}.{key}" if where else key
        value = obj.get(key)
        if value is None and not required:
            return []
        if not isinstance(value, list) or (required and not value):
            raise self.fail(path, "must be a non-empty list", f"give '{key}:' as a YAML list of entries")
        return value

    def cues(self, obj: dict[str, Any], where: str) -> tuple[str, ...]:
        path = f"{where}.cues"
        values = self.items(obj, "cues", where)
        out: list[str] = []
        for i, cue in enumerate(values):
            if isinstance(cue, int | float) and not isinstance(cue, bool):
                cue = str(cue)
            if not isinstance(cue, str) or not cue.strip():
                raise self.fail(f"{path}[{i}]", "must be a non-empty text", "write each cue as a word or phrase")
            out.append(" ".join(cue.split()))
        return tuple(out)


def _parse(raw: Any, path: Path) -> Framework:
    check = _Checker(path)
    top = check.mapping(raw, "(top level)")
    fid = check.text(top, "id", "")
    pillars: list[Pillar] = []
    seen: set[str] = set()
    for i, raw_pillar in enumerate(check.items(top, "pillars", "")):
        where = f"pillars[{i}]"
        p = check.mapping(raw_pillar, where)
        pid = check.text(p, "id", where)
        if pid in seen:
            raise check.fail(f"{where}.id", f"repeats the pillar id '{pid}'", "give every pillar a unique id")
        seen.add(pid)
        subs: list[SubArea] = []
        sub_seen: set[str] = set()
        for j, raw_sub in enumerate(check.items(p, "sub_areas", where, required=False)):
            swhere = f"{where}.sub_areas[{j}]"
            s = check.mapping(raw_sub, swhere)
            sid = check.text(s, "id", swhere)
            if sid in sub_seen:
                raise check.fail(f"{swhere}.id", f"repeats the sub-area id '{sid}'", "give sub-areas unique ids")
            sub_seen.add(sid)
            subs.append(
                SubArea(sid, check.text(s, "name", swhere), check.text(s, "definition", swhere),
                        check.cues(s, swhere))
            )
        pillars.append(
            Pillar(pid, check.text(p, "name", where), check.text(p, "definition", where),
                   check.cues(p, where), tuple(subs))
        )
    return Framework(
        id=fid,
        name=check.text(top, "name", ""),
        version=check.text(top, "version", ""),
        description=check.text(top, "description", ""),
        pillars=tuple(pillars),
        path=path,
    )
