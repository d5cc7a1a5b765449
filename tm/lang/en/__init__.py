"""English: abbreviations, titles and the words that usually begin a sentence, numbers, plural and
possessive of glossary terms."""

from tm.lang import NUMBER_SPACES, Language, NumberFormat, NumberWords, make_rules
from tm.lang.en import terms

RULES = make_rules(
    "en",
    titles="""
        Mr Mrs Ms Messrs Mmes Dr Prof Rev Fr Sr Sen Rep Gov Gen Lt Col Maj Capt Cmdr Sgt Adm Cpl
        Pres Supt Hon Amb Atty Mt Ft St Ave Blvd Rd No Nos Nr Vol Vols Fig Figs Art Sec Ch Chap
        Par Para Eq Ref Refs pp p cf vs v e.g i.e viz approx ca esp incl
        Jan Feb Mar Apr Aug Sep Sept Oct Nov Dec Mon Tue Tues Wed Thu Thur Thurs Fri Sat Sun
        N° Rs Ste Gens Govs Reps Sens Msgr Mme Mlle
    """,
    abbreviations="""
        etc Co Corp Inc Ltd Bros LLC plc Jr Sr PhD Ph.D M.D B.A M.A B.Sc M.Sc D.C
        a.m p.m A.M P.M U.S U.S.A U.K U.N E.U U.S.S.R N.Y L.A D.C
        al st Sq ft in lb lbs oz kg km mi yd sq min hr hrs sec mos yr yrs
        Dept Univ Assn Intl Natl Govt
    """,
    sentence_starters="""
        A An The This That These Those It Its He She They We I You His Her Their Our My Your
        There Here Then Now Thus Hence However Moreover Furthermore Meanwhile Nevertheless
        Still Yet But And Or So Because Although Though While When Where Why How What Which Who
        Whom Whose If Unless Since After Before As At In On By For From To With Without During
        Is Are Was Were Do Does Did Has Have Had Can Could Will Would Shall Should May Might Must
        No Not Nor Also Instead Indeed Later Today Yesterday Tomorrow Finally First Second Third
        Mr Mrs Ms Dr Please Let Some Many Most All Every Each Both Such One Two Three
    """,
    letter_words=frozenset({"I"}),
    names=frozenset({"yahoo!", "jeopardy!", "oklahoma!", "e!"}),
    negations=frozenset(
        {"not", "no", "never", "neither", "nor", "none", "nothing", "nobody", "without", "n't", "cannot"}
    ),
    months=(
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
    expansion=1.0,
    function_words="""
        the a an of to in on at for with by from into onto about as than and or but nor so if
        when while because although that which who whom whose what this these those it its
        he she they them his her their we us our you your i me my is are was were be been being
        has have had do does did will would shall should can could may might must not no also
        all any each every both either neither such other same own there here
    """,
)

_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
    "thousand": 1000,
    "million": 10**6,
    "billion": 10**9,
}

LANGUAGE = Language(
    rules=RULES,
    script="Latn",
    numbers=NumberFormat(
        group="," + NUMBER_SPACES,
        decimal=".",
        ordinal=r"(?:st|nd|rd|th)\b",
        suffix=r"(?:'?s\b|-[a-zA-Z]+)",
    ),
    number_words=NumberWords(
        words=_WORDS,
        multipliers={"thousand": 1000, "million": 10**6, "billion": 10**9, "bn": 10**9},
        joiner="and",
        hyphenated=True,
    ),
    term_forms=terms.term_forms,
    start_forms=terms.start_forms,
    plural_forms="nplurals=2; plural=(n != 1);",
    repeatable=frozenset({"that", "had", "bye", "very"}),
)
