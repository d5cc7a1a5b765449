"""The document workflow: build, merge, stable ids, determinism, render, status, import."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from lxml import etree

from tests.conftest import ARTICLE, msgfmt_check, snapshot
from tm import builder, document, exchange, merge, reports
from tm.errors import TmError
from tm.formats import po, tmx, xliff
from tm.model import Status, Variant, base_lang

LATER = datetime(2030, 1, 1, 12, 0, tzinfo=UTC)
XML_NS = "http://www.w3.org/XML/1998/namespace"


def article(root: Path) -> document.Document:
    return document.open_document(ARTICLE, root)


def translate(root: Path, lang: str, texts: dict[int, str], status: Status = Status.TRANSLATED) -> list[str]:
    """Fill the PO of ``lang`` like a translator would: unit number -> text. Returns the ids."""
    path = article(root).po_path(lang)
    catalog = po.load(path)
    for number, text in texts.items():
        catalog.units[number].targets = {lang: Variant.of(lang, text, status=status)}
    po.write(
        catalog.units,
        path,
        lang=lang,
        project=ARTICLE,
        created=catalog.date("POT-Creation-Date"),
        revised=catalog.date("PO-Revision-Date"),
        title=f"{ARTICLE}: en -> {lang}",
    )
    return [catalog.units[n].id for n in texts]


def edit_source(root: Path, change) -> None:
    source = root / ARTICLE / "en.txt"
    source.write_text(change(source.read_text("utf-8")), "utf-8")


def entries(root: Path, lang: str) -> dict[str, po.Unit]:
    return {u.id: u for u in po.read(article(root).po_path(lang))}


# --------------------------------------------------------------------------- build


def test_build_writes_template_po_per_target_and_valid_files(segments: Path) -> None:
    report = builder.build(segments)
    folder = segments / ARTICLE
    assert {p.name for p in report.written} >= {f"{ARTICLE}.pot", "az.po", "ru.po"}
    for name in (f"{ARTICLE}.pot", "az.po", "ru.po"):
        result = msgfmt_check(folder / name)
        assert result.returncode == 0, result.stderr
    units = list(po.read(folder / "az.po"))
    assert len(units) == 16
    assert units[0].context.document == ARTICLE and (units[0].context.paragraph, units[0].context.position) == (1, 1)
    assert units[5].context.paragraph == 5 and units[5].context.position == 2
    assert [u.id for u in units] == [u.id for u in po.read(folder / f"{ARTICLE}.pot")]


def test_build_can_choose_languages(segments: Path) -> None:
    builder.build(segments, ["ru"])
    assert (segments / ARTICLE / "ru.po").exists()
    assert not (segments / ARTICLE / "az.po").exists()


def test_second_build_rewrites_nothing(segments: Path) -> None:
    builder.build(segments)
    translate(segments, "az", {0: "Birinci cümlə."})
    builder.build(segments)
    files = sorted(p for p in (segments / ARTICLE).iterdir())
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in files}
    report = builder.build(segments, now=LATER)
    assert report.written == []
    assert {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in files} == before


def test_template_date_moves_only_when_the_source_changes(segments: Path) -> None:
    first = datetime(2024, 5, 1, 8, 30, tzinfo=UTC)
    builder.build(segments, now=first)
    builder.build(segments, now=LATER)
    assert po.load(article(segments).pot_path).date("POT-Creation-Date") == first
    edit_source(segments, lambda text: text + "\nA new closing sentence.\n")
    builder.build(segments, now=LATER)
    assert po.load(article(segments).pot_path).date("POT-Creation-Date") == LATER
    az = po.load(article(segments).po_path("az"))
    assert az.date("POT-Creation-Date") == LATER
    assert az.date("PO-Revision-Date") == first  # the build is not a translator's edit


def test_source_date_epoch_makes_fresh_builds_reproducible(segments: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1677110400")
    other = tmp_path / "other"
    other.mkdir()
    (other / ARTICLE).mkdir()
    for name in ("document.toml", "en.txt"):
        (other / ARTICLE / name).write_bytes((segments / ARTICLE / name).read_bytes())
    builder.build(segments)
    builder.build(other)
    for name in ("az.po", "ru.po", f"{ARTICLE}.pot"):
        assert (segments / ARTICLE / name).read_bytes() == (other / ARTICLE / name).read_bytes()
    assert b"2023-02-23 00:00+0000" in (segments / ARTICLE / "az.po").read_bytes()


def test_translate_toolkit_reads_the_built_po(segments: Path) -> None:
    ttk_po = pytest.importorskip("translate.storage.po")
    builder.build(segments)
    translate(segments, "ru", {1: "Второе предложение."})
    store = ttk_po.pofile.parsefile(str(segments / ARTICLE / "ru.po"))
    theirs = [u for u in store.units if not u.isheader()]
    ours = list(po.read(segments / ARTICLE / "ru.po"))
    assert [(u.getcontext(), u.source, u.target) for u in theirs] == [
        (u.id, u.source.text, u.target("ru").text if u.target("ru") else "") for u in ours
    ]


# --------------------------------------------------------------------------- ids and merging


def test_ids_come_from_content_and_count_repeats() -> None:
    ids = document.unit_ids(["Hello  world.", "Bye.", "Hello world.", "Hello world."])
    assert ids[0] != ids[1]
    assert ids[2] == ids[0] + "-2" and ids[3] == ids[0] + "-3"
    assert document.unit_ids(["Bye."]) == [ids[1]]


def test_inserting_a_sentence_keeps_every_other_id(segments: Path) -> None:
    builder.build(segments)
    before = [u.id for u in po.read(segments / ARTICLE / "az.po")]
    edit_source(
        segments,
        lambda text: text.replace(
            "Azernews reports per Ombudsman’s Office.", "Azernews reports per Ombudsman’s Office. An inserted sentence."
        ),
    )
    builder.build(segments)
    after = [u.id for u in po.read(segments / ARTICLE / "az.po")]
    assert len(after) == len(before) + 1
    assert [i for i in after if i not in before] == [after[1]]
    assert [i for i in after if i in before] == before


def test_merge_keeps_marks_stale_obsoletes_and_adds(segments: Path) -> None:
    builder.build(segments)
    kept, changed, removed = translate(segments, "az", {0: "Birinci.", 2: "Üçüncü.", 3: "Dördüncü."})
    old_source = {u.id: u.source.text for u in po.read(segments / ARTICLE / "az.po")}
    edit_source(
        segments,
        lambda text: (
            text.replace("against humanity.", "against all of humanity.").replace(  # unit 2, slightly
                old_source[removed], ""
            )  # unit 3 removed
            + "\nA brand new sentence.\n"
        ),
    )
    builder.build(segments)
    units = list(po.read(segments / ARTICLE / "az.po"))
    by_id = {u.id: u for u in units}
    assert by_id[kept].target("az").text == "Birinci." and by_id[kept].target("az").status is Status.TRANSLATED
    stale = [u for u in units if u.target("az") and u.target("az").text == "Üçüncü."]
    assert len(stale) == 1 and stale[0].id != changed
    assert stale[0].target("az").status is Status.DRAFT
    assert stale[0].target("az").source_text == old_source[changed]
    assert "against all of humanity." in stale[0].source.text
    obsolete = [u for u in units if po.OBSOLETE in u.props]
    assert [(u.id, u.target("az").text) for u in obsolete] == [(removed, "Dördüncü.")]
    assert units[-2].source.text == "A brand new sentence." and not units[-2].targets
    text = (segments / ARTICLE / "az.po").read_text("utf-8")
    previous_lines = "".join(line[3:].strip('"') for line in text.splitlines() if line.startswith("#| "))
    assert previous_lines == "msgid " + old_source[changed]
    assert f'#~ msgctxt "{removed}"' in text
    assert msgfmt_check(segments / ARTICLE / "az.po").returncode == 0


def test_a_removed_sentence_that_comes_back_gets_its_translation_back(segments: Path) -> None:
    builder.build(segments)
    (uid,) = translate(segments, "az", {0: "Birinci."})
    original = (segments / ARTICLE / "en.txt").read_text("utf-8")
    first = original.split("\n\n", 1)[0]
    edit_source(segments, lambda text: text.replace(first + "\n\n", ""))
    builder.build(segments)
    assert po.OBSOLETE in entries(segments, "az")[uid].props
    edit_source(segments, lambda text: original)
    builder.build(segments)
    unit = entries(segments, "az")[uid]
    assert po.OBSOLETE not in unit.props and unit.target("az").status is Status.TRANSLATED


def test_translator_comments_survive_and_hints_are_regenerated(segments: Path) -> None:
    builder.build(segments)
    path = segments / ARTICLE / "az.po"
    catalog = po.load(path)
    catalog.units[0].targets = {"az": Variant.of("az", "Birinci.", notes=["ask the editor"])}
    catalog.units[0].notes = ["an old hint"]
    po.write(catalog.units, path, lang="az", created=catalog.date("POT-Creation-Date"))

    def hints(source: str, lang: str) -> list[str]:
        return [f"Glossary: Khojaly = {'Xocalı' if lang == 'az' else 'Ходжалы'}"] if "Khojaly" in source else []

    builder.build(segments, hints=hints)
    az, ru = list(po.read(path)), list(po.read(segments / ARTICLE / "ru.po"))
    assert az[0].target("az").notes == ["ask the editor"]
    assert az[0].notes == ["Glossary: Khojaly = Xocalı"]
    assert ru[0].notes == ["Glossary: Khojaly = Ходжалы"]
    assert "#. Glossary: Khojaly = Xocalı\n" in path.read_text("utf-8")


def test_a_glossary_object_with_a_hints_method_is_accepted(segments: Path) -> None:
    class Glossary:
        def hints(self, source: str, lang: str) -> list[str]:
            return ["Glossary: Armenia = Ermənistan"] if "Armenia" in source and lang == "az" else []

    builder.build(segments, hints=Glossary())
    assert sum(u.notes == ["Glossary: Armenia = Ermənistan"] for u in po.read(segments / ARTICLE / "az.po")) >= 2


# --------------------------------------------------------------------------- bad input


def test_broken_po_stops_the_build_and_leaves_every_file_untouched(segments: Path) -> None:
    builder.build(segments)
    edit_source(segments, lambda text: text + "\nOne more sentence.\n")
    az = segments / ARTICLE / "az.po"
    az.write_text(
        az.read_text("utf-8").replace('msgstr ""\n\n#: article', 'msgstr "unterminated\n\n#: article', 1), "utf-8"
    )
    before = {p.name: p.read_bytes() for p in (segments / ARTICLE).iterdir()}
    with pytest.raises(TmError) as info:
        builder.build(segments)
    assert info.value.path == str(az) and info.value.line is not None
    assert {p.name: p.read_bytes() for p in (segments / ARTICLE).iterdir()} == before


def test_undecodable_source_names_file_and_line(segments: Path) -> None:
    source = segments / ARTICLE / "en.txt"
    source.write_bytes(source.read_bytes() + b"\nBad byte \xff here.\n")
    with pytest.raises(TmError) as info:
        builder.build(segments)
    assert info.value.path == str(source) and info.value.line == source.read_bytes().count(b"\n")
    assert not (segments / ARTICLE / "az.po").exists()


def test_broken_document_toml_names_its_line(segments: Path) -> None:
    toml = segments / ARTICLE / "document.toml"
    toml.write_text(toml.read_text("utf-8") + "targets = \n", "utf-8")
    with pytest.raises(TmError) as info:
        builder.build(segments)
    assert info.value.path == str(toml) and info.value.line is not None


# --------------------------------------------------------------------------- render and status


def test_render_keeps_paragraphs_and_marks_untranslated(segments: Path) -> None:
    builder.build(segments)
    translate(segments, "az", {0: "Birinci.", 4: "Beşinci.", 5: "Altıncı."})
    translate(segments, "az", {6: "Qaralama."}, status=Status.DRAFT)
    text = reports.render_document(article(segments), "az")
    paragraphs = text.rstrip("\n").split("\n\n")
    assert len(paragraphs) == 12
    assert paragraphs[0] == "Birinci."
    assert paragraphs[4] == "Beşinci. Altıncı."
    assert paragraphs[5] == "[[draft: Qaralama.]]"
    assert paragraphs[1].startswith("[[en: In a statement dedicated")


def test_strict_render_refuses_and_lists_what_is_missing(segments: Path) -> None:
    builder.build(segments)
    translate(segments, "az", {n: f"Cümlə {n}." for n in range(15)})
    with pytest.raises(TmError) as info:
        reports.render_document(article(segments), "az", strict=True)
    assert "1 of 16" in str(info.value) and f"{ARTICLE}:12:1" in str(info.value)
    translate(segments, "az", {15: "Son."})
    assert reports.render_document(article(segments), "az", strict=True).endswith("Cümlə 13. Cümlə 14.\n\nSon.\n")


def test_status_counts_units_words_and_states(segments: Path) -> None:
    builder.build(segments)
    translate(segments, "az", {0: "Birinci.", 1: "İkinci."})
    translate(segments, "az", {2: "Üçüncü."}, status=Status.REVIEWED)
    translate(segments, "az", {3: "Dördüncü."}, status=Status.DRAFT)
    rows = {row.lang: row for row in reports.status(segments)}
    az, ru = rows["az"], rows["ru"]
    assert (az.units, az.translated, az.reviewed, az.fuzzy, az.untranslated) == (16, 3, 1, 1, 12)
    assert (ru.translated, ru.untranslated) == (0, 16)
    assert az.words == ru.words > 600


# --------------------------------------------------------------------------- export and import


def test_exported_xliff_is_valid_and_imports_back(segments: Path, tmp_path: Path, xliff_schema) -> None:
    builder.build(segments)
    translate(segments, "az", {0: "Birinci.", 1: "İkinci."})
    job = exchange.export_xliff(article(segments), "az", tmp_path / "job.az.xlf")
    tree = etree.parse(str(job))
    assert xliff_schema.validate(tree), xliff_schema.error_log
    ns = {"x": xliff.NS}
    units = tree.findall(".//x:trans-unit", ns)
    assert len(units) == 16
    # The translator fills unit 3, leaves unit 2's target empty, and the file goes back.
    target = etree.SubElement(units[2], f"{{{xliff.NS}}}target", state="translated")
    target.text = "Üçüncü."
    units[2].insert(1, units[2][-1])
    units[1].find("x:target", ns).text = ""
    tree.write(str(job), xml_declaration=True, encoding="UTF-8")
    report = exchange.import_translations(job, article(segments))
    assert (report.updated, report.kept, report.unchanged, report.unknown, report.empty) == (1, 1, 1, 0, 13)
    texts = [u.target("az").text if u.target("az") else "" for u in po.read(segments / ARTICLE / "az.po")]
    assert texts[:4] == ["Birinci.", "İkinci.", "Üçüncü.", ""]


def test_import_moves_the_revision_date_only_when_something_changed(segments: Path, tmp_path: Path) -> None:
    first = datetime(2024, 5, 1, 8, 30, tzinfo=UTC)
    builder.build(segments, now=first)
    returned = tmp_path / "az.po"
    units = list(po.read(segments / ARTICLE / "az.po"))
    units[0].targets = {"az": Variant.of("az", "Birinci.")}
    po.write(units, returned, lang="az")
    report = exchange.import_translations(returned, article(segments), now=LATER)
    assert report.updated == 1
    assert po.load(segments / ARTICLE / "az.po").date("PO-Revision-Date") == LATER
    again = exchange.import_translations(returned, article(segments), now=datetime(2031, 1, 1, tzinfo=UTC))
    assert (again.updated, again.unchanged) == (0, 1)
    assert po.load(segments / ARTICLE / "az.po").date("PO-Revision-Date") == LATER


def test_import_of_a_translation_for_an_older_source_comes_in_fuzzy(segments: Path, tmp_path: Path) -> None:
    builder.build(segments)
    units = list(po.read(segments / ARTICLE / "ru.po"))
    units[0].targets = {"ru": Variant.of("ru", "Первое.", source_text="An older first sentence.", status=Status.DRAFT)}
    returned = tmp_path / "ru.po"
    po.write(units, returned, lang="ru")
    exchange.import_translations(returned, article(segments))
    first = list(po.read(segments / ARTICLE / "ru.po"))[0].target("ru")
    assert first.status is Status.DRAFT and first.source_text == "An older first sentence."


def test_export_po_and_xliff_write_one_file_per_language(segments: Path, tmp_path: Path) -> None:
    builder.build(segments)
    paths = exchange.export(article(segments), "xliff", tmp_path / "out")
    assert sorted(p.name for p in paths) == [f"{ARTICLE}.az.xlf", f"{ARTICLE}.ru.xlf"]
    paths = exchange.export(article(segments), "po", tmp_path / "out", ["az"])
    assert [p.read_bytes() for p in paths] == [(segments / ARTICLE / "az.po").read_bytes()]


def test_multilingual_tmx_is_exported_with_the_build(segments: Path) -> None:
    builder.build(segments)
    translate(segments, "az", {0: "Birinci."})
    translate(segments, "ru", {0: "Первое."})
    builder.build(segments)
    units = list(tmx.read(segments / ARTICLE / f"{ARTICLE}.tmx"))
    assert len(units) == 16
    assert units[0].target("az").text == "Birinci." and units[0].target("ru").text == "Первое."


def test_built_tmx_is_valid_against_the_dtd_and_omegat_schema(segments: Path) -> None:
    from tests.conftest import REPO, SPEC

    builder.build(segments)
    translate(segments, "az", {0: "Birinci."})
    builder.build(segments)
    tree = etree.parse(str(segments / ARTICLE / f"{ARTICLE}.tmx"))
    dtd = etree.DTD(str(REPO / "tm" / "data" / "tmx14.dtd"))
    assert dtd.validate(tree), dtd.error_log
    xsd_path = SPEC / "omegat-tmx14.xsd"
    if not xsd_path.exists():
        pytest.skip(f"{xsd_path} is not available")
    xsd = etree.XMLSchema(etree.parse(str(xsd_path)))
    assert xsd.validate(tree), xsd.error_log


def test_built_tmx_carries_each_targets_state_and_its_po_headers_provenance(segments: Path) -> None:
    builder.build(segments)
    translate(segments, "az", {0: "Birinci.", 1: "İkinci."})
    translate(segments, "az", {1: "İkinci."}, Status.REVIEWED)
    path = article(segments).po_path("az")
    text = path.read_text(encoding="utf-8")
    text = re.sub(r'"PO-Revision-Date: [^"]*"', lambda _: '"PO-Revision-Date: 2026-03-04 05:06+0000\\n"', text)
    text = text.replace('"Last-Translator: \\n"', '"Last-Translator: Leyla Quliyeva <leyla@example.az>\\n"')
    path.write_text(text, encoding="utf-8")
    builder.build(segments)
    tuvs = [
        tuv
        for tuv in etree.parse(str(segments / ARTICLE / f"{ARTICLE}.tmx")).iter("tuv")
        if tuv.get(f"{{{XML_NS}}}lang") != "en"
    ]
    assert [tuv.get(f"{{{XML_NS}}}lang") for tuv in tuvs] == ["az-Latn", "az-Latn"]
    assert [tuv.findtext("prop[@type='x-tm-status']") for tuv in tuvs] == ["translated", "reviewed"]
    for tuv in tuvs:
        assert tuv.get("creationid") == tuv.get("changeid") == "Leyla Quliyeva <leyla@example.az>"
        assert tuv.get("creationdate") == tuv.get("changedate") == "20260304T050600Z"
    assert builder.build(segments).written == []  # the dates are stable


def test_export_tmx_only_reviewed_or_translated_leaves_the_rest_out(segments: Path, tmp_path: Path) -> None:
    builder.build(segments)
    translate(segments, "az", {0: "Birinci.", 1: "İkinci.", 2: "Üçüncü."})
    translate(segments, "az", {1: "İkinci."}, Status.REVIEWED)
    translate(segments, "az", {2: "Üçüncü."}, Status.DRAFT)
    document = article(segments)

    def exported(only: Status | None) -> list[tuple[str, str]]:
        (path,) = exchange.export(document, "tmx", tmp_path / str(only), ["az"], only=only)
        return [(u.target("az").text, u.target("az").status.value) for u in tmx.read(path) if u.target("az")]

    assert exported(None) == exported(Status.TRANSLATED) == [("Birinci.", "translated"), ("İkinci.", "reviewed")]
    assert exported(Status.REVIEWED) == [("İkinci.", "reviewed")]
    with pytest.raises(TmError):
        exchange.export(document, "tmx", tmp_path, ["az"], only=Status.DRAFT)
    with pytest.raises(TmError):
        exchange.export(document, "po", tmp_path, ["az"], only=Status.REVIEWED)


def test_pair_profile_writes_one_tmx_per_target_language(segments: Path) -> None:
    report = builder.build(segments, profile="omegat")
    names = {p.name for p in report.written}
    assert {f"{ARTICLE}.en-az.tmx", f"{ARTICLE}.en-ru.tmx"} <= names and f"{ARTICLE}.tmx" not in names


def test_omegat_fills_every_sentence_from_the_built_tmx(segments: Path, tmp_path: Path) -> None:
    import shutil
    import subprocess

    from tests.conftest import SPEC

    script = SPEC.parent / "tools" / "omegat_check.sh"
    if shutil.which("omegat") is None or not script.exists():
        pytest.skip("OmegaT (Debian package omegat) or shared/tools/omegat_check.sh is missing")
    builder.build(segments)
    translate(segments, "az", {n: f"Cümlə {n}." for n in range(16)})
    builder.build(segments)
    folder = segments / ARTICLE
    result = subprocess.run(
        [
            "bash",
            str(script),
            "--min-translated=all",
            str(folder / "en.txt"),
            str(folder / f"{ARTICLE}.tmx"),
            "en-US",
            "az-AZ",
            str(tmp_path / "out.az.txt"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "RESULT ok total=16 translated=16" in result.stdout


# --------------------------------------------------------------------------- whole documents


def hint_lines(path: Path) -> list[str]:
    return [line for line in path.read_text("utf-8").splitlines() if line.startswith("#. ")]


def tmx_languages(root: Path) -> dict[str, int]:
    """How many ``<tuv>`` of each language (``az`` for ``az-Latn``) the document's TMX holds."""
    counts: dict[str, int] = {}
    for unit in tmx.read(root / ARTICLE / f"{ARTICLE}.tmx"):
        for variant in (unit.source, *unit.targets.values()):
            counts[base_lang(variant.lang)] = counts.get(base_lang(variant.lang), 0) + 1
    return counts


