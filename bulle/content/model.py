"""Frozen domain objects: what the site is made of once the content is valid."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Mapping

from bulle.programme.colours import Colours
from bulle.programme.licence import DEFAULT as DEFAULT_LICENCE, Licence
from bulle.content.text import show_invalid_chars


SEVERITIES = {"error": "erreur", "warning": "avertissement", "notice": "remarque"}


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a source file, located at a line when known."""

    path: str
    line: int | None
    code: str
    message: str
    severity: str = "error"  # "error", "warning" or "notice" (see SEVERITIES)

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    @property
    def is_notice(self) -> bool:
        """Said for the contributor's information; a strict build does not stop for it."""
        return self.severity == "notice"

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        label = SEVERITIES[self.severity]
        message = show_invalid_chars(self.message)  # a value quoted in it may hold one
        return f"{where}: {label} : {message}"


@dataclass(frozen=True)
class Term:
    """A vocabulary term: a stable ASCII id with labels per language."""

    id: str
    labels: Mapping[str, str]
    order: int
    state: str | None = None
    descriptions: Mapping[str, str] = field(default_factory=dict)

    def label(self, language: str) -> str:
        return self.labels.get(language) or next(iter(self.labels.values()))

    def description(self, language: str) -> str:
        if not self.descriptions:
            return ""
        return self.descriptions.get(language) or next(iter(self.descriptions.values()))


@dataclass(frozen=True)
class Vocabulary:
    """An ordered list of terms, looked up by id."""

    name: str
    terms: tuple[Term, ...]

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(term.id for term in self.terms)

    def get(self, term_id: str) -> Term | None:
        for term in self.terms:
            if term.id == term_id:
                return term
        return None

    def __getitem__(self, term_id: str) -> Term:
        term = self.get(term_id)
        if term is None:
            raise KeyError(term_id)
        return term


@dataclass(frozen=True)
class Organisation:
    """An institution or a service named on the legal pages (never a private person)."""

    name: str
    address: str = ""


ACCESSIBILITY_STATUSES = ("full", "partial", "none")  # RGAA: totalement, partiellement, non conforme


@dataclass(frozen=True)
class Accessibility:
    """What the accessibility statement declares (RGAA)."""

    status: str = "none"  # "none" until an audit says otherwise
    audit: str = ""  # how and on what the site was assessed
    date: dt.date | None = None  # when the statement was made
    not_accessible: tuple[str, ...] = ()
    contact: str | None = None  # an e-mail address or a web form


@dataclass(frozen=True)
class Identity:
    """Who runs the programme, who answers for its site, and where the site lives."""

    name: str
    city: str
    organisation: str
    description: str
    site_url: str
    repository: str | None
    branch: str
    contact: str | None
    language: str
    demo: bool
    publisher: Organisation | None = None
    publication_director: str = ""  # a role ("Le maire de Pau"), not a person's name
    host: Organisation | None = None
    accessibility: Accessibility = field(default_factory=Accessibility)
    personal_data_contact: str | None = None
    cms_auth_url: str | None = None  # the form's GitHub sign-in proxy (guide: "formulaire")
    logo: str | None = None  # a file of the repository, path from its root
    favicon: str | None = None
    colours: Colours = field(default_factory=Colours)
    social: tuple[tuple[str, str], ...] = ()  # (label, https address), in the file's order
    licence: Licence = DEFAULT_LICENCE  # of the texts and the open data

    @property
    def publisher_name(self) -> str:
        """Who publishes the site: the publisher when named, else the programme."""
        return self.publisher.name if self.publisher else self.name


