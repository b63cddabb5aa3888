"""The programme file's fields, declared once, with the same machinery as the content's.

The loader (bulle.programme.load, identity, branding) takes from here which
fields exist, which are required and which values a choice allows; the
published JSON Schema (`schema/programme.schema.json`) and the field reference
of the guide's « Reprendre Bulle » page derive from it too. The loader says more
than a schema can: contrast of the colours, files that exist, addresses safe to
print in every page.
"""

from __future__ import annotations

from bulle.content.model import ACCESSIBILITY_STATUSES
from bulle.content.schema import (BOOL, BRANCH, CHOICE, COLOUR, CONTACT, DATE, INTEGER, LABEL, LINK_MAP,
                                  LIST, OBJECT, REPO_FILE, SLUG, TEXT, URL, Field, Schema)
from bulle.programme.i18n import available_languages
from bulle.programme.licence import KNOWN

LOGO_SUFFIXES = (".svg", ".png", ".jpg", ".jpeg", ".webp", ".gif")
FAVICON_SUFFIXES = (".svg", ".png", ".ico")
PHASE_STATES = ("active", "closed")
DEFAULT_SILENT_AFTER_MONTHS = 6


def _organisation(name: str, help: str, label: str) -> Field:
    return Field(name, OBJECT, help, label=label, shorthand="name", fields=(
        Field("name", TEXT, "Nom.", required=True, example="Ville d'Exemple", label="Nom"),
        Field("address", TEXT, "Adresse postale.", example="1 place de la Mairie, 00000 Exemple",
              label="Adresse"),
    ))


def _vocabulary(name: str, help: str, label: str, example: tuple[str, str],
                required: bool = True, phases: bool = False) -> Field:
    term = (
        Field("id", SLUG, "Identifiant, celui que les fichiers des projets écrivent.",
              required=True, example=example[0], label="Identifiant"),
        Field("label", LABEL, "Libellé sur le site.", required=True, example=example[1],
              label="Libellé"),
        *((Field("state", CHOICE, "active : un projet en cours ; closed : un projet terminé.",
                 required=True, choices=PHASE_STATES, label="État"),) if phases else ()),
        Field("description", LABEL, "Ce que le terme veut dire, pour les contributeurs.",
              label="Description"),
    )
    return Field(name, LIST, help, required=required, min_items=1, label=label,
                 items=Field("term", OBJECT, "Un terme.", fields=term, label="Terme"))


IDENTITY = Field("identity", OBJECT, "Qui porte le programme et répond de son site.",
                 required=True, label="Identité", fields=(
    Field("name", TEXT, "Nom du programme : titre du site, pied de page, flux, données.",
          required=True, example="La Fabrique", label="Nom"),
    Field("city", TEXT, "Ville ou territoire.", example="Exemple", label="Ville"),
    Field("organisation", TEXT, "Collectivité qui porte le programme.",
          example="Ville d'Exemple", label="Collectivité"),
    Field("description", TEXT, "Une phrase qui présente le programme (accueil, moteurs de "
          "recherche, flux).", label="Description"),
    Field("site_url", URL, "Adresse du site publié (sans « ? » ni « # »).", required=True,
          example="https://innovation.exemple.fr/", label="Adresse du site"),
    Field("repository", URL, "Adresse https:// du dépôt GitHub : liens « Modifier cette page » "
          "et « Ajouter une entrée au journal ».",
          example="https://github.com/ville/bulle", label="Dépôt"),
    Field("branch", BRANCH, "Branche publiée du dépôt (main par défaut).", example="main",
          label="Branche"),
    Field("contact", CONTACT, "L'équipe du programme : mentions légales, et contact par "
          "défaut des autres pages.", example="innovation@exemple.fr",
          label="Contact"),
    Field("language", CHOICE, "Langue du site (fr par défaut ; voir « Langues »).",
          choices=tuple(available_languages()), example="fr", label="Langue"),
    Field("demo", BOOL, "« true » : un bandeau dit que le site est une démonstration.",
          label="Démonstration"),
    _organisation("publisher", "Éditeur du site (page « Mentions légales ») ; sinon la collectivité.",
                  "Éditeur"),
    Field("publication_director", TEXT, "Directeur ou directrice de la publication (une "
          "fonction) : page « Mentions légales ».",
          label="Direction de la publication"),
    _organisation("host", "Hébergeur du site (page « Mentions légales »).", "Hébergeur"),
    Field("accessibility", OBJECT, "État de conformité au RGAA et ce qui n'est pas accessible : page "
          "« Accessibilité ».",
          label="Accessibilité", fields=(
        Field("status", CHOICE, "full : totalement conforme ; partial : partiellement ; "
              "none : non conforme, aussi tant qu'aucun audit n'a été fait.",
              choices=ACCESSIBILITY_STATUSES, example="none", label="État"),
        Field("audit", TEXT, "Qui a fait l'audit, et comment.", label="Audit"),
        Field("date", DATE, "Date de l'audit (AAAA-MM-JJ).", label="Date"),
        Field("not_accessible", LIST, "Ce qui n'est pas accessible.", label="Non accessible",
              items=Field("item", TEXT, "Un contenu non accessible.", label="Contenu")),
        Field("contact", CONTACT, "À qui signaler un défaut d'accessibilité (sinon le contact).",
              label="Contact"),
    )),
    Field("personal_data_contact", CONTACT,
          "À qui écrire pour faire corriger ou retirer une information : page « Données "
          "personnelles » (sinon le contact).",
          label="Contact données personnelles"),
    Field("cms_auth_url", URL, "Service de connexion du formulaire (Decap CMS) : voir « Le formulaire ».",
          label="Connexion du formulaire"),
    Field("logo", REPO_FILE, "Logo, depuis la racine du dépôt ; sans lui, la bulle de Bulle.", suffixes=LOGO_SUFFIXES,
          example="docs/images/logo.svg", label="Logo"),
    Field("favicon", REPO_FILE, "Icône de l'onglet, depuis la racine du dépôt.",
          suffixes=FAVICON_SUFFIXES, example="docs/images/favicon.png", label="Icône"),
    Field("colours", OBJECT, "Couleurs du site ; un contraste trop faible est signalé.",
          label="Couleurs", fields=(
        Field("primary", COLOUR, "Couleur principale : en-tête, liens, filtres choisis.", example="#1d4f91",
              label="Principale"),
        Field("accent", COLOUR, "Couleur des liens survolés.", example="#c8102e",
              label="Accent"),
    )),
    Field("social", LINK_MAP, "Comptes du programme, un par ligne (« Mastodon: https://… ») : pied de page.",
          example={"Mastodon": "https://mastodon.exemple/@ville"}, label="Réseaux"),
    Field("licence", OBJECT, "Licence des textes et des données : un identifiant parmi "
          + ", ".join(KNOWN) + ", ou bien le titre et l'adresse d'une autre.",
          shorthand="id", example="etalab-2.0", label="Licence", fields=(
        Field("id", TEXT, "Identifiant.", label="Identifiant"),
        Field("title", TEXT, "Titre.", required=True, label="Titre"),
        Field("url", URL, "Adresse du texte de la licence.", required=True, label="Adresse"),
    )),
))

