"""Azerbaijani (Latin): abbreviations, initials, Turkic casing (İ/i, I/ı), numbers, negation
suffixes, and the suffixes glossary names take (``tm.lang.az.terms``)."""

from functools import partial

from tm.lang import NUMBER_SPACES, Language, NumberFormat, NumberWords, make_rules, parse_calques, turkic
from tm.lang.az import terms


def _month(stem: str) -> str:
    """A month name with the case endings it takes by vowel harmony (fevralın, fevrala, fevralda)."""
    vowel = [c for c in stem if c in "aıoueəiöü"][-1]
    genitive = {"a": "ı", "ı": "ı", "o": "u", "u": "u"}.get(vowel, "ü" if vowel in "öü" else "i")
    a = "a" if vowel in "aıou" else "ə"
    return rf"[{turkic.upper(stem[0])}{stem[0]}]{stem[1:]}(?:{genitive}n?|{a}|d{a}n?|d{a}k[ıi])?"


RULES = make_rules(
    "az",
    dotted_i=True,
    titles="""
        prof dos akad dr cənab xanım müəl red tərc səh ş şəh r-nu ray küç pr prosp məh kənd qəs
        №  bax məs yəni müq cild c hiss bənd mad maddə
        yan fev mar apr iyn iyl avq sen okt noy dek
        t.e.d t.e.n f.e.d f.e.n b.e.ə e.ə b.e
    """,
    abbreviations="""
        s i.a il ill
        km m sm mm kq q l ha dəq san saat
        man manat dol mln mlrd min
        AzTV AzərTAc
    """,
    sentence_starters="""
        Bu O Bir Bunlar Onlar Biz Mən Sən Siz Həmin Belə Elə Lakin Amma Ancaq Və Həmçinin Habelə
        Bundan Bununla Buna Ona Onun Onların Çünki Əgər Indi İndi Hər Daha Sonra Artıq Həm Yəni
        Beləliklə Nəticədə Eyni Bəzi Bütün Heç Nə Niyə Necə Kim Harada Hansı Ötən Keçən
        Azərbaycan
    """,
    negations=frozenset({"yox", "deyil", "heç", "nə", "olmayan"}),
    months=tuple(
        _month(stem) for stem in "yanvar fevral mart aprel may iyun iyul avqust sentyabr oktyabr noyabr dekabr".split()
    ),
    list_letters=("abcçdeəfgğhxıijkqlmnoöprsştuüvyz",),  # the Azerbaijani alphabet, in its order
    expansion=1.05,
    function_words="""
        və ilə ya yaxud həm da də ki amma lakin ancaq çünki əgər isə belə elə hətta yalnız
        üçün kimi görə qədər sonra əvvəl qarşı tərəfindən barədə haqqında üzrə aid dair
        bu o bir həmin bunlar onlar biz mən sən siz onun onların bunun ona onu onlara onları
        öz özü özünün bütün hər heç nə olan olub olaraq olunub edib edilib etmək olmaq
        deyə daha ən çox
    """,
    calques=parse_calques(
        "en",
        """
        vital role | həyati rol* | mühüm (müstəsna) rol
        key role | açar rol* | əsas (başlıca) rol
        at the end of the day | günün sonunda | son nəticədə
        """,
    ),
)

_LETTERS = "a-zA-ZəƏıIiİöÖüÜğĞşŞçÇ"
_WORDS = {
    "bir": 1,
    "iki": 2,
    "üç": 3,
    "dörd": 4,
    "beş": 5,
    "altı": 6,
    "yeddi": 7,
    "səkkiz": 8,
    "doqquz": 9,
    "on": 10,
    "iyirmi": 20,
    "otuz": 30,
    "qırx": 40,
    "əlli": 50,
    "altmış": 60,
    "yetmiş": 70,
    "səksən": 80,
    "doxsan": 90,
    "yüz": 100,
    "min": 1000,
    "milyon": 10**6,
    "milyard": 10**9,
}

LANGUAGE = Language(
    rules=RULES,
    script="Latn",
    numbers=NumberFormat(
        group=" ." + NUMBER_SPACES,
        decimal=",.",
        ordinal=r"-?(?:[iıuü]?nc[iıuü]|c[iıuü])[" + _LETTERS + "]*",
        suffix=r"-[" + _LETTERS + "]+",
        percent_prefix=True,
        year_words=r"(?:il)",
    ),
    number_words=NumberWords(
        words=_WORDS,
        multipliers={"min": 1000, "milyon": 10**6, "mln": 10**6, "milyard": 10**9, "mlrd": 10**9},
        # "min" takes case endings (minlik, mindən): accepted after a number word or digits.
        suffixed=("min", "milyon", "milyard"),
        endings=frozenset("lik luq lük lıq in ın un ün ə a də da dən dan i ı u ü inci ıncı uncu üncü".split()),
    ),
    term_forms=terms.term_forms,
    start_forms=terms.start_forms,
    word_keys=terms.stems,
    # Negative verbs put -ma/-mə (or -m- before a high vowel) after the stem.
    negates=partial(turkic.negated_verb, suffixes=("ma", "mə", "me", "mı")),
    plural_forms="nplurals=2; plural=(n != 1);",
    repeatable=frozenset({"yavaş", "ayrı", "bir", "tək", "dönə", "qat", "addım", "tez", "az", "çox", "sıra", "cüt"}),
)
