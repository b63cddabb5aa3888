"""Deterministic synthetic programmes for the benchmark: many projects, many entries.

The text is French-looking prose assembled from a fixed vocabulary, so that
Markdown rendering and search indexing cost what real entries cost.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from pathlib import Path

SIZES = {"M": (100, 20), "L": (700, 30)}  # projects, entries per project
SHAPES = ("prose", "mixed")  # paragraphs of 300-600 words; or short and long texts with
# lists, links, tables, quotes and emphasis (the second shape the benchmark measures)

_SUBJECTS = ["L'équipe", "Notre sponsor", "Une habitante", "Le service", "La direction",
             "Un agent de terrain", "Le coach", "Une association partenaire", "Le CCAS",
             "Un élu du quartier", "La médiathèque", "Un bailleur social"]
_VERBS = ["a testé", "a rencontré", "a mesuré", "a simplifié", "a proposé", "a observé",
          "a présenté", "a réécrit", "a abandonné", "a découvert", "a accompagné", "a relancé"]
_OBJECTS = ["un premier prototype", "les usagers du quartier", "le parcours d'inscription",
            "un formulaire trop long", "la tournée du mardi", "les retours des habitants",
            "une nouvelle version du service", "le circuit de validation", "la fiche de suivi",
            "un atelier participatif", "le tableau des indicateurs", "la permanence du jeudi"]
_ENDS = ["avec des résultats encourageants", "sans succès pour l'instant",
         "et nous en tirons trois leçons", "avant la revue « stop ou go »",
         "pour la troisième semaine", "grâce à l'aide des collègues",
         "malgré un calendrier serré", "en suivant la méthode lean startup"]
_TITLES = ["Premier rendez-vous", "Ce que nous avons appris", "Une semaine sur le terrain",
           "Retour d'expérience", "Le prototype en test", "Un obstacle inattendu",
           "Bilan du trimestre", "Nouvelle étape", "Rencontre avec les usagers",
           "Ce qui ne marche pas", "Un premier succès", "Préparer la revue"]
_PHASES = ["investigation", "construction", "acceleration", "perennise", "arrete"]
_THEMES = ["solidarite", "seniors", "participation", "urbanisme", "sante", "environnement",
           "dechets", "logement"]
_KINDS = ["etape", "decouverte", "difficulte", "reussite"]
_AWARD_KINDS = ["prix", "financement", "label", "presse"]


@dataclass(frozen=True)
class Programme:
    """What was generated: the number of projects and entries, and the total of words."""

    projects: int
    entries: int
    words: int


def sentence(rng: random.Random) -> str:
    return f"{rng.choice(_SUBJECTS)} {rng.choice(_VERBS)} {rng.choice(_OBJECTS)} {rng.choice(_ENDS)}."


def paragraph(rng: random.Random, sentences: int) -> str:
    return " ".join(sentence(rng) for _ in range(sentences))


def prose(rng: random.Random, words: int) -> str:
    """Paragraphs with a heading or two and a list, about `words` words long."""
    parts: list[str] = []
    count = 0
    while count < words:
        if parts and rng.random() < 0.15:
            parts.append(f"## {rng.choice(_TITLES)}")
        elif parts and rng.random() < 0.1:
            parts.append("\n".join(f"- {sentence(rng)}" for _ in range(3)))
            count += 30
        text = paragraph(rng, rng.randint(3, 6))
        parts.append(text)
        count += len(text.split())
    return "\n\n".join(parts)


def mixed(rng: random.Random, words: int, slug: str) -> str:
    """Text of the second shape: lists (some numbered, some nested), links to the project's
    page and to other sites, a table now and then, quotes, emphasis and inline code."""
    parts: list[str] = []
    count = 0
    while count < words:
        roll = rng.random()
        if parts and roll < 0.12:
            parts.append(f"### {rng.choice(_TITLES)}")
        elif parts and roll < 0.27:
            marker = "1." if rng.random() < 0.4 else "-"
            items = [f"{marker} {sentence(rng)}" for _ in range(rng.randint(2, 6))]
            if rng.random() < 0.3:
                items.insert(1, f"    - *{rng.choice(_OBJECTS)}*")
            parts.append("\n".join(items))
            count += 12 * len(items)
        elif parts and roll < 0.35:
            rows = [f"| {rng.choice(_SUBJECTS)} | {rng.randint(1, 300)} | {rng.choice(_ENDS)} |"
                    for _ in range(rng.randint(2, 6))]
            parts.append("| Qui | Nombre | Remarque |\n|---|---|---|\n" + "\n".join(rows))
            count += 8 * len(rows)
        elif parts and roll < 0.40:
            parts.append(f"> {sentence(rng)} {sentence(rng)}")
            count += 20
        text = paragraph(rng, rng.randint(1, 5))
        if rng.random() < 0.5:
            text += (f" Voir [la fiche du projet](../index.md) et "
                     f"[le site du service](https://www.example.org/{slug}/).")
        if rng.random() < 0.3:
            text = text.replace(" a ", " a **vraiment** ", 1).replace("le ", "le `suivi` ", 1)
        parts.append(text)
        count += len(text.split())
    return "\n\n".join(parts)


def write_programme(projects_dir: Path, projects: int, entries: int, seed: int = 2019,
                    shape: str = "prose") -> Programme:
    """Write `projects` project folders with `entries` journal entries each, of `shape`."""
    rng = random.Random(seed)
    words = 0
    total_entries = 0
    for index in range(projects):
        slug = f"projet-{index + 1:04d}"
        folder = projects_dir / slug / "journal"
        folder.mkdir(parents=True, exist_ok=True)
        start = dt.date(2019, 1, 7) + dt.timedelta(days=rng.randint(0, 1500))
        phases, day = [], start
        for name in _PHASES[: rng.randint(3, 5)] if rng.random() < 0.8 else _PHASES[:2] + ["arrete"]:
            phases.append((name, day))
            day += dt.timedelta(days=rng.randint(60, 200))
        phase_lines = "".join(f"\n  - name: {name}\n    start: {when.isoformat()}"
                              for name, when in phases)
        awards = ""
        if rng.random() < 0.3:
            when = phases[-1][1]
            awards = (f"\nawards:\n  - name: Prix de l'innovation publique {when.year}"
                      f"\n    date: {when.isoformat()}\n    kind: {rng.choice(_AWARD_KINDS)}"
                      "\n    by: Un jury national")
        themes = ", ".join(sorted(rng.sample(_THEMES, rng.randint(1, 3))))
        story = prose(rng, rng.randint(300, 500))
        words += len(story.split())
        (projects_dir / slug / "index.md").write_text(
            f"---\ntitle: Projet {index + 1:04d} {rng.choice(_OBJECTS)}\n"
            f"pitch: {sentence(rng)}\nphases:{phase_lines}\ncohort: \"{start.year}\"\n"
            f"themes: [{themes}]\nsponsors:\n  - Direction générale des services{awards}\n---\n\n"
            f"{story}\n", encoding="utf-8")
        used: set[str] = set()
        for number in range(entries):
            when = start + dt.timedelta(days=7 * number + rng.randint(0, 3))
            title = f"{rng.choice(_TITLES)} n° {number + 1}"
            stem = f"{when.isoformat()}-semaine-{number + 1}"
            if stem in used:
                continue
            used.add(stem)
            text = (prose(rng, rng.randint(300, 600)) if shape == "prose" else
                    mixed(rng, rng.choice((80, 150, 400, 900, 1500)), slug))
            words += len(text.split())
            total_entries += 1
            (folder / f"{stem}.md").write_text(
                f"---\ntitle: {title}\nauthors: [L'équipe du projet {index + 1}]\n"
                f"kind: {rng.choice(_KINDS)}\ntags: [terrain, semaine-{number + 1}]\n---\n\n"
                f"{text}\n", encoding="utf-8")
    return Programme(projects, total_entries, words)
