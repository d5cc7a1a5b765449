"""Benchmark of the memory against translate-toolkit: import, peak RSS, lookup latency, recall.

Run from the repository root:

    python benchmarks/memory.py                  # 1,000,000 units (generated once, ~10 min total)
    python benchmarks/memory.py --units 100000   # quicker
    python benchmarks/memory.py --backend postgres   # PostgreSQL too, in the same run
    python benchmarks/memory.py --units 200000 --news   # news-length units (~900 bytes each)
    python benchmarks/memory.py --units 10000000 --delete-data   # 10M units (~6 GB TMX, ~9 GB memory)

Above 2M units translate-toolkit is left out: it holds the whole file (4.7 GB at 1M units), and the
recall sample is 50 queries (each is an exhaustive scan of every source).

It generates a TMX under benchmarks/.data/ (en source, az and ru targets, realistic sentence
lengths, about 30 % near-duplicates of earlier sentences, a few inline codes and numbers), then, in
one run and each in its own subprocess so that peak RSS is the child's own:

1. ``tm`` imports it into a fresh SQLite memory (streaming, with the retrieval index);
2. translate-toolkit loads it (``translate.storage.tmx.tmxfile``), which reads the file whole;
3. lookups: median and p95 latency of ``tm.match.lookup`` over the query set;
4. recall: on a sample of queries, whether the best match of an exhaustive rapidfuzz scan over
   every source sentence is found by the indexed lookup (best by plain character similarity,
   and best by tm's own similarity; see ``_recall``).

Figures go to stdout and to benchmarks/results/memory-<units>.json.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path
from xml.sax.saxutils import escape

HERE = Path(__file__).resolve().parent
#: Above this many units translate-toolkit is left out and fewer recall queries are scanned.
BIG = 2_000_000
DATA = HERE / ".data"
RESULTS = HERE / "results"
sys.path.insert(0, str(HERE.parent))

# --------------------------------------------------------------------------- the generated memory

FUNCTION_WORDS = (
    "the of and to in a is that for on was with as by at from it be this are were has have had "
    "not which an or but its their his her they he she we also been after said will would more "
    "than other into about who two over new first all one year president state government people "
    "country minister city war national during between under against since before while where "
    "when there only some most international republic region support agreement meeting"
).split()
SYLLABLES = "ka ro mi ne ta li so vu de ra pe lo zi mu ba ge ti no sa ve ri ko da fi lu ma te".split()
AZ_SYLLABLES = "qa rə mi nə ta lı so vu də ra pe lo zi mü ba gə ti no sa ve ri ko da fi lu ma tə şə çı ğa".split()
RU_SYLLABLES = "ка ро ми не та ли со ву де ра пе ло зи му ба ге ти но са ве ри ко да фи лу ма те щи жа".split()


def _word(rng: random.Random, syllables: list[str], low: int, high: int) -> str:
    return "".join(rng.choice(syllables) for _ in range(rng.randint(low, high)))


class Corpus:
    """Deterministic sentences in en with az and ru 'translations' (a word-for-word cipher)."""

    def __init__(self, seed: int = 20260101, vocabulary: int = 40000, syllables: int = 4) -> None:
        rng = random.Random(seed)
        words = list(FUNCTION_WORDS)
        seen = set(words)
        while len(words) < vocabulary:
            word = _word(rng, SYLLABLES, 2, syllables)
            if word not in seen:
                seen.add(word)
                words.append(word)
        self.words = words
        self.az = {w: _word(random.Random(f"az{w}"), AZ_SYLLABLES, 2, syllables) for w in words}
        self.ru = {w: _word(random.Random(f"ru{w}"), RU_SYLLABLES, 2, syllables) for w in words}
        weights = [1.0 / (rank + 1) ** 1.05 for rank in range(len(words))]
        total = 0.0
        self.cumulative = []
        for weight in weights:
            total += weight
            self.cumulative.append(total)
        self.rng = random.Random(seed + 1)

    def words_of(self, count: int) -> list[str]:
        return self.rng.choices(self.words, cum_weights=self.cumulative, k=count)

    def sentence(self) -> list[str]:
        """A fresh sentence: 3 to 60 words, lognormal around 17, sometimes with a number."""
        count = max(3, min(60, int(self.rng.lognormvariate(2.75, 0.45))))
        words = self.words_of(count)
        if self.rng.random() < 0.25:
            words.insert(self.rng.randrange(len(words)), str(self.rng.randint(2, 2030)))
        return words

    def near_duplicate(self, words: list[str]) -> list[str]:
        """``words`` with one to three edits: a word replaced, inserted or dropped, a number changed."""
        words = list(words)
        for _ in range(self.rng.choice((1, 1, 2, 3))):
            edit = self.rng.random()
            where = self.rng.randrange(len(words))
            if edit < 0.45:
                words[where] = self.words_of(1)[0]
            elif edit < 0.7:
                words.insert(where, self.words_of(1)[0])
            elif edit < 0.85 and len(words) > 3:
                del words[where]
            else:
                words[where] = str(self.rng.randint(2, 2030))
        return words

    def render(self, words: list[str], lang: str) -> str:
        table = self.az if lang == "az" else self.ru if lang == "ru" else None
        out = [table.get(w, w) if table else w for w in words]
        text = " ".join(out)
        return text[:1].upper() + text[1:] + "."

    def stream(self, count: int, near_share: float = 0.3):
        """Yield ``count`` sentences as word lists; ``near_share`` of them edit an earlier one."""
        recent: list[list[str]] = []
        for number in range(count):
            if recent and self.rng.random() < near_share:
                words = self.near_duplicate(self.rng.choice(recent))
            else:
                words = self.sentence()
                if len(recent) < 50000:
                    recent.append(words)
                else:
                    recent[number % 50000] = words
            yield words


def _seg(corpus: Corpus, words: list[str], lang: str, code: bool) -> str:
    text = escape(corpus.render(words, lang))
    if code:
        first, _, rest = text.partition(" ")
        return f'<bpt i="1">&lt;b&gt;</bpt>{first}<ept i="1">&lt;/b&gt;</ept> {rest}'
    return text


#: Who wrote the units of a news memory (its creationid and changeid).
DESKS = [f"DESK\\{name}" for name in ("aliyeva", "mammadov", "ivanova", "petrov", "smith", "huseynli", "orlova")]

REGIONS = {"en": "en-US", "az": "az-Latn-AZ", "ru": "ru-RU"}


def generate(path: Path, units: int, seed: int = 20260101, news: bool = False) -> None:
    """Write a TMX 1.4b of ``units`` units (en, az, ru) to ``path``.

    ``news``: units as a news desk's CAT tool writes them, about 900 bytes each: longer words (~17
    English words, ~110 bytes), and each <tu> with its own creation and change dates and ids, a
    usage count and a last-usage date, written as Trados writes them (indented, regional tags).
    """
    corpus = Corpus(seed, syllables=6 if news else 4)
    dates = random.Random(seed + 2)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    with open(tmp, "w", encoding="utf-8") as out:
        out.write(
            '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n'
            '<header creationtool="tm-benchmark" creationtoolversion="1" segtype="sentence" '
            'o-tmf="tm" adminlang="en" srclang="en" datatype="plaintext"/>\n<body>\n'
        )
        for number, words in enumerate(corpus.stream(units)):
            code = number % 37 == 0
            day = 1 + number % 28
            if news:
                created = 1_500_000_000 + number * 60 + dates.randrange(60)
                changed = created + dates.randrange(90 * 86400)
                out.write(f'<tu tuid="u{number}" creationdate="{_tmx_date(created)}" creationid="{dates.choice(DESKS)}"'
                          f' changedate="{_tmx_date(changed)}" changeid="{dates.choice(DESKS)}"'
                          f' lastusagedate="{_tmx_date(changed)}" usagecount="{dates.randrange(20)}">\n')  # fmt: skip
            else:
                out.write(f'<tu tuid="u{number}" creationdate="202401{day:02d}T120000Z">\n')
            for lang in ("en", "az", "ru"):
                if news:  # indented, with regions in the language tags, as Trados writes them
                    out.write(f'  <tuv xml:lang="{REGIONS[lang]}">\n    <seg>{_seg(corpus, words, lang, code)}</seg>\n'
                              "  </tuv>\n")  # fmt: skip
                else:
                    out.write(f'<tuv xml:lang="{lang}"><seg>{_seg(corpus, words, lang, code)}</seg></tuv>\n')
            out.write("</tu>\n")
        out.write("</body>\n</tmx>\n")
    os.replace(tmp, path)


def _tmx_date(seconds: int) -> str:
    return time.strftime("%Y%m%dT%H%M%SZ", time.gmtime(seconds))


def queries(sources: list[str], count: int, seed: int = 7) -> list[str]:
    """Query sentences: a fifth exact repeats, half edited memory sentences, the rest new text."""
    rng = random.Random(seed)
    corpus = Corpus(seed=99)
    corpus.rng = rng
    result = []
    for number in range(count):
        kind = number % 10
        base = rng.choice(sources).rstrip(".").split(" ")
        base[0] = base[0].lower()
        if kind < 2:
            words = base
        elif kind < 8:
            words = corpus.near_duplicate(base)
        else:
            words = corpus.sentence()
        result.append(corpus.render(words, "en"))
    return result


# --------------------------------------------------------------------------- measurements in children


def _child_import(tmx_path: str, location: str) -> None:
    import resource

    from tm.memory import open_memory

    server_rss_mb = server_cpu_s = backend_cpu_s = None
    with open_memory(location) as memory:
        postgres = location.startswith("postgresql://")
        if postgres:
            pid = memory.db.execute("SELECT pg_backend_pid()").fetchone()[0]  # type: ignore[attr-defined]
            postmaster = int(_stat(pid)[1])
            before = _server_cpu(postmaster)
        summary = memory.import_file(tmx_path)
        if postgres:
            # The server process that served this import: its peak RSS (VmHWM), read before it ends.
            server_rss_mb = _peak_rss_mb(pid)
            backend_cpu_s = sum(int(tick) for tick in _stat(pid)[11:13]) / os.sysconf("SC_CLK_TCK")  # utime, stime
            server_cpu_s = _server_cpu(postmaster) - before
    own = resource.getrusage(resource.RUSAGE_SELF)
    reader = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(json.dumps({
        "summary": summary.to_dict(),
        "writer_rss_mb": _peak_rss_mb(),
        "reader_rss_mb": reader.ru_maxrss / 1024,
        "server_rss_mb": server_rss_mb,
        "server_cpu_s": server_cpu_s,
        "backend_cpu_s": backend_cpu_s,
        "cpu_s": own.ru_utime + own.ru_stime + reader.ru_utime + reader.ru_stime,
    }))  # fmt: skip


def reference_ms() -> float:
    """The CPU milliseconds a fixed pure-Python loop takes now (the median of three): the machine's
    speed at the time. On this shared host the same loop took from 0.45 to 0.79 s over minutes with
    nothing else running, so a run's figures are to be read against it."""
    times = []
    for _ in range(3):
        start = time.process_time()
        total = 0
        for i in range(1_000_000):
            total += i * i % 7
        times.append(time.process_time() - start)
    return round(1000 * sorted(times)[1], 1)


