"""The language of a text among English, Ukrainian and Russian, by letters and common words."""

import pytest

from app.extraction.text.language import detect_language


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("The mayor said 40 schools would reopen on Monday.", "en"),
        ("Мер заявив, що в понеділок відкриються 40 шкіл.", "uk"),
        ("Мэр заявил, что в понедельник откроются 40 школ.", "ru"),
        # no letter only one of them writes: told by their common words
        ("Мер сказав, що школа працює.", "uk"),
        ("Он сказал, что школа работает и будет работать.", "ru"),
        # mostly one script: a Latin name in a Ukrainian sentence stays Ukrainian
        ("Компанія Northwind отримала 12 млн гривень, повідомив її директор.", "uk"),
        # another language in Latin letters, and no letters at all: not told
        ("Le maire a annoncé la réouverture de 40 écoles lundi.", None),
        ("1 000 — 2 000 (3,5%)", None),
        ("", None),
    ],
)
def test_detect_language(text: str, language: str | None) -> None:
    assert detect_language(text) == language