@dataclass(frozen=True)
class Programme:
    """The programme file: identity plus the vocabularies the content uses."""

    identity: Identity
    phases: Vocabulary
    award_kinds: Vocabulary
    entry_kinds: Vocabulary
    themes: Vocabulary
    # Optional in programme.yml (empty when absent): a fork's older file stays valid.
    milestone_kinds: Vocabulary = field(default_factory=lambda: Vocabulary("milestone_kinds", ()))
    audiences: Vocabulary = field(default_factory=lambda: Vocabulary("audiences", ()))
    incubators: Vocabulary = field(default_factory=lambda: Vocabulary("incubators", ()))
    organisations: Vocabulary = field(default_factory=lambda: Vocabulary("organisations", ()))
    silent_after_months: int = 6  # an active project without news for longer is "silent"

    def vocabulary(self, name: str) -> Vocabulary:
        return getattr(self, name)


@dataclass(frozen=True)
class Image:
    """An image of the project folder, as a path relative to that folder."""

    path: str
    alt: str


@dataclass(frozen=True)
class Phase:
    """One step of a project's history."""

    name: str
    start: dt.date
    end: dt.date | None = None
    note: str | None = None


@dataclass(frozen=True)
class Award:
    name: str
    date: dt.date
    kind: str
    by: str | None = None
    url: str | None = None
    amount: int | float | None = None  # euros
    note: str | None = None


@dataclass(frozen=True)
class Milestone:
    """A dated event of a project that is not a distinction (committee, launch, end…)."""

    name: str
    date: dt.date
    kind: str
    note: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class Indicator:
    """Something a service publishes about itself: where, and since when."""

    url: str | None = None
    date: dt.date | None = None
    note: str | None = None


@dataclass(frozen=True)
class ServiceAccessibility:
    """The RGAA status a project's service declares (`schema.ACCESSIBILITY_STATUSES`)."""

    status: str
    url: str | None = None
    date: dt.date | None = None


@dataclass(frozen=True)
class Transparency:
    """The transparency indicators of a project's service; None where nothing is published."""

    stats: Indicator | None = None
    budget: Indicator | None = None
    impact: Indicator | None = None
    source_code: Indicator | None = None
    security: Indicator | None = None
    accessibility: ServiceAccessibility | None = None

    INDICATORS = ("stats", "budget", "impact", "source_code", "security")

    @property
    def published(self) -> tuple[tuple[str, Indicator], ...]:
        """(name, indicator) of each indicator the service publishes, in a stable order."""
        return tuple((name, getattr(self, name)) for name in self.INDICATORS
                     if getattr(self, name) is not None)


@dataclass(frozen=True)
class ImpactFigure:
    """A number a journalist can quote: what, how much, when, according to whom."""

    label: str
    value: int | float
    date: dt.date
    source: str
    unit: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class Member:
    name: str
    role: str | None = None
    former: bool = False


@dataclass(frozen=True)
class Project:
    slug: str
    title: str
    pitch: str
    phases: tuple[Phase, ...]
    source: str
    body: str = ""
    body_line: int = 1
    cohort: str | None = None
    themes: tuple[str, ...] = ()
    sponsors: tuple[str, ...] = ()
    team: tuple[Member, ...] = ()
    awards: tuple[Award, ...] = ()
    milestones: tuple[Milestone, ...] = ()
    incubator: str | None = None
    organisation: str | None = None
    audiences: tuple[str, ...] = ()
    transparency: Transparency | None = None
    impact: tuple[ImpactFigure, ...] = ()
    links: tuple[tuple[str, str], ...] = ()
    contact: str | None = None
    image: Image | None = None
    former_slugs: tuple[str, ...] = ()
    draft: bool = False

    @property
    def current_phase(self) -> Phase:
        """The phase with the latest start (phases are kept sorted by start)."""
        return self.phases[-1]


@dataclass(frozen=True)
class Entry:
    """A journal entry of one project."""

    project: str
    stem: str
    date: dt.date
    title: str
    source: str
    summary: str  # plain text: the summary field, else the start of the body without marks
    body: str = ""
    body_line: int = 1
    authors: tuple[str, ...] = ()
    kind: str | None = None
    tags: tuple[str, ...] = ()
    image: Image | None = None
    draft: bool = False

    @property
    def key(self) -> tuple[str, str]:
        return (self.project, self.stem)
