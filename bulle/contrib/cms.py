"""The form (Decap CMS) configuration, generated from the schema and the programme.

Nothing here is maintained by hand: a field added to `bulle.content.schema`, a theme
added to `programme.yml` or a new project folder shows up in the form at the
next build. Journal entries get one collection per public project (the form
user picks the project by picking its journal), because Decap writes a
collection's files in one folder and Bulle keeps each journal in its project.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any, Sequence

import yaml

from bulle.content import schema as S
from bulle.contrib.contribute import github_repository
from bulle.content.model import Programme, Project

DECAP_VERSION = "3.16.3"
DECAP_SCRIPT = f"https://unpkg.com/decap-cms@{DECAP_VERSION}/dist/decap-cms.js"
# sha384 of package/dist/decap-cms.js in `npm pack decap-cms@3.16.3` (see bulle/docs/contribuer).
DECAP_INTEGRITY = "sha384-A/Gdn928CNLufmnGWGs9RM4Q9o8bSNLeJERqBFrBjwzL7FRpoLT3MPF8Tl0+Wd2p"
LINKS_WIDGET = "bulle-liens"  # registered by admin/bulle-cms.js: Decap has no label -> URL map
ADMIN_SCRIPT = Path(__file__).parent / "admin" / "bulle-cms.js"
LONG_TEXT = 160  # above this length, a text field gets a multi-line box
BODY_FIELD = {"name": "body", "label": "Texte", "widget": "markdown", "required": False,
              "hint": "Le récit, en Markdown. Le premier paragraphe sert de résumé dans les "
                      "listes."}
PATTERNS = {
    S.EMAIL: (S.EMAIL_PATTERN.pattern, "Une adresse comme nom@domaine.fr"),
    S.URL: (S.URL_PATTERN.pattern, "Une adresse complète, qui commence par https://"),
    S.SLUG: (S.SLUG_PATTERN.pattern, "Minuscules sans accents, chiffres et tirets"),
    S.FORMER_SLUG: (S.FORMER_SLUG_PATTERN.pattern, "Minuscules sans accents, chiffres et tirets"),
}


def cms_config(programme: Programme, projects: Sequence[Project],
               projects_dir: str = "projects") -> dict[str, Any] | None:
    """Decap's configuration as data; None when the repository is not on GitHub."""
    repository = github_repository(programme.identity)
    if repository is None:
        return None
    identity = programme.identity
    backend: dict[str, Any] = {
        "name": "github",
        "repo": repository.removeprefix("https://github.com/"),
        "branch": identity.branch,
        "open_authoring": True,  # people without write access propose from their fork
        "commit_messages": {
            "create": "Nouveau : {{collection}} « {{slug}} »",
            "update": "Modification : {{collection}} « {{slug}} »",
            "delete": "Suppression : {{collection}} « {{slug}} »",
            "uploadMedia": "Image « {{path}} »",
            "deleteMedia": "Suppression de l'image « {{path}} »",
            "openAuthoring": "{{message}}",
        },
    }
    if identity.cms_auth_url:
        backend["base_url"] = identity.cms_auth_url
    return {
        "backend": backend,
        "local_backend": True,  # `npx decap-server`: only used when the form runs on localhost
        "publish_mode": "editorial_workflow",
        "locale": identity.language,
        "site_url": identity.site_url,
        "display_url": identity.site_url,
        "media_folder": f"{projects_dir}",  # overridden next to each file by every collection
        "public_folder": "",
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "collections": [project_collection(programme, projects_dir),
                        *(journal_collection(programme, project, projects_dir)
                          for project in projects)],
    }


def project_collection(programme: Programme, projects_dir: str = "projects") -> dict[str, Any]:
    """Every project's index.md; a new project gets a folder named after its title."""
    return {
        "name": "projets",
        "label": "Projets",
        "label_singular": "projet",
        "description": S.PROJECT.description,
        "folder": projects_dir,
        "path": "{{slug}}/index",
        "slug": "{{slug}}",
        **_MARKDOWN_FILES,
        "fields": [*cms_fields(S.PROJECT, programme), dict(BODY_FIELD)],
    }


# What both kinds of collections share: Markdown files with YAML front matter, created but
# never deleted from the form, their images saved next to them.
_MARKDOWN_FILES = {"extension": "md", "format": "yaml-frontmatter", "create": True,
                   "delete": False, "media_folder": "", "public_folder": "",
                   "summary": "{{title}}"}


def journal_collection(programme: Programme, project: Project,
                       projects_dir: str = "projects") -> dict[str, Any]:
    """The journal of one project: entries named AAAA-MM-JJ-mots-du-titre.md."""
    return {
        "name": f"journal-{project.slug}",
        "label": f"Journal : {project.title}",
        "label_singular": f"entrée du journal de {project.title}",
        "description": f"Les entrées du journal de {project.title}. "
                       "La date du nom du fichier est celle de l'entrée.",
        "folder": f"{projects_dir}/{project.slug}/journal",
        "slug": "{{year}}-{{month}}-{{day}}-{{slug}}",
        **_MARKDOWN_FILES,
        "sortable_fields": ["title"],
        "fields": [*cms_fields(S.ENTRY, programme), dict(BODY_FIELD)],
    }


