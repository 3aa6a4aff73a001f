"""Word lists and tables the analysis pass reads; no logic lives here.

Every list is plain data compiled for this project from general knowledge of
English news writing. All word sets hold lower-case forms unless they say
otherwise; callers lower-case before looking up.
"""

from __future__ import annotations

# --- Abbreviations (sentence splitting) -------------------------------------

# Titles and honorifics written with a full stop; always followed by a name, so
# never sentence-final. Common English abbreviations; compiled for this project.
TITLE_ABBREVIATIONS: frozenset[str] = frozenset(
    {
        "mr", "mrs", "ms", "mx", "messrs", "mme", "mlle", "dr", "prof", "st", "gen", "lt", "col",
        "maj", "capt", "cpt", "sgt", "cpl", "pvt", "adm", "cmdr", "cdr", "brig", "gov", "sen",
        "rep", "rev", "fr", "hon", "pres", "supt", "insp", "det", "amb", "atty", "v", "vs", "cf",
        "viz",
    }
)

# Abbreviations that precede a number ("No. 5", "p. 12"); sentence-final only
# when no digit follows. Common English abbreviations; compiled for this project.
NUMBER_ABBREVIATIONS: frozenset[str] = frozenset(
    {
        "no", "nos", "nr", "p", "pp", "vol", "vols", "art", "arts", "fig", "figs", "ch", "sec",
        "para", "op", "ed",
    }
)

# Abbreviations that can end a sentence ("Apple Inc.", "etc."): a break is made
# after them only when a typical sentence opener follows. Common English
# abbreviations; compiled for this project.
AMBIGUOUS_ABBREVIATIONS: frozenset[str] = frozenset(
    {
        "etc", "inc", "ltd", "co", "corp", "llc", "plc", "bros", "jr", "sr", "dept", "univ", "assn",
        "est", "approx", "incl", "esp", "govt", "ca", "al", "ave", "blvd", "rd", "mt", "ft", "jan",
        "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mon", "tue",
        "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
    }
)

# Dotted abbreviations that never end a sentence ("e.g.", "i.e."); compared
# without their final full stop. Common English abbreviations; compiled for this project.
NEVER_FINAL_DOTTED: frozenset[str] = frozenset({"e.g", "i.e", "viz", "cf", "a.k.a", "n.b"})

# Top-level domains that make "name.tld" a domain, not a missing space after a
# full stop. The common generic and country TLDs; compiled for this project.
TOP_LEVEL_DOMAINS: tuple[str, ...] = (
    "com", "org", "net", "gov", "edu", "int", "mil", "info", "biz", "io", "co", "news", "tv", "me",
    "app", "ai", "ru", "uk", "us", "ca", "de", "fr", "es", "it", "nl", "eu", "ch", "au", "ve", "ua",
    "cn", "jp", "in", "br", "mx", "ar", "cl", "pl", "se", "no", "fi", "dk", "be", "at", "ir", "tr",
    "il",
)

# --- Function words ---------------------------------------------------------

# Closed-class English words (articles, pronouns, prepositions, conjunctions)
# and common sentence adverbs. A capitalised one starts a sentence rather than
# a name. Compiled for this project.
FUNCTION_WORDS: frozenset[str] = frozenset(
    {
        "a", "an", "the", "this", "that", "these", "those", "there", "here", "it", "its", "he",
        "she", "they", "we", "i", "you", "me", "him", "her", "us", "them", "his", "their", "our",
        "my", "your", "one", "ones", "some", "any", "all", "both", "each", "every", "either",
        "neither", "no", "not", "nor", "none", "many", "much", "more", "most", "few", "fewer",
        "less", "least", "several", "other", "others", "another", "such", "what", "which", "who",
        "whom", "whose", "why", "how", "when", "where", "whether", "if", "unless", "because",
        "since", "as", "although", "though", "while", "whereas", "until", "till", "after", "before",
        "during", "once", "so", "yet", "but", "and", "or", "then", "than", "thus", "therefore",
        "hence", "however", "moreover", "furthermore", "meanwhile", "nevertheless", "nonetheless",
        "still", "also", "indeed", "instead", "otherwise", "besides", "likewise", "similarly",
        "finally", "first", "firstly", "secondly", "lastly", "now", "today", "yesterday",
        "tomorrow", "later", "earlier", "soon", "already", "just", "only", "even", "perhaps",
        "maybe", "obviously", "clearly", "certainly", "surely", "apparently", "reportedly",
        "allegedly", "according", "in", "on", "at", "by", "for", "from", "to", "of", "with",
        "without", "within", "into", "onto", "upon", "about", "above", "across", "against", "along",
        "amid", "amidst", "among", "around", "behind", "below", "beneath", "beside", "between",
        "beyond", "despite", "down", "inside", "near", "off", "out", "outside", "over", "past",
        "per", "through", "throughout", "toward", "towards", "under", "underneath", "unlike", "up",
        "via", "whatever", "whichever", "whoever", "whenever", "wherever", "nothing", "something",
        "everything", "anything", "nobody", "somebody", "everybody", "anyone", "someone",
        "everyone", "do", "does", "did", "done", "is", "are", "was", "were", "be", "been", "being",
        "am", "has", "have", "had", "having", "will", "would", "shall", "should", "can", "could",
        "may", "might", "must", "let", "yes",
    }
)