@pytest.mark.parametrize("lang", ["az", "ru", "fr"])
def test_building_one_language_keeps_every_language_in_the_tmx(translated: Path, lang: str) -> None:
    before = snapshot(translated / ARTICLE)
    report = builder.build(translated, [lang], now=LATER)
    assert tmx_languages(translated) == {"en": 16, "az": 16, "ru": 16}
    assert [p.name for p in report.written] == ([] if lang != "fr" else ["fr.po"])
    after = snapshot(translated / ARTICLE)
    after.pop("fr.po", None)
    assert after == before


def test_a_build_without_glossary_keeps_the_hints_and_no_hints_removes_them(translated: Path) -> None:
    az = translated / ARTICLE / "az.po"
    hints = hint_lines(az)
    assert len(hints) > 40
    builder.build(translated)
    assert hint_lines(az) == hints
    builder.build(translated, hints=merge.no_hints)
    assert hint_lines(az) == []


def test_importing_an_unchanged_job_file_changes_no_byte_and_no_date(translated: Path, tmp_path: Path) -> None:
    before = snapshot(translated / ARTICLE)
    for fmt in ("xliff", "po"):
        for job in exchange.export(article(translated), fmt, tmp_path / fmt):
            report = exchange.import_translations(job, article(translated), now=LATER)
            assert (report.updated, report.unchanged, report.written) == (0, 16, [])
    assert snapshot(translated / ARTICLE) == before


