"""Turkish (tm/lang/tr): segmentation, casing, numbers, negation, plural forms and the suffixes
glossary names take after an apostrophe. The sentences are our own."""

from __future__ import annotations

import polib
from typer.testing import CliRunner

import tm
from tm.cli.app import app
from tm.glossary import Entry, Glossary, Term, find_terms
from tm.lang import is_known, language, lower, rules_for, upper
from tm.match import scored
from tm.model import Unit, Variant
from tm.numbers import compare_numbers, extract_numbers, format_value
from tm.segment import split_sentences


def test_turkish_has_a_package_of_its_own() -> None:
    assert is_known("tr-TR")
    assert language("tr").code == "tr"
    assert language("tr").script == "Latn"


# --------------------------------------------------------------------------- casing and segmentation


def test_turkish_casing_maps_dotted_and_dotless_i() -> None:
    assert lower("IŞIK İSTANBUL'DA", "tr") == "ışık istanbul'da"
    assert upper("istanbul ılık", "tr-TR") == "İSTANBUL ILIK"


def test_titles_before_a_name_end_no_sentence() -> None:
    text = "Doç. Dr. Ayşe Işık konferansa katıldı. Oturum uzun sürdü."
    assert split_sentences(text, "tr") == ["Doç. Dr. Ayşe Işık konferansa katıldı.", "Oturum uzun sürdü."]


def test_abbreviations_are_found_in_capitals_by_turkish_casing() -> None:
    # KID. lower-cases to "kıd" only with the dotless ı: the default mapping gives "kid".
    assert rules_for("tr").is_title("KID.")
    text = "Emekli KID. ALB. Kemal Işık törene katıldı. Tören öğlen bitti."
    assert split_sentences(text, "tr") == ["Emekli KID. ALB. Kemal Işık törene katıldı.", "Tören öğlen bitti."]


def test_an_abbreviation_ends_a_sentence_before_a_word_that_starts_one() -> None:
    text = "Kalem, defter, silgi vs. İşte bunları aldık."
    assert split_sentences(text, "tr") == ["Kalem, defter, silgi vs.", "İşte bunları aldık."]
    text = "Kalem, defter, silgi vs. İstanbul'dan geldi."
    assert split_sentences(text, "tr") == [text]


def test_an_ordinal_with_a_full_stop_ends_no_sentence_before_a_lower_case_word() -> None:
    text = "Kentin 366. yıldönümü kutlandı. Herkes oradaydı."
    assert split_sentences(text, "tr") == ["Kentin 366. yıldönümü kutlandı.", "Herkes oradaydı."]


def test_tm_segment_uses_the_turkish_rules() -> None:
    text = "Prof. Dr. İlber Işık geldi. Yrd. Doç. Murat Öz konuştu."
    result = CliRunner().invoke(app, ["segment", "-", "--lang", "tr"], input=text)
    assert result.exit_code == 0
    assert result.stdout.splitlines() == ["Prof. Dr. İlber Işık geldi.", "Yrd. Doç. Murat Öz konuştu."]
    generic = CliRunner().invoke(app, ["segment", "-", "--lang", "hu"], input=text)
    assert len(generic.stdout.splitlines()) > 2  # the generic rules know neither Yrd. nor Doç.


# --------------------------------------------------------------------------- numbers


def _values(text: str) -> list[tuple[str, str]]:
    return [(format_value(n.value), n.kind) for n in extract_numbers(text, "tr")]


def test_turkish_groups_thousands_with_a_full_stop_and_writes_a_decimal_comma() -> None:
    assert _values("1.275 kişi") == [("1275", "cardinal")]
    assert _values("Oran 3,5 oldu.") == [("3.5", "decimal")]


def test_an_ordinal_is_a_number_and_a_full_stop_before_a_word() -> None:
    assert _values("366. Alay ve 2. Dünya Savaşı") == [("366", "ordinal"), ("2", "ordinal")]
    assert _values("Kentin 366'ncı yılı") == [("366", "ordinal")]


