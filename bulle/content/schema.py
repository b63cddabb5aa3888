"""The content schema, declared once.

The validator, the published JSON Schemas, the form (CMS) configuration and
the contributors' field reference all derive from these declarations.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Field kinds. Each maps to one checker in `bulle.content.validate` and one JSON Schema type.
TEXT = "text"  # one line of text
DATE = "date"  # ISO 8601 calendar date, YYYY-MM-DD
BOOL = "bool"
EMAIL = "email"
URL = "url"  # absolute http(s) URL
TERM = "term"  # an id from one of the programme's vocabularies
IMAGE = "image"  # path of an image inside the project folder
TEXT_OR_YEAR = "text_or_year"
LIST = "list"
OBJECT = "object"
LINK_MAP = "link_map"  # label -> http(s) URL
SLUG = "slug"  # lowercase ASCII words joined by hyphens, like a project folder
FORMER_SLUG = "former_slug"  # a slug, or a legacy id with dots or underscores (1000.jours)
NUMBER = "number"  # an integer or decimal number
CHOICE = "choice"  # one of a fixed list of values (`Field.choices`), not a city vocabulary
# Kinds of the programme file only (bulle.programme.schema), checked by its loader.
CONTACT = "contact"  # an e-mail address, or the https:// address of a form
COLOUR = "colour"  # "#rrggbb"
BRANCH = "branch"  # a Git branch name
REPO_FILE = "repo_file"  # path of a file from the repository's root (`Field.suffixes`)
LABEL = "label"  # text in the programme's language, or one text per language
INTEGER = "integer"

DATE_PATTERN = re.compile(r"^\d{4}-\d{2}-\d{2}$")
EMAIL_PATTERN = re.compile(r'^[^@\s<>"]+@[^@\s<>"]+\.[^@\s<>"]+$')  # also a JSON Schema pattern
# What a form or a JSON Schema can say of a web address; the checks say more
# (bulle.content.validate.web_url_problem, bulle.programme.addresses.is_address).
URL_PATTERN = re.compile(r"^https?://[^\s/]+\S*$")
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
# Former addresses may be ids of other catalogues (beta.gouv.fr: « 1000.jours », « aides.jeunes »).
FORMER_SLUG_PATTERN = re.compile(r"^[a-z0-9]+([._-][a-z0-9]+)*$")
# The statuses of the RGAA, as public services declare them.
ACCESSIBILITY_STATUSES = ("totalement", "partiellement", "non conforme", "non évalué")
ENTRY_FILE_PATTERN = re.compile(r"^(\d{4}-\d{2}-\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)\.md$")
IMAGE_EXTENSIONS = (".jpg", ".jpeg", ".png", ".webp", ".gif", ".avif")
# Other files of a project folder are published as they are: only these kinds, because an
# HTML or SVG file served from the site's own address could run scripts.
ASSET_EXTENSIONS = IMAGE_EXTENSIONS + (".pdf",)
ASSET_MAX_BYTES = 5 * 1024 * 1024  # visitors on a phone and a slow line download them


@dataclass(frozen=True)
class Field:
    """One front-matter field: its name, kind, constraints and help text (French)."""

    name: str
    kind: str
    help: str
    required: bool = False
    label: str = ""  # short French name, for forms and the field reference
    vocabulary: str | None = None  # attribute of Programme, for TERM fields
    max_length: int | None = None
    min_items: int = 0
    items: "Field | None" = None  # for LIST
    fields: tuple["Field", ...] = ()  # for OBJECT
    companion: str | None = None  # a sibling field required along with this one
    aliases: tuple[str, ...] = ()  # names people write by mistake (French, singular…)
    example: object = None
    choices: tuple[str, ...] = ()  # for CHOICE
    minimum: float | None = None  # for NUMBER and INTEGER
    maximum: float | None = None
    shorthand: str | None = None  # OBJECT: a plain text may stand for this one child field
    suffixes: tuple[str, ...] = ()  # REPO_FILE: the kinds of file accepted

    def child(self, name: str) -> "Field | None":
        for item in self.fields:
            if item.name == name:
                return item
        return None


@dataclass(frozen=True)
class Schema:
    """The front matter of one kind of file."""

    name: str
    title: str
    description: str
    fields: tuple[Field, ...]

    def get(self, name: str) -> Field | None:
        for item in self.fields:
            if item.name == name:
                return item
        return None

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(item.name for item in self.fields)


_IMAGE_HELP = (
    "Chemin d'une image du dossier du projet, relatif au fichier "
    "(.jpg, .jpeg, .png, .webp, .gif ou .avif)."
)
_ALT_HELP = (
    "Texte alternatif de l'image : ce qu'elle montre, pour les personnes qui ne la "
    "voient pas. Obligatoire avec « image »."
)


def _indicator(name: str, help: str, label: str) -> Field:
    """A transparency indicator: the address where it is published, and since when."""
    return Field(name, OBJECT, help, fields=(
        Field("url", URL, "Adresse où il est publié (http ou https).", label="Adresse"),
        Field("date", DATE, "Date de publication ou de mise à jour (AAAA-MM-JJ).",
              label="Date"),
        Field("note", TEXT, "Précision.", max_length=300, label="Précision"),
    ), label=label)


_DRAFT_HELP = "Brouillon : « true » garde la page hors du site public."

PROJECT = Schema(
    name="projet",
    title="Projet",
    description="En-tête du fichier projects/<projet>/index.md.",
    fields=(
        Field("title", TEXT, "Nom du projet.", aliases=("titre", "nom", "name"), required=True, max_length=120,
              example="Mon projet", label="Titre"),
        Field("pitch", TEXT, aliases=("mission", "accroche", "description", "resume"), help="Sa mission en une phrase (200 caractères au plus).",
              required=True, max_length=200,
              example="Rendre le tri des déchets facile pour tous.", label="Mission"),
        Field(
            "phases", LIST, aliases=("phase", "etapes", "historique"), help=
            "Historique des phases : la phase en cours est celle qui a commencé le plus tard.",
            required=True, min_items=1,
            items=Field(
                "phase", OBJECT, "Une phase de l'historique.",
                fields=(
                    Field("name", TERM, "Identifiant de la phase.", required=True,
                          vocabulary="phases", example="investigation", label="Phase"),
                    Field("start", DATE, "Date de début (AAAA-MM-JJ).", required=True,
                          example="2019-02-04", label="Début"),
                    Field("end", DATE, "Date de fin (AAAA-MM-JJ), au plus tôt le début.",
                          example="2019-06-30", label="Fin"),
                    Field("note", TEXT, "Précision sur la phase.", max_length=300, label="Précision"),
                ),
                label="Phase",
            ),
            label="Phases",
        ),
        Field("cohort", TEXT_OR_YEAR, aliases=("promotion", "promo", "cohorte"), help= "Promotion du programme (texte ou année).",
              max_length=60, example="2019", label="Promotion"),
        Field("themes", LIST, aliases=("theme", "thematiques"), help= "Thèmes, choisis dans le vocabulaire du programme.",
              items=Field("theme", TERM, "Un thème.", vocabulary="themes", label="Thème"), label="Thèmes"),
        Field("sponsors", LIST, aliases=("sponsor", "parrain", "parrains"), help= "Sponsors : direction, service ou élu qui soutient le projet.",
              items=Field("sponsor", TEXT, "Un sponsor.", max_length=120,
                          example="Direction générale adjointe Solidarités", label="Sponsor"), label="Sponsors"),
        Field(
            "team", LIST, aliases=("equipe", "membres", "intrapreneurs"), help= "Équipe : seulement les personnes qui ont accepté d'être nommées.",
            items=Field(
                "member", OBJECT, "Une personne de l'équipe.",
                fields=(
                    Field("name", TEXT, "Nom.", required=True, max_length=80,
                          example="Camille Martin", label="Nom"),
                    Field("role", TEXT, "Rôle dans l'équipe.", max_length=80,
                          example="Intrapreneuse", label="Rôle"),
                    Field("former", BOOL, "« true » pour une personne qui a quitté l'équipe.",
                          label="Ancien membre"),
                ),
                label="Personne",
            ),
            label="Équipe",
        ),
        Field(
            "awards", LIST, aliases=("prix", "distinctions", "recompenses"), help= "Prix, financements, labels et articles de presse.",
            items=Field(
                "award", OBJECT, "Une distinction.",
                fields=(
                    Field("name", TEXT, "Nom de la distinction.", required=True, max_length=160,
                          example="Prix de l'innovation publique", label="Nom"),
                    Field("date", DATE, "Date (AAAA-MM-JJ).", required=True,
                          example="2020-06-15", label="Date"),
                    Field("kind", TERM, "Sorte de distinction.", required=True,
                          vocabulary="award_kinds", example="prix", label="Sorte"),
                    Field("by", TEXT, "Qui la décerne.", max_length=160, example="Région Nouvelle-Aquitaine", label="Décernée par"),
                    Field("url", URL, "Adresse d'une page qui en parle (http ou https).",
                          example="https://exemple.fr/article", label="Adresse"),
                    Field("amount", NUMBER, "Montant en euros, pour un financement (nombre sans espace ni symbole).",
                          minimum=0, example=150000, label="Montant (€)"),
                    Field("note", TEXT, "Précision.", max_length=300, label="Précision"),
                ),
                label="Distinction",
            ),
            label="Distinctions",
        ),
        Field(
            "milestones", LIST, aliases=("jalons", "jalon", "evenements", "events"), help=
            "Jalons datés qui ne sont pas des distinctions : comité d'investissement, "
            "lancement, fin d'accompagnement…",
            items=Field(
                "milestone", OBJECT, "Un jalon.",
                fields=(
                    Field("name", TEXT, "Ce qui s'est passé.", required=True, max_length=160,
                          example="Comité d'investissement", label="Intitulé"),
                    Field("date", DATE, "Date (AAAA-MM-JJ).", required=True,
                          example="2019-06-30", label="Date"),
                    Field("kind", TERM, "Sorte de jalon.", required=True,
                          vocabulary="milestone_kinds", example="comite", label="Sorte"),
                    Field("note", TEXT, "Précision.", max_length=300, label="Précision"),
                    Field("url", URL, "Adresse d'une page qui en parle (http ou https).",
                          label="Adresse"),
                ),
                label="Jalon",
            ),
            label="Jalons",
        ),
        Field("incubator", TERM, "Incubateur qui accompagne le projet.",
              aliases=("incubateur",), vocabulary="incubators", label="Incubateur"),
        Field("organisation", TERM, "Administration qui porte le projet.",
              aliases=("organisme", "administration", "porteur"), vocabulary="organisations",
              label="Administration"),
        Field("audiences", LIST, aliases=("publics", "public", "usagers", "usertypes", "cibles"),
              help="Publics du service : à qui il s'adresse.",
              items=Field("audience", TERM, "Un public.", vocabulary="audiences", label="Public"),
              label="Publics"),
        Field(
            "transparency", OBJECT, aliases=("transparence", "indicateurs"), help=
            "Ce que le service publie sur lui-même : statistiques, budget, impact, code "
            "source, sécurité, accessibilité ; chacun avec une date facultative.",
            fields=(
                _indicator("stats", "Page de statistiques publiques du service.", "Statistiques"),
                _indicator("budget", "Budget publié du service.", "Budget"),
                _indicator("impact", "Rapport ou mesure d'impact publié.", "Impact"),
                _indicator("source_code", "Code source public.", "Code source"),
                _indicator("security", "Analyse de sécurité et des risques (ou homologation).",
                           "Sécurité"),
                Field("accessibility", OBJECT, "État de conformité au RGAA déclaré par le service.",
                      fields=(
                          Field("status", CHOICE, "État de conformité : "
                                + ", ".join(ACCESSIBILITY_STATUSES) + ".",
                                required=True, choices=ACCESSIBILITY_STATUSES,
                                example="partiellement", label="État"),
                          Field("url", URL, "Adresse de la déclaration d'accessibilité.",
                                label="Déclaration"),
                          Field("date", DATE, "Date de la déclaration (AAAA-MM-JJ).",
                                label="Date"),
                      ),
                      label="Accessibilité"),
            ),
            label="Transparence",
        ),
        Field(
            "impact", LIST, aliases=("impacts", "chiffres", "indicateurs_impact"), help=
            "Chiffres d'impact, chacun daté et sourcé, pour qu'on puisse les citer.",
            items=Field(
                "indicator", OBJECT, "Un chiffre.",
                fields=(
                    Field("label", TEXT, "Ce qui est compté.", required=True, max_length=160,
                          example="Signalements traités", label="Intitulé"),
                    Field("value", NUMBER, "La valeur (nombre sans espace).", required=True,
                          example=23, label="Valeur"),
                    Field("unit", TEXT, "Unité, si elle n'est pas dans l'intitulé.",
                          max_length=40, example="kg", label="Unité"),
                    Field("date", DATE, "Date du chiffre (AAAA-MM-JJ).", required=True,
                          example="2021-05-05", label="Date"),
                    Field("source", TEXT, "D'où vient le chiffre.", required=True,
                          max_length=200, example="Bilan annuel du service", label="Source"),
                    Field("url", URL, "Adresse de la source (http ou https).", label="Adresse"),
                ),
                label="Chiffre",
            ),
            label="Impact",
        ),
        Field("links", LINK_MAP, aliases=("liens", "lien", "link", "url", "site"), help=
              "Liens : un libellé suivi de « : » et d'une adresse http ou https.",
              example={"Site du service": "https://exemple.fr/"}, label="Liens"),
        Field("contact", EMAIL, aliases=("email", "courriel", "mail"), help= "Adresse électronique de contact de l'équipe.",
              example="equipe@exemple.fr", label="Contact"),
        Field("image", IMAGE, _IMAGE_HELP, companion="image_alt", label="Image"),
        Field("image_alt", TEXT, _ALT_HELP, aliases=("alt", "texte_alternatif", "legende"), max_length=250, label="Texte alternatif de l'image"),
        Field("former_slugs", LIST,
              "Anciens noms de dossier du projet : leurs adresses renvoient vers la nouvelle, "
              "pour que les liens déjà publiés marchent encore.",
              aliases=("anciens_noms", "ancien_nom", "redirects", "aliases"),
              items=Field("former_slug", FORMER_SLUG, "Un ancien nom de dossier.", example="ancien-nom"),
              label="Anciens noms du dossier"),
        Field("draft", BOOL, _DRAFT_HELP, aliases=("brouillon",), label="Brouillon"),
    ),
)

ENTRY = Schema(
    name="entree",
    title="Entrée du journal",
    description="En-tête du fichier projects/<projet>/journal/AAAA-MM-JJ-<mots>.md.",
    fields=(
        Field("title", TEXT, "Titre de l'entrée.", aliases=("titre",), required=True, max_length=120,
              example="Première rencontre avec les usagers", label="Titre"),
        Field("date", DATE,
              "Date (AAAA-MM-JJ). Facultative : elle est lue dans le nom du fichier ; "
              "si vous l'écrivez, elle doit lui être identique.", label="Date"),
        Field("authors", LIST, aliases=("auteurs", "auteur", "author", "par"), help= "Auteurs de l'entrée.",
              items=Field("author", TEXT, "Un auteur.", max_length=80, example="Camille Martin", label="Auteur"), label="Auteurs"),
        Field("kind", TERM, "Sorte d'entrée.", aliases=("type", "genre", "categorie", "sorte"), vocabulary="entry_kinds", example="etape", label="Sorte d'entrée"),
        Field("tags", LIST, aliases=("tag", "mots-cles", "etiquettes"), help= "Mots-clés.",
              items=Field("tag", TEXT, "Un mot-clé.", max_length=40, example="terrain", label="Mot-clé"), label="Mots-clés"),
        Field("summary", TEXT, aliases=("resume", "chapo", "extrait"), help=
              "Résumé. Sinon, le texte avant <!-- more -->, sinon le premier paragraphe.",
              max_length=400, label="Résumé"),
        Field("image", IMAGE, _IMAGE_HELP, companion="image_alt", label="Image"),
        Field("image_alt", TEXT, _ALT_HELP, aliases=("alt", "texte_alternatif", "legende"), max_length=250, label="Texte alternatif de l'image"),
        Field("draft", BOOL, _DRAFT_HELP, aliases=("brouillon",), label="Brouillon"),
    ),
)

SCHEMAS = (PROJECT, ENTRY)

# What each kind of field holds, in the contributors' words (guide and hints).
KIND_LABELS = {
    TEXT: "texte sur une ligne",
    DATE: "date AAAA-MM-JJ",
    BOOL: "true (oui) ou false (non)",
    EMAIL: "adresse électronique",
    URL: "adresse web (https://…)",
    TERM: "un identifiant de la liste",
    IMAGE: "chemin d'une image du dossier du projet",
    TEXT_OR_YEAR: "texte ou année",
    LIST: "liste",
    OBJECT: "bloc de champs",
    LINK_MAP: "liens « Libellé: https://adresse », un par ligne",
    SLUG: "nom de dossier (minuscules, chiffres, tirets)",
    FORMER_SLUG: "nom de dossier (minuscules, chiffres, tirets ; points admis pour un ancien identifiant)",
    NUMBER: "nombre (chiffres, point pour les décimales)",
    CHOICE: "une valeur de la liste",
    CONTACT: "adresse électronique, ou adresse https:// d'un formulaire",
    COLOUR: "couleur « #rrvvbb », entre guillemets",
    BRANCH: "nom de branche Git (lettres sans accents, chiffres, « . _ - / »)",
    REPO_FILE: "chemin d'un fichier depuis la racine du dépôt",
    LABEL: "texte, ou un texte par langue (« fr: … », « en: … »)",
    INTEGER: "nombre entier",
}