def test_importing_a_changed_job_file_keeps_hints_header_and_the_other_languages(
    translated: Path, tmp_path: Path
) -> None:
    az = translated / ARTICLE / "az.po"
    hints, header = hint_lines(az), po.load(az).metadata
    ru_before = (translated / ARTICLE / "ru.po").read_bytes()
    (job,) = exchange.export(article(translated), "po", tmp_path, ["az"])
    units = list(po.read(job))
    units[2].targets = {"az": Variant.of("az", "Dəyişdirilmiş tərcümə.")}
    po.write(units, job, lang="az")
    report = exchange.import_translations(job, article(translated), now=LATER)
    assert report.updated == 1
    assert hint_lines(az) == hints
    metadata = po.load(az).metadata
    assert metadata.pop("PO-Revision-Date") == po.format_date(LATER)
    assert {k: v for k, v in header.items() if k != "PO-Revision-Date"} == metadata
    assert (translated / ARTICLE / "ru.po").read_bytes() == ru_before
    assert tmx_languages(translated) == {"en": 16, "az": 16, "ru": 16}
    assert list(tmx.read(translated / ARTICLE / f"{ARTICLE}.tmx"))[2].target("az").text == "Dəyişdirilmiş tərcümə."


def test_an_obsolete_translation_edited_in_a_po_job_is_imported_into_the_obsolete_entry(
    segments: Path, tmp_path: Path
) -> None:
    builder.build(segments)
    (removed,) = translate(segments, "az", {3: "Dördüncü."})
    old_source = {u.id: u.source.text for u in po.read(segments / ARTICLE / "az.po")}
    edit_source(segments, lambda text: text.replace(old_source[removed], ""))
    builder.build(segments)
    (job,) = exchange.export(article(segments), "po", tmp_path, ["az"])
    units = list(po.read(job))
    (obsolete,) = [u for u in units if u.obsolete]
    obsolete.targets = {"az": Variant.of("az", "Dördüncü, düzəldilmiş.")}
    po.write(units, job, lang="az")
    report = exchange.import_translations(job, article(segments), now=LATER)
    assert (report.updated, report.unknown) == (1, 0)
    unit = entries(segments, "az")[removed]
    assert unit.obsolete and unit.target("az").text == "Dördüncü, düzəldilmiş."
    again = exchange.import_translations(job, article(segments), now=LATER)
    assert (again.updated, again.unchanged, again.empty, again.written) == (0, 1, 15, [])


