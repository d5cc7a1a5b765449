from tm.lang import fold, lower, rules_for, upper


def test_azerbaijani_casing_maps_dotted_and_dotless_i() -> None:
    assert lower("İLHAM ƏLİYEV", "az") == "ilham əliyev"
    assert lower("XOCALI", "az") == "xocalı"
    assert upper("xocalı", "az-Latn-AZ") == "XOCALI"
    assert upper("ilham", "az") == "İLHAM"
    assert fold("Xocalı", "az") == fold("XOCALI", "az")


def test_other_languages_use_the_default_mapping() -> None:
    assert lower("ILLINOIS", "en") == "illinois"
    assert upper("ёлка", "ru") == "ЁЛКА"


def test_rules_for_falls_back_to_generic_for_unknown_languages() -> None:
    assert rules_for("ru-RU").code == "ru"
    assert rules_for("AZ_az").code == "az"
    assert rules_for("hu").code == "hu"
    assert rules_for("hu").is_title("Dr.")
