"""`tm glossary ...`: list, show, edit, import, export, check a glossary, and find its terms."""

from __future__ import annotations

import enum
from pathlib import Path
from typing import Annotated

import typer

from tm.cli._output import FormatOpt, LangOpt, OutputFormat, err, guarded, out, print_json, print_table, warn
from tm.glossary import (
    FORMATS,
    Entry,
    Term,
    TermStatus,
    edit_glossary,
    export_views,
    find_terms,
    load_glossary,
    make_id,
    read_glossary,
    save_glossary,
    write_glossary,
)

app = typer.Typer(
    help="Glossary of proper names: list, edit, import/export (TBX, TSV, CSV), check, find.", no_args_is_help=True
)

GlossaryFormat = enum.Enum("GlossaryFormat", {name: name for name in FORMATS}, type=str)  # type: ignore[misc]

GlossaryOpt = Annotated[
    Path | None,
    typer.Option("--glossary", "-g", help="Glossary file (default: the .tbx in ./glossaries, or $TM_GLOSSARY)."),
]
TermsOpt = Annotated[list[str], typer.Option(help="LANG=TEXT, repeatable.")]


def _lang_term(option: str) -> tuple[str, str]:
    lang, sep, text = option.partition("=")
    if not sep or not lang.strip() or not text.strip():
        raise typer.BadParameter(f"expected LANG=TEXT, got {option!r}")
    return lang.strip(), text.strip()


def list_command(glossary: GlossaryOpt = None, format: FormatOpt = OutputFormat.text) -> None:
    """List the entries: id, type and the preferred term in each language.

    Example:

        tm glossary list

        tm glossary list --glossary glossaries/article-2023-02-23.tbx --format json
    """
    data, _ = load_glossary(glossary)
    if format is OutputFormat.json:
        print_json(data.to_dict())
        return
    langs = data.langs
    rows = ([entry.id, entry.type, *((entry.preferred(lang) or Term("")).text for lang in langs)] for entry in data)
    print_table(["id", "type", *langs], rows)


def show_command(
    entry_id: Annotated[str, typer.Argument(help="The entry id.")],
    glossary: GlossaryOpt = None,
    format: FormatOpt = OutputFormat.text,
) -> None:
    """Show one entry: every term with its status, the notes, and the house-style policy if any.

    Example:

        tm glossary show khojaly
    """
    data, _ = load_glossary(glossary)
    entry = data.get(entry_id)
    if format is OutputFormat.json:
        print_json(entry.to_dict())
        return
    out.print(f"{entry.id}  ({entry.type or 'no type'})", markup=False)
    for line in (entry.definition, entry.note):
        if line:
            out.print(f"  {line}", markup=False)
    if entry.policy:
        out.print(f"  policy (a client's style may override it): {entry.policy}", markup=False)
    if entry.exact_case:
        out.print("  case: exact (tm qa's term-case check holds the target terms to their case)", markup=False)
    rows = (
        [lang, term.status.value, term.text, term.pos, term.note]
        for lang, terms in entry.terms.items()
        for term in terms
    )
    print_table(["lang", "status", "term", "pos", "note"], rows)


def add_command(
    term: TermsOpt,
    entry_id: Annotated[str | None, typer.Option("--id", help="Entry id (default: made from the first term).")] = None,
    type: Annotated[str, typer.Option(help="person, place, organisation, office, unit, treaty, event, day...")] = "",
    admitted: TermsOpt = [],  # noqa: B006 (typer reads the default)
    forbidden: TermsOpt = [],  # noqa: B006
    note: Annotated[str, typer.Option(help="A short usage note.")] = "",
    replace: Annotated[bool, typer.Option(help="Replace an entry with the same id.")] = False,
    glossary: GlossaryOpt = None,
) -> None:
    """Add an entry (one preferred --term per language; --admitted and --forbidden variants).

    Example:

        tm glossary add --type place --term en=Shusha --term az=Şuşa --term ru=Шуша --forbidden en=Shushi
    """
    with edit_glossary(glossary, create=True) as (data, path):
        entry = Entry(id=entry_id or make_id(_lang_term(term[0])[1], data.entries), type=type, note=note)
        for options, status in (
            (term, TermStatus.PREFERRED),
            (admitted, TermStatus.ADMITTED),
            (forbidden, TermStatus.FORBIDDEN),
        ):
            for option in options:
                lang, text = _lang_term(option)
                entry.add_term(lang, Term(text, status))
        data.add(entry, replace=replace, new_terms=True)
        save_glossary(data, path)
    err.print(f"{path}: added {entry.id}", markup=False)


def remove_command(
    entry_id: Annotated[str, typer.Argument(help="The entry id.")],
    glossary: GlossaryOpt = None,
) -> None:
    """Remove an entry.

    Example:

        tm glossary remove shusha
    """
    with edit_glossary(glossary) as (data, path):
        data.remove(entry_id)
        save_glossary(data, path)
    err.print(f"{path}: removed {entry_id}", markup=False)


