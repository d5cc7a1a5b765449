import pytest

from tm.errors import TmError
from tm.model import Signature, Status, Tag, TargetState, Unit, Variant, base_lang, normalize_lang, same_lang


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("az", "az"),
        ("az-AZ", "az-AZ"),
        ("az_AZ", "az-AZ"),
        ("AZ-az", "az-AZ"),
        ("AZ_az", "az-AZ"),
        ("az-latn-az", "az-Latn-AZ"),
        ("ru-RU", "ru-RU"),
        ("ru_ru", "ru-RU"),
        ("en-US", "en-US"),
        ("EN-us", "en-US"),
        ("aze", "az"),
        ("rus", "ru"),
        (" en ", "en"),
    ],
)
def test_normalize_lang_accepts_common_spellings(tag: str, expected: str) -> None:
    assert normalize_lang(tag) == expected


@pytest.mark.parametrize("tag", ["", "*all*", "en--US", "toolonglanguage"])
def test_normalize_lang_rejects_what_is_not_a_tag(tag: str) -> None:
    with pytest.raises(TmError):
        normalize_lang(tag)


def test_same_lang_treats_default_script_and_bare_language_as_equal() -> None:
    assert same_lang("az-AZ", "az-Latn-AZ")
    assert same_lang("az", "AZ_az")
    assert not same_lang("az-Latn", "az-Cyrl")
    assert not same_lang("en-US", "en-GB")
    assert not same_lang("az", "tr")


def test_base_lang() -> None:
    assert base_lang("az-Latn-AZ") == "az"


def test_variant_text_leaves_inline_codes_out() -> None:
    bold = Tag("bpt", (("i", "1"),), "<b>")
    end = Tag("ept", (("i", "1"),), "</b>")
    variant = Variant("en", ("The ", bold, "Khojaly", end, " massacre"))
    assert variant.text == "The Khojaly massacre"
    assert variant.tags == (bold, end)
    assert bold.attr("i") == "1" and bold.attr("x") is None


def test_unit_finds_targets_by_any_tag_spelling_and_sees_stale_ones() -> None:
    unit = Unit("u1", Variant.of("en", "Khojaly"), {"az-AZ": Variant.of("az", "Xocalı", source_text="Khojali")})
    assert unit.target("az_AZ") is unit.targets["az-AZ"]
    assert unit.target("ru") is None
    assert unit.state("az") is TargetState.STALE
    assert unit.to_dict()["targets"]["az-AZ"]["status"] == Status.TRANSLATED.value


def test_normalize_lang_of_two_letters_agrees_with_langcodes() -> None:
    import itertools
    import string

    import langcodes

    for pair in itertools.product(string.ascii_lowercase, repeat=2):
        tag = "".join(pair)
        assert normalize_lang(tag) == normalize_lang(tag.upper()) == langcodes.standardize_tag(tag), tag


def test_the_public_api_is_importable_from_tm() -> None:
    import tm

    for name in tm.__all__:
        assert getattr(tm, name) is not None
    assert tm.split_sentences("One. Two.", "en") == ["One.", "Two."]


def test_signature_leads_with_tm_version_and_refuses_ambiguous_fields() -> None:
    import tm

    assert (
        str(Signature.of(("sim", "mean(char,word)"), ("cap", 99))) == f"tm:{tm.__version__}|sim:mean(char,word)|cap:99"
    )
    with pytest.raises(ValueError):
        Signature.of(("pair", "en|az"))
