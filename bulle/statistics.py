"""The programme in figures: one computation feeds /statistiques/, its CSV files and /api/.

Every figure is a `Table`: rows (a phase, a year, a month…) by columns (one
series, or the parts of a stacked bar). The page draws each table as a chart
and prints it; the CSV and JSON files write the same tables, so the three can
never disagree.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import statistics as stats
from collections import Counter, defaultdict
from dataclasses import dataclass

from bulle.pages import urls
from bulle.aggregate import group_by_cohort
from bulle.programme.i18n import Translator
from bulle.content.model import Project
from bulle.outputs.project_table import neutralise
from bulle.site import Site
from bulle.content.text import slugify, sort_key

API_JSON = "api/statistiques.json"
CSV_DIR = "api/statistiques/"
DAYS_PER_MONTH = 365.25 / 12


@dataclass(frozen=True)
class Row:
    key: str  # a stable id: phase id, year, "2024-03"…
    label: str
    values: tuple[float | int | None, ...]
    text: str = ""  # the table's text column, when it has one (the dates of impact figures)


@dataclass(frozen=True)
class Table:
    """One figure of the programme, as a chart and a table show it."""

    id: str  # file name and anchor: "phases"
    title: str
    row_header: str
    columns: tuple[str, ...]
    column_keys: tuple[str, ...]
    rows: tuple[Row, ...]
    chart: str = "bars"  # "bars" (horizontal), "columns" (a time series), "" (a table alone)
    stacked: bool = False  # the columns are parts of one bar; else the chart shows the first
    note: str = ""
    text_column: str = ""  # header of the rows' text, when they have one

    @property
    def csv_path(self) -> str:
        return f"{CSV_DIR}{self.id}.csv"

    @property
    def total(self) -> float:
        return sum(value or 0 for row in self.rows for value in row.values)


def phase_on(project: Project, day: dt.date) -> str | None:
    """The project's phase on `day`: the latest that had started; None before the first."""
    started = [phase for phase in project.phases if phase.start <= day]
    return started[-1].name if started else None


def phase_durations(project: Project, today: dt.date) -> list[tuple[str, int]]:
    """(phase, days) of each phase the project has left: it ended, or the next one began."""
    done = []
    for index, phase in enumerate(project.phases):
        following = project.phases[index + 1].start if index + 1 < len(project.phases) else None
        end = phase.end or following
        if end is not None and end <= today and end >= phase.start:
            done.append((phase.name, (end - phase.start).days))
    return done


