"""PostgreSQL candidate retrieval compared (issue 16): tm's terms table, pg_trgm, word full-text search.

Run from the repository root (a PostgreSQL with pg_trgm, from postgresql-contrib: ``$TM_TEST_POSTGRES``,
else one started with .ci/postgres and stopped at the end):

    python benchmarks/pg_retrieval.py --units 200000             # ~10 min on 2 cores
    python benchmarks/pg_retrieval.py --units 1000000 --queries 200 --recall-sample 50

It imports benchmarks/memory.py's generated TMX (the same units, the same queries) into a fresh
database, then builds each way of proposing candidates and times its build and measures its size:

- ``terms``: what the PostgreSQL memory does (``tm.memory.retrieval`` over the postings and terms
  tables). Its build time is that of rebuilding both tables from the sources (folding and splitting
  them in Python, as an import does, COPY, then the index);
- ``trigram``: a pg_trgm GIN index on the sources; ``source % query ORDER BY similarity(source,
  query) DESC LIMIT 100`` (threshold 0.3, pg_trgm's default);
- ``fulltext``: a stored ``tsvector`` column (``simple`` configuration) with a GIN index; the
  sources holding any query word, ``ORDER BY ts_rank(...) DESC LIMIT 100``.

Every method's pool is ranked by the same character similarity and its best 30 scored by
``tm.match.lookup``, so the figures differ only by which units each method proposes. For each:
lookup latency p50/p95/p99 (wall, and CPU in this process and in the server backend), and recall as
benchmarks/memory.py counts it (the exhaustive best at >= 75, and edits of a memory sentence).
A lookup over ``--timeout`` seconds (2) is cut off and counted as finding nothing.
Figures go to stdout and to benchmarks/results/pg-retrieval-<units>[-timeout<seconds>].json.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import psycopg
from rapidfuzz.distance import Indel

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import memory as bench  # noqa: E402  (benchmarks/memory.py: corpus, queries, recall)

from tm.match import lookup  # noqa: E402
from tm.memory import open_memory  # noqa: E402
from tm.memory.backends.postgres import PostgresMemory, _blocks, _words  # noqa: E402
from tm.memory.contract import Candidate  # noqa: E402
from tm.memory.retrieval import candidate_unit, terms  # noqa: E402
from tm.memory.rows import index_text  # noqa: E402
from tm.model import Context  # noqa: E402

POOL = 100


class _Proposer:
    """A MatchSource for ``tm.match.lookup`` whose candidates come from one SQL query (a pool of
    ``POOL`` ids), ranked by character similarity as tm's retrieval ranks its pool."""

    sql = ""

    def __init__(self, memory: PostgresMemory, timeout: float) -> None:
        self.memory = memory
        self.db = memory.reader
        self.db.execute(f"SET statement_timeout = {int(timeout * 1000)}")
        self.timeouts = 0

    def pool(self, text: str) -> list[tuple[int, str]]:
        raise NotImplementedError

    def candidates(self, text: str, src_lang: str, tgt_lang: str, limit: int = 30) -> list[Candidate]:
        try:
            found = self.pool(text)
        except psycopg.errors.QueryCanceled:
            self.timeouts += 1
            return []
        ranked = sorted(found, key=lambda row: (-Indel.normalized_similarity(text, row[1]), row[0]))[:limit]
        postings = self.memory._postings()
        return [
            Candidate(unit_id, source, partial(candidate_unit, postings, unit_id, [tgt_lang]))
            for unit_id, source in ranked
        ]

    def contexts(self, unit_id: int) -> list[Context]:
        return self.memory.contexts(unit_id)

    def close(self) -> None:
        self.db.execute("SET statement_timeout = 0")


class Trigram(_Proposer):
    def pool(self, text: str) -> list[tuple[int, str]]:
        return self.db.execute(
            "SELECT id, source FROM units WHERE source %% %s ORDER BY similarity(source, %s) DESC, id LIMIT %s",
            (text, text, POOL),
        ).fetchall()


class Fulltext(_Proposer):
    def pool(self, text: str) -> list[tuple[int, str]]:
        words = terms(text, "en")
        if not words:
            return []
        query = " | ".join(words)  # index terms are letters and digits: nothing to escape
        return self.db.execute(
            "SELECT id, source FROM units, to_tsquery('simple', %s) q WHERE source_tsv @@ q"
            " ORDER BY ts_rank(source_tsv, q) DESC, id LIMIT %s",
            (query, POOL),
        ).fetchall()


