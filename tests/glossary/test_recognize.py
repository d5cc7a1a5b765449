"""Term recognition through inflection, on the article's glossary and on sentences written here."""

from pathlib import Path

import pytest

from tm.glossary import Entry, Glossary, Term, TermStatus, find_terms, read_glossary

ROOT = Path(__file__).resolve().parents[2]
A = TermStatus.ADMITTED


@pytest.fixture(scope="module")
def article() -> Glossary:
    return read_glossary(ROOT / "glossaries" / "article-2023-02-23.tbx")


# (entry id, sentence, the surface the entry must be found as)
AZ = [
    ("sabina-aliyeva", "Səbinə Əliyevanın bəyanatında deyilir.", "Səbinə Əliyevanın"),
    ("sabina-aliyeva", "Jurnalistlər Səbinə Əliyevaya sual verdilər.", "Səbinə Əliyevaya"),
    ("sabina-aliyeva", "Konfransda Səbinə Əliyevanı gördük.", "Səbinə Əliyevanı"),
    ("sabina-aliyeva", "Sonra Əliyevadan məktub gəldi.", "Əliyevadan"),
    ("heydar-aliyev", "Heydər Əliyevin siyasi irsi öyrənilir.", "Heydər Əliyevin"),
    ("heydar-aliyev", "Sərgi Heydər Əliyevə həsr olunub.", "Heydər Əliyevə"),
    ("heydar-aliyev", "Heydər Əliyevdən sonra gələnlər.", "Heydər Əliyevdən"),
    ("sabina-mammadli", "Səbinə Məmmədlinin məqaləsi dərc olunub.", "Səbinə Məmmədlinin"),
    ("sabina-mammadli", "Redaktor Səbinə Məmmədliyə zəng etdi.", "Səbinə Məmmədliyə"),
    ("azerbaijan", "Azərbaycanın paytaxtı Bakıdır.", "Azərbaycanın"),
    ("azerbaijan", "O, Azərbaycana qayıtdı.", "Azərbaycana"),
    ("azerbaijan", "Azərbaycanda yaşayır.", "Azərbaycanda"),
    ("azerbaijan", "Azərbaycan Respublikasının qanunları.", "Azərbaycan Respublikasının"),
    ("armenia", "Ermənistanın silahlı qüvvələri hücum etdi.", "Ermənistanın"),
    ("armenia", "Ermənistana qarşı iddia qaldırıldı.", "Ermənistana"),
    ("armenia", "Ermənistandan gələn xəbərlər.", "Ermənistandan"),
    ("khojaly", "Xocalının əhalisi yeddi min nəfər idi.", "Xocalının"),
    ("khojaly", "Xocalıda dinc sakinlər öldürülüb.", "Xocalıda"),
    ("khojaly", "Nümayəndə heyəti Xocalıya getdi.", "Xocalıya"),
    ("khojaly", "Onlar Xocalını yerlə yeksan etdilər.", "Xocalını"),
    ("khojaly", "Xocalıdan qaçan sakinlər.", "Xocalıdan"),
    ("khojaly", "Bəzi müəlliflər Xocalı'nın adını belə yazır.", "Xocalı'nın"),
    ("khojaly", "XOCALI UNUDULMUR", "XOCALI"),
    ("khankandi", "Alay Xankəndidə yerləşirdi.", "Xankəndidə"),
    ("khankandi", "Xankəndinin küçələri.", "Xankəndinin"),
    ("khankandi", "Qatar Xankəndiyə çatdı.", "Xankəndiyə"),
    ("united-states", "Amerika Birləşmiş Ştatlarının 24 ştatı qətnamə qəbul edib.", "Amerika Birləşmiş Ştatlarının"),
    ("united-states", "Amerika Birləşmiş Ştatlarında yaşayan azərbaycanlılar.", "Amerika Birləşmiş Ştatlarında"),
    ("united-states", "ABŞ-ın 24 ştatı.", "ABŞ"),
    ("ombudsman", "İnsan Hüquqları üzrə Müvəkkilin bəyanatı.", "İnsan Hüquqları üzrə Müvəkkilin"),
    (
        "ombudsman",
        "Azərbaycan Respublikasının İnsan Hüquqları üzrə Müvəkkili (Ombudsman) bəyanat yayıb.",
        "Azərbaycan Respublikasının İnsan Hüquqları üzrə Müvəkkili (Ombudsman)",
    ),
    ("ombudsman", "Ombudsmanın sözlərinə görə.", "Ombudsmanın"),
    ("ombudsman-office", "Ombudsman Aparatının məlumatına görə.", "Ombudsman Aparatının"),
    ("ombudsman-office", "Ombudsman Aparatından bildirilib.", "Ombudsman Aparatından"),
    ("heydar-aliyev-foundation", "Heydər Əliyev Fondunun vitse-prezidenti.", "Heydər Əliyev Fondunun"),
    ("heydar-aliyev-foundation", "Heydər Əliyev Fonduna müraciət edildi.", "Heydər Əliyev Fonduna"),
    ("heydar-aliyev-foundation", "Heydər Əliyev Fondunda sərgi açıldı.", "Heydər Əliyev Fondunda"),
    (
        "organization-of-islamic-cooperation",
        "İslam Əməkdaşlıq Təşkilatının qətnaməsi.",
        "İslam Əməkdaşlıq Təşkilatının",
    ),
    ("organization-of-islamic-cooperation", "İslam Əməkdaşlıq Təşkilatında müzakirə.", "İslam Əməkdaşlıq Təşkilatında"),
    ("organization-of-turkic-states", "Türk Dövlətləri Təşkilatının sammiti.", "Türk Dövlətləri Təşkilatının"),
    ("organization-of-turkic-states", "Türk Dövlətləri Təşkilatına üzv ölkələr.", "Türk Dövlətləri Təşkilatına"),
    ("milli-majlis", "Milli Məclisin qərarı.", "Milli Məclisin"),
    ("milli-majlis", "Milli Məclisdə müzakirə olundu.", "Milli Məclisdə"),
    ("azernews", "Azernews'in məlumatına görə.", "Azernews'in"),
    ("soviet-army", "Sovet ordusunun hissəsi.", "Sovet ordusunun"),
    ("soviet-army", "keçmiş sovet ordusunda xidmət.", "keçmiş sovet ordusunda"),
    ("regiment-366", "366-cı motoatıcı alayının iştirakı ilə.", "366-cı motoatıcı alayının"),
    ("regiment-366", "366-cı motoatıcı alayı Xankəndidə idi.", "366-cı motoatıcı alayı"),
    ("national-leader", "Ümummilli Liderin təşəbbüsü ilə.", "Ümummilli Liderin"),
    ("national-leader", "ümummilli liderə həsr olunmuş kitab.", "ümummilli liderə"),
    (
        "geneva-conventions-1949",
        "1949-cu il Cenevrə konvensiyalarının müddəaları.",
        "1949-cu il Cenevrə konvensiyalarının",
    ),
    ("geneva-conventions-1949", "Cenevrə konvensiyalarına zidd.", "Cenevrə konvensiyalarına"),
    (
        "genocide-convention",
        "Soyqırımı cinayətinin qarşısının alınması və cəzalandırılması haqqında Konvensiyanın müddəaları.",
        "Soyqırımı cinayətinin qarşısının alınması və cəzalandırılması haqqında Konvensiyanın",
    ),
    (
        "iccpr",
        "Mülki və siyasi hüquqlar haqqında Beynəlxalq Paktın maddələri.",
        "Mülki və siyasi hüquqlar haqqında Beynəlxalq Paktın",
    ),
    (
        "iccpr",
        "Mülki və siyasi hüquqlar haqqında Beynəlxalq Pakta əsasən.",
        "Mülki və siyasi hüquqlar haqqında Beynəlxalq Pakta",
    ),
    (
        "icescr",
        "İqtisadi, sosial və mədəni hüquqlar haqqında Beynəlxalq Paktda.",
        "İqtisadi, sosial və mədəni hüquqlar haqqında Beynəlxalq Paktda",
    ),
    (
        "convention-against-torture",
        "İşgəncələrə və digər qəddar, qeyri-insani və ya ləyaqəti alçaldan rəftar və cəza növlərinə qarşı "
        "Konvensiyanın tələbləri.",
        "İşgəncələrə və digər qəddar, qeyri-insani və ya ləyaqəti alçaldan rəftar və cəza növlərinə qarşı Konvensiyanın",
    ),
    (
        "cerd",
        "İrqi ayrı-seçkiliyin bütün formalarının ləğv edilməsi haqqında Beynəlxalq Konvensiyaya zidd.",
        "İrqi ayrı-seçkiliyin bütün formalarının ləğv edilməsi haqqında Beynəlxalq Konvensiyaya",
    ),
    (
        "convention-on-the-rights-of-the-child",
        "Uşaq hüquqları haqqında Konvensiyada deyilir.",
        "Uşaq hüquqları haqqında Konvensiyada",
    ),
    (
        "convention-on-the-rights-of-the-child",
        "Uşaq hüquqları haqqında Konvensiyanın 6-cı maddəsi.",
        "Uşaq hüquqları haqqında Konvensiyanın",
    ),
    ("khojaly-genocide", "Xocalı soyqırımının 31-ci ildönümü.", "Xocalı soyqırımının"),
    ("khojaly-genocide", "Xocalı soyqırımına hüquqi qiymət verilməlidir.", "Xocalı soyqırımına"),
    ("khojaly-genocide", "Xocalı soyqırımından sağ çıxanlar.", "Xocalı soyqırımından"),
    ("khojaly-genocide", "Xocalı faciəsini törədənlər.", "Xocalı faciəsini"),
    ("khojaly-genocide-day", "26 fevral Xocalı Soyqırımı Günüdür.", "Xocalı Soyqırımı Günüdür"),
    ("khojaly-genocide-day", "Xocalı soyqırımı gününə həsr olunmuş tədbir.", "Xocalı soyqırımı gününə"),
    ("justice-for-khojaly", "“Xocalıya ədalət!” kampaniyası.", "Xocalıya ədalət!"),
    ("justice-for-khojaly", "Xocalıya Ədalət kampaniyasının təşəbbüskarı.", "Xocalıya Ədalət"),
]

