from bulle.programme.i18n import NBSP, Translator, french_spacing


def test_french_spacing_keeps_punctuation_with_its_word():
    assert french_spacing("Phase : « Accélération » ; ok ? oui !") == (
        f"Phase{NBSP}: «{NBSP}Accélération{NBSP}»{NBSP}; ok{NBSP}? oui{NBSP}!")
    assert french_spacing("https://exemple.fr/a:b") == "https://exemple.fr/a:b"


def test_french_labels_are_spaced_values_are_not():
    t = Translator("fr")
    assert t("footer.accessibility", status="x : y") == f"Accessibilité{NBSP}: x : y"


# --- every language is complete --------------------------------------------------------

import yaml  # noqa: E402

from bulle.programme.i18n import (LOCALES, TEXTS, available_languages, load_texts,  # noqa: E402
                                  missing_labels)
from bulle.programme.licence import KNOWN  # noqa: E402


def own_labels(language: str) -> dict:
    return yaml.safe_load((LOCALES / f"{language}.yml").read_text(encoding="utf-8"))


def test_french_and_english_have_exactly_the_same_keys():
    assert available_languages() == ["en", "fr"]
    french, english = own_labels("fr"), own_labels("en")
    assert sorted(set(french) - set(english)) == []  # every French label is translated
    assert sorted(set(english) - set(french)) == []  # and English has no stale label
    assert missing_labels("en") == []
    assert len(english["months"]) == 12


def test_placeholders_are_the_same_in_every_language():
    import re
    french, english = own_labels("fr"), own_labels("en")
    for key, value in french.items():
        if isinstance(value, str):
            assert set(re.findall(r"\{\w+\}", value)) == \
                set(re.findall(r"\{\w+\}", english[key])), key


def test_every_known_licence_says_what_it_allows():
    french = own_labels("fr")
    assert [key for key in KNOWN if f"licence.terms.{key}" not in french] == []


def test_a_language_without_some_labels_falls_back_to_french_and_says_so(tmp_path,
                                                                        monkeypatch):
    import bulle.programme.i18n as i18n
    (tmp_path / "fr.yml").write_text((LOCALES / "fr.yml").read_text(encoding="utf-8"),
                                     encoding="utf-8")
    (tmp_path / "de.yml").write_text("nav.home: Startseite\n", encoding="utf-8")
    monkeypatch.setattr(i18n, "LOCALES", tmp_path)
    i18n.load_locale.cache_clear()
    try:
        t = Translator("de")
        assert t("nav.home") == "Startseite" and t("nav.projects") == "Projets"
        assert "nav.projects" in missing_labels("de")
    finally:
        i18n.load_locale.cache_clear()


# --- the French texts that describe the published data ---------------------------------


def data_texts() -> list[str]:
    """Every French text of the data's documentation, where it is declared."""
    from bulle.content import schema as S
    from bulle.outputs.open_data import JSON_FILES, PROJECT_FILE_DESCRIPTION, PROJECT_FILE_TITLE
    from bulle.outputs.project_table import COLUMNS, DESCRIPTION, TITLE
    from bulle.outputs.records import AWARD_RECORD, ENTRY_RECORD, PROJECT_RECORD

    def fields(items):
        for field in items:
            yield field.help
            if field.items is not None:
                yield from fields((field.items,))
            yield from fields(field.fields)

    def descriptions(schema):
        if isinstance(schema, dict):
            for key, value in schema.items():
                if key == "description" and isinstance(value, str):
                    yield value
                else:
                    yield from descriptions(value)

    texts = [TITLE, DESCRIPTION, "Date de la dernière nouvelle publiée."]
    for record in S.SCHEMAS:
        texts += [record.title, record.description, *fields(record.fields)]
    for record in (PROJECT_RECORD, ENTRY_RECORD, AWARD_RECORD):
        for computed in record.computed:
            texts += [computed.help, *descriptions(computed.schema)]
    for column in COLUMNS:
        texts += [column.title, column.description]
    for spec in JSON_FILES:
        texts += [spec.title, spec.description]
    texts += [PROJECT_FILE_TITLE, PROJECT_FILE_DESCRIPTION]
    return list(dict.fromkeys(texts))


def test_every_text_of_the_data_documentation_is_translated_and_none_is_stale():
    texts = data_texts()
    assert len(texts) > 80
    for path in sorted(TEXTS.glob("*.yml")):
        translations = load_texts(path.stem)
        assert [text for text in texts if text not in translations] == [], path.name
        assert [text for text in translations if text not in texts] == [], path.name
    assert Translator("fr").text("Nom du projet.") == "Nom du projet."
    assert Translator("en").text("Nom du projet.") == "Name of the project."