class Figures:
    """Every table of the statistics page, in its order, for one site."""

    def __init__(self, site: Site) -> None:
        self.site = site
        self.programme = site.programme
        self.today = site.settings.today
        self.t = Translator(site.programme.identity.language)
        self.language = self.t.language

    def tables(self) -> list[Table]:
        tables = [self.by_phase(), self.phases_by_year(), self.started_by_year(),
                  self.by_cohort(), self.outcomes(), self.median_phase_time(),
                  self.entries_by_month(), self.awards_by_year(), self.impact()]
        return [table for table in tables if table.rows]

    # --- the tables ---------------------------------------------------------------

    def by_phase(self) -> Table:
        counts = Counter(project.current_phase.name for project in self.site.projects)
        rows = [Row(term.id, term.label(self.language), (counts[term.id],))
                for term in self.programme.phases.terms if counts[term.id]]
        return Table("phases", self.t("stats.phases"), self.t("project.phase"),
                     (self.t("stats.projects"),), ("projects",), tuple(rows))

    def phases_by_year(self) -> Table:
        """How many projects were in each phase at the end of each year (today for this one)."""
        terms = [term for term in self.programme.phases.terms
                 if any(phase.name == term.id for p in self.site.projects for phase in p.phases)]
        rows = []
        for year in self._years(p.phases[0].start for p in self.site.projects):
            day = min(dt.date(year, 12, 31), self.today)
            counts = Counter(phase_on(project, day) for project in self.site.projects)
            rows.append(Row(str(year), str(year), tuple(counts[term.id] for term in terms)))
        return Table("phases-par-annee", self.t("stats.phases_by_year"), self.t("stats.year"),
                     tuple(term.label(self.language) for term in terms),
                     tuple(term.id for term in terms), tuple(rows), stacked=True,
                     note=self.t("stats.phases_by_year_note"))

    def started_by_year(self) -> Table:
        counts = Counter(p.phases[0].start.year for p in self.site.projects
                         if p.phases[0].start <= self.today)
        rows = [Row(str(year), str(year), (counts[year],))
                for year in self._years(p.phases[0].start for p in self.site.projects)]
        return Table("debuts-par-annee", self.t("stats.started_by_year"), self.t("stats.year"),
                     (self.t("stats.projects"),), ("projects",), tuple(rows))

    def by_cohort(self) -> Table:
        rows = [Row(urls.cohort_slug(cohort), cohort, (len(members),))
                for cohort, members in group_by_cohort(self.site.projects)]
        return Table("promotions", self.t("stats.cohorts"), self.t("project.cohort"),
                     (self.t("stats.projects"),), ("projects",), tuple(rows))

    def outcomes(self) -> Table:
        """Sustained, stopped (after which phase), still running."""
        counts: Counter[tuple[str, str]] = Counter()
        for project in self.site.projects:
            current = project.current_phase.name
            term = self.programme.phases.get(current)
            if term is not None and term.state == "closed":
                before = project.phases[-2].name if len(project.phases) > 1 else ""
                counts[(current, before)] += 1
            else:
                counts[("running", "")] += 1
        rows = []
        for term in self.programme.phases.terms:
            if term.state != "closed":
                continue
            befores = sorted((b for (phase, b) in counts if phase == term.id),
                             key=lambda b: self._phase_order(b))
            for before in befores:
                label = term.label(self.language)
                if before:
                    label = self.t("stats.after", outcome=label,
                                   phase=self.programme.phases[before].label(self.language))
                key = f"{term.id}-apres-{before}" if before else term.id
                rows.append(Row(key, label, (counts[(term.id, before)],)))
        if counts[("running", "")]:
            rows.append(Row("en-cours", self.t("stats.running"), (counts[("running", "")],)))
        return Table("issues", self.t("stats.outcomes"), self.t("stats.outcome"),
                     (self.t("stats.projects"),), ("projects",), tuple(rows))

    def median_phase_time(self) -> Table:
        """The median time spent in each active phase, over the phases that have ended."""
        durations: dict[str, list[int]] = defaultdict(list)
        for project in self.site.projects:
            for name, days in phase_durations(project, self.today):
                durations[name].append(days)
        rows = []
        for term in self.programme.phases.terms:
            if term.state == "active" and durations.get(term.id):
                months = round(stats.median(durations[term.id]) / DAYS_PER_MONTH, 1)
                rows.append(Row(term.id, term.label(self.language),
                                (months, len(durations[term.id]))))
        return Table("duree-des-phases", self.t("stats.median_time"), self.t("project.phase"),
                     (self.t("stats.median_months"), self.t("stats.phases_counted")),
                     ("median_months", "phases"), tuple(rows),
                     note=self.t("stats.median_time_note"))

    def entries_by_month(self) -> Table:
        entries = self.site.entries
        if not entries:
            return Table("journal-par-mois", "", "", (), (), ())
        counts = Counter((e.date.year, e.date.month) for e in entries)
        first, last = entries[-1].date, self.today
        rows, year, month = [], first.year, first.month
        while (year, month) <= (last.year, last.month):
            rows.append(Row(f"{year}-{month:02d}", self._month(year, month),
                            (counts[(year, month)],)))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return Table("journal-par-mois", self.t("stats.entries_by_month"), self.t("stats.month"),
                     (self.t("stats.entries"),), ("entries",), tuple(rows), chart="columns")

    def awards_by_year(self) -> Table:
        awards = [award for project in self.site.projects for award in project.awards
                  if award.date <= self.today]
        kinds = [term for term in self.programme.award_kinds.terms
                 if any(award.kind == term.id for award in awards)]
        counts = Counter((award.date.year, award.kind) for award in awards)
        rows = [Row(str(year), str(year), tuple(counts[(year, term.id)] for term in kinds))
                for year in self._years(award.date for award in awards)] if awards else []
        return Table("distinctions-par-annee", self.t("stats.awards_by_year"),
                     self.t("stats.year"), tuple(term.label(self.language) for term in kinds),
                     tuple(term.id for term in kinds), tuple(rows), stacked=True)

    def impact(self) -> Table:
        """The impact figures that share a label and a unit, added up across projects.

        A table alone: figures in different units cannot share one chart's scale."""
        groups: dict[tuple[str, str], list] = defaultdict(list)
        for project in self.site.projects:
            for figure in project.impact:
                key = (" ".join(figure.label.split()), (figure.unit or "").strip())
                groups[key].append((project, figure))
        rows = []
        for (label, unit), pairs in sorted(groups.items(),
                                           key=lambda item: (sort_key(item[0][0]), item[0][1])):
            total = sum(figure.value for _project, figure in pairs)
            if isinstance(total, float):
                total = round(total, 1)
            days = sorted(figure.date for _project, figure in pairs)
            dates = (self.t("stats.as_of", date=self.t.date(days[0])) if days[0] == days[-1]
                     else self.t("stats.between", start=self.t.date(days[0]),
                                 end=self.t.date(days[-1])))
            name = f"{label} ({unit})" if unit else label
            key = slugify(f"{label} {unit}") or "indicateur"
            rows.append(Row(key, name, (total, len({p.slug for p, _f in pairs})), dates))
        return Table("impact", self.t("stats.impact"), self.t("stats.indicator"),
                     (self.t("stats.sum"), self.t("stats.projects")), ("sum", "projects"),
                     tuple(rows), chart="", note=self.t("stats.impact_note"),
                     text_column=self.t("stats.dates"))

    # --- helpers ---------------------------------------------------------------------

    def _years(self, days) -> range:
        past = [day.year for day in days if day <= self.today]
        return range(min(past), self.today.year + 1) if past else range(0)

    def _phase_order(self, phase_id: str) -> int:
        term = self.programme.phases.get(phase_id)
        return term.order if term else -1

    def _month(self, year: int, month: int) -> str:
        return f"{self.t.labels['months'][month - 1]} {year}"