def test_suffixes_after_an_apostrophe_keep_a_number_whole() -> None:
    found = extract_numbers("Cumhuriyet 1923'te kuruldu, %5 büyüdü.", "tr")
    assert [(n.surface, n.kind) for n in found] == [("1923'te", "year"), ("%5", "percent")]


def test_number_words_and_multipliers() -> None:
    assert _values("yedi bin kişi") == [("7000", "cardinal")]
    assert _values("3,5 milyon lira") == [("3500000", "cardinal")]


def test_numbers_compare_by_value_with_english() -> None:
    assert compare_numbers("1,275 people in the 366th regiment", "366. Alayda 1.275 kişi", "en", "tr").ok
    assert not compare_numbers("1,275 people", "1.257 kişi", "en", "tr").ok


# --------------------------------------------------------------------------- negation, plural forms


def test_a_negative_verb_is_a_negation() -> None:
    negates = language("tr").negates
    assert negates is not None
    assert negates("imzaladı", "imzalamadı") and negates("geldi", "gelmedi") and negates("geliyor", "gelmiyor")
    assert not negates("geldi", "gitti")
    match = scored("Antlaşmayı imzalamadı.", "Antlaşmayı imzaladı.", "", "tr")
    assert match.score < 95 and [p.kind for p in match.penalties] == ["negation"]


def test_a_turkish_po_file_gets_its_plural_forms(tmp_path) -> None:
    unit = Unit(id="u1", source=Variant.of("en", "One file."), targets={"tr": Variant.of("tr", "Bir dosya.")})
    path = tmp_path / "tr.po"
    tm.write([unit], path, lang="tr")
    assert polib.pofile(str(path)).metadata["Plural-Forms"] == "nplurals=2; plural=(n != 1);"


# --------------------------------------------------------------------------- glossary names


def _glossary() -> Glossary:
    return Glossary.of(
        [
            Entry("istanbul", "place", terms={"tr": [Term("İstanbul")]}),
            Entry("ankara", "place", terms={"tr": [Term("Ankara")]}),
            Entry("paris", "place", terms={"tr": [Term("Paris")]}),
            Entry("iraq", "place", terms={"tr": [Term("Irak")]}),
            Entry("tbmm", "organisation", terms={"tr": [Term("Türkiye Büyük Millet Meclisi")]}),
        ],
        source_lang="tr",
    )


def test_names_are_found_with_the_suffixes_after_their_apostrophe() -> None:
    text = "İstanbul'da doğdu, Ankara'nın merkezinde, Paris'te ve Irak'ta yaşadı; İSTANBUL'A döndü."
    hits = find_terms(text, "tr", _glossary())
    assert [(h.entry.id, h.surface) for h in hits] == [
        ("istanbul", "İstanbul'da"),
        ("ankara", "Ankara'nın"),
        ("paris", "Paris'te"),
        ("iraq", "Irak'ta"),
        ("istanbul", "İSTANBUL'A"),
    ]
    assert all(h.inflected for h in hits)


def test_a_name_ending_in_a_possessive_takes_the_n_buffer() -> None:
    text = "Karar Türkiye Büyük Millet Meclisi'nde alındı."
    (hit,) = find_terms(text, "tr", _glossary())
    assert hit.surface == "Türkiye Büyük Millet Meclisi'nde"


def test_words_that_only_begin_with_a_name_are_not_the_name() -> None:
    assert find_terms("Ankaralı bir aile İstanbulspor maçına gitti.", "tr", _glossary()) == []
    assert find_terms("Paris'de", "tr", _glossary()) == []  # after s the locative is -te


def test_repeated_words_compare_by_stem() -> None:
    keys = language("tr").word_keys
    assert keys is not None
    assert keys("İstanbul'da") & keys("İstanbul'un")