def _stat(pid: int | str) -> list[str]:
    """The fields of /proc/PID/stat after the command name (state, ppid, ..., utime at 11)."""
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()


def _server_cpu(postmaster: int) -> float:
    """CPU seconds of a local PostgreSQL server so far: the postmaster with the children it reaped,
    and its live children (backends, parallel workers of an index build, WAL writer, checkpointer)."""
    ticks = 0
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            fields = _stat(pid)
        except OSError:
            continue  # ended meanwhile: the postmaster's children time has it
        if int(pid) == postmaster:
            ticks += sum(int(tick) for tick in fields[11:15])  # utime, stime, cutime, cstime
        elif int(fields[1]) == postmaster:
            ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def _peak_rss_mb(pid: int | str = "self") -> float:
    """The peak RSS (VmHWM) of a process, by default this one. Not ru_maxrss: a child started by
    vfork and exec keeps in it its parent's peak, and this script's parent holds a memory-mapped
    SQLite memory by the time it starts the PostgreSQL import."""
    status = Path(f"/proc/{pid}/status").read_text()
    return int(status.split("VmHWM:")[1].split()[0]) / 1024


def _child_toolkit(tmx_path: str) -> None:
    from translate.storage import tmx

    with open(tmx_path, "rb") as handle:
        store = tmx.tmxfile(handle)
    print(json.dumps({"units": len(store.units), "rss_mb": _peak_rss_mb()}))


