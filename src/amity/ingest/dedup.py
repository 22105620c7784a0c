"""Story clusters: exact duplicates by a hash of the normalised content, near duplicates by MinHash LSH.

The same wire story reprinted on twenty sites must count once in indicators yet stay linked as
evidence. Every document therefore gets a story ``cluster_id`` (written to
``Document.extra["cluster_id"]``, which the store copies to documents and statements):

* **exact duplicates** — the same words once case, punctuation and white space are normalised away —
  are not annotated again; the copy (its URL, source, path) is recorded in ``dedup_copies`` and
  linked to the stored document;
* **near duplicates** — the same story edited, cut short, or wrapped in another site's boilerplate —
  are annotated and stored, in the cluster of the earliest document they match.

Near-duplicate rule (documented threshold). Texts are lower-cased words; shingles are runs of
``SHINGLE_WORDS`` = 5 words; each text gets a 128-permutation MinHash signature (datasketch). Two texts
are near duplicates when the estimated Jaccard similarity of their shingle sets is at least
``JACCARD_THRESHOLD`` = 0.6, or when the smaller set is at least ``CONTAINMENT_THRESHOLD`` = 0.85
contained in the larger (a truncated copy, or a copy with extra boilerplate). Candidates come from
LSH banding tuned by datasketch for ``LSH_THRESHOLD`` = 0.3 (37 bands of 3 rows), so that copies cut
to about half their length are still found (a pair at Jaccard 0.48 is a candidate with probability
0.99). Texts shorter than ``MIN_WORDS`` = 40 words (headlines, captions) are only
matched exactly: two short texts sharing most words are as often two different stories.

Why the LSH index is kept in SQL tables instead of datasketch's in-memory ``MinHashLSH``: the index
must survive a rerun (an incremental ingest matches new articles against last week's) and must not
grow in RAM with the corpus (streaming). The signatures and band parameters are datasketch's; only
the band lookup is a table with an index. The tables live beside the store's (same database) and are
declared with them in ``amity.store.schema``, so the store's migrations create and version them.
"""

from __future__ import annotations