RU = [
    ("sabina-aliyeva", "Заявление Сабины Алиевой опубликовано.", "Сабины Алиевой"),
    ("sabina-aliyeva", "Журналисты обратились к Сабине Алиевой.", "Сабине Алиевой"),
    ("sabina-aliyeva", "Встреча с Сабиной Алиевой.", "Сабиной Алиевой"),
    ("heydar-aliyev", "Наследие Гейдара Алиева.", "Гейдара Алиева"),
    ("heydar-aliyev", "Решение принято Гейдаром Алиевым.", "Гейдаром Алиевым"),
    ("heydar-aliyev", "Книга о Гейдаре Алиеве.", "Гейдаре Алиеве"),
    ("sabina-mammadli", "Статья Сабины Маммадли вышла.", "Сабины Маммадли"),
    ("sabina-mammadli", "Редактор позвонил Сабине Маммадли.", "Сабине Маммадли"),
    ("azerbaijan", "Столица Азербайджана.", "Азербайджана"),
    ("azerbaijan", "Он живёт в Азербайджане.", "Азербайджане"),
    ("azerbaijan", "Законы Азербайджанской Республики.", "Азербайджанской Республики"),
    ("azerbaijan", "На азербайджанских землях.", "азербайджанских"),
    ("azerbaijan", "Против азербайджанцев.", "азербайджанцев"),
    ("armenia", "Вооружённые силы Армении.", "Армении"),
    ("armenia", "Политика, проводимая Арменией.", "Арменией"),
    ("armenia", "Армянские националисты.", "Армянские"),
    ("khojaly", "Трагедия в Ходжалы.", "Ходжалы"),
    ("khojaly", "Судьба ходжалинских семей.", "ходжалинских"),
    ("khankandi", "Полк стоял в Ханкенди.", "Ханкенди"),
    ("united-states", "Штаты Соединённых Штатов Америки.", "Соединённых Штатов Америки"),
    ("united-states", "В Соединенных Штатах Америки.", "Соединенных Штатах Америки"),
    ("united-states", "Законодатели США.", "США"),
    ("ombudsman", "Заявление Уполномоченного по правам человека.", "Уполномоченного по правам человека"),
    ("ombudsman", "Письмо омбудсмену.", "омбудсмену"),
    ("ombudsman", "Встреча с омбудсменом.", "омбудсменом"),
    ("ombudsman-office", "Как сообщили в Аппарате омбудсмена.", "Аппарате омбудсмена"),
    ("ombudsman-office", "Сотрудники Аппарата омбудсмена.", "Аппарата омбудсмена"),
    ("heydar-aliyev-foundation", "Вице-президент Фонда Гейдара Алиева.", "Фонда Гейдара Алиева"),
    ("heydar-aliyev-foundation", "Кампания проводится Фондом Гейдара Алиева.", "Фондом Гейдара Алиева"),
    ("heydar-aliyev-foundation", "Благодарность Фонду Гейдара Алиева.", "Фонду Гейдара Алиева"),
    (
        "organization-of-islamic-cooperation",
        "Резолюция Организации исламского сотрудничества.",
        "Организации исламского сотрудничества",
    ),
    (
        "organization-of-islamic-cooperation",
        "Принята Организацией исламского сотрудничества.",
        "Организацией исламского сотрудничества",
    ),
    ("organization-of-turkic-states", "Саммит Организации тюркских государств.", "Организации тюркских государств"),
    (
        "organization-of-turkic-states",
        "Вступление в Организацию тюркских государств.",
        "Организацию тюркских государств",
    ),
    ("milli-majlis", "Решение Милли Меджлиса.", "Милли Меджлиса"),
    ("milli-majlis", "Обсуждение в Милли Меджлисе.", "Милли Меджлисе"),
    ("azernews", "Как сообщает Azernews.", "Azernews"),
    ("soviet-army", "Полк Советской армии.", "Советской армии"),
    ("soviet-army", "Служба в советской армии.", "советской армии"),
    ("regiment-366", "При участии 366-го мотострелкового полка.", "366-го мотострелкового полка"),
    ("regiment-366", "Вместе с 366-м мотострелковым полком.", "366-м мотострелковым полком"),
    ("national-leader", "Инициатива общенационального лидера.", "общенационального лидера"),
    ("national-leader", "Подписано общенациональным лидером.", "общенациональным лидером"),
    ("geneva-conventions-1949", "Нормы Женевских конвенций 1949 года.", "Женевских конвенций 1949 года"),
    ("geneva-conventions-1949", "Вопреки Женевским конвенциям.", "Женевским конвенциям"),
    (
        "genocide-convention",
        "Нарушение Конвенции о предупреждении преступления геноцида и наказании за него.",
        "Конвенции о предупреждении преступления геноцида и наказании за него",
    ),
    (
        "iccpr",
        "Статьи Международного пакта о гражданских и политических правах.",
        "Международного пакта о гражданских и политических правах",
    ),
    (
        "iccpr",
        "Согласно Международному пакту о гражданских и политических правах.",
        "Международному пакту о гражданских и политических правах",
    ),
    (
        "icescr",
        "В Международном пакте об экономических, социальных и культурных правах.",
        "Международном пакте об экономических, социальных и культурных правах",
    ),
    (
        "convention-against-torture",
        "Нарушены положения Конвенции против пыток и других жестоких, бесчеловечных или унижающих "
        "достоинство видов обращения и наказания.",
        "Конвенции против пыток и других жестоких, бесчеловечных или унижающих достоинство видов обращения и наказания",
    ),
    (
        "cerd",
        "Положения Международной конвенции о ликвидации всех форм расовой дискриминации.",
        "Международной конвенции о ликвидации всех форм расовой дискриминации",
    ),
    ("convention-on-the-rights-of-the-child", "Нормы Конвенции о правах ребёнка.", "Конвенции о правах ребёнка"),
    ("convention-on-the-rights-of-the-child", "Закреплено Конвенцией о правах ребенка.", "Конвенцией о правах ребенка"),
    ("khojaly-genocide", "Годовщина Ходжалинского геноцида.", "Ходжалинского геноцида"),
    ("khojaly-genocide", "Правда о Ходжалинском геноциде.", "Ходжалинском геноциде"),
    ("khojaly-genocide", "Оценку ходжалинскому геноциду.", "ходжалинскому геноциду"),
    ("khojaly-genocide", "Жертвы Ходжалинской трагедии.", "Ходжалинской трагедии"),
    ("khojaly-genocide-day", "В канун Дня Ходжалинского геноцида.", "Дня Ходжалинского геноцида"),
    ("khojaly-genocide-day", "Перед Днём Ходжалинского геноцида.", "Днём Ходжалинского геноцида"),
    ("justice-for-khojaly", "Кампания «Справедливость для Ходжалы!» идёт с 2008 года.", "Справедливость для Ходжалы!"),
]

