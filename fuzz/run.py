"""Coverage-guided fuzzing of one reader with atheris (libFuzzer): see fuzz/README.md.

    python fuzz/run.py TARGET [libFuzzer options]

A finding is an exception other than TmError, a round trip that does not hold, more than
``-timeout`` seconds on one input, or more than ``-rss_limit_mb`` of memory: libFuzzer stops and
writes the input to ``crash-*``/``timeout-*``/``oom-*``. Add it to tests/data as a regression case.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import atheris

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

with atheris.instrument_imports(include=["tm"]):
    from tests.fuzz_targets import TARGETS, run


def main() -> None:
    if len(sys.argv) < 2 or sys.argv[1] not in TARGETS:
        sys.exit(f"usage: python fuzz/run.py {{{'|'.join(TARGETS)}}} [libFuzzer options]")
    target = TARGETS[sys.argv[1]]
    corpus = Path(__file__).resolve().parent / "corpus" / target.name
    if not corpus.is_dir():  # seeded from the project's own files the first time
        corpus.mkdir(parents=True)
        for seed in target.seeds:
            (corpus / seed.name).write_bytes(seed.read_bytes())
    folder = Path(tempfile.mkdtemp(prefix=f"tm-fuzz-{target.name}-"))
    argv = [sys.argv[0], *sys.argv[2:], str(corpus)]
    if not any(arg.startswith("-timeout=") for arg in argv):
        argv.insert(1, "-timeout=2")
    if not any(arg.startswith("-rss_limit_mb=") for arg in argv):
        argv.insert(1, "-rss_limit_mb=500")
    atheris.Setup(argv, lambda data: run(target, data, folder))
    atheris.Fuzz()


if __name__ == "__main__":
    main()
