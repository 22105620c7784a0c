"""Score quote attribution against brat standoff annotation in the PolNeAR layout.

Layout: ``DIR/text/NAME.txt`` and ``DIR/attributions/NAME_ANNOTATOR.ann``. ``T`` lines hold ``Source``,
``Cue`` and ``Content`` spans (``start end`` or discontinuous ``s1 e1;s2 e2``); ``E`` lines link them into
attributions (``Attribution:Tn Content:Tn Cue:Tn Source:Tn``; ``Attribution-no-source`` has no source).

Documented choices:

* **Several annotators.** When an article is annotated by several annotators, it is scored against the
  annotation of the first annotator in sorted order of the annotator id (the file-name suffix); each
  article counts once.
* **Predicted attributions.** The attributor's statements are grouped by cue span: the pieces of one quote
  (before and after "he said", or carried over paragraphs) share their cue and form one attribution whose
  content is the set of pieces, as in the gold. Several attributions may share one source span, as in the
  gold ("Newsweek announced ... and said ...").
* **Matching.** Spans are sets of fragments with surrounding white space trimmed. *Exact*: the same
  fragments. *Overlap*: at least one shared character. Precision is the share of predicted items matching
  some gold item, recall the share of gold items matched by some predicted item. Whole attributions match
  when their contents overlap and their sources overlap (a source absent on both sides matches).
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from amity.errors import DataFileError, NotFoundError
from amity.model import Document

if TYPE_CHECKING:
    from amity.nlp.attribution import Attributor

logger = logging.getLogger(__name__)

Fragments = tuple[tuple[int, int], ...]
ROLES = ("source", "cue", "content")
_ANN_LINE = re.compile(r"^[A-Z#]\d+\t")


@dataclass(frozen=True, slots=True)
class GoldAttribution:
    source: Fragments | None
    cue: Fragments | None
    content: Fragments


@dataclass(slots=True)
class GoldDocument:
    name: str
    text: str
    attributions: list[GoldAttribution]
    annotator: str = ""


def _trim(text: str, frags: list[tuple[int, int]]) -> Fragments:
    out = []
    for s, e in sorted(frags):
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return tuple(out)


def parse_ann(ann: str, text: str, *, where: str = "<ann>") -> list[GoldAttribution]:
    """Attributions of one brat ``.ann`` file (spans are character offsets into ``text``)."""
    spans: dict[str, tuple[str, Fragments]] = {}
    events: list[dict[str, str]] = []
    for n, line in enumerate(ann.splitlines(), 1):
        if not _ANN_LINE.match(line):
            continue  # blank, or the rest of a span text that contains a line break
        parts = line.split("\t")
        if line.startswith("T"):
            if len(parts) < 2:
                raise DataFileError(f"line {n}: a T line needs 'ID<TAB>Label start end'", input=where)
            head = parts[1].split(" ", 1)
            label = head[0]
            if len(head) < 2:
                raise DataFileError(f"line {n}: no offsets in T line", input=where)
            frags = []
            try:
                for piece in head[1].split(";"):
                    s, e = piece.split()
                    frags.append((int(s), int(e)))
            except ValueError as exc:
                raise DataFileError(f"line {n}: bad offsets {head[1]!r}", input=where) from exc
            spans[parts[0]] = (label, _trim(text, frags))
        elif line.startswith("E") and len(parts) >= 2:
            roles: dict[str, str] = {}
            for arg in parts[1].split():
                role, _, tid = arg.partition(":")
                roles[role.split("-")[0].rstrip("0123456789").lower()] = tid
            events.append(roles)
    out = []
    for roles in events:
        got: dict[str, Fragments | None] = {}
        for role in ROLES:
            ref = roles.get(role)
            got[role] = spans[ref][1] if ref is not None and ref in spans and spans[ref][1] else None
        content = got["content"]
        if not content:
            continue
        out.append(GoldAttribution(got["source"], got["cue"], content))
    return out


def load_gold(gold_dir: Path, *, all_annotators: bool = False) -> list[GoldDocument]:
    """Every annotated article of a PolNeAR-layout directory: the first annotator's annotation when there
    are several, or with ``all_annotators`` one document per annotation (for training)."""
    text_dir, ann_dir = gold_dir / "text", gold_dir / "attributions"
    if not text_dir.is_dir() or not ann_dir.is_dir():
        raise NotFoundError(
            "expected 'text/' and 'attributions/' subdirectories", input=str(gold_dir),
            hint="point --gold at a directory in the PolNeAR layout",
        )
    anns: dict[str, list[Path]] = {}
    for ann in sorted(ann_dir.glob("*.ann")):
        name, _, _annotator = ann.stem.rpartition("_")
        if (text_dir / f"{name}.txt").exists():
            anns.setdefault(name, []).append(ann)
        elif (text_dir / f"{ann.stem}.txt").exists():
            anns.setdefault(ann.stem, []).append(ann)
    docs = []
    for name in sorted(anns):
        ranked = sorted(anns[name], key=lambda p: p.stem.rpartition("_")[2])
        text = (text_dir / f"{name}.txt").read_text(encoding="utf-8")
        for ann in ranked if all_annotators else ranked[:1]:
            attributions = parse_ann(ann.read_text(encoding="utf-8"), text, where=str(ann))
            docs.append(GoldDocument(name, text, attributions, ann.stem.rpartition("_")[2]))
    if not docs:
        raise NotFoundError("no annotated articles found", input=str(gold_dir))
    return docs


def predicted_attributions(
    attributor: Attributor, text: str
) -> list[GoldAttribution]:
    """Run the attributor on raw text and group its statements into attributions (see module doc)."""
    from amity.nlp.actors import ActorTagger
    from amity.nlp.sentences import split_sentences

    document = Document(text=text)
    sentences = split_sentences(text)
    mentions, actors = ActorTagger.default().tag(text)
    statements = attributor.attribute(document, sentences, mentions, actors)
    groups: dict[tuple[int, int] | tuple[int, int, int], list[Any]] = {}
    for st in statements:
        key = (st.cue.start, st.cue.end) if st.cue else (st.content.start, st.content.end, -1)
        groups.setdefault(key, []).append(st)
    raw: list[tuple[Fragments | None, Fragments | None, Fragments]] = []
    for key, sts in groups.items():
        cue = _trim(text, [key[:2]]) if len(key) == 2 else None
        src = sts[0].speaker_span
        source = _trim(text, [(src.start, src.end)]) if src else None
        content = _trim(text, [(s.content.start, s.content.end) for s in sts])
        if content:
            raw.append((source, cue or None, content))
    return [GoldAttribution(source, cue, content) for source, cue, content in raw]


def _overlaps(a: Fragments, b: Fragments) -> bool:
    return any(s1 < e2 and s2 < e1 for s1, e1 in a for s2, e2 in b)


@dataclass(slots=True)
class _Counts:
    pred: int = 0
    gold: int = 0
    pred_hit: int = 0
    gold_hit: int = 0

    def add(self, preds: list[Fragments], golds: list[Fragments], exact: bool) -> None:
        self.pred += len(preds)
        self.gold += len(golds)
        if exact:
            gset = set(golds)
            pset = set(preds)
            self.pred_hit += sum(1 for p in preds if p in gset)
            self.gold_hit += sum(1 for g in golds if g in pset)
        else:
            self.pred_hit += sum(1 for p in preds if any(_overlaps(p, g) for g in golds))
            self.gold_hit += sum(1 for g in golds if any(_overlaps(p, g) for p in preds))

    def scores(self) -> dict[str, float]:
        p = self.pred_hit / self.pred if self.pred else 0.0
        r = self.gold_hit / self.gold if self.gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def _attr_match(p: GoldAttribution, g: GoldAttribution, exact: bool) -> bool:
    if exact:
        content = p.content == g.content
        source = p.source == g.source
    else:
        content = _overlaps(p.content, g.content)
        source = (p.source is None and g.source is None) or (
            p.source is not None and g.source is not None and _overlaps(p.source, g.source)
        )
    return content and source


def score_documents(
    pairs: Iterator[tuple[list[GoldAttribution], list[GoldAttribution]]],
) -> dict[str, Any]:
    """Precision/recall/F1 from (predicted, gold) attribution lists per document."""
    counts = {(role, mode): _Counts() for role in (*ROLES, "attribution") for mode in ("exact", "overlap")}
    n = 0
    for preds, golds in pairs:
        n += 1
        for role in ROLES:
            p_items = [getattr(a, role) for a in preds if getattr(a, role)]
            g_items = [getattr(a, role) for a in golds if getattr(a, role)]
            counts[(role, "exact")].add(p_items, g_items, exact=True)
            counts[(role, "overlap")].add(p_items, g_items, exact=False)
        for mode in ("exact", "overlap"):
            c = counts[("attribution", mode)]
            c.pred += len(preds)
            c.gold += len(golds)
            c.pred_hit += sum(1 for p in preds if any(_attr_match(p, g, mode == "exact") for g in golds))
            c.gold_hit += sum(1 for g in golds if any(_attr_match(p, g, mode == "exact") for p in preds))
    result: dict[str, Any] = {"documents": n}
    for role in (*ROLES, "attribution"):
        result[role] = {mode: counts[(role, mode)].scores() for mode in ("exact", "overlap")}
    return result


def evaluate_quotes(gold_dir: Path, attributor: Attributor) -> dict[str, Any]:
    """Run ``attributor`` on every article under ``gold_dir`` and score it (see the module doc)."""
    docs = load_gold(Path(gold_dir))
    started = time.perf_counter()
    predictions = [predicted_attributions(attributor, d.text) for d in docs]
    elapsed = time.perf_counter() - started
    result = score_documents(iter(zip(predictions, (d.attributions for d in docs), strict=True)))
    result["seconds"] = round(elapsed, 3)
    result["docs_per_second"] = round(len(docs) / elapsed, 1) if elapsed > 0 else None
    logger.info("scored %d documents in %.2fs", len(docs), elapsed)
    return result


def fragments_text(text: str, frags: Fragments | None) -> str:
    """The text of a fragment set, pieces joined by ' … ' (for error analysis)."""
    if not frags:
        return ""
    return " … ".join(re.sub(r"\s+", " ", text[s:e]) for s, e in frags)
