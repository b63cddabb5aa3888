"""Contributors' Markdown as an adversary writes it, and as real programmes write it.

One row a case: (name, body, expected). `expected` is the code of the error the
check must give, or None when the check accepts the body (notices allowed):
then the built page must hold it inert. Whatever the check says, the converted
and sanitised HTML must be inert. Images may name `photo.png`, a file of the
project (entries write `../photo.png`, from their `journal/` folder).
"""

from pathlib import Path

from conftest import entry_text, make_site_copy, project_text, run_build

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
       b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7"
       b"\xd1\xa1\x1d\x00\x00\x00\x00IEND\xaeB`\x82")

CASES = [
    # --- code that is not code: the source scanner read these as code spans or fences
    ("escaped-backticks", "\\`<img src=x onerror=alert(1)>\\`", "unsafe-html"),
    ("unclosed-code-span", "``<img src=x onerror=alert(1)>`", None),  # a one-tick span
    ("fence-in-blockquote", "> ```\n<img src=x onerror=alert(1)>", "unsafe-html"),
    ("tilde-fence-unclosed", "~~~\ntext\n~~~~\n<img src=x onerror=alert(1)>", "unsafe-html"),
    ("fence-four-spaces", "    ```\n<img src=x onerror=alert(1)>\n    ```", "unsafe-html"),
    ("real-code-block", "```html\n<img src=x onerror=alert(1)>\n```", None),
    ("real-code-span", "Du code : `<script>alert(1)</script>`.", None),
    ("indented-code", "Exemple :\n\n    <script>alert(1)</script>", None),
    # --- comments, CDATA, declarations: where the HTML parser and the browser disagree
    ("short-comment", "<!--> <img src=x onerror=alert(1)> -->", "unsafe-html"),
    ("dash-comment", "<!---> <img src=x onerror=alert(1)> -->", "unsafe-html"),
    ("comment-bang", "<!-- --!> <img src=x onerror=alert(1)> -->", "unsafe-html"),
    ("cdata", "<![CDATA[<img src=x onerror=alert(1)>]]>", None),
    ("cdata-close-early", "<![CDATA[ ]]> <img src=x onerror=alert(1)>", "unsafe-html"),
    ("bogus-declaration", "<![x]>", None),
    ("processing-instruction", "<?php echo 1; ?> <img src=x onerror=alert(1)>", "unsafe-html"),
    ("marker-spoof", "<!--bulle:0-->\n\nTexte <!--bulle:1-->", None),
    # --- links: destinations on the next line, entities, blanks, schemes
    ("link-next-line", "[clic](\njavascript:alert(1))", "unsafe-link"),
    ("link-entity-colon", "[x](javascript&#58;alert(1))", "unsafe-link"),
    ("link-entity-letter", "[x](&#106;avascript:alert(1))", "unsafe-link"),
    ("link-tab-entity", "[x](java&#x09;script:alert(1))", "unsafe-link"),
    ("link-case", "[x]( JaVaScRiPt:alert(1))", "unsafe-link"),
    ("link-angle", "[x](<javascript:alert(1)>)", "unsafe-link"),
    ("link-data", "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
     "unsafe-link"),
    ("link-vbscript-reference", "[a][r]\n\n[r]: vbscript:msgbox", "unsafe-link"),
    ("reference-next-line", "[a][r]\n\n[r]:\n  javascript:alert(1)", "unsafe-link"),
    ("raw-a-javascript", '<a href="javascript:alert(1)">x</a>', "unsafe-link"),
    ("raw-a-entities", '<a href="&#x6A;avascript&colon;alert(1)">x</a>', "unsafe-link"),
    ("raw-a-newline", '<a href="java\nscript:alert(1)">x</a>', "unsafe-link"),
    ("autolink-javascript", "<javascript:alert(1)>", None),  # an unknown tag: dropped
    ("autolink-quote", '<http://exemple.fr" onmouseover="alert(1)>', None),
    ("title-breakout", '[x](https://exemple.fr "t\\" onmouseover=\\"alert(1)")', None),
    ("alt-breakout", '![x" onerror="alert(1)](../photo.png)', None),
    ("file-link", "[compte rendu](file:///C:/Users/camille/cr.pdf)", "unsafe-link"),
    # --- elements and attributes that run, load or imitate
    ("script", "<script>alert(1)</script>", "unsafe-html"),
    ("script-upper", "<SCRIPT SRC=//exemple.fr/x.js></SCRIPT>", "unsafe-html"),
    ("script-split", "<scr<script>ipt>alert(1)</script>", "unsafe-html"),
    ("svg-onload", "<svg onload=alert(1)>", "unsafe-html"),
    ("svg-script", "<svg><script>alert(1)</script></svg>", "unsafe-html"),
    ("math-xss", "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
     "unsafe-html"),
    ("iframe-srcdoc", '<iframe srcdoc="<script>alert(1)</script>"></iframe>', "unsafe-html"),
    ("object", '<object data="javascript:alert(1)"></object>', "unsafe-html"),
    ("embed", '<embed src="https://exemple.fr/x.swf">', "unsafe-html"),
    ("form", '<form action="javascript:alert(1)"><button>OK</button></form>', "unsafe-html"),
    ("meta-refresh", '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
     "unsafe-html"),
    ("base", '<base href="https://exemple.fr/">', "unsafe-html"),
    ("link-stylesheet", '<link rel="stylesheet" href="https://exemple.fr/x.css">',
     "unsafe-html"),
    ("style-import", "<style>@import url(https://exemple.fr/x.css);</style>", "unsafe-html"),
    ("details-ontoggle", "<details open ontoggle=alert(1)><summary>x</summary></details>",
     "unsafe-html"),
    ("bold-onclick", '<b onclick="alert(1)">gras</b>', "unsafe-html"),
    ("noscript-breakout", '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
     "unsafe-html"),
    ("textarea-breakout", "<textarea><img src=x onerror=alert(1)></textarea>", "unsafe-html"),
    ("video-poster", '<video poster="https://exemple.fr/p.png"></video>', "unsafe-html"),
    ("template", "<template><img src=x onerror=alert(1)></template>", "unsafe-html"),
    ("heading-img", "## <img src=x onerror=alert(1)>", "unsafe-html"),
    ("heading-escaped", "## &lt;img src=x onerror=alert(1)&gt;", None),
    ("footnote-html", "Texte[^1].\n\n[^1]: <img src=x onerror=alert(1)>", "unsafe-html"),
    ("table-html", "| a |\n|---|\n| <img src=x onerror=alert(1)> |", "unsafe-html"),
    ("style-attribute", '<p style="position:fixed;top:0;left:0;width:100%">faux</p>', None),
    ("style-background", '<div style="background:url(https://exemple.fr/p.png)">x</div>',
     None),
    ("theme-ids", '<h2 id="__drawer">x</h2><div id="bulle-titre" class="md-banner">y</div>',
     None),
    # --- images from another site: they tell that site who reads the page
    ("remote-image", "![pixel](https://traceur.exemple/p.gif)", "remote-image"),
    ("remote-image-protocol", "![pixel]( //traceur.exemple/p.gif)", "remote-image"),
    ("remote-image-reference", "Voir ![c][c].\n\n[c]: https://tuiles.exemple/c.png",
     "remote-image"),
    ("remote-image-raw", '<img src="https://traceur.exemple/p.gif" alt="">', "remote-image"),
    ("remote-image-srcset", '<img src="../photo.png" srcset="https://traceur.exemple/p.gif 2x">',
     "remote-image"),
    ("remote-image-backslash", '<img src="\\\\traceur.exemple\\p.gif">', "remote-image"),
    ("picture-source", '<picture><source srcset="https://traceur.exemple/p.gif">'
     '<img src="../photo.png" alt="x"></picture>', "unsafe-html"),
    ("image-outside-project", "![x](../../../../.git/config)", None),
    # --- what real programmes write, and must keep
    ("email-autolink", "Écrivez-nous : <contact@exemple.fr>.", None),
    ("web-autolink", "Le site : <https://exemple.fr/page>.", None),
    ("raw-link", '<a href="https://exemple.fr">le site</a>', None),
    ("raw-image", '<img src="../photo.png" alt="Photo du local" width="300">', None),
    ("raw-heading", "<h2>Notre démarche</h2>\n\nTexte.", None),
    ("details", "<details>\n<summary>En savoir plus</summary>\n\nTexte caché.\n</details>", None),
    ("angle-destination", "![Le local](<../photo été.png>)", None),
    ("line-breaks", "Une ligne<br>une autre<br/>", None),
    ("centered", '<p align="center"><img src="../photo.png" alt="Logo"></p>', None),
    ("abbr-sub", 'Le <abbr title="Centre communal d\'action sociale">CCAS</abbr>, H<sub>2</sub>O',
     None),
    ("raw-table", "<table><tr><th>Année</th><td>2020</td></tr></table>", None),
    ("mailto-link", "[écrire](mailto:equipe@exemple.fr)", None),
]

