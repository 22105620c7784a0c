"""The light language detector: English kept, other languages named with a reason."""

from __future__ import annotations

import pytest

from amity.ingest.language import detect_language, is_english

ENGLISH = (
    "The foreign minister said on Monday that the two countries would deepen their cooperation in "
    "trade and security, and that a new agreement on the railway was expected to be signed by the end "
    "of the year after talks in the capital."
)

OTHERS = {
    "fr": "Le ministre des affaires étrangères a déclaré lundi que les deux pays vont renforcer leur "
          "coopération dans le commerce et la sécurité, et qu'un accord sur le chemin de fer est attendu "
          "avant la fin de l'année.",
    "es": "El ministro de asuntos exteriores dijo el lunes que los dos países van a reforzar su "
          "cooperación en el comercio y la seguridad, y que se espera un acuerdo sobre el ferrocarril "
          "para el final del año.",
    "de": "Der Außenminister sagte am Montag, dass die beiden Länder ihre Zusammenarbeit im Handel und "
          "in der Sicherheit vertiefen wollen und dass ein Abkommen über die Eisenbahn bis zum Ende des "
          "Jahres erwartet wird.",
    "id": "Menteri luar negeri mengatakan pada hari Senin bahwa kedua negara akan memperdalam kerja sama "
          "dalam perdagangan dan keamanan, dan bahwa perjanjian tentang kereta api akan ditandatangani "
          "oleh kedua pihak pada akhir tahun ini.",
    "vi": "Bộ trưởng ngoại giao cho biết vào thứ Hai rằng hai nước sẽ tăng cường hợp tác trong thương mại "
          "và an ninh, và một hiệp định về đường sắt được mong đợi sẽ được ký kết vào cuối năm.",
    "zh": "外交部长星期一表示，两国将在贸易和安全领域深化合作，有关铁路的协定预计将在年底前签署。",
    "km": "រដ្ឋមន្ត្រីការបរទេសបាននិយាយថា ប្រទេសទាំងពីរនឹងពង្រឹងកិច្ចសហប្រតិបត្តិការ",
    "ru": "Министр иностранных дел заявил в понедельник, что две страны углубят сотрудничество в "
          "торговле и безопасности.",
    "th": "รัฐมนตรีต่างประเทศกล่าวว่าทั้งสองประเทศจะกระชับความร่วมมือด้านการค้าและความมั่นคง",
}


def test_english_is_english() -> None:
    guess = detect_language(ENGLISH)
    assert guess.language == "en"
    assert guess.confidence > 0.7
    assert "English" in guess.reason


@pytest.mark.parametrize("code", sorted(OTHERS))
def test_other_languages_are_named(code: str) -> None:
    guess = detect_language(OTHERS[code])
    assert guess.language == code, guess
    assert not guess.is_english
    assert guess.reason


def test_short_headline_is_taken_as_english() -> None:
    guess = detect_language("Cambodia, China sign rail deal")
    assert guess.language == "en"
    assert guess.reason.startswith("undetermined")


def test_english_with_foreign_names_and_quotes_stays_english() -> None:
    text = ENGLISH + " Officials from Phnom Penh and Beijing attended, and the motto 'la coopération' was quoted."
    assert is_english(text)


def test_empty_and_numeric_text() -> None:
    assert detect_language("").language == "en"
    assert detect_language("2024 12 31 100%").reason.startswith("undetermined")


def test_names_and_loanwords_do_not_make_an_english_headline_foreign() -> None:
    for headline in ("Envoy meets al-Hakim and al-Sadr in Basra, in Najaf -- reports",
                     "De la Cruz wins in La Paz as Di Maio visits El Paso"):
        assert is_english(headline), detect_language(headline)