EN = [
    ("sabina-aliyeva", "Sabina Aliyeva's statement was read.", "Sabina Aliyeva's"),
    ("sabina-aliyeva", "Moreover, Aliyeva stressed the point.", "Aliyeva"),
    ("heydar-aliyev", "Heydar Aliyev’s decree.", "Heydar Aliyev’s"),
    ("sabina-mammadli", "Sabina Mammadli's article.", "Sabina Mammadli's"),
    ("azerbaijan", "Azerbaijan's capital.", "Azerbaijan's"),
    ("azerbaijan", "Against Azerbaijanis.", "Azerbaijanis"),
    ("azerbaijan", "The laws of the Republic of Azerbaijan.", "Republic of Azerbaijan"),
    ("armenia", "Armenia's army.", "Armenia's"),
    ("armenia", "Armenian nationalists.", "Armenian"),
    ("khojaly", "Khojaly's residents.", "Khojaly's"),
    ("khankandi", "Khankandi's streets.", "Khankandi's"),
    ("united-states", "24 states of the United States.", "United States"),
    ("united-states", "The USA's position.", "USA's"),
    ("ombudsman", "The human rights commissioner noted it.", "human rights commissioner"),
    ("ombudsman", "The ombudswoman once again reminded us.", "ombudswoman"),
    ("ombudsman-office", "Azernews reports per Ombudsman’s Office.", "Ombudsman’s Office"),
    ("heydar-aliyev-foundation", "The Heydar Aliyev Foundation's campaign.", "Heydar Aliyev Foundation's"),
    ("organization-of-islamic-cooperation", "The OIC's resolution.", "OIC's"),
    ("organization-of-turkic-states", "The Organization of Turkic States' summit.", "Organization of Turkic States"),
    ("milli-majlis", "The Milli Majlis's decision.", "Milli Majlis's"),
    ("azernews", "Azernews reports.", "Azernews"),
    ("soviet-army", "Of the Soviet army.", "Soviet army"),
    ("regiment-366", "The 366th motorized rifle regiment's tanks.", "366th motorized rifle regiment's"),
    ("national-leader", "The national leader's decree.", "national leader's"),
    ("geneva-conventions-1949", "The Geneva Conventions of 1949 were violated.", "Geneva Conventions of 1949"),
    ("genocide-convention", "Under the Genocide Convention.", "Genocide Convention"),
    (
        "iccpr",
        "The International Covenant on Civil and Political Rights' articles.",
        "International Covenant on Civil and Political Rights",
    ),
    (
        "icescr",
        "The International Covenant on Economic, Social and Cultural Rights.",
        "International Covenant on Economic, Social and Cultural Rights",
    ),
    (
        "convention-against-torture",
        "The Convention against Torture and Other Cruel, Inhuman or Degrading Treatment or Punishment.",
        "Convention against Torture and Other Cruel, Inhuman or Degrading Treatment or Punishment",
    ),
    (
        "cerd",
        "The Convention on the Elimination of All Forms of Racial Discrimination.",
        "Convention on the Elimination of All Forms of Racial Discrimination",
    ),
    (
        "convention-on-the-rights-of-the-child",
        "The Convention on the Rights of the Child's article 6.",
        "Convention on the Rights of the Child's",
    ),
    ("khojaly-genocide", "The Khojaly genocide's victims.", "Khojaly genocide's"),
    ("khojaly-genocide", "The Khojaly massacre.", "Khojaly massacre"),
    ("khojaly-genocide-day", 'Declaring February 26 as "Khojaly Genocide Day".', "Khojaly Genocide Day"),
    ("justice-for-khojaly", 'The campaign “Justice for Khojaly" was conducted.', "Justice for Khojaly"),
]


