"""Import the startup files of beta.gouv.fr (`content/_startups/*.md`) as Bulle projects.

The public repository github.com/betagouv/beta.gouv.fr describes each product in a
Markdown file with a YAML header. `convert` maps one file to a project's front matter
and story; ids are translated through an editable table (`betagouv.yml`). Whatever
has no place in Bulle is counted, never silently dropped: the report says so.
Everything read is untrusted: nothing is written outside `projects/`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bulle.content import schema as S
from bulle.content.text import ascii_fold, slugify
from bulle.pages.urls import RESERVED_SLUGS

TABLE = Path(__file__).with_name("betagouv.yml")
SITE = "https://beta.gouv.fr"
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
# Words of a shared address (whole, or the start of a part for the long ones); any other
# first.last before the @ is taken for a person's.
_SERVICE_WORDS = ("contact", "support", "equipe", "team", "incubat", "atelier", "numerique",
                  "bonjour", "hello", "info", "aide", "help", "lab", "dsi", "fabnum", "dev",
                  "produit", "service", "admin", "suite", "adresse", "apprentissage",
                  "expert", "innov", "snum", "amd", "no-reply", "noreply", "dtnum", "data",
                  "assistance", "cartograph", "api")
_PERSONAL_DOMAINS = ("gmail.", "yahoo.", "hotmail.", "outlook.", "laposte.net", "free.fr",
                     "orange.fr", "wanadoo.", "icloud.", "protonmail.")
_IMAGE = re.compile(r"!\[([^\]]*)\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_LINK = re.compile(r"(?<!!)\[([^\]]*)\]\(\s*<?(/[^)\s>]*)>?\s*\)")
_SIBLING = re.compile(r"(?<!!)\[([^\]]*)\]\(\s*([\w.-]+)\s*\)")  # [text](other-startup)
# <img src> and <iframe src>…</iframe>: what they show is on another site.
_EMBED = re.compile(r"<(img|iframe)\b[^>]*>(?:\s*</iframe>)?", re.I)
_ATTRIBUTE = re.compile(r"([a-zA-Z-]+)\s*=\s*\"([^\"]*)\"")
_KEY_LINE = re.compile(r"^([A-Za-z_][\w-]*):", re.M)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


@dataclass
class Catalogue:
    """What the startup files point to: organisations, incubators, phase labels, people."""

    organisations: dict[str, tuple[str, str]] = field(default_factory=dict)  # id -> name, acronym
    incubators: dict[str, str] = field(default_factory=dict)  # id -> title
    phase_labels: dict[str, str] = field(default_factory=dict)  # id -> label
    authors: set[str] = field(default_factory=set)  # ids (first.last)
    startups: set[str] = field(default_factory=set)  # ids: a bare one is a link between pages
    missions: dict[str, list[tuple[str, str | None, bool]]] = field(default_factory=dict)


@dataclass
class Converted:
    """One startup file as a project: its folder, front matter and story."""

    slug: str
    source: str
    front: dict[str, Any]
    body: str
    terms: dict[str, dict[str, str]] = field(default_factory=dict)  # vocabulary -> id -> label
    body_line: int = 1  # line of the source file where `body` starts
    prefix_lines: int = 0  # lines put before the body (the full mission)


@dataclass
class Refusal:
    source: str
    line: int | None
    message: str
    code: str = "import"

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line else self.source
        return f"{where}: refusé : {self.message}"


@dataclass
class Notes:
    """Counts for the report: fields or values not mapped, and conversions made."""

    unmapped: Counter = field(default_factory=Counter)
    converted: Counter = field(default_factory=Counter)


def load_table(path: Path | None = None) -> dict:
    data = yaml.load((path or TABLE).read_text(encoding="utf-8"), Loader=_LOADER)
    return {key: data.get(key) or {} for key in ("phases", "events", "audiences", "accessibility")}


def read_catalogue(source: Path, with_team: bool = False) -> Catalogue:
    """Read the organisations, incubators, phases and (with `with_team`) people of a checkout."""
    content = source / "content"
    catalogue = Catalogue()
    for path in sorted((content / "_organisations").glob("*.md")):
        data = _front(path.read_text(encoding="utf-8"))[0] or {}
        if isinstance(data.get("name"), str):
            catalogue.organisations[path.stem] = (data["name"].strip(),
                                                  str(data.get("acronym") or "").strip())
    for path in sorted((content / "_incubators").glob("*.md")):
        data = _front(path.read_text(encoding="utf-8"))[0] or {}
        if isinstance(data.get("title"), str):
            catalogue.incubators[path.stem] = data["title"].strip()
    for path in sorted((content / "_phases").glob("*.md")):
        data = _front(path.read_text(encoding="utf-8"))[0] or {}
        if isinstance(data.get("label"), str):
            catalogue.phase_labels[path.stem] = data["label"].strip()
    catalogue.startups = {path.stem for path in (content / "_startups").glob("*.md")}
    authors = content / "_authors"
    catalogue.authors = {path.stem.lower() for path in authors.glob("*.md")}
    if with_team:
        for path in sorted(authors.glob("*.md")):
            _read_author(path, catalogue)
    return catalogue


def _read_author(path: Path, catalogue: Catalogue) -> None:
    try:
        data = _front(path.read_text(encoding="utf-8"))[0]
    except (yaml.YAMLError, UnicodeDecodeError):
        return
    if not isinstance(data, dict) or not isinstance(data.get("fullname"), str):
        return
    today = dt.date.today()
    ends: dict[str, list[dt.date | None]] = {}
    for mission in data.get("missions") or []:
        if not isinstance(mission, dict):
            continue
        end = _date(mission.get("end"))
        for startup in mission.get("startups") or []:
            ends.setdefault(str(startup), []).append(end)
    role = data.get("role") if isinstance(data.get("role"), str) else None
    for startup, dates in ends.items():
        former = all(end is not None and end < today for end in dates)
        catalogue.missions.setdefault(startup, []).append(
            (" ".join(data["fullname"].split()), role, former))


# --- one file -----------------------------------------------------------------------


def convert(path: Path, rel: str, catalogue: Catalogue, table: dict, notes: Notes,
            with_team: bool = False) -> Converted | Refusal:
    """Map one startup file; a Refusal says why it cannot become a project."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return Refusal(rel, None, "le fichier n'est pas en UTF-8", "encoding")
    try:
        data, body, head = _front(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "context_mark", None) or getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark else None  # the header starts on the line of ---
        return Refusal(rel, line, f"en-tête YAML illisible ({getattr(error, 'problem', error)})",
                       "yaml")
    if not isinstance(data, dict):
        return Refusal(rel, 1, "pas d'en-tête YAML « nom: valeur » entre deux lignes ---",
                       "yaml")
    lines = {match.group(1): head[:match.start()].count("\n") + 1
             for match in _KEY_LINE.finditer(head)}
    stem = path.stem
    slug = slugify(stem)
    if slug in RESERVED_SLUGS:
        slug += "-projet"
    title = _text(data.get("title"))
    if not title:
        return Refusal(rel, lines.get("title", 1), "pas de titre (« title »)", "missing-title")
    mission = _text(data.get("mission"))
    if not mission:
        return Refusal(rel, lines.get("mission", 1), "pas de mission (« mission »)",
                       "missing-mission")
    front: dict[str, Any] = {}
    result = Converted(slug, rel, front, "")
    front["title"] = _cut(title, 120, notes, "title")
    front["pitch"] = _cut(mission, 200, notes, "mission")
    phases = _phases(data.get("phases"), catalogue, table, notes)
    if not phases:
        return Refusal(rel, lines.get("phases", 1),
                       "aucune phase utilisable (« phases » avec « name » et « start »)",
                       "missing-phases")
    front["phases"] = phases
    themes = _themes(data.get("thematiques"), result, notes)
    if themes:
        front["themes"] = themes
    sponsors = _sponsors(data.get("sponsors"), catalogue, notes)
    if sponsors:
        front["sponsors"] = sponsors
    if with_team:
        team = _team(stem, catalogue)
        if team:
            front["team"] = team
    awards, milestones = _events(data, table, notes)
    if awards:
        front["awards"] = awards
    if milestones:
        front["milestones"] = milestones
    incubator = data.get("incubator")
    if isinstance(incubator, str) and incubator.strip():
        term = slugify(incubator)
        front["incubator"] = term
        label = catalogue.incubators.get(incubator.strip()) or incubator.strip()
        result.terms.setdefault("incubators", {})[term] = label
    audiences = _audiences(data.get("usertypes"), result, table, notes)
    if audiences:
        front["audiences"] = audiences
    transparency = _transparency(data, table, notes)
    if transparency:
        front["transparency"] = transparency
    links = {}
    if _is_url(data.get("link")):
        links["Site du service"] = data["link"].strip()
    elif data.get("link"):
        notes.unmapped["link (pas une adresse web)"] += 1
    if _is_url(data.get("dashlord_url")):
        links["Tableau de bord DashLord"] = data["dashlord_url"].strip()
    links["Fiche sur beta.gouv.fr"] = f"{SITE}/startups/{stem}.html"
    front["links"] = links
    contact = _contact(data.get("contact"), catalogue, notes)
    if contact:
        front["contact"] = contact
    former = _former_slugs(stem, slug, data.get("redirect_from"), notes)
    if former:
        front["former_slugs"] = former
    for key in data:
        if key not in _MAPPED:
            notes.unmapped[key] += 1
    story = _story(body, catalogue, notes)
    result.body_line = body_start(text, body)
    if front["pitch"] != mission:
        story = f"{mission}\n\n{story}" if story else mission
        result.prefix_lines = 2
    result.body = story
    return result


