"""Which projects have gone quiet: the banner of a project page and the team's report.

A project is silent when its current phase is an active one (the programme's
vocabulary says which) and its latest news (entry, phase start or end, award,
milestone) is older than the programme's threshold, in calendar months.
Stopped and sustained projects are never silent: nobody expects news of them.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from bulle.aggregate import Event, timeline
from bulle.programme.i18n import Translator
from bulle.content.model import Project
from bulle.site import Site
from bulle.content.text import escape_markdown



def months_before(day: dt.date, months: int) -> dt.date:
    """The same day `months` calendar months earlier (31 March - 1 month: 28 or 29 February)."""
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


@dataclass(frozen=True)
class Freshness:
    """When a project last gave news, and whether it has been silent too long."""

    project: Project
    updated: dt.date | None  # its latest news up to today; None when nothing happened yet
    latest: Event | None  # what that news was
    silent: bool


def freshness(site: Site, project: Project) -> Freshness:
    today = site.settings.today
    past = [event for event in timeline(project, site.entries_of(project.slug))
            if event.date <= today]
    latest = past[-1] if past else None
    updated = latest.date if latest else None
    months = site.programme.silent_after_months
    phase = site.programme.phases.get(project.current_phase.name)
    active = phase is not None and phase.state == "active"
    silent = active and updated is not None and updated < months_before(today, months)
    return Freshness(project, updated, latest, silent)


def silent_projects(site: Site) -> list[Freshness]:
    """The silent projects, the one quiet for the longest first (then by title)."""
    states = [freshness(site, project) for project in site.projects]  # by title already
    return sorted((state for state in states if state.silent), key=lambda s: s.updated)


def describe_event(event: Event, site: Site, t: Translator) -> str:
    """The news in a few words: an entry's title, « Début de la phase Construction »…"""
    language = t.language
    if event.kind == "entry" and event.entry is not None:
        return t("report.news_entry", title=event.entry.title)
    if event.kind in ("phase-start", "phase-end") and event.phase is not None:
        label = site.programme.phases[event.phase.name].label(language)
        return t("timeline.phase_start" if event.kind == "phase-start" else "timeline.phase_end",
                 label=label)
    if event.kind == "award" and event.award is not None:
        return t("report.news_award", name=event.award.name)
    return t("report.news_milestone", name=event.milestone.name if event.milestone else "")


def render_report(site: Site, style: str = "text") -> str:
    """The programme team's list of silent projects: plain text, or Markdown for GitHub."""
    t = Translator(site.programme.identity.language)
    months = site.programme.silent_after_months
    silent = silent_projects(site)
    today = t.date(site.settings.today)
    if style == "markdown":
        lines = [f"## {t('report.title')}", "",
                 t("report.lead", months=months, today=today), ""]
        if not silent:
            return "\n".join(lines + [t("report.none"), ""])
        lines += [f"| {t('report.project')} | {t('report.phase')} | {t('project.sponsors')} "
                  f"| {t('report.last_news')} |", "|---|---|---|---|"]
        for state in silent:
            cells = (escape_markdown(value) for value in _row(state, site, t))
            lines.append("| " + " | ".join(cells) + " |")
        lines += ["", t("report.count", count=len(silent)), ""]
        return "\n".join(lines)
    lines = [t("report.title"), t("report.lead", months=months, today=today), ""]
    if not silent:
        return "\n".join(lines + [t("report.none"), ""])
    for state in silent:
        title, phase, sponsors, news = _row(state, site, t)
        lines += [f"- {title} ({phase})", f"  {t('project.sponsors')}{t('punct.colon')} {sponsors}",
                  f"  {t('report.last_news')}{t('punct.colon')} {news}"]
    lines += ["", t("report.count", count=len(silent)), ""]
    return "\n".join(lines)


def _row(state: Freshness, site: Site, t: Translator) -> tuple[str, str, str, str]:
    project = state.project
    phase = site.programme.phases[project.current_phase.name].label(t.language)
    sponsors = ", ".join(project.sponsors) or t("report.no_sponsor")
    news = f"{t.date(state.updated)}, {describe_event(state.latest, site, t)}"  # silent: dated
    return project.title, phase, sponsors, news