# Verbs of saying that follow a quotation as attribution ("… ?” Smith asked").
# Common English reporting verbs; compiled for this project.
SPEECH_VERBS: frozenset[str] = frozenset(
    {
        "said", "says", "say", "asked", "asks", "added", "adds", "told", "tells", "wrote", "writes",
        "stated", "states", "explained", "explains", "noted", "notes", "insisted", "insists",
        "replied", "replies", "continued", "continues", "shouted", "shouts", "cried", "cries",
        "declared", "declares", "argued", "argues", "warned", "warns", "claimed", "claims",
        "recalled", "recalls", "remarked", "remarks", "responded", "responds", "tweeted", "tweets",
        "posted", "posts", "demanded", "demands", "wondered", "wonders",
    }
)

# --- Calendar ---------------------------------------------------------------

# English month names and their usual abbreviations, with month numbers.
# Standard calendar names; compiled for this project.
MONTHS: dict[str, int] = {
    "January": 1,
    "February": 2,
    "March": 3,
    "April": 4,
    "May": 5,
    "June": 6,
    "July": 7,
    "August": 8,
    "September": 9,
    "October": 10,
    "November": 11,
    "December": 12,
}
MONTH_ABBREVIATIONS: dict[str, int] = {
    "Jan": 1,
    "Feb": 2,
    "Mar": 3,
    "Apr": 4,
    "Jun": 6,
    "Jul": 7,
    "Aug": 8,
    "Sep": 9,
    "Sept": 9,
    "Oct": 10,
    "Nov": 11,
    "Dec": 12,
}

# Month names that are also ordinary words or given names ("May I", "March on",
# "April Ryan"): read as months only with a date context. Compiled for this project.
AMBIGUOUS_MONTHS: frozenset[str] = frozenset({"March", "May", "April", "June", "August"})

# Words before a lone month name that make it a month ("in May", "since March");
# "and"/"or" count only after another month ("March and May").
# Common English temporal prepositions and modifiers; compiled for this project.
MONTH_CONTEXT: frozenset[str] = frozenset(
    {
        "in", "on", "since", "by", "until", "till", "from", "to", "through", "throughout", "during",
        "early", "late", "mid", "last", "next", "this", "that", "each", "every", "between",
        "before", "after", "of", "around",
    }
)

# English weekday names. Standard calendar names; compiled for this project.
WEEKDAYS: tuple[str, ...] = (
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
)

# Parts of a day that may follow a weekday ("Monday morning"). Compiled for this project.
DAY_PARTS: tuple[str, ...] = ("morning", "afternoon", "evening", "night")

# Calendar units in relative expressions ("last week", "two days ago").
# Compiled for this project.
TIME_UNITS: tuple[str, ...] = (
    "day", "week", "weekend", "fortnight", "month", "quarter", "year", "decade", "century",
)
SEASONS: tuple[str, ...] = ("summer", "winter", "spring", "autumn", "fall")

# Words that can open a relative time expression ("last week", "the past few
# weeks", "a year ago", "recent days"). Compiled for this project.
RELATIVE_DATE_HEADS: tuple[str, ...] = (
    "yesterday", "today", "tonight", "tomorrow", "earlier", "later", "last", "next", "this",
    "past", "coming", "previous", "following", "recent", "the", "a", "an", "few", "several",
    "many",
)

# Counts before a time unit in "two days ago", "a few weeks earlier", "the past
# several months", besides number words. Compiled for this project.
RELATIVE_COUNT_WORDS: tuple[str, ...] = (
    "a", "an", "few", "several", "many", "a few", "a couple of",
)