def format_number(value: float | int | None, language: str = "fr") -> str:
    """« 3 », « 4,5 » in French, « 4.5 » in English; « – » for no value."""
    if value is None:
        return "–"
    return Translator(language).number(round(value, 1) if isinstance(value, float) else value)


def render_statistics_files(site: Site, tables: list[Table] | None = None) -> dict[str, str]:
    """/api/statistiques.json and one CSV file per table."""
    tables = Figures(site).tables() if tables is None else tables
    identity = site.programme.identity
    files = {table.csv_path: table_csv(table) for table in tables}
    document = {
        "title": Translator(identity.language)("stats.title"),
        "publisher": identity.publisher_name,
        "license": identity.licence.as_json(),
        "updated": site.updated.isoformat() if site.updated else None,
        "tables": [table_json(table, identity.site_url) for table in tables],
    }
    files[API_JSON] = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    return files


def table_json(table: Table, site_url: str) -> dict:
    return {
        "id": table.id, "title": table.title, "note": table.note or None,
        "csv": urls.absolute(site_url, table.csv_path),
        "columns": [{"id": key, "label": label}
                    for key, label in zip(table.column_keys, table.columns)],
        "rows": [{"id": row.key, "label": row.label,
                  "values": dict(zip(table.column_keys, row.values)),
                  **({"text": row.text} if table.text_column else {})} for row in table.rows],
    }


def table_csv(table: Table) -> str:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    extra = [table.text_column] if table.text_column else []
    writer.writerow(["id", table.row_header, *table.columns, *extra])
    for row in table.rows:
        writer.writerow([neutralise(row.key), neutralise(row.label),
                         *("" if value is None else value for value in row.values),
                         *([neutralise(row.text)] if table.text_column else [])])
    return buffer.getvalue()
