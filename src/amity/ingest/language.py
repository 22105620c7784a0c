"""A light language detector: writing system first, then stop-word profiles.

Hand-written rather than a library because the pipeline annotates English only, so the question is
narrow ("is this English, and if not, what is it, roughly?"), must cost microseconds per article and
must never download a model. Two signals answer it:

1. the writing system: a text mostly in Han, Khmer, Thai, Cyrillic, Arabic, ... script is not
   English, and the script names the language (or a small family of them);
2. for Latin-script text, which language's most frequent function words ("the", "of", "and" against
   "le", "de", "et" or "yang", "dan", "di") make up the larger share of the tokens.

A short Latin-script text with no clear signal (a six-word headline) is taken as English with the
reason "undetermined": leaving an English headline out costs more than annotating a foreign one,
which simply yields no statements.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# The commonest function words of each language (closed-class words, which every text uses whatever
# its topic). Words shared by several languages ("a", "de", "la") still help: the profile sums them.
_PROFILES: dict[str, str] = {
    "en": (
        "the of and to in a is that for it as was with be by on not he this are or his from at which "
        "but have an they you were her she there been has their its will would who more if can when "
        "also said after into than these other we our been should about over such"
    ),
    "fr": (
        "le la les de des du un une et est en que qui dans pour pas sur au aux avec ce cette il elle "
        "ils sont par plus ont été mais ou son sa ses leur nous vous être fait comme"
    ),
    "es": (
        "el la los las de del y en que un una es por con para no se su sus al lo como más pero fue "
        "este esta han ha entre sobre también sin desde muy ser son"
    ),
    "pt": (
        "o a os as de do da dos das e em no na nos nas um uma que é para com não por se mais como "
        "foi ao pelo pela seu sua são entre também já ser"
    ),
    "it": (
        "il lo la i gli le di del della dei delle e è in che un una per con non si al alla sono da "
        "come più anche ma nel nella questo questa stato essere"
    ),
    "de": (
        "der die das und ist in den von zu mit sich des auf für nicht ein eine dem im auch es an als "
        "wird werden bei nach aus wie oder sind hat haben wurde durch einer über"
    ),
    "nl": (
        "de het een en van is dat in op te zijn voor met niet aan er ook als bij door om maar naar "
        "uit worden werd heeft hebben deze dit wordt"
    ),
    "id": (
        "yang dan di ke dari ini itu dengan untuk dalam tidak pada adalah akan juga oleh telah "
        "sebagai atau kami mereka karena bahwa dapat para saat lebih tersebut"
    ),
    "vi": (
        "và của là có trong được cho các những với không một này đã người đến khi về để từ cũng "
        "nhiều tại theo như năm"
    ),
    "tl": (
        "ang ng mga sa na at ay si para hindi ito kung niya siya nila kanilang naman lamang"
    ),
}
STOPWORDS: dict[str, frozenset[str]] = {lang: frozenset(words.split()) for lang, words in _PROFILES.items()}
# word -> the languages it is evidence for, one lookup a word. A word English shares with another
# language ("in", "a", "no") is evidence for English only: English headlines are full of names and
# loanwords ("al-", "de", "la") that would otherwise make a short English text look Italian or French.
_LANGUAGES_OF: dict[str, tuple[str, ...]] = {}
for _lang, _words in STOPWORDS.items():
    for _word in _words:
        if _lang == "en" or _word not in STOPWORDS["en"]:
            _LANGUAGES_OF[_word] = (*_LANGUAGES_OF.get(_word, ()), _lang)

# Unicode script (by the first word of the character's name) -> language code, or a family label
# when the script alone cannot tell the language apart.
_SCRIPTS: dict[str, str] = {
    "CJK": "zh", "HIRAGANA": "ja", "KATAKANA": "ja", "HANGUL": "ko", "KHMER": "km", "THAI": "th",
    "LAO": "lo", "MYANMAR": "my", "CYRILLIC": "ru", "ARABIC": "ar", "HEBREW": "he", "GREEK": "el",
    "DEVANAGARI": "hi", "BENGALI": "bn", "TAMIL": "ta", "GEORGIAN": "ka", "ARMENIAN": "hy",
}

_LETTER = re.compile(r"[^\W\d_]")
_NON_ASCII_LETTER = re.compile(r"[^\W\d_\x00-\x7f]")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_SAMPLE_CHARS = 4000  # enough for a confident guess; keeps detection O(1) per article
_WORD_SAMPLE_CHARS = 2500  # about 400 words: function words are a third of running text
MIN_FUNCTION_SHARE = 0.15
MIN_STOPWORD_HITS = 4  # fewer function words than this in Latin text: no claim either way
MIN_SCRIPT_LETTERS = 12  # fewer non-ASCII letters than this: the script cannot be what decides
NON_LATIN_SHARE = 0.3  # letters in another script above this share decide the language


@dataclass(frozen=True, slots=True)
class LanguageGuess:
    """The detected language (ISO 639-1), how sure, and why, in words fit for a quarantine record."""

    language: str
    confidence: float
    reason: str

    @property
    def is_english(self) -> bool:
        return self.language == "en"


def _script(ch: str) -> str:
    if ch.isascii():
        return "LATIN"
    try:
        name = unicodedata.name(ch)
    except ValueError:
        return "OTHER"
    first = name.split(" ", 1)[0]
    if first in _SCRIPTS or first == "LATIN":
        return first
    return "OTHER"


def _by_script(sample: str) -> LanguageGuess | None:
    """The language named by a non-Latin script that writes a large share of the letters."""
    non_ascii = _NON_ASCII_LETTER.findall(sample)
    if len(non_ascii) < MIN_SCRIPT_LETTERS:  # curly quotes, a few accented names: still Latin text
        return None
    letters = len(_LETTER.findall(sample))
    scripts: dict[str, int] = {}
    for ch in non_ascii:
        key = _script(ch)
        scripts[key] = scripts.get(key, 0) + 1
    foreign = [(count, script) for script, count in scripts.items() if script in _SCRIPTS]
    if not foreign or not letters:
        return None
    count, script = max(foreign)
    share = count / letters
    if share < NON_LATIN_SHARE:
        return None
    code = _SCRIPTS[script]
    if code == "zh" and scripts.get("HIRAGANA", 0) + scripts.get("KATAKANA", 0) > 0.05 * letters:
        code = "ja"
    return LanguageGuess(code, round(min(1.0, share), 3),
                         f"{share:.0%} of the letters are in {script.title()} script")


def detect_language(text: str) -> LanguageGuess:
    """Guess the language of a text (English unless there is evidence for something else)."""
    sample = text[:_SAMPLE_CHARS]
    if not sample.isascii():  # ASCII text is Latin script: no need to count scripts
        script_guess = _by_script(sample)
        if script_guess is not None:
            return script_guess
    words = _WORD.findall(sample[:_WORD_SAMPLE_CHARS])
    if not words:
        return LanguageGuess("en", 0.0, "undetermined: no letters")
    hits = dict.fromkeys(STOPWORDS, 0)
    for word in words:
        langs = _LANGUAGES_OF.get(word.lower(), ())
        if not langs:
            continue
        if word[0].isupper():  # "De la Cruz", "El Paso": in English text, capitals start names
            if "en" in langs:
                hits["en"] += 1
            continue
        for lang in langs:
            hits[lang] += 1
    best = max(hits, key=lambda lang: (hits[lang], lang == "en"))
    english = hits["en"]
    if hits[best] < MIN_STOPWORD_HITS:
        return LanguageGuess("en", 0.3, f"undetermined: {hits[best]} function words in {len(words)} words")
    if best == "en":
        runner_up = max(v for k, v in hits.items() if k != "en")
        confidence = english / (english + runner_up) if english + runner_up else 1.0
        return LanguageGuess("en", round(confidence, 3),
                             f"{english} of {len(words)} words are English function words")
    # Another language must clearly beat English, and its function words must be a real share of the
    # text (they are a third of running prose; a few in a list of names are coincidence).
    if hits[best] < 1.5 * english or hits[best] < MIN_FUNCTION_SHARE * len(words):
        return LanguageGuess("en", 0.5, f"mixed: {english} English and {hits[best]} '{best}' function words")
    confidence = hits[best] / (hits[best] + english)
    return LanguageGuess(best, round(confidence, 3),
                         f"{hits[best]} of {len(words)} words are '{best}' function words against "
                         f"{english} English")


def is_english(text: str) -> bool:
    return detect_language(text).is_english