def _size(db: psycopg.Connection[Any], *relations: str) -> float:
    """Total size in MB of ``relations`` (tables with their indexes, or indexes)."""
    return sum(db.execute("SELECT pg_total_relation_size(%s)", (name,)).fetchone()[0] for name in relations) / 1e6


def _build_terms(db: psycopg.Connection[Any]) -> float:
    """Seconds to rebuild the postings and terms tables from the sources (into scratch tables), in
    blocks of 10,000 units as an import's batches make them."""
    start = time.perf_counter()
    db.execute("DROP TABLE IF EXISTS scratch_postings, scratch_terms")
    db.execute("CREATE TABLE scratch_postings (LIKE postings)")
    counts: Counter[bytes] = Counter()
    sources = db.execute("SELECT id, source, src_lang FROM units ORDER BY id").fetchall()
    for first in range(0, len(sources), 10000):
        batch = sources[first : first + 10000]
        words = [_words(index_text(source, lang).encode()) for _id, source, lang in batch]
        batch_counts, data = _blocks([w for each in words for w in each], list(map(len, words)), batch[0][0])
        counts.update(batch_counts)
        with db.cursor().copy("COPY scratch_postings FROM STDIN (FORMAT BINARY)") as copy:
            copy.write(data)
    db.execute("CREATE UNIQUE INDEX scratch_postings_term ON scratch_postings (term, first_id)")
    db.execute("CREATE TABLE scratch_terms (term TEXT PRIMARY KEY, docs BIGINT NOT NULL)")
    with db.cursor().copy("COPY scratch_terms FROM STDIN") as copy:
        for term, docs in counts.items():
            copy.write_row((term.decode(), docs))
    elapsed = time.perf_counter() - start
    db.execute("DROP TABLE scratch_postings, scratch_terms")
    return elapsed


def _build(db: psycopg.Connection[Any], statements: list[str]) -> float:
    start = time.perf_counter()
    db.execute("SET maintenance_work_mem = '256MB'")
    for statement in statements:
        db.execute(statement)
    return time.perf_counter() - start


def _server_cpu(pid: int) -> float:
    """CPU seconds the server backend ``pid`` has used (it runs on this machine)."""
    ticks = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[11:13]
    return sum(int(tick) for tick in ticks) / os.sysconf("SC_CLK_TCK")


def _latency(source: Any, asked: list[str], pid: int) -> dict[str, float]:
    for query in asked[:20]:  # warm the caches as a working session would
        lookup(source, query, "en", "az")
    walls, cpus, servers = [], [], []
    for query in asked:
        wall, cpu, server = time.perf_counter(), time.process_time(), _server_cpu(pid)
        lookup(source, query, "en", "az", n=5, min_score=50)
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
        servers.append(_server_cpu(pid) - server)
    pct = bench._percentile
    return {
        "p50_ms": pct(walls, 0.5) * 1000, "p95_ms": pct(walls, 0.95) * 1000, "p99_ms": pct(walls, 0.99) * 1000,
        "max_ms": max(walls) * 1000,
        "cpu_mean_ms": sum(cpus) / len(cpus) * 1000, "cpu_p95_ms": pct(cpus, 0.95) * 1000,
        "server_cpu_mean_ms": sum(servers) / len(servers) * 1000,
    }  # fmt: skip


