import pytest

from bulle.content.body import check_body


def codes(body):
    return [(line, code) for line, code, _message, _severity in check_body(body, 1)]


@pytest.mark.parametrize("body", [
    "Texte avec **gras**, [lien](https://exemple.fr) et [relatif](../journal/a.md).",
    "Une <abbr title=\"Centre communal d'action sociale\">CCAS</abbr> et H<sub>2</sub>O.",
    "Du code : `<script>` et\n\n```html\n<iframe src=x></iframe>\n```\n",
    "<!-- more -->\n\n[écrire](mailto:equipe@exemple.fr) ou <https://exemple.fr>",
    "Un [ancre](#chronologie) et une [image](photo.jpg).",
    "![Le local](photo.jpg) et ![plan][plan]\n\n[plan]: images/plan.png",
    "[![vignette](photo.jpg)](https://exemple.fr/grand.jpg)",
])
def test_safe_bodies_pass(body):
    assert check_body(body, 1) == []


@pytest.mark.parametrize("body, expected", [
    ("<script>alert(1)</script>", [(1, "unsafe-html")]),
    ("ligne\n<iframe src='https://x'></iframe>", [(2, "unsafe-html")]),
    ("<img src=x onerror=alert(1)>", [(1, "unsafe-html")]),
    ("<b onclick=\"x()\">gras</b>", [(1, "unsafe-html")]),
    ("[x](javascript:alert(1))", [(1, "unsafe-link")]),
    ("[x]( JaVaScRiPt:alert(1))", [(1, "unsafe-link")]),
    ("[x](javascript&#58;alert(1))", [(1, "unsafe-link")]),
    ("[x](data:text/html;base64,AAAA)", [(1, "unsafe-link")]),
    ("[a][ref]\n\n[ref]: vbscript:msgbox", [(3, "unsafe-link")]),
    ("<a href=\"javascript:alert(1)\">a</a>", [(1, "unsafe-link")]),
    ("![pixel](https://traceur.example/p.gif)", [(1, "remote-image")]),
    ("![pixel]( //traceur.example/p.gif)", [(1, "remote-image")]),
    ("Voir ![carte][c] ici.\n\n[c]: https://tuiles.example/carte.png", [(3, "remote-image")]),
    ("![carte]\n\n[Carte]: http://tuiles.example/carte.png", [(3, "remote-image")]),
])
def test_unsafe_bodies_are_refused(body, expected):
    assert codes(body) == expected


def test_lines_count_from_the_body_start():
    [(line, code, message, severity)] = check_body("\n\n<script>x</script>", 8)
    assert (line, code, severity) == (10, "unsafe-html", "error")
    assert message == "balise HTML <script> refusée : elle ne serait pas publiée"


def test_what_the_sanitiser_drops_is_a_notice_not_an_error():
    found = check_body('<div align="center" style="color: red">\n<font>Texte</font>\n</div>', 3)
    assert [(line, code, severity) for line, code, _m, severity in found] == [
        (3, "html-dropped", "notice"), (3, "html-dropped", "notice"),
        (4, "html-dropped", "notice")]
    assert "« style » retiré de <div>" in " ".join(message for _l, _c, message, _s in found)


def test_a_mistyped_scheme_is_refused_with_the_likely_fix():
    [(line, code, message, _s)] = check_body("Voir\n\n[le site](ttps://exemple.fr/a).", 4)
    assert (line, code) == (6, "unsafe-link")
    assert message.endswith("(vouliez-vous dire « https://exemple.fr/a » ?)")
    assert [code for _l, code, _m, _s in check_body('<a href="foo:bar">x</a>', 1)] == [
        "unsafe-link"]  # a scheme the sanitiser does not know is named too