ACCEPTED = [(name, body) for name, body, expected in CASES if expected is None]
HOSTILE_FIELDS = {
    "title": '"<img src=x onerror=alert(1)> & </title><script>alert(1)</script>"',
    "summary": '"<script>alert(1)</script> \\" onmouseover=alert(1)"',
    "tags": '["<svg onload=alert(1)>"]',
}


def build_corpus(root: Path) -> Path:
    """Build, with MkDocs, a programme whose one project holds every accepted case as a
    journal entry (and all of them in its own text); return the site folder."""
    write_corpus(root)
    site = root / "site"
    done = run_build(root, site)
    assert done.returncode == 0, done.stderr
    return site


def write_corpus(root: Path) -> Path:
    """The corpus programme's files, written into `root`, unbuilt."""
    files: dict[str, str | bytes] = {
        "corpus/index.md": project_text(
            "<img src=\"photo.png\" alt=\"La photo\">\n\n" + "\n\n".join(
                body for _name, body in ACCEPTED if "../" not in body),
            title='"<b onmouseover=alert(1)>Corpus</b> & co"',
            pitch='"<svg onload=alert(1)> \\" onfocus=alert(1) autofocus=\\""'),
        "corpus/photo.png": PNG,
        "corpus/photo été.png": PNG,
    }
    for number, (name, body) in enumerate(ACCEPTED, start=1):
        files[f"corpus/journal/2020-01-{number:02d}-{name}.md"] = entry_text(body, title=name)
    files["corpus/journal/2020-02-01-champs.md"] = entry_text("Texte.", **HOSTILE_FIELDS)
    return make_site_copy(root, files)