_MAPPED = {"title", "mission", "phases", "thematiques", "sponsors", "events", "fast",
           "incubator", "usertypes", "link", "repository", "stats_url", "budget_url",
           "impact_url", "dashlord_url", "accessibility_status", "contact", "redirect_from",
           "analyse_risques", "analyse_risques_url", "mon_service_securise", "stats"}


def _front(text: str) -> tuple[Any, str, str]:
    """(header data, body, header text) of a Jekyll file; a file without header is all body."""
    text = text.lstrip("\ufeff")
    if not text.startswith("---"):
        return None, text, ""
    end = re.search(r"^---[ \t]*$", text[3:], re.M)
    if end is None:
        return None, text, ""
    head = text[3:3 + end.start()]
    body = text[3 + end.end():].lstrip("\n")
    return yaml.load(head, Loader=_LOADER), body, head


def body_start(text: str, body: str) -> int:
    """The line of `text` where `body` (its stripped end) starts."""
    stripped = body.strip()
    index = text.rfind(stripped) if stripped else -1
    return text[:index].count("\n") + 1 if index >= 0 else 1


def _text(value: Any) -> str:
    return " ".join(str(value).split()) if isinstance(value, (str, int, float)) and \
        not isinstance(value, bool) else ""


def _cut(text: str, limit: int, notes: Notes, name: str) -> str:
    """`text` under `limit` characters, at a sentence end, else a word boundary, with « … »."""
    if len(text) <= limit:
        return text
    notes.converted[f"{name} de plus de {limit} caractères : coupé"] += 1
    head = text[:limit - 1]
    sentence = max(head.rfind(". "), head.rfind("! "), head.rfind("? "))
    if sentence >= limit // 3:
        return head[:sentence + 1]
    return head[:head.rfind(" ")].rstrip(" ,;:–-") + "…" if " " in head else head + "…"


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    return None


