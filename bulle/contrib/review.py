"""What a pull request will publish, as a GitHub job summary a reviewer reads without YAML.

Each changed project or entry is shown as it will read: its title, phase, date
and kind, then its text converted and sanitised exactly as the site does
(`bulle.pages.sanitize`), then the check's messages about its file. Every value a
contributor wrote is escaped before it reaches the summary's Markdown.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path
from typing import Iterable, Sequence


from bulle.pages import urls
from bulle.programme.i18n import Translator
from bulle.pages.markdown_html import HtmlRenderer, MarkdownOptions, site_markdown_options
from bulle.content.model import Entry, Problem, Programme, Project
from bulle.pages.sanitize import Place, sanitize
from bulle.content.text import MORE_MARKER, escape_markdown
from bulle.content.validate import Content

_PRE = re.compile(r"(<pre\b.*?</pre>)", re.S | re.I)


class Review:
    """Renders the review of the files a pull request changes."""

    def __init__(self, programme: Programme, content: Content, root: Path, today: dt.date,
                 projects_dir: str = "projects", options: MarkdownOptions | None = None) -> None:
        self.today = today
        self.programme = programme
        self.content = content
        self.root = root
        self.projects_dir = projects_dir
        self.t = Translator(programme.identity.language)
        self.html = HtmlRenderer(options or site_markdown_options().without_permalinks())

    def render(self, changed: Iterable[str], problems: Sequence[Problem]) -> str:
        paths = sorted(dict.fromkeys(path.replace("\\", "/").removeprefix("./")
                                     for path in changed if path.strip()))
        projects = {project.source: project for project in self.content.projects}
        entries = {entry.source: entry for entry in self.content.entries}
        by_path: dict[str, list[Problem]] = {}
        for problem in problems:
            by_path.setdefault(problem.path, []).append(problem)
        lines = [f"## {self.t('review.title')}", ""]
        content_paths = [p for p in paths if p.startswith(self.projects_dir + "/")]
        if not content_paths:
            lines += [self.t("review.none"), ""]
        for path in content_paths:
            if path in projects:
                lines += self._project(projects[path])
            elif path in entries:
                lines += self._entry(entries[path])
            elif not (self.root / path).exists():
                lines += [f"### {escape_markdown(path)}", "", self.t("review.deleted"), ""]
            elif path.endswith(".md"):
                lines += [f"### {escape_markdown(path)}", "", self.t("review.unreadable"), ""]
            else:
                lines += [f"### {escape_markdown(path)}", "", self.t("review.file"), ""]
            lines += self._problems(by_path.get(path, []))
        others = [p for p in paths if p not in content_paths]
        if others:
            lines += [f"### {self.t('review.others')}", ""]
            lines += [f"- {escape_markdown(path)}" for path in others] + [""]
        return "\n".join(lines)

    def _project(self, project: Project) -> list[str]:
        language = self.t.language
        phase = project.current_phase
        facts = [(self.t("project.phase"), f"{self.programme.phases[phase.name].label(language)}, "
                  + self.t("project.since", date=self.t.date(phase.start)))]
        if project.cohort:
            facts.append((self.t("project.cohort"), project.cohort))
        if project.themes:
            facts.append((self.t("project.themes"), ", ".join(
                self.programme.themes[theme].label(language) for theme in project.themes)))
        if project.sponsors:
            facts.append((self.t("project.sponsors"), ", ".join(project.sponsors)))
        if project.team:
            facts.append((self.t("project.team"), ", ".join(m.name for m in project.team)))
        head = self.t("review.project", title=project.title)
        url = urls.project_url(project)
        return self._item(head, project.pitch, facts, project.draft, None, project.body,
                          url, project.slug, url)

    def _entry(self, entry: Entry) -> list[str]:
        project = next((p for p in self.content.projects if p.slug == entry.project), None)
        facts = [(self.t("review.date"), self.t.date(entry.date))]
        if project is not None:
            facts.append((self.t("entry.project"), project.title))
        if entry.kind:
            facts.append((self.t("entry.kind"),
                          self.programme.entry_kinds[entry.kind].label(self.t.language)))
        if entry.authors:
            facts.append((self.t("review.authors"), ", ".join(entry.authors)))
        if entry.tags:
            facts.append((self.t("entry.tags"), ", ".join(entry.tags)))
        head = self.t("review.entry", title=entry.title)
        return self._item(head, "", facts, entry.draft, entry.date,
                          entry.body.replace(MORE_MARKER, ""), urls.entry_url(entry),
                          entry.project, urls.project_journal_url(entry.project))

    def _item(self, head: str, lead: str, facts, draft: bool, day, body: str, url: str,
              slug: str, source_dir: str) -> list[str]:
        lines = [f"### {escape_markdown(head)}", ""]
        if lead:
            lines += [f"*{escape_markdown(lead)}*", ""]
        lines += [f"- **{escape_markdown(label)}**{self.t('punct.colon')} {escape_markdown(value)}"
                  for label, value in facts]
        address = urls.absolute(self.programme.identity.site_url, url)
        lines += [f"- **{self.t('review.address')}**{self.t('punct.colon')} "
                  f"`{address}`", ""]  # quoted: nothing there before the merge
        if draft:
            lines += [f"> {self.t('review.draft')}", ""]
        elif day is not None and day > self.today:
            lines += [f"> {self.t('review.future', date=self.t.date(day))}", ""]
        text = self._html(body, url, slug, source_dir)
        if text:
            lines += ["<blockquote>", text, "</blockquote>", ""]
        return lines

    def _html(self, body: str, url: str, slug: str, source_dir: str) -> str:
        """The text converted and sanitised as on the site, with no blank line outside <pre>
        (a blank line would hand the rest of an HTML block back to the summary's Markdown)."""
        place = Place(url, self._files(slug), source_dir)
        text = sanitize(self.html.render(body.strip()), place).strip()
        parts = _PRE.split(text)
        return "".join(part if index % 2 else re.sub(r"\n\s*\n", "\n", part)
                       for index, part in enumerate(parts))

    def _files(self, slug: str) -> frozenset[str]:
        folder = self.root / self.projects_dir / slug
        if not folder.is_dir():
            return frozenset()
        return frozenset(f"{urls.project_url(slug)}{p.relative_to(folder).as_posix()}"
                         for p in folder.rglob("*") if p.is_file() and p.suffix.lower() != ".md")

    def _problems(self, problems: list[Problem]) -> list[str]:
        if not problems:
            return [self.t("review.no_problem"), ""]
        text = "\n".join(html.escape(str(problem)) for problem in problems)
        return [f"**{self.t('review.problems')}**", "", f"<pre>{text}</pre>", ""]