def _case_id(case: tuple[str, str, str]) -> str:
    return f"{case[0]}:{case[2]}"


@pytest.mark.parametrize(
    ("lang", "case"),
    [("az", c) for c in AZ] + [("ru", c) for c in RU] + [("en", c) for c in EN],
    ids=[f"az-{_case_id(c)}" for c in AZ] + [f"ru-{_case_id(c)}" for c in RU] + [f"en-{_case_id(c)}" for c in EN],
)
def test_each_entry_is_found_inflected(article: Glossary, lang: str, case: tuple[str, str, str]) -> None:
    entry_id, sentence, surface = case
    hits = find_terms(sentence, lang, article)
    found = [(h.entry.id, h.surface) for h in hits]
    assert (entry_id, surface) in found
    hit = next(h for h in hits if h.surface == surface)
    assert sentence[hit.start : hit.end] == surface


def test_every_entry_has_sentences_in_every_language(article: Glossary) -> None:
    for cases in (AZ, RU, EN):
        covered = {entry_id for entry_id, _, _ in cases}
        assert covered == {entry.id for entry in article}


def test_the_article_names_every_entry_but_the_byline_and_parliament(article: Glossary) -> None:
    text = (ROOT / "segments" / "article-2023-02-23" / "en.txt").read_text(encoding="utf-8")
    found = {hit.entry.id for hit in find_terms(text, "en", article)}
    assert {entry.id for entry in article} - found == {"sabina-mammadli", "milli-majlis"}


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "Khojalyx and Khojaly2 and Aliyevsk and Khankandistan are not names here."),
        ("en", "let us go; the oic is lower case; khojaly is written in lower case."),
        ("az", "Xocalıx, Xocalılı, Xankəndilik, Əliyevski, Azərbaycançılıq, Ermənistanlı."),
        ("az", "Xocavənd və Xocasən başqa yerlərdir."),
        ("ru", "Алиевск, Ходжалыйский, Фондовый рынок, армяновед, Ханкендинка."),
        ("ru", "Гейдарович пришёл; азербайджанистика — наука."),
    ],
)
def test_look_alike_words_do_not_match(article: Glossary, lang: str, text: str) -> None:
    assert find_terms(text, lang, article) == []