def _is_url(value: Any) -> bool:
    return isinstance(value, str) and S.URL_PATTERN.match(value.strip()) is not None


def _phases(raw: Any, catalogue: Catalogue, table: dict, notes: Notes) -> list[dict]:
    phases = []
    for item in raw if isinstance(raw, list) else []:
        if not isinstance(item, dict):
            notes.unmapped["phases (élément illisible)"] += 1
            continue
        name = str(item.get("name") or "").strip()
        target = table["phases"].get(name)
        start = _date(item.get("start"))
        if target is None or start is None:
            notes.unmapped[f"phases : « {name} »" if target is None
                           else "phases (sans date de début)"] += 1
            continue
        phase: dict[str, Any] = {"name": target, "start": start}
        end = _date(item.get("end"))
        if end is not None and end >= start:
            phase["end"] = end
        elif item.get("end"):
            notes.unmapped["phases.end (avant le début ou illisible)"] += 1
        note = _text(item.get("comment"))
        if target != name and name in catalogue.phase_labels:
            label = f"Sur beta.gouv.fr : {catalogue.phase_labels[name]}."
            note = f"{label} {note}" if note else label
        if note:
            phase["note"] = _cut(note, 300, notes, "phases.comment")
        phases.append(phase)
    return _untangle(phases, table, notes)


def _untangle(phases: list[dict], table: dict, notes: Notes) -> list[dict]:
    """Phases in order, without the ambiguities the checker warns about (a strict build fails).

    Of two phases that start the same day, the later one in the programme's order is kept
    and its note says so; an end after the next phase's start is dropped (that start says
    when it ended).
    """
    order = {name: index for index, name in enumerate(dict.fromkeys(table["phases"].values()))}
    ordered = sorted(phases, key=lambda phase: (phase["start"], order.get(phase["name"], 0)))
    result: list[dict] = []
    for phase in ordered:
        if result and result[-1]["start"] == phase["start"]:
            dropped = result.pop()
            if dropped["name"] != phase["name"]:
                text = f"Commencée le même jour que la phase « {dropped['name']} »."
                phase["note"] = _cut(f"{text} {phase.get('note', '')}".strip(), 300, notes,
                                     "phases.comment")
            notes.converted["deux phases commencent le même jour : la seconde seule gardée"] += 1
        if result and result[-1].get("end") and result[-1]["end"] > phase["start"]:
            del result[-1]["end"]
            notes.converted["fin d'une phase après le début de la suivante : fin retirée"] += 1
        result.append(phase)
    return result