import hashlib
import logging
import re
import unicodedata
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
from sqlalchemy import (
    Engine,
    Table,
    bindparam,
    create_engine,
    select,
    text,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection
from sqlalchemy.pool import StaticPool

from amity.errors import require
from amity.model import Document
from amity.store import schema as s

logger = logging.getLogger(__name__)

SHINGLE_WORDS = 5
NUM_PERM = 128
LSH_THRESHOLD = 0.3
JACCARD_THRESHOLD = 0.6
CONTAINMENT_THRESHOLD = 0.85
MIN_WORDS = 40
_SEED = 1

DedupKind = Literal["unique", "exact", "near"]

# The index tables are part of the store's schema (and its Alembic revisions): they hold decisions a
# rerun must find again, so they are declared in amity.store.schema, not here.
dedup_documents, dedup_bands, dedup_copies = s.dedup_documents, s.dedup_bands, s.dedup_copies


# Plain SQL for the two per-document queries: SQLAlchemy's expression layer costs more than the
# queries themselves at a few hundred documents a second.
_LOOKUP_MANY = text(
    "SELECT document_id, origin, content_hash, cluster_id, kind, duplicate_of, similarity "
    "FROM dedup_documents WHERE document_id IN :ids OR content_hash IN :digests"
).bindparams(bindparam("ids", expanding=True), bindparam("digests", expanding=True))
_CANDIDATES = text(
    "SELECT document_id, cluster_id, n_shingles, signature FROM dedup_documents WHERE signature IS NOT NULL "
    "AND document_id IN (SELECT document_id FROM dedup_bands WHERE key IN :keys)"
).bindparams(bindparam("keys", expanding=True))


@dataclass(frozen=True, slots=True)
class DedupDecision:
    """Where a document goes: its story cluster, and whether it repeats one already seen."""

    cluster_id: str
    kind: DedupKind
    duplicate_of: str | None = None
    similarity: float = 1.0
    reread: bool = False  # the same input read again (a rerun): decided before, nothing new


_WORDS = re.compile(r"\w+")


def normalised_words(text: str) -> list[str]:
    """Lower-cased words with punctuation, case and spacing gone (NFKC first, so ligatures match)."""
    return _WORDS.findall(unicodedata.normalize("NFKC", text).lower())


def content_hash(text: str) -> str:
    """SHA-256 of the normalised words: equal for texts that differ only in punctuation or spacing."""
    return hashlib.sha256(" ".join(normalised_words(text)).encode("utf-8")).hexdigest()


def shingles(words: Sequence[str], size: int = SHINGLE_WORDS) -> set[bytes]:
    if len(words) < size:
        return {" ".join(words).encode("utf-8")} if words else set()
    # Maps over zipped offsets rather than a comprehension: C loops, a third faster on a news article. The
    # shifted copies are shorter, and the shortest ends the zip at the last whole shingle.
    return set(map(str.encode, map(" ".join, zip(*(words[i:] for i in range(size)), strict=False))))


def document_origin(document: Document) -> str:
    """What identifies where a document was read from, so a re-read is not taken for a copy."""
    prov = document.provenance
    if prov is not None:
        return f"{prov.source}#{prov.record}" if prov.record else prov.source
    return document.url or document.path or ""


# A fast, deterministic 32-bit shingle hash: datasketch's default SHA-1 costs most of the time, and MinHash
# only needs a hash that spreads shingles evenly, not a cryptographic one. The C function itself, not a
# wrapper: datasketch calls it once per shingle.
_crc32 = zlib.crc32


def _band_key(band: int, values: np.ndarray[Any, Any]) -> int:
    digest = hashlib.blake2b(band.to_bytes(2, "little") + values.tobytes(), digest_size=8).digest()
    return int.from_bytes(digest, "little", signed=True)


@dataclass(slots=True)
class _Known:
    document_id: str
    origin: str
    content_hash: str
    cluster_id: str
    kind: str
    duplicate_of: str | None
    similarity: float


class _Batch:
    """What the database said about a batch, plus the batch's own decisions so far (not yet written)."""

    def __init__(self) -> None:
        self.by_id: dict[str, _Known] = {}
        self.by_digest: dict[str, list[_Known]] = {}
        self.bands: dict[int, list[str]] = {}
        self.signatures: dict[str, tuple[str, int, bytes]] = {}
        self.new_documents: list[dict[str, Any]] = []
        self.new_bands: list[dict[str, Any]] = []
        self.new_copies: list[dict[str, Any]] = []

    def add_known(self, document_id: str, origin: str, digest: str, cluster: str, kind: str,
                  duplicate_of: str | None, similarity: float) -> None:
        known = _Known(document_id, origin, digest, cluster, kind, duplicate_of, similarity)
        self.by_id.setdefault(document_id, known)
        self.by_digest.setdefault(digest, []).append(known)

    def first_with_digest(self, digest: str) -> _Known | None:
        return min((k for k in self.by_digest.get(digest, ()) if k.kind != "exact"),
                   key=lambda k: k.document_id, default=None)

    def register(self, document: Document, origin: str, digest: str, cluster: str, kind: str,
                 duplicate_of: str | None, similarity: float, size: int,
                 signature: np.ndarray[Any, Any] | None) -> None:
        if document.id in self.by_id:
            return
        blob = signature.tobytes() if signature is not None else None
        self.add_known(document.id, origin, digest, cluster, kind, duplicate_of, similarity)
        if blob is not None:
            self.signatures[document.id] = (cluster, size, blob)
        self.new_documents.append({
            "document_id": document.id, "origin": origin, "content_hash": digest, "cluster_id": cluster,
            "kind": kind, "duplicate_of": duplicate_of, "similarity": similarity, "n_shingles": size,
            "signature": blob,
        })

    def add_bands(self, document_id: str, keys: list[int]) -> None:
        for key in keys:
            self.bands.setdefault(key, []).append(document_id)
            self.new_bands.append({"key": key, "document_id": document_id})

    def candidates(self, keys: list[int]) -> dict[str, tuple[str, int, bytes]]:
        found = {doc for key in keys for doc in self.bands.get(key, ())}
        return {doc: self.signatures[doc] for doc in found if doc in self.signatures}

    def copy(self, stored_id: str, document: Document, origin: str) -> None:
        key = hashlib.sha256(f"{stored_id}\x00{document.id}\x00{origin}".encode()).hexdigest()
        self.new_copies.append({
            "document_id": stored_id, "copy_id": document.id, "url": document.url,
            "source": document.source, "origin": origin, "key": key,
        })


class Deduplicator:
    """Assigns story clusters, remembering every document in SQL tables.

    ``engine`` is the store's (``Store.engine``) so that clusters survive reruns; without it an
    in-memory SQLite database is used. Call :meth:`assign` for each document in input order, then
    :meth:`commit` (once per batch: one transaction per batch).
    """

    def __init__(
        self,
        engine: Engine | None = None,
        *,
        jaccard_threshold: float = JACCARD_THRESHOLD,
        containment_threshold: float = CONTAINMENT_THRESHOLD,
        lsh_threshold: float = LSH_THRESHOLD,
        num_perm: int = NUM_PERM,
        min_words: int = MIN_WORDS,
    ) -> None:
        datasketch: Any = require("datasketch", feature="near-duplicate detection", extra="ingest")
        self._minhash_cls = datasketch.MinHash
        lsh = datasketch.MinHashLSH(threshold=lsh_threshold, num_perm=num_perm)
        self.bands: int = int(lsh.b)
        self.rows: int = int(lsh.r)
        seed_hash = self._minhash_cls(num_perm=num_perm, seed=_SEED, hashfunc=_crc32)
        self._permutations = seed_hash.permutations
        self._scheme = seed_hash.scheme
        self.num_perm = num_perm
        self.jaccard_threshold = jaccard_threshold
        self.containment_threshold = containment_threshold
        self.min_words = min_words
        if engine is None:
            engine = create_engine("sqlite://", poolclass=StaticPool,
                                   connect_args={"check_same_thread": False})
        self.engine = engine
        # A store's database already has the tables (its migrations, or create_all on SQLite); this
        # only makes them in the in-memory default and in an engine that no Store opened.
        s.metadata.create_all(engine, tables=list(s.DEDUP_TABLES))
        self._conn: Connection | None = None

    # -- transactions ----------------------------------------------------------------------------

    def _connection(self) -> Connection:
        if self._conn is None:
            self._conn = self.engine.connect()
            self._conn.begin()
        return self._conn

    def commit(self) -> None:
        """Make this batch's decisions durable (one transaction)."""
        if self._conn is not None:
            self._conn.commit()
            self._conn.close()
            self._conn = None

    def close(self) -> None:
        if self._conn is not None:
            self._conn.rollback()
            self._conn.close()
            self._conn = None

    def _insert_ignore(self, conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
        if not rows:
            return
        if conn.dialect.name == "postgresql":
            conn.execute(postgresql.insert(table).on_conflict_do_nothing(), rows)
        else:
            conn.execute(sqlite.insert(table).on_conflict_do_nothing(), rows)

    # -- deciding --------------------------------------------------------------------------------

    def signature(self, words: Sequence[str]) -> tuple[np.ndarray[Any, Any], int]:
        """The MinHash signature (uint32) of a text's shingles, and how many shingles it has."""
        grams = shingles(words)
        minhash = self._minhash_cls(num_perm=self.num_perm, permutations=self._permutations,
                                    scheme=self._scheme, hashfunc=_crc32)
        minhash.update_batch(list(grams))
        return np.asarray(minhash.hashvalues, dtype=np.uint32), len(grams)

    def assign(self, document: Document) -> DedupDecision:
        """Decide the document's cluster, record it, and set ``document.extra["cluster_id"]``."""
        return self.assign_many([document])[0]

    def assign_many(self, documents: Sequence[Document]) -> list[DedupDecision]:
        """:meth:`assign` for a batch, in order, with one lookup query and one insert per table.

        Documents earlier in the batch count exactly as if they had been stored one by one, so the
        decisions do not depend on where batches begin and end.
        """
        conn = self._connection()
        prepared = []
        for document in documents:
            words = normalised_words(document.text)
            digest = hashlib.sha256(" ".join(words).encode("utf-8")).hexdigest()
            prepared.append((document, document_origin(document), words, digest))
        rows = conn.execute(_LOOKUP_MANY, {
            "ids": sorted({d.id for d in documents}) or [""], "digests": sorted({p[3] for p in prepared}) or [""],
        }).all()
        batch = _Batch()
        for row in rows:
            batch.add_known(str(row.document_id), str(row.origin), str(row.content_hash), str(row.cluster_id),
                            str(row.kind), row.duplicate_of, float(row.similarity))
        decisions = []
        for document, origin, words, digest in prepared:
            decision = self._decide(conn, batch, document, origin, words, digest)
            document.extra["cluster_id"] = decision.cluster_id
            if decision.kind != "unique":
                document.extra["duplicate_of"] = decision.duplicate_of
                document.extra["duplicate_kind"] = decision.kind
            decisions.append(decision)
        self._insert_ignore(conn, dedup_documents, batch.new_documents)
        self._insert_ignore(conn, dedup_bands, batch.new_bands)
        self._insert_ignore(conn, dedup_copies, batch.new_copies)
        return decisions

    def _decide(
        self, conn: Connection, batch: _Batch, document: Document, origin: str, words: list[str], digest: str
    ) -> DedupDecision:
        known = batch.by_id.get(document.id)
        if known is not None:
            if known.origin == origin:  # the same input read again (a resumed run): same answer
                kind: DedupKind = "near" if known.kind == "near" else "exact" if known.kind == "exact" else "unique"
                return DedupDecision(known.cluster_id, kind, known.duplicate_of, known.similarity, reread=True)
            reread = self._copy_recorded(conn, batch, document.id, document, origin)
            batch.copy(document.id, document, origin)
            return DedupDecision(known.cluster_id, "exact", document.id, 1.0, reread=reread)
        same = batch.first_with_digest(digest)
        if same is not None:
            batch.register(document, origin, digest, same.cluster_id, "exact", same.document_id, 1.0, 0, None)
            batch.copy(same.document_id, document, origin)
            return DedupDecision(same.cluster_id, "exact", same.document_id, 1.0)

        if len(words) < self.min_words:
            batch.register(document, origin, digest, document.id, "unique", None, 1.0, 0, None)
            return DedupDecision(document.id, "unique")

        signature, size = self.signature(words)
        keys = [_band_key(b, signature[b * self.rows : (b + 1) * self.rows]) for b in range(self.bands)]
        candidates = {
            str(row.document_id): (str(row.cluster_id), int(row.n_shingles), bytes(row.signature))
            for row in conn.execute(_CANDIDATES, {"keys": keys})
        }
        candidates.update(batch.candidates(keys))
        best = self._best_match(signature, size, candidates)
        if best is not None:
            other_id, cluster, similarity = best
            decision = DedupDecision(cluster, "near", other_id, round(similarity, 4))
        else:
            decision = DedupDecision(document.id, "unique")
        batch.register(document, origin, digest, decision.cluster_id, decision.kind, decision.duplicate_of,
                       decision.similarity, size, signature)
        batch.add_bands(document.id, keys)
        return decision

    @staticmethod
    def _copy_recorded(conn: Connection, batch: _Batch, stored_id: str, document: Document, origin: str) -> bool:
        """Was this copy (the same text from another input) recorded already, by an earlier run or earlier in
        the batch? Then reading it again is a rerun, not a new copy."""
        key = hashlib.sha256(f"{stored_id}\x00{document.id}\x00{origin}".encode()).hexdigest()
        if any(row["key"] == key for row in batch.new_copies):
            return True
        return conn.execute(select(dedup_copies.c.id).where(dedup_copies.c.key == key)).first() is not None

    def _best_match(
        self, signature: np.ndarray[Any, Any], size: int, candidates: dict[str, tuple[str, int, bytes]]
    ) -> tuple[str, str, float] | None:
        best: tuple[float, str, str] | None = None  # (-score, id, cluster): smallest wins
        for document_id, (cluster_id, n_shingles, blob) in candidates.items():
            other = np.frombuffer(blob, dtype=np.uint32)
            jaccard = float(np.mean(other == signature))
            # |A ∩ B| from the Jaccard estimate and the set sizes; containment of the smaller set.
            inter = jaccard / (1.0 + jaccard) * (size + n_shingles)
            containment = min(1.0, inter / max(1, min(size, n_shingles)))
            if jaccard < self.jaccard_threshold and containment < self.containment_threshold:
                continue
            score = max(jaccard, containment if containment >= self.containment_threshold else 0.0)
            # Highest similarity wins; ties go to the smaller id, so the answer does not depend on
            # the order the database returns rows in.
            candidate = (-score, document_id, cluster_id)
            if best is None or candidate < best:
                best = candidate
        if best is None:
            return None
        return best[1], best[2], -best[0]

    # -- reading ---------------------------------------------------------------------------------

    def copies(self, document_id: str) -> list[dict[str, Any]]:
        """Every recorded exact copy of a stored document (URL, source, where it was read)."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(dedup_copies).where(dedup_copies.c.document_id == document_id)
                .order_by(dedup_copies.c.id)
            ).mappings().all()
        return [dict(r) for r in rows]

    def cluster_of(self, document_id: str) -> str | None:
        with self.engine.connect() as conn:
            row = conn.execute(
                select(dedup_documents.c.cluster_id).where(dedup_documents.c.document_id == document_id)
            ).first()
        return None if row is None else str(row.cluster_id)