def test_forbidden_spelling_is_reported_as_forbidden(article: Glossary) -> None:
    hits = find_terms("Stepanakertdə və Xocali'də", "az", article)
    assert [(h.entry.id, h.form, h.inflected) for h in hits] == [
        ("khankandi", TermStatus.FORBIDDEN, True),
        ("khojaly", TermStatus.FORBIDDEN, True),
    ]


def test_english_spelling_left_in_azerbaijani_is_forbidden(article: Glossary) -> None:
    (hit,) = find_terms("Heydar Aliyevin siyasəti", "az", article)
    assert hit.entry.id == "heydar-aliyev" and hit.form is TermStatus.FORBIDDEN


def test_longest_match_wins_and_hits_do_not_overlap(article: Glossary) -> None:
    hits = find_terms("Khojaly Genocide Day and the Khojaly genocide in Khojaly", "en", article)
    assert [h.entry.id for h in hits] == ["khojaly-genocide-day", "khojaly-genocide", "khojaly"]


def test_words_separated_by_punctuation_are_not_one_term(article: Glossary) -> None:
    hits = find_terms("He met Heydar. Aliyev came later.", "en", article)
    assert [h.entry.id for h in hits if h.entry.id == "heydar-aliyev"] == []


def test_proper_names_need_a_capital_but_titles_do_not(article: Glossary) -> None:
    assert find_terms("khojaly", "en", article) == []
    assert [h.entry.id for h in find_terms("the soviet army", "en", article)] == ["soviet-army"]