def run(server: str, units: int, query_count: int, recall_sample: int, timeout: float, reuse: bool) -> dict:
    tmx_path = bench.DATA / f"memory-{units}.tmx"
    if not tmx_path.exists():
        bench.generate(tmx_path, units)
    name = f"tm_retrieval_{units}"
    location = server.rsplit("/", 1)[0] + "/" + name
    with psycopg.connect(server, autocommit=True) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if not (reuse and exists):
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            admin.execute(f"CREATE DATABASE {name}")
            print(f"importing {tmx_path.name} ...", file=sys.stderr)
            with open_memory(location) as memory:
                memory.import_file(tmx_path)
                memory.vacuum()
    results: dict = {"units": units, "queries": query_count, "recall_sample": recall_sample}
    with psycopg.connect(location, autocommit=True) as db:
        db.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        db.execute("DROP INDEX IF EXISTS units_source_trgm")
        db.execute("ALTER TABLE units DROP COLUMN IF EXISTS source_tsv")
        db.execute("VACUUM FULL units")
        base = _size(db, "units")
        print("building ...", file=sys.stderr)
        builds = {
            "terms": (_build_terms(db), _size(db, "postings", "terms")),
            "trigram": (
                _build(db, ["CREATE INDEX units_source_trgm ON units USING gin (source gin_trgm_ops)"]),
                _size(db, "units_source_trgm"),
            ),
        }
        fulltext_time = _build(db, [
            "ALTER TABLE units ADD COLUMN source_tsv tsvector GENERATED ALWAYS AS (to_tsvector('simple', source))"
            " STORED",
            "CREATE INDEX units_source_fts ON units USING gin (source_tsv)",
        ])  # fmt: skip
        builds["fulltext"] = (fulltext_time, _size(db, "units") - base - _size(db, "units_source_trgm"))
        db.execute("VACUUM ANALYZE units")
    with open_memory(location, create=False) as memory:
        assert isinstance(memory, PostgresMemory)
        sources = [row[0] for row in memory.reader.execute("SELECT source FROM units ORDER BY id")]
        asked = bench.queries(random.Random(3).sample(sources, min(len(sources), 20000)), query_count)
        print("indexing words for the exhaustive scan ...", file=sys.stderr)
        words = bench.Words(sources)
        pid = memory.reader.execute("SELECT pg_backend_pid()").fetchone()[0]
        methods: dict[str, Callable[[], Any]] = {
            "terms": lambda: memory,
            "trigram": lambda: Trigram(memory, timeout),
            "fulltext": lambda: Fulltext(memory, timeout),
        }
        for method, make in methods.items():
            print(f"looking up: {method} ...", file=sys.stderr)
            source = make()
            figures: dict[str, Any] = {"build_s": builds[method][0], "index_mb": builds[method][1]}
            figures["lookup"] = _latency(source, asked, pid)
            figures["recall"] = bench._recall(source, sources, words, asked[:recall_sample])
            figures["timeouts"] = getattr(source, "timeouts", 0)
            if source is not memory:
                source.close()
            results[method] = figures
    return results


def report(results: dict) -> str:
    lines = [f"PostgreSQL candidate retrieval at {results['units']:,} units, {results['queries']} queries"
             f" (recall on {results['recall_sample']})"]  # fmt: skip
    for method in ("terms", "trigram", "fulltext"):
        found = results[method]
        times, recall = found["lookup"], found["recall"]
        at_75, kinds = recall["tm_best_at_least_75"], recall["by_query_kind"]["tm"]
        edited = kinds.get("edited", {"found": 0, "queries": 0})
        lines.append(
            f"{method:9} build {found['build_s']:6.1f} s, {found['index_mb']:6.0f} MB; lookup p50 {times['p50_ms']:6.1f}"
            f" p95 {times['p95_ms']:6.1f} p99 {times['p99_ms']:7.1f} ms, CPU {times['cpu_mean_ms']:5.1f} ms here +"
            f" {times['server_cpu_mean_ms']:5.1f} ms server; recall (best >= 75) {at_75['found']}/{at_75['queries']},"
            f" edits {edited['found']}/{edited['queries']}; timeouts {found['timeouts']}"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=200_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--recall-sample", type=int, default=100)
    parser.add_argument("--timeout", type=float, default=2.0, help="seconds a lookup's SQL may take")
    parser.add_argument("--reuse", action="store_true", help="reuse the database of an earlier run")
    args = parser.parse_args()
    server, folder = bench._postgres_server()
    try:
        results = run(server, args.units, args.queries, args.recall_sample, args.timeout, args.reuse)
    finally:
        if folder:
            subprocess.run(["bash", str(HERE.parent / ".ci" / "postgres"), "stop", folder], check=False)
    bench.RESULTS.mkdir(exist_ok=True)
    name = f"pg-retrieval-{args.units}" + (f"-timeout{args.timeout:g}" if args.timeout != 2.0 else "")
    (bench.RESULTS / f"{name}.json").write_text(json.dumps(results, indent=2) + "\n")
    print(report(results))


if __name__ == "__main__":
    main()
