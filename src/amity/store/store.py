"""Persisting analyses: SQLite by default, any SQLAlchemy URL (PostgreSQL) for teams.

Writes are idempotent: a document is keyed by its content hash and an analysis by (document,
framework), and every insert is an ``ON CONFLICT DO NOTHING``, so a rerun or a concurrent writer
never duplicates a row and never loses one already stored.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import UTC, datetime
from operator import itemgetter
from pathlib import Path
from typing import Any, Literal

from packaging.version import InvalidVersion, Version
from sqlalchemy import Engine, Table, create_engine, delete, event, func, inspect, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection
from sqlalchemy.exc import SQLAlchemyError

from amity.errors import StoreError
from amity.model import Analysis, Document, Provenance, Quarantined
from amity.store import schema as s

logger = logging.getLogger(__name__)

# 0.2.0: reported acts (statements of kind "act"). 0.3.0: leaders by date; two titled persons as an act's
# subject; a speaker known by a leader's name gets the leader's title. 0.3.1: messages between leaders
# ("extends congratulations", "sends condolences") are events; more leaders; acts after a headline label,
# a leader's title or two offices; dyads name countries by every adjective the actor gazetteer knows; a
# joint source ("Xi Jinping and Hun Manet said") speaks through its first person, with each country a party.
# 0.3.2: co-speakers stored; speakers (places, party nouns, possessives, headlines are no persons); the
# attribution rules' recall round (more sources and frames, speaker labels). 0.3.3: the surnames He and To
# ("To Lam"); a form of address gives way to the office after the name; a name with its appositive is a subject;
# "she" and "he" skip a person the text calls "Mr." or "spokeswoman", and go to a known person who opens their sentence;
# a title "for" a country's organisation gives that country; a title after an earlier title's posting keeps its country;
# a country's officials ("Cambodian officials said") speak for it; a speech's first person ("I believe") is its speaker;
# a city or province in a person's description gives the country; more provinces in places.yaml (1.3); an
# official with no nationality is of the dateline's country. 0.3.4: later the same day: datelines skipped by the
# rules, a local office for the dateline's country, whole country names ("North Korean"), questions no statements;
# one dateline reading (Reuters, VNA forms), a reported act's content without its dateline; headline labels that
# name a speaker ("Wang Yi: ..."). 0.3.5: "Ambassador of Japan to Cambodia X" is Japanese; a place's name as a
# surname ("Yamaguchi said"); "spokesman" tells sex weakly; "the two sides" speak for the main pair; an act ends
# where speech in its sentence begins; not-cues ("in a row", "Supreme Court"); "must stop" is a demand; a party from
# the document has its first mention as dyad evidence. 0.3.6: a reporting verb's stance counts for tone and event;
# "said here on Tuesday"; undated datelines of known places; an embassy "in" a place is of its own country; aid
# handovers are AID; tariffs imposed are SANCTION. 0.3.7: labelled questions attribute nothing; a date inside a
# joint subject; an "according to" holding another attribution counts once.
PIPELINE_VERSION = "0.3.7"


def statement_id(document_id: str, index: int, annotation: str = "") -> str:
    """A statement's id: ``<document>:<index>``, or ``<document>:<annotation>:<index>`` for statements made
    with other annotation options than the defaults (``Analysis.annotation``)."""
    return f"{document_id}:{annotation}:{index}" if annotation else f"{document_id}:{index}"


def _annotation_of(document_id: str, sid: str) -> str:
    """The annotation tag of a statement id that :func:`statement_id` made for ``document_id``."""
    rest = sid[len(document_id) + 1:]
    return rest.rsplit(":", 1)[0] if ":" in rest else ""


def version_tag(annotation: str = "") -> str:
    """What ``analyses.pipeline_version`` records: this pipeline's version, and any annotation options."""
    return f"{PIPELINE_VERSION}+{annotation}" if annotation else PIPELINE_VERSION


VersionStatus = Literal["older", "current", "newer", "foreign"]


def version_status(recorded: str) -> VersionStatus:
    """Whether an analysis recorded with ``recorded`` was made by an older, this, or a newer pipeline;
    "foreign" when the record is no pipeline version (benchmark data records "synthetic")."""
    try:
        theirs = Version(recorded.split("+", 1)[0])
    except InvalidVersion:
        return "foreign"
    ours = Version(PIPELINE_VERSION)
    return "older" if theirs < ours else "newer" if theirs > ours else "current"