def _themes(raw: Any, result: Converted, notes: Notes) -> list[str]:
    themes: list[str] = []
    for value in raw if isinstance(raw, list) else []:
        label = _text(value)
        term = slugify(label)
        if not term:
            notes.unmapped["thematiques (vide)"] += 1
            continue
        if term not in themes:
            themes.append(term)
            result.terms.setdefault("themes", {}).setdefault(term, label[:1].upper() + label[1:])
    return themes


def _sponsors(raw: Any, catalogue: Catalogue, notes: Notes) -> list[str]:
    sponsors: list[str] = []
    for value in raw if isinstance(raw, list) else []:
        key = str(value).strip().removeprefix("/organisations/").strip("/")
        if key not in catalogue.organisations:
            notes.unmapped[f"sponsors : organisation inconnue « {key} »"] += 1
            continue
        name, acronym = catalogue.organisations[key]
        text = f"{name} ({acronym})" if acronym and acronym.casefold() not in name.casefold() \
            else name
        if len(text) > 120:
            text = acronym if acronym and len(name) > 120 else name[:119] + "…"
        if text not in sponsors:
            sponsors.append(text)
    return sponsors


def _team(stem: str, catalogue: Catalogue) -> list[dict]:
    members = sorted(set(catalogue.missions.get(stem, ())), key=lambda m: (m[2], m[0]))
    team = []
    for name, role, former in members:
        member: dict[str, Any] = {"name": name[:80]}
        if role:
            member["role"] = " ".join(role.split())[:80]
        if former:
            member["former"] = True
        team.append(member)
    return team


def _events(data: dict, table: dict, notes: Notes) -> tuple[list[dict], list[dict]]:
    awards: list[dict] = []
    milestones: list[dict] = []
    fast = data.get("fast") if isinstance(data.get("fast"), dict) else None
    fast_used = False
    for item in data.get("events") or []:
        if not isinstance(item, dict):
            continue
        kind = str(item.get("name") or "").strip()
        rule = table["events"].get(kind)
        date = _date(item.get("date"))
        if rule is None or date is None:
            notes.unmapped[f"events : « {kind} »" if rule is None
                           else "events (sans date)"] += 1
            continue
        record: dict[str, Any] = {"name": rule["name"], "date": date}
        note = _text(item.get("comment"))
        if "award" in rule:
            record["kind"] = rule["award"]
            if rule.get("by"):
                record["by"] = rule["by"]
            if kind == "fast" and fast and not fast_used:
                fast_used = True
                amount = fast.get("montant")
                if isinstance(amount, (int, float)) and not isinstance(amount, bool):
                    record["amount"] = amount
                if fast.get("promotion"):
                    note = note or f"Promotion {_text(fast['promotion'])} du fonds"
            if note:
                record["note"] = _cut(note, 300, notes, "events.comment")
            awards.append(record)
        else:
            record["kind"] = rule["milestone"]
            if note:
                record["note"] = _cut(note, 300, notes, "events.comment")
            milestones.append(record)
    if fast and not fast_used:
        notes.unmapped["fast (sans événement « fast » daté)"] += 1
    return awards, milestones


def _audiences(raw: Any, result: Converted, table: dict, notes: Notes) -> list[str]:
    audiences: list[str] = []
    for value in raw if isinstance(raw, list) else []:
        key = str(value).strip()
        rule = table["audiences"].get(key) or table["audiences"].get(slugify(key)) \
            or table["audiences"].get(slugify(key).removesuffix("s"))
        if not rule:
            notes.unmapped[f"usertypes : « {key} »"] += 1
            continue
        if rule["id"] not in audiences:
            audiences.append(rule["id"])
            result.terms.setdefault("audiences", {})[rule["id"]] = rule.get("label", rule["id"])
    return audiences


