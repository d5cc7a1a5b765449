"""`tm segment`: split a text into sentences."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from tm.cli._output import FormatOpt, InputArg, LangOpt, OutputFormat, print_json, warn
from tm.fileio import read_text
from tm.lang import is_known, read_abbreviation_file, rules_for
from tm.model import normalize_lang
from tm.segment import segment


def segment_command(
    file: InputArg,
    lang: LangOpt = "en",
    format: FormatOpt = OutputFormat.text,
    abbreviations: Annotated[
        Path | None,
        typer.Option(help="Extra abbreviations, one a line (a leading = marks a title such as Dr)."),
    ] = None,
    paragraphs: Annotated[bool, typer.Option(help="Separate paragraphs by a blank line.")] = False,
    srx: Annotated[
        Path | None,
        typer.Option(help="Segment by the rules of an SRX 2.0 file (a language it lacks gets tm's rules)."),
    ] = None,
) -> None:
    """Split a text into sentences, one per line.

    Example:

        tm segment segments/article-2023-02-23/en.txt --lang en

        echo "Dr. Əliyev gəldi. O, çıxış etdi." | tm segment - --lang az --format json

        tm segment article.txt --lang en --srx languagetool-segment.srx
    """
    lang = normalize_lang(lang)
    srx_rules = None
    if srx is not None:
        import tm.srx  # only with --srx: tm segment starts without lxml

        srx_rules = tm.srx.read(srx)
    if srx_rules is not None and not srx_rules.covers(lang):
        warn(f"{srx} has no rules for language {lang!r}: using tm's rules")
        srx_rules = None
    if srx_rules is None and not is_known(lang):
        warn(f"no rules for language {lang!r}: using the generic rules")
    rules = rules_for(lang)
    if abbreviations is not None:
        rules = read_abbreviation_file(abbreviations, rules)
    text = read_text(file)
    result = segment(text, lang, rules) if srx_rules is None else tm.srx.segment(text, lang, srx_rules)
    if format is OutputFormat.json:
        print_json({"lang": lang, "paragraphs": [p.to_dict() for p in result]})
        return
    for number, paragraph in enumerate(result):
        if paragraphs and number:
            sys.stdout.write("\n")
        sys.stdout.write("".join(sentence.text + "\n" for sentence in paragraph.sentences))
