"""TMX reading speed and memory: tm's streaming reader against a bare stdlib ElementTree walk.

    python benchmarks/tmx_read.py [N]          # N units, default 200000

Writes a TMX of N en+az+ru units (with props, dates and an inline code in every tenth unit) into
a temporary directory with tm's writer, then reads it in a fresh process per reader and reports
units/s and the process's peak RSS:

- ``tm.formats.tmx.read``: the full conversion to tm.model.Unit (languages normalised, dates
  parsed, inline codes kept), consumed one unit at a time: ``tm`` through the strict scanner
  (tm/formats/tmx_scan.py), ``tm-lxml`` through lxml's iterparse alone; ``tm-plain`` and
  ``tm-plain-lxml`` the same as ``read_rows`` gives them (PlainUnit, as the memory's import reads).
- ``xml.etree.ElementTree.iterparse``: the same walk over <tu> elements, cleared as it goes,
  reading only the seg texts (no conversion): the floor for a streaming pass in pure stdlib.
- ``lxml.etree.iterparse``: the same bare walk with lxml (the parser tm uses).

A flat peak RSS across sizes (try N=50000 and N=200000) shows memory does not grow with the file.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

READERS = ("tm", "tm-lxml", "tm-plain", "tm-plain-lxml", "etree", "lxml")


def generate(path: Path, count: int) -> None:
    from tm.formats import tmx
    from tm.model import Context, Tag, Unit, Variant

    when = datetime(2023, 2, 23, 10, 15, tzinfo=UTC)

    def units():
        for n in range(count):
            source = (f"Sentence {n}: the Khojaly memorial in Baku was visited by {n % 97} people.",)
            if n % 10 == 0:
                source = (
                    "Press ",
                    Tag("bpt", (("i", "1"),), "&lt;b&gt;"),
                    f"Save {n}",
                    Tag("ept", (("i", "1"),), "&lt;/b&gt;"),
                )
            yield Unit(
                id=f"u{n}",
                source=Variant("en", source),
                targets={
                    "az": Variant.of(
                        "az", f"Cümlə {n}: Bakıdakı Xocalı abidəsini {n % 97} nəfər ziyarət edib.", changed=when
                    ),
                    "ru": Variant.of(
                        "ru", f"Предложение {n}: мемориал Ходжалы в Баку посетили {n % 97} человек.", changed=when
                    ),
                },
                context=Context("bench", n // 20, n % 20),
                props={"x-domain": ["news"]},
            )

    tmx.write(units(), path, srclang="en")


def child(reader: str, path: str) -> None:
    """Run one reader over ``path`` and print a JSON line with count, seconds and peak RSS."""
    start = time.perf_counter()
    count = 0
    if reader.startswith("tm"):
        from tm.formats import tmx

        plain = "plain" in reader
        prolog = tmx._tmx_prolog(path)
        read = tmx._parsed_units if reader.endswith("lxml") else tmx._read_units
        for row in read(Path(path), prolog, None):
            if not plain and isinstance(row, tmx.PlainUnit):
                row.unit()  # what tmx.read yields
            count += 1
    elif reader == "etree":
        import xml.etree.ElementTree as ET

        body = None
        for event, element in ET.iterparse(path, events=("start", "end")):
            if event == "start":
                body = element if element.tag == "body" else body
            elif element.tag == "tu":
                count += sum(1 for seg in element.iter("seg") if "".join(seg.itertext()) is not None) and 1
                body.clear()
    else:
        from lxml import etree

        for _event, element in etree.iterparse(path, tag="tu", resolve_entities=False, no_network=True):
            count += sum(1 for seg in element.iter("seg") if "".join(seg.itertext()) is not None) and 1
            element.clear()
            while element.getprevious() is not None:
                del element.getparent()[0]
    seconds = time.perf_counter() - start
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"reader": reader, "units": count, "seconds": seconds, "peak_rss_mib": peak_kib / 1024}))


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        child(sys.argv[2], sys.argv[3])
        return
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 200_000
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.tmx"
        start = time.perf_counter()
        generate(path, count)
        written = time.perf_counter() - start
        size_mib = path.stat().st_size / 2**20
        print(f"TMX: {count} units, {size_mib:.1f} MiB, written in {written:.1f} s ({count / written:,.0f} units/s)")
        print(f"{'reader':<14} {'units':>9} {'seconds':>8} {'units/s':>10} {'peak RSS MiB':>13}")
        for reader in READERS:
            result = subprocess.run(
                [sys.executable, __file__, "--child", reader, str(path)], capture_output=True, text=True, check=True
            )
            data = json.loads(result.stdout)
            print(f"{reader:<14} {data['units']:>9} {data['seconds']:>8.2f} {data['units'] / data['seconds']:>10,.0f} "
                  f"{data['peak_rss_mib']:>13.1f}")  # fmt: skip


if __name__ == "__main__":
    main()
