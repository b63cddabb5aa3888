"""Pure groupings of valid content: what each page needs, computed once."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Iterable, Sequence, TypeVar

from bulle.content.model import Award, Entry, Milestone, Phase, Programme, Project, Term
from bulle.content.text import sort_key

T = TypeVar("T")


def select_public(projects: Iterable[Project], entries: Iterable[Entry],
                  today: dt.date) -> tuple[list[Project], list[Entry]]:
    """Keep what the public sees: no draft, no entry of a draft project, nothing dated later than today."""
    public = sorted((p for p in projects if not p.draft), key=lambda p: sort_key(p.title))
    slugs = {project.slug for project in public}
    shown = [e for e in entries if not e.draft and e.project in slugs and e.date <= today]
    return public, sort_entries(shown)


def sort_entries(entries: Iterable[Entry]) -> list[Entry]:
    """Newest first; same day: by project, then file name, so the order never wavers."""
    ordered = sorted(entries, key=lambda e: (e.project, e.stem))
    return sorted(ordered, key=lambda e: e.date, reverse=True)


def group_by_phase(projects: Sequence[Project], programme: Programme) -> list[tuple[Term, list[Project]]]:
    """Projects by current phase, in vocabulary order; phases with no project left out."""
    groups: dict[str, list[Project]] = defaultdict(list)
    for project in projects:
        groups[project.current_phase.name].append(project)
    return [(term, groups[term.id]) for term in programme.phases.terms if groups.get(term.id)]


def group_by_theme(projects: Sequence[Project], programme: Programme) -> list[tuple[Term, list[Project]]]:
    groups: dict[str, list[Project]] = defaultdict(list)
    for project in projects:
        for theme in project.themes:
            groups[theme].append(project)
    return [(term, groups[term.id]) for term in programme.themes.terms if groups.get(term.id)]


def group_by_cohort(projects: Sequence[Project]) -> list[tuple[str, list[Project]]]:
    """Projects by cohort, cohorts in natural order ("2019" before "2020")."""
    groups: dict[str, list[Project]] = defaultdict(list)
    for project in projects:
        if project.cohort:
            groups[project.cohort].append(project)
    return sorted(groups.items(), key=lambda item: sort_key(item[0]))


def entries_by_project(entries: Sequence[Entry]) -> dict[str, list[Entry]]:
    """Each project's entries, newest first (order of `entries` is kept)."""
    groups: dict[str, list[Entry]] = defaultdict(list)
    for entry in entries:
        groups[entry.project].append(entry)
    return dict(groups)


def neighbours(entry: Entry, project_entries: Sequence[Entry]) -> tuple[Entry | None, Entry | None]:
    """The previous (older) and next (newer) entry of the same project."""
    index = project_entries.index(entry)  # newest first
    newer = project_entries[index - 1] if index > 0 else None
    older = project_entries[index + 1] if index + 1 < len(project_entries) else None
    return older, newer


@dataclass(frozen=True)
class Event:
    """One line of a project's timeline."""

    date: dt.date
    kind: str  # "phase-start", "phase-end", "award", "milestone" or "entry"
    phase: Phase | None = None
    award: Award | None = None
    milestone: Milestone | None = None
    entry: Entry | None = None


_EVENT_ORDER = {"phase-end": 0, "phase-start": 1, "milestone": 2, "award": 3, "entry": 4}


def timeline(project: Project, project_entries: Sequence[Entry]) -> list[Event]:
    """Phases, awards and entries of a project in date order, oldest first."""
    events: list[Event] = []
    starts = {phase.start for phase in project.phases}
    for phase in project.phases:
        events.append(Event(phase.start, "phase-start", phase=phase))
        if phase.end is not None and phase.end not in starts:
            events.append(Event(phase.end, "phase-end", phase=phase))
    events.extend(Event(award.date, "award", award=award) for award in project.awards)
    events.extend(Event(item.date, "milestone", milestone=item) for item in project.milestones)
    events.extend(Event(entry.date, "entry", entry=entry) for entry in reversed(project_entries))
    return sorted(events, key=lambda event: (event.date, _EVENT_ORDER[event.kind]))


def last_change(project: Project, project_entries: Sequence[Entry],
                today: dt.date) -> dt.date | None:
    """The date of the project's latest news: entry, phase start or end, or award, up to today."""
    dates = [phase.start for phase in project.phases]
    dates += [phase.end for phase in project.phases if phase.end is not None]
    dates += [award.date for award in project.awards]
    dates += [item.date for item in project.milestones]
    dates += [entry.date for entry in project_entries]
    past = [day for day in dates if day <= today]  # a planned end is not a change yet
    return max(past, default=None)


def awards_by_year(projects: Sequence[Project]) -> list[tuple[int, list[tuple[Award, Project]]]]:
    """Every award with its project, newest year first, newest award first."""
    groups: dict[int, list[tuple[Award, Project]]] = defaultdict(list)
    for project in projects:
        for award in project.awards:
            groups[award.date.year].append((award, project))
    return [(year, sorted(groups[year], key=lambda pair: (pair[0].date, sort_key(pair[0].name)),
                          reverse=True))
            for year in sorted(groups, reverse=True)]


def latest_awards(projects: Sequence[Project], count: int) -> list[tuple[Award, Project]]:
    pairs = [pair for _year, pairs in awards_by_year(projects) for pair in pairs]
    return pairs[:count]


def paginate(items: Sequence[T], per_page: int) -> list[Sequence[T]]:
    """Split `items` into pages; an empty list still makes one (empty) page."""
    if not items:
        return [items]
    return [items[start:start + per_page] for start in range(0, len(items), per_page)]
