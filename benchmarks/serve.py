"""Benchmark of ``tm serve`` on 127.0.0.1: lookup and concordance latency under concurrent clients.

Run from the repository root:

    python benchmarks/serve.py                    # 200,000 units
    python benchmarks/serve.py --units 1000000    # the issue's target size (generation and import take long)

It reuses benchmarks/memory.py's generated TMX (en, az, ru; about 30 % near-duplicates) and its
query mix, imports it once into benchmarks/.data/serve-<units>.db, copies that for each run, and
starts ``tm serve`` in a child process. Then, each phase bounded by a request count and a time:

0. one concordance search, which waits for the pair's index the server builds on that first
   search (once: its other worker processes load it), and 200 lookups from one client (the time
   a lookup takes alone);
1. ``--clients`` (50) threads doing lookups (``/api/lookup``, en -> az) on keep-alive connections;
2. the same while one client uploads a TMX of ``--import-units`` (100,000) new units to
   ``/api/import`` and polls its job until it is done;
3. ``--concordance-clients`` (10) threads doing concordance searches of content words from the
   memory (the worker that imported rebuilds the pair's index in the background meanwhile, and
   the others load it when it is saved).

For each phase: requests, errors (anything but 200, or no answer), p50/p95/p99 in ms, requests
a second, and the CPU a request took in the server (its processes, import and index builds
included) and in this benchmark's own client threads, which run on the same cores: with
closed-loop clients, latency is about clients / throughput, and throughput is cores / CPU a
request. Each second it also reads from /proc how many of the clients' connections each server
process holds (a worker with more than its share queues more requests). Figures go to stdout
and to benchmarks/results/serve-<units>.json, with the load average and the CPU time a fixed loop took
before each phase (``reference_ms``: the machine's speed at the time, which moves on a shared host).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from memory import DATA, FUNCTION_WORDS, RESULTS, _server_cpu, _stat, generate, queries, reference_ms  # noqa: E402

from tm.server.auth import Role, Tokens  # noqa: E402


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _connections(server: int, port: int) -> list[int]:
    """How many of the clients' connections each of the server's processes holds (most first), from
    /proc: a keep-alive connection stays with the worker that accepted it, and one that holds more
    than its share queues more requests, so its clients wait longer."""
    established = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()  # local address, remote, state (01: established), ..., inode at 9
            if int(fields[1].rsplit(":", 1)[1], 16) == port and fields[3] == "01":
                established.add(f"socket:[{fields[9]}]")
    counts = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            if int(pid) != server and int(_stat(pid)[1]) != server:
                continue
            fds = os.listdir(f"/proc/{pid}/fd")
            counts.append(sum(os.readlink(f"/proc/{pid}/fd/{fd}") in established for fd in fds))
        except OSError:
            continue  # ended meanwhile, or a descriptor closed while read
    return sorted((count for count in counts if count), reverse=True)


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")


class Phase:
    """Clients that each send requests from a shared list until it runs out or time is up."""

    def __init__(self, server: int, port: int, token: str, paths: list[str], clients: int, seconds: float) -> None:
        self.server, self.port, self.token, self.paths = server, port, token, paths
        self.clients, self.seconds = clients, seconds
        self.latencies: list[float] = []
        self.errors: list[str] = []
        self._next = 0
        self._lock = threading.Lock()
        self.stop = threading.Event()

    def _take(self) -> str | None:
        with self._lock:
            if self._next >= len(self.paths) or self.stop.is_set():
                return None
            self._next += 1
            return self.paths[self._next - 1]

    def _client(self) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=max(120.0, self.seconds))
        headers = {"Authorization": f"Bearer {self.token}"}
        while (path := self._take()) is not None:
            start = time.perf_counter()
            try:
                connection.request("GET", path, headers=headers)
                response = connection.getresponse()
                response.read()
                ok = response.status == 200
                problem = f"{response.status}"
            except (OSError, http.client.HTTPException) as exc:
                ok, problem = False, type(exc).__name__
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=max(120.0, self.seconds))
            elapsed = time.perf_counter() - start
            with self._lock:
                if ok:
                    self.latencies.append(elapsed)
                else:
                    self.errors.append(problem)
        connection.close()

    def _watch(self, split: list[list[int]], done: threading.Event) -> None:
        """Each second, the connections each server process holds."""
        while not done.wait(1.0):
            split.append(_connections(self.server, self.port))

    def run(self) -> dict:
        threads = [threading.Thread(target=self._client) for _ in range(self.clients)]
        split: list[list[int]] = []
        done = threading.Event()
        watcher = threading.Thread(target=self._watch, args=(split, done))
        timer = threading.Timer(self.seconds, self.stop.set)
        reference = reference_ms()
        server_cpu, client_cpu = _server_cpu(self.server), time.process_time()
        start = time.perf_counter()
        timer.start()
        for thread in threads:
            thread.start()
        watcher.start()
        for thread in threads:
            thread.join()
        timer.cancel()
        done.set()
        watcher.join()
        wall = time.perf_counter() - start
        server_cpu, client_cpu = _server_cpu(self.server) - server_cpu, time.process_time() - client_cpu
        ms = [value * 1000 for value in self.latencies]
        answered = max(1, len(ms) + len(self.errors))
        return {
            "clients": self.clients,
            "requests": len(ms) + len(self.errors),
            "errors": len(self.errors),
            "error_kinds": sorted(set(self.errors)),
            "p50_ms": round(_percentile(ms, 0.50), 1),
            "p95_ms": round(_percentile(ms, 0.95), 1),
            "p99_ms": round(_percentile(ms, 0.99), 1),
            "per_second": round(len(ms) / wall, 1),
            "wall_s": round(wall, 1),
            "server_cpu_ms_a_request": round(1000 * server_cpu / answered, 2),
            "client_cpu_ms_a_request": round(1000 * client_cpu / answered, 2),
            "connections_per_process_each_second": split,
            "load_average": [round(value, 2) for value in os.getloadavg()],
            "reference_ms": reference,
        }


def _import_client(port: int, token: str, path: Path, done: threading.Event, result: dict) -> None:
    """Upload ``path`` and poll its job until it ends; record the time and the summary."""
    start = time.perf_counter()
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
        headers = {"Authorization": f"Bearer {token}", "Content-Length": str(path.stat().st_size)}
        with path.open("rb") as body:
            connection.request("POST", "/api/import?filename=" + quote(path.name), body=body, headers=headers)
        response = connection.getresponse()
        job = json.loads(response.read())
        while response.status == 202 or job.get("status") == "running":
            time.sleep(0.5)
            connection.request("GET", f"/api/import/{job['id']}", headers={"Authorization": f"Bearer {token}"})
            response = connection.getresponse()
            job = json.loads(response.read())
        result.update(status=job.get("status"), summary=job.get("summary"), http=response.status)
    except (OSError, http.client.HTTPException, ValueError) as exc:
        result.update(status="client error", error=repr(exc))
    result["seconds"] = round(time.perf_counter() - start, 1)
    done.set()


def _memory(units: int) -> Path:
    """The imported memory of ``units`` units (made once), copied for this run."""
    tmx = DATA / f"memory-{units}.tmx"
    if not tmx.exists():
        print(f"generating {tmx} ...", flush=True)
        generate(tmx, units)
    made = DATA / f"serve-{units}.db"
    if not made.exists():
        print(f"importing {tmx.name} ...", flush=True)
        partial = made.with_suffix(".partial")
        for stale in DATA.glob(partial.name + "*"):
            stale.unlink()
        subprocess.run([sys.executable, "-m", "tm", "import", str(tmx), "--memory", str(partial)], check=True,
                       stdout=subprocess.DEVNULL)  # fmt: skip
        subprocess.run([sys.executable, "-c", f"import sqlite3; sqlite3.connect({str(partial)!r}).execute("
                        "'PRAGMA wal_checkpoint(TRUNCATE)')"], check=True)  # fmt: skip
        partial.rename(made)
    copy = DATA / f"serve-{units}-run.db"
    for stale in DATA.glob(copy.name + "*"):
        stale.unlink()
    shutil.copyfile(made, copy)
    return copy


def run(args: argparse.Namespace) -> dict:
    memory = _memory(args.units)
    upload = DATA / f"serve-import-{args.import_units}.tmx"
    if not upload.exists():
        generate(upload, args.import_units, seed=777)
    sources = _english(DATA / f"memory-{args.units}.tmx", 20000)
    asked = queries(sources, args.requests, seed=11)
    tokens_file = DATA / "serve-tokens.json"
    tokens_file.unlink(missing_ok=True)
    token = Tokens(tokens_file).add("bench", Role.WRITE)
    port = _free_port()
    log = (DATA / "serve.log").open("wb")
    server = subprocess.Popen(
        [sys.executable, "-m", "tm", "serve", "--memory", str(memory), "--tokens", str(tokens_file), "--port",
         str(port), "--rate", "0", "--no-access-log", "--workers", str(args.workers)],
        stdout=log, stderr=subprocess.STDOUT, cwd=DATA,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit("tm serve did not start; see benchmarks/.data/serve.log") from None
                time.sleep(0.2)
        lookups = [f"/api/lookup?from=en&to=az&n=5&min=50&q={quote(q)}" for q in asked]
        results: dict = {"units": args.units, "workers": args.workers, "cores": os.cpu_count()}
        rng = random.Random(5)
        # What a translator looks up in a concordance: a content word or a name, not "the".
        words = [w for s in sources[:2000] for w in s.split() if w.isalpha() and w.lower() not in FUNCTION_WORDS]
        concordances = [
            f"/api/concordance?from=en&to=az&limit=20&q={quote(rng.choice(words))}"
            for _ in range(args.concordance_requests)
        ]
        start = time.perf_counter()
        first = Phase(server.pid, port, token, concordances[:1], 1, 900).run()  # waits for the index to be built
        results["concordance_first_s"] = round(time.perf_counter() - start, 1)
        results["concordance_first_errors"] = first["errors"]
        print("first concordance (waits for the index)", results["concordance_first_s"], "s", flush=True)
        results["lookup_1_client"] = Phase(server.pid, port, token, lookups[-200:], 1, args.seconds).run()
        print("lookup, 1 client", results["lookup_1_client"], flush=True)
        Phase(server.pid, port, token, lookups[:50], 5, 60).run()  # warm the page cache and the connections
        results["lookup"] = Phase(server.pid, port, token, lookups, args.clients, args.seconds).run()
        print("lookup", results["lookup"], flush=True)

        done, imported = threading.Event(), {}
        importer = threading.Thread(target=_import_client, args=(port, token, upload, done, imported))
        during = Phase(server.pid, port, token, list(reversed(lookups)), args.clients, args.seconds)
        importer.start()
        watcher = threading.Thread(target=lambda: (done.wait(), during.stop.set()))
        watcher.start()
        results["lookup_during_import"] = during.run()
        importer.join(timeout=1200)
        results["import"] = imported
        print("lookup during import", results["lookup_during_import"], flush=True)
        print("import", imported, flush=True)

        results["concordance"] = Phase(
            server.pid, port, token, concordances, args.concordance_clients, args.seconds
        ).run()
        print("concordance", results["concordance"], flush=True)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
        log.close()
    return results


def _english(tmx: Path, count: int) -> list[str]:
    """The first ``count`` English segments of the generated TMX (plain ones: no inline codes)."""
    found = []
    with tmx.open(encoding="utf-8") as handle:
        for line in handle:
            if line.startswith('<tuv xml:lang="en"><seg>') and "<bpt" not in line:
                found.append(line.split("<seg>", 1)[1].split("</seg>", 1)[0])
                if len(found) >= count:
                    break
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--units", type=int, default=200000)
    parser.add_argument("--import-units", type=int, default=100000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--requests", type=int, default=3000, help="lookups per phase, at most")
    parser.add_argument("--concordance-clients", type=int, default=10)
    parser.add_argument("--concordance-requests", type=int, default=100)
    parser.add_argument("--seconds", type=float, default=120, help="longest phase")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="tm serve's worker processes")
    args = parser.parse_args()
    results = run(args)
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"serve-{args.units}.json"
    out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