def _transparency(data: dict, table: dict, notes: Notes) -> dict:
    result: dict[str, Any] = {}
    for name, key in (("stats", "stats_url"), ("budget", "budget_url"),
                      ("impact", "impact_url"), ("source_code", "repository"),
                      ("security", "analyse_risques_url")):
        if _is_url(data.get(key)):
            result[name] = {"url": data[key].strip()}
        elif data.get(key):
            notes.unmapped[f"{key} (pas une adresse web)"] += 1
    if data.get("stats") is True and "stats" not in result:
        notes.unmapped["stats (sans adresse)"] += 1
    done = [text for key, text in (("analyse_risques", "Analyse de risques réalisée"),
                                   ("mon_service_securise", "Sécurité suivie avec MonServiceSécurisé"))
            if data.get(key) is True]
    if done:
        result.setdefault("security", {})["note"] = " ; ".join(done) + "."
    status = data.get("accessibility_status")
    if isinstance(status, str) and status.strip():
        mapped = table["accessibility"].get(" ".join(status.split()).lower())
        if mapped in S.ACCESSIBILITY_STATUSES:
            result["accessibility"] = {"status": mapped}
        else:
            notes.unmapped[f"accessibility_status : « {status} »"] += 1
    return result


def _contact(value: Any, catalogue: Catalogue, notes: Notes) -> str | None:
    """A service's address; a person's is left out (the report counts it)."""
    if not isinstance(value, str) or not value.strip():
        return None
    address = value.strip().removeprefix("mailto:")
    if not S.EMAIL_PATTERN.match(address):
        notes.unmapped["contact (pas une adresse électronique)"] += 1
        return None
    if _personal(address, catalogue):
        notes.unmapped["contact (adresse d'une personne, non reprise)"] += 1
        return None
    return address


def _personal(address: str, catalogue: Catalogue) -> bool:
    """Whether an e-mail address looks like a person's (first.last, a known author, a webmail)."""
    local, domain = address.lower().split("@", 1)
    parts = re.split(r"[._+-]", local)
    service = any(part == word or (len(word) >= 6 and part.startswith(word))
                  for part in parts for word in _SERVICE_WORDS)
    return (local in catalogue.authors or domain.startswith(_PERSONAL_DOMAINS)
            or (re.fullmatch(r"[a-z]+\.[a-z]+(-[a-z]+)?", local) is not None and not service))


def _former_slugs(stem: str, slug: str, redirects: Any, notes: Notes) -> list[str]:
    former: list[str] = []
    candidates = [stem] + [str(item) for item in redirects if isinstance(item, str)] \
        if isinstance(redirects, list) else [stem]
    for value in candidates:
        name = ascii_fold(value.strip().rstrip("/").removesuffix(".html").rsplit("/", 1)[-1])
        name = name.lower()
        if name == slug or name in former:
            continue
        if S.FORMER_SLUG_PATTERN.match(name):
            former.append(name)
        else:
            notes.unmapped[f"redirect_from : « {value} »"] += 1
    return former


def _story(body: str, catalogue: Catalogue, notes: Notes) -> str:
    """The body as Markdown; images on other sites become links (a page calls no other site)."""
    def image(match: re.Match) -> str:
        alt, target = match.group(1).strip(), match.group(2)
        if target.startswith("/"):
            target = SITE + target
        elif not re.match(r"^https?://", target):
            return match.group(0)  # a file next to the page: kept (and checked)
        notes.converted["image d'un autre site remplacée par un lien"] += 1
        return f"[{alt or 'Image'} (image)]({target})"

    def link(match: re.Match) -> str:
        notes.converted["lien vers une page de beta.gouv.fr rendu complet"] += 1
        return f"[{match.group(1)}]({SITE}{match.group(2)})"

    def sibling(match: re.Match) -> str:
        if match.group(2) not in catalogue.startups:
            return match.group(0)
        notes.converted["lien vers une autre fiche rendu complet"] += 1
        return f"[{match.group(1)}]({SITE}/startups/{match.group(2)}.html)"

    def embedded(match: re.Match) -> str:
        attributes = dict((name.lower(), value) for name, value in
                          _ATTRIBUTE.findall(match.group(0)))
        target = attributes.get("src", "").strip()
        if target.startswith("//"):
            target = "https:" + target
        elif target.startswith("/"):
            target = SITE + target
        if not re.match(r"^https?://", target):
            return match.group(0)  # a file next to the page: left to the checker
        tag = match.group(1).lower()
        text = attributes.get("alt") or attributes.get("title") or \
            ("Image" if tag == "img" else "Contenu intégré")
        notes.converted[f"balise <{tag}> d'un autre site remplacée par un lien"] += 1
        suffix = " (image)" if tag == "img" else ""
        return f"[{' '.join(text.split()).replace(']', ')')}{suffix}]({target})"

    text = _IMAGE.sub(image, body)
    text = _LINK.sub(link, text)
    text = _SIBLING.sub(sibling, text)
    text = _EMBED.sub(embedded, text)
    if any(_personal(address, catalogue) for address in _EMAIL.findall(text)):
        notes.converted["adresse électronique d'une personne dans le récit : laissée, à relire"] += 1
    return text.strip()