def database_url(db: str | Path) -> str:
    """A path becomes a SQLite URL; a URL (``postgresql://``, ``sqlite://``) is kept."""
    text = str(db)
    if "://" in text:
        if text.startswith("postgresql://"):
            return "postgresql+psycopg://" + text[len("postgresql://") :]
        return text
    return f"sqlite:///{Path(text).expanduser()}"


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _naive_utc(value: datetime | None) -> datetime | None:
    if value is None or value.tzinfo is None:
        return value
    return value.astimezone(UTC).replace(tzinfo=None)


class Store:
    """A database of documents, statements and their codings."""

    def __init__(self, db: str | Path = "amity.db", *, create: bool = True) -> None:
        self.url = database_url(db)
        try:
            self.engine: Engine = create_engine(self.url, future=True)
        except (SQLAlchemyError, ImportError) as exc:
            raise StoreError(f"cannot open database: {exc}", input=str(db)) from exc
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        self._sqlite_plans: dict[tuple[str, bool, tuple[str, ...]], _InsertPlan] = {}
        self._claim_sql: dict[tuple[tuple[str, ...], int], str] = {}  # multi-row claim SQL by row count
        if create:
            self.create()

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def create(self) -> None:
        try:
            # PostgreSQL: Alembic creates and upgrades; SQLite: create_all (+ Alembic once recorded)
            from amity.store.migrate import ensure_schema

            ensure_schema(self.engine)
            with self.engine.begin() as conn:
                self._insert_ignore(conn, s.meta, [{"key": "schema_version", "value": str(s.SCHEMA_VERSION)}])
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot create the schema: {exc.__class__.__name__}: {exc}", input=self.url) from exc

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing ---------------------------------------------------------------------------------

    def _insert_ignore(self, conn: Connection, table: Any, rows: Sequence[dict[str, Any]]) -> None:
        if not rows:
            return
        if self.dialect == "postgresql":
            pg_stmt = postgresql.insert(table).on_conflict_do_nothing()
            conn.execute(pg_stmt, list(rows))
        elif self.dialect == "sqlite":
            lite_stmt = sqlite.insert(table).on_conflict_do_nothing()
            conn.execute(lite_stmt, list(rows))
        else:  # pragma: no cover - other dialects: check then insert
            for row in rows:
                try:
                    conn.execute(table.insert(), [row])
                except SQLAlchemyError:
                    logger.debug("row already present in %s", table.name)

    def has_document(self, document_id: str) -> bool:
        with self.engine.connect() as conn:
            return conn.execute(select(s.documents.c.id).where(s.documents.c.id == document_id)).first() is not None

    def has_analysis(self, document_id: str, framework: str) -> bool:
        with self.engine.connect() as conn:
            row = conn.execute(
                select(s.analyses.c.document_id).where(
                    s.analyses.c.document_id == document_id, s.analyses.c.framework == framework
                )
            ).first()
            return row is not None

    def save(self, analysis: Analysis) -> bool:
        """Store an analysis in one transaction. Returns False when it was already stored."""
        return self.save_many([analysis]) == 1

    def save_many(self, batch: Iterable[Analysis]) -> int:
        """Store many analyses in one transaction; returns how many were new.

        Rows of the whole batch are written with one multi-row insert per table: per-document
        inserts cost more than annotating a headline.
        """
        return self.replace_many(batch, ())

    def replace_many(self, batch: Iterable[Analysis], purge: Iterable[str]) -> int:
        """:meth:`save_many`, after removing every analysis of the documents ``purge`` names.

        The documents in ``purge`` lose their mentions, statements (and co-speakers), codings and evidence
        under every framework, then the batch is stored, all in one transaction: a reader sees the old analyses or
        the new ones, and a run killed midway leaves the old ones in place. The documents themselves
        (text, metadata, story cluster, copies) stay.
        """
        new = 0
        rows: dict[str, list[dict[str, Any]]] = {name: [] for name in _BATCHED}
        analyses = list(batch)
        writing = {(x.document.id, x.framework) for x in analyses}
        try:
            with self.engine.begin() as conn:
                for chunk in _chunked(sorted(set(purge))):
                    self._purge(conn, chunk, writing)
                analyses = self._consistent(conn, analyses)
                if self.dialect == "sqlite":
                    new = self._save_sqlite(conn, analyses, rows)
                else:
                    for analysis in analyses:
                        new += self._save(conn, analysis, rows)
                for name in _BATCHED:
                    table = s.metadata.tables[name]
                    if self.dialect == "sqlite":
                        self._sqlite_insert_many(conn, table, rows[name], ignore=name != "evidence")
                    elif name == "evidence":
                        if rows[name]:
                            conn.execute(s.evidence.insert(), rows[name])
                    else:
                        self._insert_ignore(conn, table, rows[name])
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot write: {exc.__class__.__name__}: {exc}", input=self.url) from exc
        return new

    @staticmethod
    def _consistent(conn: Connection, batch: list[Analysis]) -> list[Analysis]:
        """The analyses whose statements agree with those already stored for their documents.

        Statements are shared by a document's codings under every framework. A document stored by another
        pipeline version may have other statements at the same ids, and a coding made now would land on
        them; such analyses are left out (``amity reanalyze`` brings the document up to date first)."""
        ids = sorted({a.document.id for a in batch})
        stored: dict[str, dict[str, tuple[int, int, str]]] = {}  # document -> statement id -> (start, end, kind)
        st = s.statements
        for chunk in _chunked(ids):
            query = select(st.c.document_id, st.c.id, st.c.start, st.c.end, st.c.kind).where(
                st.c.document_id.in_(chunk))
            for row in conn.execute(query):
                stored.setdefault(str(row[0]), {})[str(row[1])] = (int(row[2]), int(row[3]), str(row[4]))
        if not stored:
            return batch
        a = s.analyses
        outdated: set[str] = set()
        for chunk in _chunked(ids):
            query = select(a.c.document_id, a.c.pipeline_version).where(a.c.document_id.in_(chunk))
            outdated.update(str(row[0]) for row in conn.execute(query) if version_status(str(row[1])) != "current")
        kept: list[Analysis] = []
        refused: set[str] = set()
        for analysis in batch:
            doc_id, tag = analysis.document.id, analysis.annotation
            if doc_id in outdated:
                refused.add(doc_id)
                continue
            mine = {statement_id(doc_id, x.index, tag): (x.content.start, x.content.end, str(x.kind))
                    for x in analysis.statements}
            theirs = {k: v for k, v in stored.get(doc_id, {}).items() if _annotation_of(doc_id, k) == tag}
            if theirs and theirs != mine:
                refused.add(doc_id)
            else:
                kept.append(analysis)
        if refused:
            logger.warning("%d document(s) not stored under this run's framework: their stored statements were made "
                           "by another pipeline version; bring them up to date with `amity reanalyze` (e.g. %s)",
                           len(refused), min(refused))
        return kept

    @staticmethod
    def _purge(conn: Connection, document_ids: list[str], writing: set[tuple[str, str]]) -> None:
        """Delete the documents' analyses, statements, co-speakers, codings, evidence and mentions. Refuse (rolling the
        transaction back) when one was coded under a framework the batch does not write again: another
        writer added that coding after the batch was planned, and purging would lose it."""
        a = s.analyses
        # DELETE ... RETURNING first: what it returns is exactly what it removed, even with a writer racing.
        removed = conn.execute(delete(a).where(a.c.document_id.in_(document_ids)).returning(a.c.document_id,
                                                                                            a.c.framework))
        lost = sorted((str(d), str(f)) for d, f in removed if (str(d), str(f)) not in writing)
        if lost:
            raise StoreError(f"document {lost[0][0]} was coded under '{lost[0][1]}' by another writer while it was "
                             "being re-analysed; nothing of this batch was changed. Run `amity reanalyze` again")
        # Explicit deletes, children first, rather than relying on ON DELETE CASCADE: SQLite enforces
        # it only on connections that turned foreign keys on, and the order keeps every key satisfied.
        statement_ids = select(s.statements.c.id).where(s.statements.c.document_id.in_(document_ids))
        for table in (s.evidence, s.statement_dyads, s.statement_mechanisms, s.statement_sub_areas,
                      s.statement_pillars, s.codings, s.statement_co_speakers):
            conn.execute(delete(table).where(table.c.statement_id.in_(statement_ids)))
        for table in (s.statements, s.mentions):
            conn.execute(delete(table).where(table.c.document_id.in_(document_ids)))

    def analysis_versions(self) -> Iterator[tuple[str, str, str]]:
        """Every stored analysis as (document id, framework, pipeline version), by document."""
        a = s.analyses
        with self.engine.connect() as conn:
            query = select(a.c.document_id, a.c.framework, a.c.pipeline_version).order_by(a.c.document_id)
            for row in conn.execute(query):
                yield str(row[0]), str(row[1]), str(row[2])

    def analyses_by_version(self) -> dict[VersionStatus, int]:
        """How many stored analyses an older, this, or a newer pipeline made (and "foreign" records)."""
        a = s.analyses
        out: dict[VersionStatus, int] = {"older": 0, "current": 0, "newer": 0, "foreign": 0}
        with self.engine.connect() as conn:
            for version, n in conn.execute(select(a.c.pipeline_version, func.count()).group_by(a.c.pipeline_version)):
                out[version_status(str(version))] += int(n)
        return out

    def stale_analyses(self) -> int:
        """How many stored analyses an older pipeline made (``amity reanalyze`` brings them up to date)."""
        return self.analyses_by_version()["older"]

    def load_documents(self, document_ids: Sequence[str]) -> list[Document]:
        """The stored documents with these ids, as :class:`Document` records (in the order asked; missing
        ids are left out): text, metadata, provenance and story cluster as ingested."""
        found: dict[str, Document] = {}
        with self.engine.connect() as conn:
            for chunk in _chunked(list(document_ids)):
                for row in conn.execute(select(s.documents).where(s.documents.c.id.in_(chunk))).mappings():
                    found[str(row["id"])] = _document_of(dict(row))
        return [found[i] for i in document_ids if i in found]

    def _save(self, conn: Connection, analysis: Analysis, rows: dict[str, list[dict[str, Any]]]) -> int:
        self._insert_ignore(conn, s.documents, [_document_row(analysis)])
        # Claim (document, framework) before writing its rows: a concurrent writer's insert of the
        # same key waits for this transaction, then finds it taken and writes nothing, so two
        # writers never both add the statements and evidence of one analysis.
        if not self._claim_analysis(conn, _claim_row(analysis)):
            return 0
        _add_rows(analysis, rows)
        return 1

    def _save_sqlite(self, conn: Connection, batch: list[Analysis], rows: dict[str, list[dict[str, Any]]]) -> int:
        """``_save`` for a whole batch: its documents in one ``executemany``, its claims in one insert.

        The same rows in the same order as ``_save`` per analysis (SQLite serialises writers, so claiming
        the batch's analyses in one ``INSERT ... RETURNING`` is as safe as one by one); an analysis whose
        claim was already taken, or that repeats one earlier in the batch, writes nothing.
        """
        if not batch:
            return 0
        self._sqlite_insert_many(conn, s.documents, [_document_row(a) for a in batch], ignore=True)
        claims = [_claim_row(a) for a in batch]
        claimed: set[tuple[str, str]] = set()
        for i in range(0, len(claims), _CLAIM_CHUNK):
            claimed.update(self._sqlite_claim(conn, claims[i:i + _CLAIM_CHUNK]))
        new = 0
        for analysis in batch:
            key = (analysis.document.id, analysis.framework)
            if key in claimed:
                claimed.discard(key)
                _add_rows(analysis, rows)
                new += 1
        return new

    def _sqlite_claim(self, conn: Connection, claims: list[dict[str, Any]]) -> set[tuple[str, str]]:
        """One ``INSERT ... ON CONFLICT DO NOTHING RETURNING`` of these analyses' claim rows; the (document,
        framework) keys it inserted. Its SQL is built once per row count from the single-row plan: SQLAlchemy
        compiling a multi-row insert anew for every batch cost as much as annotating the batch's headlines."""
        keys = tuple(claims[0])
        plan = self._plan_for(s.analyses, True, keys)
        sql = self._claim_sql.get((keys, len(claims)))
        if sql is None:
            head, _, rest = plan.sql.partition(" VALUES ")
            row_sql, tail = rest[:rest.index(")") + 1], rest[rest.index(")") + 1:]
            sql = f"{head} VALUES {', '.join([row_sql] * len(claims))}{tail} RETURNING document_id, framework"
            self._claim_sql[(keys, len(claims))] = sql
        params = tuple(value for row in claims for value in plan.values(row))
        return {(str(r[0]), str(r[1])) for r in conn.exec_driver_sql(sql, params)}

    def _sqlite_insert_many(self, conn: Connection, table: Any, rows: Sequence[dict[str, Any]], *,
                            ignore: bool) -> None:
        """SQLite: many rows through the driver's ``executemany``, the statement compiled once per table.

        The same rows, order and column conversions (each column type's own bind processor) as
        ``conn.execute(insert, rows)``, without SQLAlchemy's per-row parameter handling, which cost more
        than SQLite's insert itself. Every row of one table has the same keys (``_add_rows`` builds them).
        """
        if not rows:
            return
        plan = self._plan_for(table, ignore, tuple(rows[0]))
        # Without conversions the getter's tuples are the parameters: no per-row call on the hot path.
        values = plan.values if plan.converters else plan.getter
        conn.exec_driver_sql(plan.sql, [values(row) for row in rows])

    def _plan_for(self, table: Any, ignore: bool, keys: tuple[str, ...]) -> _InsertPlan:
        """The compiled insert for rows with these keys, made once per store."""
        plan = self._sqlite_plans.get((table.name, ignore, keys))
        if plan is None:
            plan = self._sqlite_plans[(table.name, ignore, keys)] = self._sqlite_plan(table, ignore, keys)
        return plan

    def _sqlite_plan(self, table: Any, ignore: bool, keys: tuple[str, ...]) -> _InsertPlan:
        stmt = sqlite.insert(table)
        if ignore:
            stmt = stmt.on_conflict_do_nothing()
        dialect = self.engine.dialect
        compiled = stmt.compile(dialect=dialect, column_keys=list(keys))
        order = list(compiled.positiontup or ())
        if sorted(order) != sorted(keys):  # pragma: no cover - a column default would need SQLAlchemy's handling
            raise StoreError(f"cannot prepare the insert into {table.name}: columns {order} for rows {keys}")
        converters: list[tuple[int, Callable[[Any], Any]]] = []
        for i, key in enumerate(order):
            convert = table.c[key].type.dialect_impl(dialect).bind_processor(dialect)
            if convert is not None:
                converters.append((i, convert))
        getter = itemgetter(*order) if len(order) > 1 else _single_getter(order[0])
        return _InsertPlan(compiled.string, getter, tuple(converters))

    def _claim_analysis(self, conn: Connection, row: dict[str, Any]) -> bool:
        if self.dialect not in ("postgresql", "sqlite"):  # pragma: no cover - plain insert elsewhere
            self._insert_ignore(conn, s.analyses, [row])
            return True
        insert = postgresql.insert if self.dialect == "postgresql" else sqlite.insert
        claimed = conn.execute(
            insert(s.analyses).values(row).on_conflict_do_nothing().returning(s.analyses.c.document_id)
        ).first()
        return claimed is not None

    def add_quarantined(self, item: Quarantined) -> None:
        key = hashlib.sha256(f"{item.input}\x00{item.reason}".encode()).hexdigest()
        try:
            with self.engine.begin() as conn:
                self._insert_ignore(conn, s.quarantine, [{
                    "input": item.input, "reason": item.reason, "code": item.code,
                    "created_at": _now(), "key": key,
                }])
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot write quarantine: {exc}", input=self.url) from exc

    def clear_quarantined(self, inputs: Iterable[str], *, before: datetime | None = None) -> int:
        """Forget what was quarantined for these inputs (before ``before``: not this run's own entries), read
        without fault since (a page published after a 404, a file read again with the right ``--text-field``);
        the number of entries removed."""
        wanted = sorted(set(inputs))
        removed = 0
        try:
            with self.engine.begin() as conn:
                for i in range(0, len(wanted), 500):  # under every backend's bound-parameter limit
                    chunk = wanted[i:i + 500]
                    query = delete(s.quarantine).where(s.quarantine.c.input.in_(chunk))
                    if before is not None:
                        query = query.where(s.quarantine.c.created_at < before)
                    removed += conn.execute(query).rowcount
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot write quarantine: {exc}", input=self.url) from exc
        return removed

    # -- reading ---------------------------------------------------------------------------------

    def quarantined(self) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(s.quarantine).order_by(s.quarantine.c.id)).mappings().all()
            return [dict(r) for r in rows]

    def counts_of(self, table: Table) -> int:
        """Rows in one table of the store."""
        with self.engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(table)).scalar_one())

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        with self.engine.connect() as conn:
            for name, table in (("documents", s.documents), ("statements", s.statements),
                                ("codings", s.codings), ("quarantined", s.quarantine)):
                out[name] = int(conn.execute(select(func.count()).select_from(table)).scalar_one())
        return out

    def tagged_statements(self) -> int:
        """Statements made with annotation options other than the defaults (their ids carry a tag,
        ``<document>:<tag>:<n>``): the same sentences may be counted once per set of options."""
        st = s.statements
        with self.engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(st).where(st.c.id.like("%:%:%"))).scalar_one())

    def framework_summary(self) -> list[tuple[str, int, list[str]]]:
        """Per framework: how many documents are coded under it, and the annotation options other than the
        defaults that made them (the tags after "+" in ``pipeline_version``, e.g. "noacts")."""
        a = s.analyses
        out: dict[str, tuple[int, set[str]]] = {}
        with self.engine.connect() as conn:
            query = select(a.c.framework, a.c.pipeline_version, func.count()).group_by(a.c.framework,
                                                                                     a.c.pipeline_version)
            for framework, version, n in conn.execute(query):
                count, tags = out.get(str(framework), (0, set()))
                tag = str(version).partition("+")[2]
                out[str(framework)] = (count + int(n), tags | ({tag} if tag else set()))
        return [(fw, n, sorted(tags)) for fw, (n, tags) in sorted(out.items())]

    def frameworks(self) -> list[str]:
        with self.engine.connect() as conn:
            return [r[0] for r in conn.execute(select(s.analyses.c.framework).distinct()).all()]

    def documents(self, *, limit: int | None = None) -> list[dict[str, Any]]:
        q = select(s.documents).order_by(s.documents.c.published, s.documents.c.id)
        if limit:
            q = q.limit(limit)
        with self.engine.connect() as conn:
            return [_decode(dict(r)) for r in conn.execute(q).mappings().all()]

    def statements(
        self,
        *,
        framework: str | None = None,
        dyad: tuple[str, str] | None = None,
        pillar: str | None = None,
        document_id: str | None = None,
        limit: int | None = None,
    ) -> list[dict[str, Any]]:
        """Statements joined with their coding (one row per statement and framework), each with its
        ``co_speakers`` (:func:`attach_co_speakers`)."""
        st, c, d = s.statements, s.codings, s.documents
        q = (
            select(st, c.c.framework, c.c.relevant, c.c.primary_pillar, c.c.pillars, c.c.sub_areas,
                   c.c.mechanisms, c.c.dyads, c.c.event_type, c.c.tone, c.c.commitment,
                   c.c.confidence.label("coding_confidence"), d.c.title.label("document_title"),
                   d.c.url.label("document_url"), d.c.path.label("document_path"),
                   d.c.source.label("document_source"))
            .join(c, c.c.statement_id == st.c.id)
            .join(d, d.c.id == st.c.document_id)
            .order_by(st.c.published, st.c.document_id, st.c.idx)
        )
        if framework:
            q = q.where(c.c.framework == framework)
        if document_id:
            q = q.where(st.c.document_id == document_id)
        if pillar:
            q = q.where(c.c.primary_pillar == pillar)
        if dyad:
            a, b = sorted(dyad)
            sd = s.statement_dyads
            q = q.where(st.c.id.in_(
                select(sd.c.statement_id).where(
                    sd.c.country_a == a, sd.c.country_b == b, sd.c.framework == c.c.framework
                )
            ))
        if limit:
            q = q.limit(limit)
        with self.engine.connect() as conn:
            rows = [_decode(dict(r)) for r in conn.execute(q).mappings().all()]
            attach_co_speakers(conn, rows)
            return rows

    def evidence(self, statement_id: str, framework: str) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(s.evidence).where(s.evidence.c.statement_id == statement_id,
                                         s.evidence.c.framework == framework).order_by(s.evidence.c.start)
            ).mappings().all()
            return [dict(r) for r in rows]

    def iter_document_ids(self) -> Iterator[str]:
        with self.engine.connect() as conn:
            for row in conn.execute(select(s.documents.c.id)):
                yield row[0]