@pytest.mark.parametrize("fmt", ["xliff", "po"])
def test_an_untranslated_job_file_imports_back_as_a_no_op(segments: Path, tmp_path: Path, fmt: str) -> None:
    builder.build(segments)
    before = snapshot(segments / ARTICLE)
    (job,) = exchange.export(article(segments), fmt, tmp_path, ["ru"])
    report = exchange.import_translations(job, article(segments), now=LATER)
    assert (report.lang, report.empty, report.written) == ("ru", 16, [])
    assert snapshot(segments / ARTICLE) == before


def test_an_import_that_changes_no_translation_keeps_the_revision_date_through_a_source_edit(
    translated: Path, tmp_path: Path
) -> None:
    az = translated / ARTICLE / "az.po"
    revised = po.load(az).date("PO-Revision-Date")
    (job,) = exchange.export(article(translated), "xliff", tmp_path, ["az"])
    edit_source(translated, lambda text: text + "\nA sentence added after the job went out.\n")
    report = exchange.import_translations(job, article(translated), now=LATER)
    assert report.updated == 0 and az in report.written
    assert po.load(az).date("PO-Revision-Date") == revised


def note_document(tmp_path: Path, text: str) -> Path:
    """``segments/note``: ``text`` as its English source, az its target, built. Returns the folder."""
    doc = tmp_path / "segments" / "note"
    doc.mkdir(parents=True)
    (doc / "en.txt").write_text(text, encoding="utf-8")
    (doc / "document.toml").write_text('source = "en.txt"\nsource_lang = "en"\ntargets = ["az"]\n', encoding="utf-8")
    builder.build(tmp_path / "segments")
    return doc


