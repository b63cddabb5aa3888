"""Labels and dates in the programme's language, from `bulle/programme/locales/<lang>.yml`."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from pathlib import Path

import yaml

LOCALES = Path(__file__).parent / "locales"
TEXTS = LOCALES / "texts"  # translations of the French texts of the data's documentation
STARTER = Path(__file__).parent / "starter"  # texts that scaffolds write, per language
DEFAULT_LANGUAGE = "fr"
NBSP = "\u00a0"
_BEFORE_PUNCTUATION = re.compile(r" (?=[:;!?»])")


@lru_cache(maxsize=None)
def load_locale(language: str) -> dict:
    """The labels of `language`, completed by the default language's."""
    base = yaml.safe_load((LOCALES / f"{DEFAULT_LANGUAGE}.yml").read_text(encoding="utf-8"))
    path = LOCALES / f"{language}.yml"
    if language != DEFAULT_LANGUAGE and path.is_file():
        base = {**base, **yaml.safe_load(path.read_text(encoding="utf-8"))}
    if language == "fr":
        base = {key: french_spacing(value) if isinstance(value, str) else value
                for key, value in base.items()}
    return base


@lru_cache(maxsize=None)
def load_texts(language: str) -> dict[str, str]:
    """{French text: its translation} for the schema and open data descriptions."""
    path = TEXTS / f"{language}.yml"
    if language == DEFAULT_LANGUAGE or not path.is_file():
        return {}
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


def load_starter(language: str) -> dict[str, str]:
    """What `new city` and `new project` write in `language` (bulle/programme/starter/<language>.yml)."""
    path = STARTER / f"{language}.yml"
    if not path.is_file():
        path = STARTER / f"{DEFAULT_LANGUAGE}.yml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def missing_labels(language: str) -> list[str]:
    """Keys of the default language that `language` does not translate (its labels fall back)."""
    path = LOCALES / f"{language}.yml"
    if language == DEFAULT_LANGUAGE or not path.is_file():
        return []
    own = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return sorted(set(load_locale(DEFAULT_LANGUAGE)) - set(own))


def french_spacing(text: str) -> str:
    """No line break before « : ; ! ? » nor after « (French typography)."""
    return _BEFORE_PUNCTUATION.sub(NBSP, text).replace("« ", "«" + NBSP)


def available_languages() -> list[str]:
    return sorted(path.stem for path in LOCALES.glob("*.yml"))


class Translator:
    """`t(key, **values)` and `date(d)` for one language."""

    def __init__(self, language: str) -> None:
        self.language = language
        self.labels = load_locale(language)

    def __call__(self, key: str, **values: object) -> str:
        text = self.labels[key]
        return text.format(**values) if values else text

    def text(self, french: str) -> str:
        """A French text of the data's documentation (field help...) in this language.

        Those texts are written once, in French, next to what they describe
        (`bulle.content.schema`, `bulle.outputs.records`...); other languages translate them in
        `locales/texts/<language>.yml`, keyed by the French text.
        """
        return load_texts(self.language).get(french, french)

    def number(self, value: int | float) -> str:
        """« 150 000 » and « 2,5 » in French, « 150,000 » and « 2.5 » in English."""
        text = f"{int(value):,}" if float(value).is_integer() else f"{value:,}"
        whole, _, decimals = text.partition(".")
        whole = whole.replace(",", self.labels.get("number.thousands", ","))
        return whole + (self.labels.get("number.decimal", ".") + decimals if decimals else "")

    def date(self, day: dt.date) -> str:
        """« 1er février 2019 » in French, « 1 February 2019 » style elsewhere."""
        number = self.labels.get("first_day", "1") if day.day == 1 else str(day.day)
        return f"{number} {self.labels['months'][day.month - 1]} {day.year}"