# A co-speaker as read back: the keys of ``co_speakers`` in the JSON output (amity.output), "id" being the
# column actor_id.
CO_SPEAKER_FIELDS = ("id", "name", "type", "title", "organisation", "country")


def attach_co_speakers(conn: Connection, rows: list[dict[str, Any]]) -> None:
    """Add ``co_speakers`` to each statement row (keyed ``id``): the other persons of its joint source, in
    the order named, each a dict of :data:`CO_SPEAKER_FIELDS`; empty for one speaker.

    One query per 500 statements. A database not yet upgraded to schema version 3 (read without opening a
    :class:`Store`, which would add the table) has no co-speakers stored: every list is empty.
    """
    for row in rows:
        row["co_speakers"] = []
    if not rows:
        return
    if not inspect(conn).has_table(s.statement_co_speakers.name):  # one catalogue look-up: cheap
        return
    by_id: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        by_id.setdefault(str(row["id"]), []).append(row)  # a statement under two frameworks: two rows
    co = s.statement_co_speakers
    columns = [co.c["actor_id" if name == "id" else name] for name in CO_SPEAKER_FIELDS]
    for chunk in _chunked(list(by_id)):
        query = select(co.c.statement_id, *columns).where(co.c.statement_id.in_(chunk)).order_by(
            co.c.statement_id, co.c.position)
        for found in conn.execute(query):
            person = dict(zip(CO_SPEAKER_FIELDS, found[1:], strict=True))
            for row in by_id[str(found[0])]:
                row["co_speakers"].append(dict(person))