def test_acronyms_match_only_in_capitals(article: Glossary) -> None:
    assert [h.surface for h in find_terms("OIC and oic and Oic", "en", article)] == ["OIC"]


def test_inflected_flag_tells_the_written_form_from_others(article: Glossary) -> None:
    plain, inflected = find_terms("Xocalı və Xocalının", "az", article)
    assert (plain.inflected, inflected.inflected) == (False, True)


def _two_aliyevs() -> Glossary:
    return Glossary.of(
        [
            Entry("heydar", "person", terms={"ru": [Term("Гейдар Алиев"), Term("Алиев", A)]}),
            Entry("sabina", "person", terms={"ru": [Term("Сабина Алиева"), Term("Алиева", A)]}),
        ],
        source_lang="ru",
    )


def test_coinciding_forms_of_two_entries_are_reported_as_ambiguous() -> None:
    (hit,) = find_terms("Заявление Алиева", "ru", _two_aliyevs())
    # "Алиева" is Sabina's written short form and the genitive of Heydar's: both are named.
    assert hit.entry.id == "sabina"
    assert hit.ambiguous and hit.alternatives == ("heydar",)


def test_unambiguous_forms_are_not_flagged() -> None:
    (hit,) = find_terms("Алиевой", "ru", _two_aliyevs())
    assert hit.entry.id == "sabina" and not hit.ambiguous


def test_index_is_rebuilt_after_an_entry_is_added() -> None:
    glossary = _two_aliyevs()
    assert find_terms("Шуша", "ru", glossary) == []
    glossary.add(Entry("shusha", "place", terms={"ru": [Term("Шуша")]}))
    assert [h.entry.id for h in find_terms("в Шуше", "ru", glossary)] == ["shusha"]


def test_a_language_without_rules_matches_the_written_form_only() -> None:
    glossary = Glossary.of([Entry("khojaly", "place", terms={"uz": [Term("Xo'jali")]})], source_lang="uz")
    assert [h.surface for h in find_terms("Xo'jali va Xo'jalining", "uz", glossary)] == ["Xo'jali"]


def test_hit_to_dict_names_the_entry_span_and_form(article: Glossary) -> None:
    (hit,) = find_terms("Xocalıda", "az", article)
    assert hit.to_dict() == {
        "entry": "khojaly",
        "type": "place",
        "lang": "az",
        "start": 0,
        "end": 8,
        "surface": "Xocalıda",
        "term": "Xocalı",
        "form": "preferred",
        "inflected": True,
        "ambiguous": False,
        "alternatives": [],
    }
