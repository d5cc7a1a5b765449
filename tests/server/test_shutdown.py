"""A shutdown stops an import after a committed batch: nothing half-written, the rest imports later."""

from __future__ import annotations

from pathlib import Path

from tm.memory import BATCH_SIZE, FIRST_BATCH, open_memory
from tm.server.app import Server, Settings


def test_shutdown_stops_an_import_between_batches(tmp_path: Path) -> None:
    rows = 3 * BATCH_SIZE
    tsv = tmp_path / "big.tsv"
    tsv.write_text("en\taz\n" + "".join(f"Line {n} of the ledger.\t{n} saylı sətir.\n" for n in range(rows)), "utf-8")
    memory = tmp_path / "memory.db"
    open_memory(str(memory)).close()
    server = Server(Settings(memory=str(memory), shared=str(tmp_path / "shared")))
    upload = tmp_path / "upload.tsv"
    upload.write_bytes(tsv.read_bytes())
    job = server.start_import(upload, "big.tsv", {"format": None, "source_lang": None, "target_lang": None})
    server.shutdown()
    assert job.status == "stopped"
    assert not upload.exists()
    with open_memory(str(memory)) as store:
        kept = store.stats().units
        assert kept in {FIRST_BATCH + n * BATCH_SIZE for n in range(3)}
        assert store.import_file(tsv).added == rows - kept
        assert store.stats().units == rows
    assert server.job(job.id).status == "stopped"