# Words before a bare four-digit number that make it a year ("in 2019", "since 2013").
# Common English temporal prepositions; compiled for this project.
YEAR_CONTEXT: frozenset[str] = frozenset(
    {
        "in", "since", "by", "until", "till", "from", "to", "through", "during", "before", "after",
        "between", "and", "or", "of", "year", "early", "late", "mid", "circa", "c", "spring",
        "summer", "autumn", "fall", "winter",
    }
)

# Plural nouns without a final "s" that make a preceding number a count
# ("2000 people"). Common English irregular plurals; compiled for this project.
IRREGULAR_PLURALS: frozenset[str] = frozenset(
    {
        "people", "men", "women", "children", "police", "personnel", "staff", "cattle", "sheep",
        "fish", "deer", "troops", "feet", "teeth", "mice", "geese",
    }
)

# --- Numbers ----------------------------------------------------------------

# English cardinal number words with values. Standard English; compiled for this project.
UNITS: dict[str, int] = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
}
TEENS: dict[str, int] = {
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
}
TENS: dict[str, int] = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
# "hundred" multiplies the group; the others close a group. Standard English.
HUNDRED: dict[str, int] = {"hundred": 100}
SCALES: dict[str, int] = {
    "thousand": 1_000,
    "million": 1_000_000,
    "billion": 1_000_000_000,
    "trillion": 1_000_000_000_000,
}
DOZEN: dict[str, int] = {"dozen": 12}

# English ordinal words with values. Standard English; compiled for this project.
ORDINALS: dict[str, int] = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "thirteenth": 13,
    "fourteenth": 14,
    "fifteenth": 15,
    "sixteenth": 16,
    "seventeenth": 17,
    "eighteenth": 18,
    "nineteenth": 19,
    "twentieth": 20,
    "thirtieth": 30,
    "fortieth": 40,
    "fiftieth": 50,
    "sixtieth": 60,
    "seventieth": 70,
    "eightieth": 80,
    "ninetieth": 90,
    "hundredth": 100,
    "thousandth": 1_000,
    "millionth": 1_000_000,
}

# Fractions after a hyphen ("two-thirds"): the number before is not a count.
# Standard English; compiled for this project.
FRACTION_WORDS: frozenset[str] = frozenset(
    {
        "half", "halves", "third", "thirds", "quarter", "quarters", "fifth", "fifths", "tenth",
        "tenths",
    }
)

# Scale abbreviations written straight after a money amount ("$5bn", "£2.5m").
# Common in British and business news; compiled for this project.
SHORT_SCALES: dict[str, int] = {
    "k": 1_000,
    "m": 1_000_000,
    "mn": 1_000_000,
    "mln": 1_000_000,
    "b": 1_000_000_000,
    "bn": 1_000_000_000,
    "tn": 1_000_000_000_000,
}

# Currency symbols and prefixed symbols with ISO 4217 codes. "$" alone is read
# as US dollars, the usual reading in English news. Compiled for this project.
CURRENCY_SYMBOLS: dict[str, str] = {
    "$": "USD",
    "US$": "USD",
    "C$": "CAD",
    "A$": "AUD",
    "NZ$": "NZD",
    "HK$": "HKD",
    "S$": "SGD",
    "€": "EUR",
    "£": "GBP",
    "¥": "JPY",
    "₽": "RUB",
    "₹": "INR",
    "₩": "KRW",
    "₺": "TRY",
    "₴": "UAH",
}

# ISO 4217 codes commonly written before or after an amount ("USD 5").
# Compiled for this project.
CURRENCY_CODES: frozenset[str] = frozenset(
    {
        "USD", "EUR", "GBP", "JPY", "CNY", "RMB", "RUB", "INR", "CHF", "CAD", "AUD", "NZD", "HKD",
        "SGD", "KRW", "TRY", "UAH", "BRL", "MXN", "ARS", "COP", "VES", "VEF", "ZAR", "SAR", "AED",
        "ILS", "IRR",
    }
)

# Currency names after an amount ("5 dollars"), with codes; names shared by
# several currencies ("pesos", "pounds" the weight) are left out. Compiled for this project.
CURRENCY_WORDS: dict[str, str] = {
    "dollar": "USD",
    "dollars": "USD",
    "euro": "EUR",
    "euros": "EUR",
    "pounds sterling": "GBP",
    "sterling": "GBP",
    "yen": "JPY",
    "yuan": "CNY",
    "renminbi": "CNY",
    "rouble": "RUB",
    "roubles": "RUB",
    "ruble": "RUB",
    "rubles": "RUB",
    "rupee": "INR",
    "rupees": "INR",
    "bolivar": "VES",
    "bolivars": "VES",
    "bolívares": "VES",
    "hryvnia": "UAH",
    "hryvnias": "UAH",
}