def test_build_keeps_the_header_fields_a_translator_set(tmp_path) -> None:
    import polib

    from tm.builder import build

    doc = note_document(tmp_path, "Khojaly is a town. It was destroyed in 1992.")
    catalog = polib.pofile(str(doc / "az.po"))
    catalog.metadata["Last-Translator"] = "Aysel Məmmədova <aysel@example.az>"
    catalog.metadata["X-Poedit-Bookmarks"] = "3"
    catalog.save()
    build(tmp_path / "segments")
    kept = polib.pofile(str(doc / "az.po")).metadata
    assert kept["Last-Translator"] == "Aysel Məmmədova <aysel@example.az>"
    assert kept["X-Poedit-Bookmarks"] == "3"
    assert kept["X-Generator"].startswith("tm ")


def test_render_in_the_source_language_gives_the_source(tmp_path) -> None:
    from tm.document import find_documents
    from tm.reports import render_document as render

    note_document(tmp_path, "Khojaly is a town. It was destroyed.\n\nIt is remembered.")
    (document,) = find_documents(tmp_path / "segments")
    assert render(document, "en-US", strict=True) == "Khojaly is a town. It was destroyed.\n\nIt is remembered.\n"


def test_render_refuses_a_language_without_its_translation_file(segments: Path) -> None:
    document = article(segments)
    with pytest.raises(TmError, match="does not list xx") as info:
        reports.render_document(document, "xx")
    assert info.value.path == str(document.folder / "document.toml")
    with pytest.raises(TmError, match="no az translation file") as info:
        reports.render_document(document, "az")
    assert info.value.path == str(document.po_path("az"))