def _measure(args: list[str]) -> dict:
    """Run this script with ``args`` in a child; its wall time and CPU from wait4, and what it printed."""
    start = time.perf_counter()
    child = subprocess.Popen([sys.executable, __file__, *args], stdout=subprocess.PIPE, cwd=HERE.parent)
    output = child.stdout.read()
    _pid, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"{args[0]} failed with status {status}")
    result = json.loads(output)
    result.update(wall_s=elapsed, child_cpu_s=usage.ru_utime + usage.ru_stime)
    return result


# --------------------------------------------------------------------------- the run


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def run(units: int, query_count: int, recall_sample: int, toolkit: bool, postgres: str | None,
        news: bool = False) -> dict:  # fmt: skip
    from tm.memory.backends.sqlite import SqliteMemory

    name = f"memory-news-{units}" if news else f"memory-{units}"
    tmx_path = DATA / f"{name}.tmx"
    if not tmx_path.exists():
        start = time.perf_counter()
        generate(tmx_path, units, news=news)
        print(f"generated {tmx_path} in {time.perf_counter() - start:.1f} s", file=sys.stderr)
    db_path = DATA / f"{name}.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    results: dict = {"units": units, "news": news, "tmx_mb": tmx_path.stat().st_size / 1e6, "cores": os.cpu_count()}
    print("importing with tm ...", file=sys.stderr)
    results["load_average_before"] = os.getloadavg()[0]
    results["reference_ms_before"] = reference_ms()
    results["tm_import"] = _measure(["_import", str(tmx_path), str(db_path)])
    results["tm_import"]["peak_rss_mb"] = max(
        results["tm_import"]["writer_rss_mb"], results["tm_import"]["reader_rss_mb"]
    )
    results["db_mb"] = sum(p.stat().st_size for p in DATA.glob(db_path.name + "*")) / 1e6
    if toolkit:
        print("loading with translate-toolkit ...", file=sys.stderr)
        results["toolkit_load"] = _measure(["_toolkit", str(tmx_path)])
    results["load_average_after"] = os.getloadavg()[0]

    print("looking up ...", file=sys.stderr)
    with SqliteMemory(db_path, create=False) as memory:
        sources = [row[0] for row in memory.db.execute("SELECT source FROM units ORDER BY id")]
        results.update(_lookups(memory, sources, query_count, recall_sample))
    if postgres:
        results["postgres"] = _run_postgres(postgres, units, tmx_path, sources, query_count, recall_sample)
    return results