class _InsertPlan:
    """A compiled SQLite insert: its SQL, how to read a row's values, which columns convert."""

    __slots__ = ("converters", "getter", "sql")

    def __init__(self, sql: str, getter: Callable[[dict[str, Any]], Any],
                 converters: tuple[tuple[int, Callable[[Any], Any]], ...]) -> None:
        self.sql, self.getter, self.converters = sql, getter, converters

    def values(self, row: dict[str, Any]) -> tuple[Any, ...]:
        """The row's parameters in the SQL's order, each converted by its column type."""
        values = list(self.getter(row))
        for i, convert in self.converters:
            if values[i] is not None:
                values[i] = convert(values[i])
        return tuple(values)


def _chunked(ids: list[str]) -> Iterator[list[str]]:
    """``ids`` in lists short enough for one ``IN (...)`` each."""
    for i in range(0, len(ids), _IN_CHUNK):
        yield ids[i:i + _IN_CHUNK]


def _single_getter(key: str) -> Callable[[dict[str, Any]], tuple[Any, ...]]:
    return lambda row: (row[key],)


_IN_CHUNK = 500  # document ids per IN (...) list, under SQLite's 999-parameter limit
_CLAIM_CHUNK = 150  # rows per claiming insert: 5 parameters each, under SQLite's 999-parameter limit