PROGRAMME = Schema(
    name="programme",
    title="Fichier du programme",
    description="programme.yml, à la racine du dépôt : l'identité du programme et ses listes.",
    fields=(
        IDENTITY,
        _vocabulary("phases", "Phases d'un projet, dans l'ordre.", "Phases",
                    ("acceleration", "Accélération"), phases=True),
        _vocabulary("award_kinds", "Sortes de distinctions.", "Sortes de distinctions",
                    ("prix", "Prix")),
        _vocabulary("entry_kinds", "Sortes d'entrées du journal.", "Sortes d'entrées",
                    ("decouverte", "Découverte")),
        _vocabulary("themes", "Thèmes des projets.", "Thèmes", ("solidarite", "Solidarité")),
        _vocabulary("milestone_kinds", "Sortes de jalons (si des projets en ont).",
                    "Sortes de jalons", ("comite", "Comité d'investissement"), required=False),
        _vocabulary("audiences", "Publics des services (si des projets en donnent).",
                    "Publics", ("seniors", "Personnes âgées"), required=False),
        _vocabulary("incubators", "Incubateurs (si des projets en nomment).", "Incubateurs",
                    ("fabrique", "La Fabrique"), required=False),
        _vocabulary("organisations", "Administrations qui portent des projets.",
                    "Administrations", ("ville", "Ville d'Exemple"), required=False),
        Field("silent_after_months", INTEGER, "Après combien de mois sans nouvelles un projet "
              f"en cours est dit silencieux ({DEFAULT_SILENT_AFTER_MONTHS} par défaut).",
              minimum=1, maximum=120, example=DEFAULT_SILENT_AFTER_MONTHS,
              label="Silence après (mois)"),
    ),
)
VOCABULARIES = tuple(f.name for f in PROGRAMME.fields if f.kind == LIST)
REQUIRED_VOCABULARIES = tuple(f.name for f in PROGRAMME.fields if f.kind == LIST and f.required)
SETTINGS = tuple(f.name for f in PROGRAMME.fields if f.kind not in (LIST, OBJECT))


def names(field: Field) -> tuple[str, ...]:
    """The names of an object field's children (what the loader accepts, nothing else)."""
    return tuple(child.name for child in field.fields)


def child(field: Field, *path: str) -> Field:
    for name in path:
        found = field.child(name) or (field.items.child(name) if field.items else None)
        assert found is not None, f"{field.name} has no field {name}"
        field = found
    return field