def _lookups(memory, sources: list[str], query_count: int, recall_sample: int) -> dict:
    """Lookup latency over ``query_count`` queries, and recall on two samples."""
    from tm.match import lookup

    results: dict = {}
    rng = random.Random(3)
    asked = queries(rng.sample(sources, min(len(sources), 20000)), query_count)
    for query in asked[:20]:  # warm the page cache the way a working session would
        lookup(memory, query, "en", "az")
    latencies, found = [], []
    for query in asked:
        start = time.perf_counter()
        found.append(lookup(memory, query, "en", "az", n=5, min_score=50))
        latencies.append(time.perf_counter() - start)
    results["lookup"] = {
        "queries": len(asked),
        "median_ms": statistics.median(latencies) * 1000,
        "p95_ms": _percentile(latencies, 0.95) * 1000,
        "p99_ms": _percentile(latencies, 0.99) * 1000,
        "max_ms": max(latencies) * 1000,
        "with_match": sum(1 for f in found if f),
    }
    if not recall_sample:
        return results
    print("exhaustive scan for recall ...", file=sys.stderr)
    words = Words(sources)
    results["recall"] = _recall(memory, sources, words, asked[:recall_sample])
    # A second, independent sample: other memory sentences, other edits (the first one is the
    # set the lookup was tuned on).
    other = queries(random.Random(11).sample(sources, min(len(sources), 20000)), recall_sample, seed=1234)
    results["recall_second_sample"] = _recall(memory, sources, words, other)
    return results


