"""Inputs at the limits: each must give a clear error or bounded memory, never a hang or an OOM.

    python benchmarks/limits.py [--scale 1.0] [--only NAME]

For each case the script writes the input under benchmarks/.data/limits/ (removed afterwards),
runs the tm command on it in a fresh process with a 4 GB address-space cap and a 300 s timeout,
and prints its exit code, wall time, peak RSS and the first line of its error output. ``--scale``
shrinks every case (0.01 for a quick look).

Cases (issue 20): a 1 GB file with no line break (segment, memory import of TSV and PO); a 10 MB segment
(TMX import); inline tags nested 10^5 deep (TMX import and tmx check); a PO of 10^6 entries
(memory import and qa); a TMX with 10^4 languages in one unit (import); a glossary of 10^6
entries (glossary find: the first builds its stored index, the second reads it).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "benchmarks" / ".data" / "limits"
CAP = 4 << 30
TIMEOUT = 300
TMX_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="en" adminlang="en" segtype="sentence" o-tmf="x" datatype="plaintext" creationtool="t" creationtoolversion="1"/><body>\n'
TMX_TAIL = "</body></tmx>\n"
sys.path.insert(0, str(ROOT))

from tests.generated import many_entries_po, write_chunks  # noqa: E402


def one_line(path: Path, size: int) -> None:
    word = "Khojaly tragedy happened in the night of 1992 and "
    write_chunks(path, lambda: (word * (1 << 14) for _ in range(size // (len(word) << 14))))


def big_segment(path: Path, size: int) -> None:
    text = "The ombudsman said the memory lives. " * (size // 37)
    path.write_text(TMX_HEAD + f'<tu tuid="a"><tuv xml:lang="en"><seg>{text}</seg></tuv>'
                    f'<tuv xml:lang="az"><seg>x</seg></tuv></tu>' + TMX_TAIL, "utf-8")  # fmt: skip


def nested_tags(path: Path, depth: int) -> None:
    seg = "<hi>" * depth + "deep" + "</hi>" * depth
    path.write_text(TMX_HEAD + f'<tu tuid="a"><tuv xml:lang="en"><seg>{seg}</seg></tuv>'
                    f'<tuv xml:lang="az"><seg>x</seg></tuv></tu>' + TMX_TAIL, "utf-8")  # fmt: skip


def many_languages(path: Path, count: int) -> None:
    tuvs = "".join(f'<tuv xml:lang="en-x-v{i}"><seg>text {i}</seg></tuv>' for i in range(count))
    path.write_text(TMX_HEAD + f'<tu tuid="a"><tuv xml:lang="en"><seg>source</seg></tuv>{tuvs}</tu>' + TMX_TAIL)


def big_glossary(path: Path, count: int) -> None:
    def chunks() -> Iterator[str]:
        yield "\ufeffen\taz\tnote\n"
        for i in range(count):
            yield f"Name{i} Surname{i}\tAd{i} Soyad{i}\tperson\n"

    write_chunks(path, chunks)


#: name -> (file name, maker, full size, command after ``tm``, with {path})
CASES: dict[str, tuple[str, Callable[[Path, int], None], int, list[str]]] = {
    "1 GB line, segment": ("line.txt", one_line, 1 << 30, ["segment", "{path}", "--lang", "en"]),
    "1 GB line, import TSV": ("line.en-az.tsv", one_line, 1 << 30, ["import", "{path}", "--memory", "{dir}/m.db"]),
    "10 MB segment, import": ("segment.tmx", big_segment, 10_000_000, ["import", "{path}", "--memory", "{dir}/m.db"]),
    "tags 10^5 deep, import": ("deep.tmx", nested_tags, 100_000, ["import", "{path}", "--memory", "{dir}/m.db"]),
    "tags 10^5 deep, tmx check": ("deep.tmx", nested_tags, 100_000, ["tmx", "check", "{path}"]),
    "PO 10^6 entries, import": (
        "big.po",
        many_entries_po,
        1_000_000,
        ["import", "{path}", "--lang", "az", "--memory", "{dir}/m.db"],
    ),  # fmt: skip
    "PO 10^6 entries, qa": ("big.po", many_entries_po, 1_000_000, ["qa", "{path}", "--lang", "az"]),
    "TMX 10^4 languages, import": ("langs.tmx", many_languages, 10_000, ["import", "{path}", "--memory", "{dir}/m.db"]),
    "glossary 10^6 entries, find": (
        "names.en-az.txt",
        big_glossary,
        1_000_000,
        ["glossary", "find", "Name500000 Surname500000 came.", "--lang", "en", "--glossary", "{path}"],
    ),  # fmt: skip
    # The first find stored the glossary's index (in XDG_CACHE_HOME, under DATA): this one reads it.
    "glossary 10^6 entries, find again": (
        "names.en-az.txt",
        big_glossary,
        1_000_000,
        ["glossary", "find", "Name999 Surname999 met Name7 Surname7.", "--lang", "en", "--glossary", "{path}"],
    ),  # fmt: skip
    "1 GB line, import PO": (
        "line.po",
        one_line,
        1 << 30,
        ["import", "{path}", "--lang", "az", "--memory", "{dir}/m.db"],
    ),
}


def _cap() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (CAP, CAP))


def measure(command: list[str]) -> tuple[int | None, float, float, str]:
    """Exit code (None on timeout), wall seconds, peak RSS in MB, first stderr line."""
    started = time.perf_counter()
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT, preexec_fn=_cap)
        code: int | None = result.returncode
        first = (result.stderr.strip().splitlines() or [""])[0][:160]
    except subprocess.TimeoutExpired:
        code, first = None, f"still running after {TIMEOUT} s"
    elapsed = time.perf_counter() - started
    rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return code, elapsed, rss, first


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--only")
    args = parser.parse_args()
    tm = shutil.which("tm") or sys.exit("tm is not installed in this environment")
    DATA.mkdir(parents=True, exist_ok=True)
    os.environ["XDG_CACHE_HOME"] = str(DATA / "cache")  # the glossary's stored index goes there
    try:
        for name, (filename, make, size, command) in CASES.items():
            if args.only and args.only not in name:
                continue
            path = DATA / filename
            if not path.exists():
                make(path, max(1, int(size * args.scale)))
            for leftover in DATA.glob("m.db*"):
                leftover.unlink()
            argv = [tm, *(part.format(path=path, dir=DATA) for part in command)]
            # Peak RSS is per process: measure each case in a process of its own.
            out = subprocess.run([sys.executable, __file__, "--one", *argv], capture_output=True, text=True)
            print(f"{name:30s} {out.stdout.strip()}", flush=True)
    finally:
        shutil.rmtree(DATA, ignore_errors=True)


def one(argv: list[str]) -> None:
    code, elapsed, rss, first = measure(argv)
    print(f"exit {code}  {elapsed:7.1f} s  {rss:7.0f} MB  {first}")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--one":
        one(sys.argv[2:])
    else:
        main()
