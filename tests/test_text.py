import pytest

from bulle.content.text import plain_text, slugify, sort_key, summary_of


@pytest.mark.parametrize("title, slug", [
    ("Première réunion à l'Hôtel de Ville", "premiere-reunion-a-l-hotel-de-ville"),
    ("Œuvres & cœurs : l’été", "oeuvres-coeurs-l-ete"),
    ("  Déjà 1 500 kits !  ", "deja-1-500-kits"),
    ("Ça marche ? Oui…", "ca-marche-oui"),
    ("« Stop » ou « go »", "stop-ou-go"),
    ("ÉLÈVES Noël", "eleves-noel"),
    ("!!!", ""),
])
def test_slugify_makes_clean_ascii(title, slug):
    assert slugify(title) == slug


def test_slugify_can_keep_few_words():
    assert slugify("un deux trois quatre", max_words=2) == "un-deux"


def test_sort_key_ignores_accents_and_case():
    titles = ["Zèbre", "étoile", "Avion", "Élan"]
    assert sorted(titles, key=sort_key) == ["Avion", "Élan", "étoile", "Zèbre"]


def test_summary_is_text_before_more_marker():
    body = "Début du récit\nsur deux lignes.\n\n<!-- more -->\n\nLa suite."
    assert summary_of(body) == "Début du récit\nsur deux lignes."


def test_summary_falls_back_to_first_paragraph_skipping_headings_and_images():
    body = "\n## Titre\n\n![photo](a.jpg)\n\nLe premier vrai paragraphe\ncontinue ici.\n\nDeuxième."
    assert summary_of(body) == "Le premier vrai paragraphe\ncontinue ici."


def test_plain_text_strips_markdown_marks():
    assert plain_text("Un **gras**, un [lien](https://x.fr) et `code`.") == \
        "Un gras, un lien et code."


def test_summary_skips_the_scaffold_comment_on_several_lines():
    from bulle.contrib.scaffold import ENTRY_BODY
    body = ENTRY_BODY + "\nNous avons rencontré dix agents.\n\nLa suite.\n"
    assert summary_of(body) == "Nous avons rencontré dix agents."
    assert summary_of("<!-- note -->\nAvant\n<!-- more -->\nAprès") == "Avant"


def test_invalid_characters_are_one_rule_for_checks_and_xml_writers():
    from bulle.content.text import (INVALID_XML_CHARS, describe_char, invalid_chars,
                                    strip_invalid_chars)
    refused = ["\x00", "\x08", "\x0b", "\x0c", "\x1f", "\x7f", "\x80", "\x85", "\x9f",
               "\ud800", "\udfff", "\ufdd0", "\ufdef", "\ufffe", "\uffff",
               "\U0001fffe", "\U0010ffff"]
    kept = "\t\n\r é—«»\u00a0\u2028\ufdcf\ufdf0\ufffd\U0001f600\U0010fffd"
    assert all(INVALID_XML_CHARS.fullmatch(char) for char in refused)
    assert strip_invalid_chars("".join(refused) + kept) == kept
    assert list(invalid_chars("ok\na\x0bb\x01\n\n\ufffe", first_line=10)) == [
        (11, 2, "\x0b"), (13, 1, "\ufffe")]
    assert describe_char("\x0b") == "caractère de contrôle U+000B invisible"
    assert describe_char("\U0010ffff") == "caractère U+10FFFF invalide (non-caractère Unicode)"


def test_messages_show_the_invisible_characters_they_quote():
    from bulle.cli import format_problem
    from bulle.content.model import Problem
    problem = Problem("a.md", 3, "unknown-term", "terme « a\x0bb » inconnu")
    assert str(problem) == "a.md:3: erreur : terme « a⟨U+000B⟩b » inconnu"
    assert "⟨U+000B⟩" in format_problem(problem, "github")


def test_plain_text_stays_linear_on_thousands_of_brackets():
    import time
    from bulle.content.text import plain_text
    started = time.perf_counter()
    plain_text("[a " * 20000 + "[x](https://fr.wikipedia.org/wiki/Pau_(ville))")
    assert time.perf_counter() - started < 2  # quadratic, it took 7.6 s
    assert plain_text("Voir [Pau](https://fr.wikipedia.org/wiki/Pau_(ville)).") == "Voir Pau."