def _run_postgres(server: str, units: int, tmx_path: Path, sources: list[str], query_count: int,
                  recall_sample: int) -> dict:  # fmt: skip
    """The same import and lookups against a fresh database on the PostgreSQL ``server``."""
    import psycopg

    from tm.memory import open_memory

    name = f"tm_bench_{units}"
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.execute(f"CREATE DATABASE {name}")
    location = server.rsplit("/", 1)[0] + "/" + name
    print("importing into PostgreSQL ...", file=sys.stderr)
    results: dict = {"import": _measure(["_import", str(tmx_path), location])}
    with open_memory(location, create=False) as memory:
        memory.vacuum()  # what an administrator runs after a bulk load (autovacuum would, later)
        results["db_mb"] = memory.stats().size_bytes / 1e6
        print("looking up in PostgreSQL ...", file=sys.stderr)
        results.update(_lookups(memory, sources, query_count, recall_sample))
    return results


def _postgres_server() -> tuple[str, str | None]:
    """``$TM_TEST_POSTGRES``, else a server started with .ci/postgres (its folder, to stop it)."""
    if os.environ.get("TM_TEST_POSTGRES"):
        return os.environ["TM_TEST_POSTGRES"], None
    started = subprocess.run(["bash", str(HERE.parent / ".ci" / "postgres")], capture_output=True, text=True,
                             check=True)  # fmt: skip
    found = dict(line.split("=", 1) for line in started.stdout.split())
    return found["TM_TEST_POSTGRES"], found["TM_TEST_POSTGRES_DIR"]


class Words:
    """Sentences as strings of word codes (tm's folded words, one character each), so that rapidfuzz
    compares word sequences as fast as texts."""

    def __init__(self, sources: list[str]) -> None:
        self.vocabulary: dict[str, str] = {}
        self.sources = [self(text) for text in sources]  # 1M sources take ~15 s

    def __call__(self, text: str) -> str:
        from tm.match import _Text

        codes = self.vocabulary
        return "".join(codes.setdefault(w, chr(0x100 + len(codes))) for w in _Text.of((text,), "en", None).folded)


def _recall(memory, sources: list[str], words: Words, asked: list[str]) -> dict:
    """Share of queries whose exhaustive best match the lookup finds, by two measures of "best".

    ``char``: the best by rapidfuzz Indel over the texts (as a plain fuzzy scan ranks); ``tm``: the
    best by tm's own similarity (the mean of that and the same ratio over the folded words, before
    penalties), which is what the lookup ranks by. ``found``: the lookup's five best include a
    source at least as similar as the exhaustive best; ``same_band``: the lookup's best falls in
    the exhaustive best's band.
    """
    import numpy as np
    from rapidfuzz import process
    from rapidfuzz.distance import Indel

    from tm.match import band, lookup

    kinds = ("repeat", "repeat", *["edited"] * 6, "new", "new")
    tallies = {(measure, threshold): [0, 0, 0] for measure in ("char", "tm") for threshold in (50, 75)}
    by_kind: dict[str, dict[str, list[int]]] = {}
    for number, query in enumerate(asked):
        char = process.cdist([query], sources, scorer=Indel.normalized_similarity, dtype=np.float32, workers=-1)[0]
        word = process.cdist([words(query)], words.sources, scorer=Indel.normalized_similarity, dtype=np.float32,
                             workers=-1)[0]  # fmt: skip
        both = (char + word) / 2
        ours = lookup(memory, query, "en", "az", n=5, min_score=0)
        got = {
            "char": max((Indel.normalized_similarity(query, m.source) for m in ours), default=0.0),
            "tm": max((m.similarity / 100 for m in ours), default=0.0),
        }
        for measure, scores in (("char", char), ("tm", both)):
            best = float(scores.max())
            ok = got[measure] >= best - 1e-4
            same = band(int(got[measure] * 100 + 1e-6)) == band(int(best * 100 + 1e-6))
            kind = by_kind.setdefault(measure, {}).setdefault(kinds[number % 10], [0, 0])
            if best >= 0.5:
                kind[0] += ok
                kind[1] += 1
            for threshold in (50, 75):
                if best * 100 >= threshold:
                    tally = tallies[(measure, threshold)]
                    tally[0] += ok
                    tally[1] += 1
                    tally[2] += same
    result = {
        f"{measure}_best_at_least_{threshold}": {"found": found, "queries": total,
                                                 "recall": found / total if total else None,
                                                 "same_band": same / total if total else None}
        for (measure, threshold), (found, total, same) in tallies.items()
    }  # fmt: skip
    result["by_query_kind"] = {
        measure: {kind: {"found": f, "queries": t} for kind, (f, t) in kinds_.items()} for measure, kinds_ in by_kind.items()
    }  # fmt: skip
    return result