_JSON_CACHE: dict[tuple[Any, ...], str] = {}  # codes and dyads repeat: each list is encoded once


def _json_of(values: list[str] | list[tuple[str, str]]) -> str:
    """``json.dumps`` of a list of codes or of pairs (pairs as lists), remembered."""
    key = tuple(values)
    try:
        text = _JSON_CACHE.get(key)
    except TypeError:  # an unhashable item: encode without remembering
        return json.dumps([list(v) if isinstance(v, tuple) else v for v in values])
    if text is None:
        if len(_JSON_CACHE) > 50_000:
            _JSON_CACHE.clear()
        text = _JSON_CACHE[key] = json.dumps([list(v) if isinstance(v, tuple) else v for v in values])
    return text


def _document_row(analysis: Analysis) -> dict[str, Any]:
    doc = analysis.document
    return {
        "id": doc.id, "title": doc.title, "source": doc.source, "url": doc.url, "path": doc.path,
        "published": _naive_utc(doc.published), "authors": json.dumps(doc.authors), "editor": doc.editor,
        "dateline": doc.dateline, "language": doc.language, "text": doc.text,
        "cluster_id": str(doc.extra.get("cluster_id") or doc.id),
        "provenance": json.dumps(doc.provenance.to_dict()) if doc.provenance else None,
        "extra": json.dumps({k: v for k, v in doc.extra.items() if k != "cluster_id"}, default=str),
        "ingested_at": _now(),
    }


