"""Turkish: abbreviations, initials, Turkic casing (İ/i, I/ı), numbers (``1.275``, ``3,5``, the
ordinal ``366.``), negative verbs (-ma/-me), and the suffixes glossary names take after an
apostrophe (``İstanbul'da``, ``Ankara'nın``; ``tm.lang.tr.terms``)."""

from functools import partial

from tm.lang import NUMBER_SPACES, Language, NumberFormat, NumberWords, make_rules, turkic
from tm.lang.tr import terms

_LETTERS = "a-zA-ZçÇğĞıIiİöÖşŞüÜâÂîÎûÛ"
_MONTHS = "Ocak Şubat Mart Nisan Mayıs Haziran Temmuz Ağustos Eylül Ekim Kasım Aralık"

RULES = make_rules(
    "tr",
    dotted_i=True,
    # Titles and the abbreviations that stand before a name or a number.
    titles="""
        Dr Prof Doç Yrd Öğr Gör Arş Uzm Av Müh Mim Ecz Op Bşk Sn Hz Ord
        Alb Gen Org Korg Tümg Tuğg Yzb Bnb Ütğm Tğm Asb Kıd Çvş Uzm.Çvş
        Cad Sok Mah Bul Apt Blv No Nu s sf bkz krş örn yak çev haz ed yay
        İng Fr Alm Lat Ar Far Osm
        Oca Şub Nis Haz Tem Ağu Eyl Eki Kas Ara
        T.C M.Ö M.S
    """,
    # Abbreviations that may end a sentence.
    abbreviations="""
        vb vs vd vb.g A.Ş Ltd Şti Koll
        km m cm mm kg g gr lt ha dk sn sa
        TL YTL mn mlr
    """,
    sentence_starters="""
        Bu Şu O Bir Bunlar Şunlar Onlar Biz Ben Sen Siz Ancak Ama Fakat Ve Ayrıca Üstelik Bunun
        Buna Ona Onun Onların Çünkü Eğer İşte Şimdi Her Daha Sonra Artık Hem Yani Böylece Sonuçta
        Aynı Bazı Bütün Tüm Hiç Ne Neden Niçin Nasıl Kim Nerede Hangi Geçen Öte Oysa Ardından
        Türkiye
    """,
    negations=frozenset({"değil", "yok", "hiç", "asla", "hiçbir", "olmayan"}),
    # A month name, with the case ending a date gives it (23 Nisan'da, Mayısta).
    months=tuple(rf"[{turkic.upper(m[0])}{turkic.lower(m[0])}]{m[1:]}(?:['’]?[{_LETTERS}]+)?" for m in _MONTHS.split()),
    list_letters=("abcçdefgğhıijklmnoöprsştuüvyz",),  # the Turkish alphabet, in its order
    expansion=1.05,
    function_words="""
        ve ile veya ya yahut da de ki ama fakat ancak çünkü eğer ise hem gibi için kadar sonra önce
        göre karşı tarafından hakkında üzere dair ait bu şu o bir bunlar şunlar onlar biz ben sen siz
        onun onların bunun ona onu onlara onları kendi kendisi tüm bütün her hiç ne olan olarak olup
        daha en çok
    """,
)

_WORDS = {
    "bir": 1,
    "iki": 2,
    "üç": 3,
    "dört": 4,
    "beş": 5,
    "altı": 6,
    "yedi": 7,
    "sekiz": 8,
    "dokuz": 9,
    "on": 10,
    "yirmi": 20,
    "otuz": 30,
    "kırk": 40,
    "elli": 50,
    "altmış": 60,
    "yetmiş": 70,
    "seksen": 80,
    "doksan": 90,
    "yüz": 100,
    "bin": 1000,
    "milyon": 10**6,
    "milyar": 10**9,
}

LANGUAGE = Language(
    rules=RULES,
    script="Latn",
    numbers=NumberFormat(
        group="." + NUMBER_SPACES,
        decimal=",.",
        # "366. yıl", "2. Dünya Savaşı": a full stop before a word; or "366'ncı", "3'üncü".
        ordinal=rf"(?:\.(?=[ \u00a0]+[{_LETTERS}])|['’]?[ıiuü]?nc[ıiuü](?![{_LETTERS}]))",
        # "1923'te", "26'sında": a case ending after an apostrophe keeps a cardinal.
        suffix=rf"['’-][{_LETTERS}]+",
        percent_prefix=True,
        year_words=r"(?:yıl)",
    ),
    number_words=NumberWords(
        words=_WORDS,
        multipliers={"bin": 1000, "milyon": 10**6, "mn": 10**6, "milyar": 10**9, "mlr": 10**9},
        # A multiplier with a case ending (binde, milyona, milyarlık).
        suffixed=("bin", "milyon", "milyar"),
        endings=frozenset("lik lık luk lük e a de da den dan i ı u ü in ın un ün".split()),
    ),
    term_forms=terms.term_forms,
    start_forms=terms.start_forms,
    word_keys=terms.stems,
    # Negative verbs put -ma/-me (or -m- before a high vowel: gelmiyor) after the stem.
    negates=partial(turkic.negated_verb, suffixes=("ma", "me")),
    plural_forms="nplurals=2; plural=(n != 1);",
    repeatable=frozenset({"yavaş", "ayrı", "bir", "tek", "ara", "sık", "kat", "adım", "çabuk", "çok", "sıra", "iki"}),
)