def cms_fields(record: S.Schema, programme: Programme) -> list[dict[str, Any]]:
    return [cms_field(field, programme) for field in record.fields]


def cms_field(field: S.Field, programme: Programme) -> dict[str, Any]:
    """One schema field as a Decap field: widget, required flag, options, hint."""
    result: dict[str, Any] = {"name": field.name, "label": field.label or field.name,
                              "required": field.required, "hint": field.help}
    result.update(_widget(field, programme))
    if field.max_length and result["widget"] in ("string", "text"):
        result["pattern"] = [f"^[\\s\\S]{{0,{field.max_length}}}$",
                             f"{field.max_length} caractères au plus"]
    if field.kind in PATTERNS:
        result["pattern"] = list(PATTERNS[field.kind])
    return result


def _widget(field: S.Field, programme: Programme) -> dict[str, Any]:
    kind = field.kind
    if kind in (S.TEXT, S.TEXT_OR_YEAR, S.EMAIL, S.URL, S.SLUG, S.FORMER_SLUG):
        long = (field.max_length or 0) > LONG_TEXT
        return {"widget": "text" if long else "string"}
    if kind == S.DATE:
        widget = {"widget": "datetime", "format": "YYYY-MM-DD", "date_format": "DD/MM/YYYY",
                  "time_format": False, "picker_utc": True}
        return widget if field.required else {**widget, "default": ""}
    if kind == S.NUMBER:
        widget = {"widget": "number", "value_type": "float"}
        return {**widget, "min": field.minimum} if field.minimum is not None else widget
    if kind == S.CHOICE:
        return {"widget": "select", "options": list(field.choices)}
    if kind == S.BOOL:
        return {"widget": "boolean", "default": False}
    if kind == S.TERM:  # a list programme.yml does not define yet: plain text
        options = _options(field, programme)
        return {"widget": "select", "options": options} if options else {"widget": "string"}
    if kind == S.IMAGE:
        return {"widget": "image", "choose_url": False}
    if kind == S.LINK_MAP:
        return {"widget": LINKS_WIDGET}
    if kind == S.OBJECT:
        return {"widget": "object", "fields": [cms_field(child, programme)
                                               for child in field.fields]}
    assert kind == S.LIST and field.items is not None, kind
    item = field.items
    if item.kind == S.TERM and _options(item, programme):
        return {"widget": "select", "multiple": True, "options": _options(item, programme)}
    if item.kind == S.OBJECT:
        widget = {"widget": "list", "label_singular": item.label or item.name,
                  "summary": "{{fields.name}}", "collapsed": True,
                  "fields": [cms_field(child, programme) for child in item.fields]}
        return {**widget, "min": field.min_items} if field.min_items else widget
    return {"widget": "list", "label_singular": item.label or item.name,
            "field": cms_field(item, programme)}


def _options(field: S.Field, programme: Programme) -> list[dict[str, str]]:
    language = programme.identity.language
    return [{"label": term.label(language), "value": term.id}
            for term in programme.vocabulary(field.vocabulary).terms]


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """Write repeated values in full: the file is read by people too, not only by Decap.

    libyaml's emitter when there is one: 700 projects make a long file."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def render_cms_config(config: dict[str, Any]) -> str:
    """The configuration as YAML text, by a YAML serialiser."""
    head = ("# Généré par Bulle à chaque construction, à partir de bulle/content/schema.py et de\n"
            "# programme.yml : ne le modifiez pas, modifiez ces deux fichiers.\n")
    return head + yaml.dump(config, Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                            width=100)


def render_admin_page(programme: Programme) -> str:
    """The form's page: Decap's script from its publisher, pinned and checked, then ours."""
    identity = programme.identity
    title = html.escape(f"Contribuer – {identity.name}")
    return f"""<!doctype html>
<html lang="{html.escape(identity.language)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>{title}</title>
<link href="config.yml" type="text/yaml" rel="cms-config-url">
</head>
<body>
<noscript>Ce formulaire a besoin de JavaScript. Sans lui, suivez le guide « Contribuer » du site.</noscript>
<script src="{DECAP_SCRIPT}" integrity="{DECAP_INTEGRITY}" crossorigin="anonymous"></script>
<script src="bulle-cms.js"></script>
</body>
</html>
"""


def render_admin(programme: Programme, projects: Sequence[Project],
                 projects_dir: str = "projects") -> dict[str, str]:
    """The files of /admin/, by their path on the site (none off GitHub)."""
    config = cms_config(programme, projects, projects_dir)
    if config is None:
        return {}
    return {"admin/index.html": render_admin_page(programme),
            "admin/config.yml": render_cms_config(config),
            "admin/bulle-cms.js": ADMIN_SCRIPT.read_text(encoding="utf-8")}