def report(results: dict) -> str:
    ours, lookup_ = results["tm_import"], results["lookup"]
    lines = [
        f"memory benchmark: {results['units']:,} units ({results['tmx_mb']:.0f} MB TMX), {results['cores']} cores",
        f"tm import (streaming, with index): {ours['wall_s']:.1f} s wall, {ours['cpu_s']:.1f} s CPU, "
        f"peak RSS {ours['peak_rss_mb']:.0f} MB (writer {ours['writer_rss_mb']:.0f}, reader {ours['reader_rss_mb']:.0f}), "
        f"database {results['db_mb']:.0f} MB",
    ]
    if "toolkit_load" in results:
        tk = results["toolkit_load"]
        lines.append(f"translate-toolkit load only: {tk['wall_s']:.1f} s wall, {tk['child_cpu_s']:.1f} s CPU,"
                     f" peak RSS {tk['rss_mb']:.0f} MB")  # fmt: skip
        # CPU as well as wall: tm's reader and writer run on two cores, and on a shared machine the
        # wall time says more about the load than about either program.
        lines.append(
            f"ratio toolkit/tm: time {tk['wall_s'] / ours['wall_s']:.2f}x wall, {tk['child_cpu_s'] / ours['cpu_s']:.2f}x"
            f" CPU, memory {tk['rss_mb'] / ours['peak_rss_mb']:.1f}x (load average {results['load_average_before']:.1f}"
            f" before, {results['load_average_after']:.1f} after; reference loop {results['reference_ms_before']} ms)"
        )
    elif results["units"] > BIG:
        measured = RESULTS / "memory-1000000.json"
        at_1m = json.loads(measured.read_text())["toolkit_load"] if measured.exists() else None
        lines.append("translate-toolkit: not run, it holds the whole file"
                     + (f" (at 1M units: {at_1m['wall_s']:.1f} s, peak RSS {at_1m['rss_mb']:.0f} MB)" if at_1m else ""))  # fmt: skip
    lines.append(
        f"lookup: median {lookup_['median_ms']:.2f} ms, p95 {lookup_['p95_ms']:.2f} ms, p99 {lookup_['p99_ms']:.1f} ms,"
        f" max {lookup_['max_ms']:.1f} ms "
        f"over {lookup_['queries']} queries ({lookup_['with_match']} with a match >= 50)"
    )
    lines += _recall_lines(results, "", by_kind=True)
    if "postgres" in results:
        pg = results["postgres"]
        pg_import, pg_lookup = pg["import"], pg["lookup"]
        lines.append(
            f"PostgreSQL import (COPY batches, with index): {pg_import['wall_s']:.1f} s wall"
            f" ({pg_import['wall_s'] / ours['wall_s']:.2f}x SQLite's), {pg_import['cpu_s']:.1f} s CPU in tm and"
            f" {pg_import['server_cpu_s']:.1f} s in the server ({pg_import['backend_cpu_s']:.1f} s in the backend"
            f" that served it; SQLite: {ours['cpu_s']:.1f} s), client peak RSS"
            f" {max(pg_import['writer_rss_mb'], pg_import['reader_rss_mb']):.0f} MB, server backend peak RSS"
            f" {pg_import['server_rss_mb']:.0f} MB, database {pg['db_mb']:.0f} MB (after VACUUM)"
        )
        lines.append(
            f"PostgreSQL lookup: median {pg_lookup['median_ms']:.2f} ms, p95 {pg_lookup['p95_ms']:.2f} ms,"
            f" max {pg_lookup['max_ms']:.1f} ms ({pg_lookup['with_match']} with a match >= 50)"
        )
        lines += _recall_lines(pg, "PostgreSQL ", by_kind=False)
    return "\n".join(lines)