def _document_of(row: dict[str, Any]) -> Document:
    """The inverse of :func:`_document_row`."""
    row = _decode(row)
    prov = row.get("provenance")
    provenance = None
    if isinstance(prov, dict):
        fetched = prov.get("fetched_at")
        provenance = Provenance(source=str(prov.get("source") or ""), reader=str(prov.get("reader") or ""),
                                record=prov.get("record"),
                                fetched_at=datetime.fromisoformat(fetched) if fetched else None)
    extra = dict(row.get("extra") or {})
    extra["cluster_id"] = row.get("cluster_id") or row["id"]
    return Document(
        text=row["text"], title=row.get("title"), source=row.get("source"), url=row.get("url"),
        path=row.get("path"), published=row.get("published"),
        authors=list(row.get("authors") or []), editor=row.get("editor"), dateline=row.get("dateline"),
        language=row.get("language"), provenance=provenance, extra=extra, id=str(row["id"]),
    )


def _claim_row(analysis: Analysis) -> dict[str, Any]:
    return {
        "document_id": analysis.document.id, "framework": analysis.framework,
        "pipeline_version": version_tag(analysis.annotation), "analyzed_at": _now(),
        "n_statements": len(analysis.statements),
    }


def _add_rows(analysis: Analysis, rows: dict[str, list[dict[str, Any]]]) -> None:
    """An analysis's rows (actors, mentions, statements and co-speakers, codings, evidence), added to its
    batch's."""
    doc = analysis.document
    fw = analysis.framework
    published = _naive_utc(doc.published)
    cluster = str(doc.extra.get("cluster_id") or doc.id)
    rows["actors"] += [
        {"id": a.id, "name": a.name, "type": a.type, "iso3": a.iso3, "title": a.title,
         "role": a.role, "organisation": a.organisation}
        for a in analysis.actors.values()
    ]
    rows["mentions"] += [
        {"document_id": doc.id, "actor_id": m.actor_id, "start": m.start, "end": m.end,
         "text": m.text, "kind": m.kind}
        for m in analysis.mentions
    ]
    st_rows, code_rows, pil_rows, sub_rows = rows["statements"], rows["codings"], rows["statement_pillars"], \
        rows["statement_sub_areas"]
    mech_rows, dyad_rows, ev_rows = rows["statement_mechanisms"], rows["statement_dyads"], rows["evidence"]
    co_rows = rows["statement_co_speakers"]
    for st in analysis.statements:
        sid = statement_id(doc.id, st.index, analysis.annotation)
        sp = st.speaker
        st_rows.append({
            "id": sid, "document_id": doc.id, "idx": st.index, "start": st.content.start,
            "end": st.content.end, "text": st.content.text, "kind": st.kind,
            "speaker_id": sp.id if sp else None, "speaker_name": sp.name if sp else None,
            "speaker_title": sp.title if sp else None,
            "speaker_organisation": sp.organisation if sp else None,
            "speaker_country": sp.iso3 if sp else None, "speaker_type": sp.type if sp else None,
            "speaker_start": st.speaker_span.start if st.speaker_span else None,
            "speaker_end": st.speaker_span.end if st.speaker_span else None,
            "speaker_text": st.speaker_span.text if st.speaker_span else None,
            "cue_start": st.cue.start if st.cue else None, "cue_end": st.cue.end if st.cue else None,
            "cue_text": st.cue.text if st.cue else None, "confidence": st.confidence,
            "published": published, "cluster_id": cluster,
        })
        co_rows += [{"statement_id": sid, "position": i, "actor_id": a.id, "name": a.name, "title": a.title,
                     "organisation": a.organisation, "country": a.iso3, "type": a.type}
                    for i, a in enumerate(st.co_speakers)]
        c = st.coding
        if c is None:
            continue
        code_rows.append({
            "statement_id": sid, "framework": fw, "relevant": c.relevant,
            "primary_pillar": c.primary_pillar, "pillars": _json_of(c.pillars),
            "sub_areas": _json_of(c.sub_areas), "mechanisms": _json_of(c.mechanisms),
            "dyads": _json_of(c.dyads), "event_type": c.event_type,
            "tone": c.tone, "commitment": c.commitment, "confidence": c.confidence,
        })
        pil_rows += [{"statement_id": sid, "framework": fw, "pillar": p,
                      "is_primary": p == c.primary_pillar} for p in dict.fromkeys(c.pillars)]
        sub_rows += [{"statement_id": sid, "framework": fw, "sub_area": x} for x in dict.fromkeys(c.sub_areas)]
        mech_rows += [{"statement_id": sid, "framework": fw, "mechanism": m}
                      for m in dict.fromkeys(c.mechanisms)]
        dyad_rows += [{"statement_id": sid, "framework": fw, "country_a": min(a, b), "country_b": max(a, b)}
                      for a, b in dict.fromkeys(c.dyads)]
        ev_rows += [{"statement_id": sid, "framework": fw, "field": e.field, "value": e.value,
                     "start": e.start, "end": e.end, "text": e.text, "cue": e.cue} for e in c.evidence]


# Tables written once per batch, in an order that satisfies their foreign keys.
_BATCHED = (
    "actors", "mentions", "statements", "statement_co_speakers", "codings", "statement_pillars",
    "statement_sub_areas", "statement_mechanisms", "statement_dyads", "evidence",
)

_JSON_COLUMNS = ("authors", "pillars", "sub_areas", "mechanisms", "dyads", "provenance", "extra")


def _decode(row: dict[str, Any]) -> dict[str, Any]:
    for key in _JSON_COLUMNS:
        if key in row and isinstance(row[key], str):
            row[key] = json.loads(row[key])
    return row


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.close()
