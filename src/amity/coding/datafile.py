"""Loading the coder's YAML data files (mechanism registry, lexicons) with errors that name the field.

Every bundled data file is a mapping with a ``version:`` field; the helpers here read it and check the
shapes the coder relies on, raising :class:`amity.errors.DataFileError` with the file, field and fix.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import yaml

from amity.errors import DataFileError


def data_path(*parts: str) -> Path:
    """Path of a file bundled under ``amity/data``."""
    return Path(__file__).resolve().parents[1].joinpath("data", *parts)


def load_yaml_mapping(path: Path) -> dict[str, Any]:
    """Parse a data file and check that it is a mapping with a ``version``."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise DataFileError("data file not found", input=str(path), hint="reinstall amity") from exc
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise DataFileError(f"not valid YAML: {exc}", input=str(path), hint="fix the YAML syntax") from exc
    if not isinstance(raw, dict):
        raise DataFileError("must be a mapping at the top level", input=str(path), hint="write 'key: value' lines")
    if "version" not in raw:
        raise DataFileError("field 'version' is missing", input=str(path), hint="add a line 'version: \"1.0\"'")
    return raw


def string_list(value: Any, path: Path, where: str, *, allow_empty: bool = True) -> list[str]:
    """A list of non-empty strings at field ``where``; numbers are accepted as text."""
    if value is None and allow_empty:
        return []
    if not isinstance(value, list) or (not allow_empty and not value):
        raise DataFileError(f"field '{where}' must be a list of words or phrases", input=str(path),
                            hint=f"write '{where.rsplit('.', 1)[-1]}: [a, b, c]'")
    out: list[str] = []
    for i, item in enumerate(value):
        if isinstance(item, int | float) and not isinstance(item, bool):
            item = str(item)
        if not isinstance(item, str) or not item.strip():
            raise DataFileError(f"field '{where}[{i}]' must be a non-empty text", input=str(path),
                                hint="remove it or write a word or phrase")
        out.append(" ".join(item.split()))
    return out


def weighted_terms(value: Any, path: Path, where: str) -> dict[str, float]:
    """A mapping ``{weight: [terms]}`` or a plain list (weight 1.0) flattened to ``{term: weight}``."""
    if isinstance(value, list):
        return dict.fromkeys(string_list(value, path, where), 1.0)
    if not isinstance(value, dict):
        raise DataFileError(f"field '{where}' must be a list or a mapping of weight to terms", input=str(path),
                            hint="write e.g. '1.0: [term, term]'")
    out: dict[str, float] = {}
    for weight, terms in value.items():
        try:
            w = float(weight)
        except (TypeError, ValueError) as exc:
            raise DataFileError(f"field '{where}' has a non-numeric weight '{weight}'", input=str(path),
                                hint="use numbers as keys, e.g. '2.0:'") from exc
        for term in string_list(terms, path, f"{where}.{weight}"):
            out[term] = w
    return out


@functools.lru_cache(maxsize=1)
def not_cue_phrases() -> tuple[str, ...]:
    """Phrases that hide the cues inside them (``lexicons/not_cues.yaml``): "in a row" is no "row"."""
    path = data_path("lexicons", "not_cues.yaml")
    return tuple(string_list(load_yaml_mapping(path).get("phrases"), path, "phrases"))