def _recall_lines(results: dict, prefix: str, by_kind: bool) -> list[str]:
    lines = []
    for sample in ("recall", "recall_second_sample"):
        if sample not in results:
            continue  # --recall-sample 0
        for name, value in results[sample].items():
            if name != "by_query_kind" and value["queries"]:
                lines.append(
                    f"{prefix}{sample.replace('_', ' ')} ({name.replace('_', ' ')}): {value['found']}/"
                    f"{value['queries']} = {value['recall']:.1%} (same band {value['same_band']:.1%})"
                )
        if by_kind:
            lines.append(f"  by query kind: {results[sample]['by_query_kind']}")
    return lines


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "_import":
        return _child_import(sys.argv[2], sys.argv[3])
    if len(sys.argv) > 1 and sys.argv[1] == "_toolkit":
        return _child_toolkit(sys.argv[2])
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=500)
    parser.add_argument(
        "--recall-sample", type=int, help="queries whose recall is measured (default 200; 50 above 2M units)"
    )
    parser.add_argument("--delete-data", action="store_true", help="delete the generated TMX and the memory afterwards")
    parser.add_argument("--no-toolkit", action="store_true", help="skip translate-toolkit")
    parser.add_argument("--news", action="store_true",
                        help="units of news length (~900 bytes, ~17 English words, dates and ids on each <tu>)")  # fmt: skip
    parser.add_argument("--backend", choices=("sqlite", "postgres"), default="sqlite",
                        help="postgres: also import into and look up in PostgreSQL ($TM_TEST_POSTGRES, else a"
                        " server started with .ci/postgres), in the same run")  # fmt: skip
    args = parser.parse_args()
    server, folder = _postgres_server() if args.backend == "postgres" else (None, None)
    recall_sample = args.recall_sample if args.recall_sample is not None else 200 if args.units <= BIG else 50
    toolkit = not args.no_toolkit and args.units <= BIG
    if not toolkit and not args.no_toolkit:
        print(f"translate-toolkit left out: it cannot hold {args.units:,} units (4.7 GB at 1M)", file=sys.stderr)
    # tm's bytecode written before the children start, as pip writes translate-toolkit's when it
    # installs it: where the environment says not to write it (PYTHONDONTWRITEBYTECODE), each child
    # compiled tm's modules again, ~0.07 s of an import (news-length 200k: 1.5 %) spent on Python.
    compileall.compile_dir(HERE.parent / "tm", quiet=1)
    try:
        results = run(args.units, args.queries, recall_sample, toolkit, server, args.news)
    finally:
        if args.delete_data:
            name = f"memory-news-{args.units}" if args.news else f"memory-{args.units}"
            for path in DATA.glob(name + ".*"):
                path.unlink()
        if folder:
            subprocess.run(["bash", str(HERE.parent / ".ci" / "postgres"), "stop", folder], check=False)
    RESULTS.mkdir(exist_ok=True)
    suffix = ("-news" if args.news else "") + ("-postgres" if args.backend == "postgres" else "")
    (RESULTS / f"memory-{args.units}{suffix}.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(report(results))


if __name__ == "__main__":
    main()