# Measure words that, capitalised straight after a number, mark a title or
# name ("60 Minutes", "24 Hours of Le Mans") rather than a count. Compiled for this project.
UNIT_WORDS: frozenset[str] = frozenset(
    {
        "seconds", "minutes", "hours", "days", "nights", "weeks", "months", "years", "decades",
        "centuries", "miles", "kilometres", "kilometers", "metres", "meters", "feet", "inches",
        "yards", "tons", "tonnes", "points", "lives", "men", "women",
    }
)

# Units written straight after digits ("10km"); the tokenizer splits them off
# the number. Common SI and imperial symbols; compiled for this project.
UNIT_SUFFIXES: tuple[str, ...] = (
    "km", "kg", "mg", "g", "cm", "mm", "m", "mi", "ft", "in", "lb", "lbs", "oz", "t", "kt", "mph",
    "kph", "kmh", "km/h", "mw", "gw", "kw", "kwh", "mwh", "gwh", "tw", "ml", "l", "hz", "khz",
    "mhz", "ghz", "gb", "mb", "kb", "tb", "bn", "tn", "mn", "mln", "k", "b",
)

# --- Names ------------------------------------------------------------------

# Lower-case particles inside personal names ("Ludwig van Beethoven",
# "Osama bin Laden"). Common European and Arabic particles; compiled for this project.
NAME_CONNECTORS: frozenset[str] = frozenset(
    {
        "de", "da", "del", "della", "dei", "di", "do", "dos", "das", "du", "van", "von", "der",
        "den", "ter", "ten", "le", "la", "bin", "ibn", "bint", "y", "e",
    }
)

# Suffixes written with a full stop at the end of a name ("John F. Kennedy
# Jr.", "Goldman Sachs Group Inc."). Compiled for this project.
NAME_SUFFIXES: frozenset[str] = frozenset({"Jr", "Sr", "Inc", "Ltd", "Corp", "Co", "Bros"})

# Arabic article prefixes joined by a hyphen ("al-Assad", "el-Sisi").
# Compiled for this project.
NAME_PREFIXES: tuple[str, ...] = ("al-", "el-", "ad-", "an-", "ar-", "as-", "ash-", "at-", "az-")

# Head nouns of institutions after which "of"/"for" continue a name
# ("Bank of America", "Commissioner for Human Rights"). Compiled for this project.
ORGANISATION_HEADS: frozenset[str] = frozenset(
    {
        "republic", "kingdom", "federation", "union", "states", "emirates", "university", "college",
        "school", "academy", "institute", "bank", "council", "court", "department", "ministry",
        "office", "agency", "bureau", "commission", "committee", "board", "authority", "house",
        "church", "army", "navy", "force", "corps", "party", "association", "organization",
        "organisation", "centre", "center", "museum", "chamber", "league", "secretary", "minister",
        "commissioner", "president", "chairman", "director", "governor", "mayor", "ambassador",
        "general",
    }
)

# Honorifics and role titles before a personal name. Their modifiers
# ("Vice", "Prime", "Foreign") need no entry: everything in a run up to the
# last title word goes into the title. Compiled for this project.
TITLE_WORDS: frozenset[str] = frozenset(
    {
        "mr", "mrs", "ms", "mx", "dr", "prof", "sir", "dame", "lord", "lady", "madam", "mme", "rev",
        "fr", "gen", "lt", "col", "maj", "capt", "sgt", "cpl", "adm", "cmdr", "brig", "gov", "sen",
        "rep", "pres", "president", "minister", "secretary", "senator", "governor", "king", "queen",
        "prince", "princess", "emperor", "empress", "pope", "cardinal", "archbishop", "bishop",
        "chancellor", "premier", "judge", "justice", "general", "colonel", "lieutenant", "major",
        "captain", "sergeant", "corporal", "admiral", "commander", "marshal", "ambassador", "envoy",
        "mayor", "chairman", "chairwoman", "chairperson", "chair", "director", "spokesman",
        "spokeswoman", "spokesperson", "sheikh", "ayatollah", "emir", "sultan", "rabbi", "imam",
        "father", "sister", "brother", "commissioner", "congressman", "congresswoman",
        "representative", "speaker", "attorney", "prosecutor", "ceo", "chief", "deputy", "officer",
        "inspector", "superintendent", "detective", "professor", "doctor",
    }
)

# Given names and words that are also month names; a month word inside a name
# run is kept only if it is one of these ("Theresa May"). Compiled for this project.
MONTHS_ALSO_NAMES: frozenset[str] = frozenset({"May", "April", "June", "August"})