def import_command(
    file: Annotated[Path, typer.Argument(help="TBX (v2 or v3), OmegaT .txt/.tsv or CSV file.")],
    source_lang: Annotated[str | None, typer.Option(help="Source language of a tab-separated file.")] = None,
    target_lang: Annotated[str | None, typer.Option(help="Target language of a tab-separated file.")] = None,
    replace: Annotated[bool, typer.Option(help="Replace matching entries instead of completing them.")] = False,
    glossary: GlossaryOpt = None,
    format: FormatOpt = OutputFormat.text,
) -> None:
    """Merge a glossary file into the project glossary (a broken file changes nothing).

    Example:

        tm glossary import examples/client-terms.en-az.txt

        tm glossary import terms.csv --glossary glossaries/article-2023-02-23.tbx --replace
    """
    incoming = read_glossary(file, source_lang=source_lang, target_lang=target_lang)
    with edit_glossary(glossary, create=True) as (data, path):
        added, updated, renamed = data.merge(incoming, replace=replace)
        save_glossary(data, path)
    for line in incoming.skipped:
        warn(line)
    if format is OutputFormat.json:
        print_json({"glossary": str(path), "added": added, "updated": updated, "renamed": renamed,
                    "skipped": incoming.skipped})  # fmt: skip
    moved = ", ".join(f"{old} -> {new}" for old, new in renamed.items())
    err.print(f"{path}: {len(added)} added" + (f" ({len(renamed)} under a new id, another concept has theirs: "
              f"{moved})" if renamed else "") + f", {len(updated)} updated, {len(incoming.skipped)} skipped",
              markup=False)  # fmt: skip


def export_command(
    output: Annotated[
        Path | None, typer.Argument(help="File to write (default: every view beside the glossary).")
    ] = None,
    to: Annotated[GlossaryFormat | None, typer.Option(help="Format (default: from the extension).")] = None,
    source_lang: Annotated[str | None, typer.Option(help="Source language of a tab-separated export.")] = None,
    target_lang: Annotated[str | None, typer.Option(help="Target language of a tab-separated export.")] = None,
    glossary: GlossaryOpt = None,
) -> None:
    """Write the glossary as TBX v2/v3, OmegaT .txt or CSV, or (no file) rewrite the project views.

    With no file it rewrites the project's TBX and, beside it, the CSV and one OmegaT .txt per
    language pair. The output is deterministic.

    Example:

        tm glossary export

        tm glossary export out/article.tbx --to tbx3

        tm glossary export out/article.en-ru.txt
    """
    if output is None:
        with edit_glossary(glossary) as (data, path):
            written = export_views(data, path)
        for view in written:
            err.print(f"wrote {view}", markup=False)
        return
    data, _ = load_glossary(glossary)
    write_glossary(data, output, to.value if to else None, source_lang, target_lang)
    err.print(f"wrote {output}", markup=False)


def check_command(glossary: GlossaryOpt = None, format: FormatOpt = OutputFormat.text) -> None:
    """Validate the glossary: duplicates, missing languages, forbidden = preferred... (exit 1 on errors).

    Example:

        tm glossary check --format json
    """
    data, path = load_glossary(glossary)
    issues = data.check()
    errors = sum(issue.severity == "error" for issue in issues)
    if format is OutputFormat.json:
        print_json({"glossary": str(path), "issues": [issue.to_dict() for issue in issues]})
    elif issues:
        rows = ([i.severity, i.code, i.entry or "", i.lang or "", i.message] for i in issues)
        print_table(["severity", "code", "entry", "lang", "message"], rows)
    err.print(f"{path}: {len(data)} entries, {errors} error(s), {len(issues) - errors} warning(s)", markup=False)
    if errors:
        raise typer.Exit(1)


def find_command(
    text: Annotated[str, typer.Argument(help="The text to search (- reads standard input).")],
    lang: LangOpt = "en",
    glossary: GlossaryOpt = None,
    format: FormatOpt = OutputFormat.text,
) -> None:
    """Show the glossary terms recognised in a text, inflected forms included.

    Example:

        tm glossary find "Xocalı soyqırımının ildönümü Heydər Əliyev Fondunda qeyd olundu" --lang az

        tm glossary find "Фонд Гейдара Алиева" --lang ru --format json
    """
    if text == "-":
        text = typer.get_text_stream("stdin").read()
    data, _ = load_glossary(glossary)
    hits = find_terms(text, lang, data)
    if format is OutputFormat.json:
        print_json([hit.to_dict() for hit in hits])
        return
    rows = (
        [
            hit.entry.id,
            f"{hit.start}-{hit.end}",
            hit.surface,
            hit.term.text,
            hit.form.value,
            ", ".join(hit.alternatives),
        ]
        for hit in hits
    )
    print_table(["entry", "span", "surface", "term", "form", "ambiguous"], rows)


app.command("list")(guarded(list_command))
app.command("show")(guarded(show_command))
app.command("add")(guarded(add_command))
app.command("remove")(guarded(remove_command))
app.command("import")(guarded(import_command))
app.command("export")(guarded(export_command))
app.command("check")(guarded(check_command))
app.command("find")(guarded(find_command))
