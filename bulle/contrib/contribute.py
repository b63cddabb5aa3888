"""Links that let contributors write on GitHub's own web pages, without Git.

GitHub opens its file editor prefilled from the address:
`https://github.com/OWNER/REPO/new/BRANCH/FOLDER?filename=NAME&value=TEXT`.
Saving there proposes the change as a pull request to anyone who cannot push.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import quote, urlencode, urlsplit

from bulle.content.model import Identity, Programme
from bulle.contrib.scaffold import WEB_ENTRY_WORDS, render_entry

WEB_ENTRY_NOTES = (
    "Nom du fichier (au-dessus de ce texte) : gardez la date AAAA-MM-JJ, celle de l'entrée,",
    f"et remplacez « {WEB_ENTRY_WORDS} » par quelques mots du titre, sans accents.",
    "Écrivez le titre entre les guillemets ci-dessous, puis votre texte sous la ligne « --- ».",
    "Enfin, cliquez sur « Commit changes… » puis « Propose changes » : l'équipe du site relit.",
)


def github_repository(identity: Identity) -> str | None:
    """`https://github.com/owner/repo` when the programme's repository is on GitHub."""
    if not identity.repository:
        return None
    parts = urlsplit(identity.repository)
    path = parts.path.strip("/").removesuffix(".git").split("/")
    if parts.netloc.lower() not in ("github.com", "www.github.com") or len(path) != 2 \
            or not all(path):
        return None
    return f"https://github.com/{path[0]}/{path[1]}"


def new_file_url(repository: str, branch: str, folder: str, filename: str, value: str) -> str:
    """GitHub's "create a new file" page in `folder`, with a name and text filled in."""
    where = quote(f"{branch}/{folder.strip('/')}")
    query = urlencode({"filename": filename, "value": value}, quote_via=quote)
    return f"{repository}/new/{where}?{query}"


def new_entry_url(programme: Programme, slug: str, day: dt.date,
                  projects_dir: str = "projects") -> str | None:
    """The "Ajouter une entrée au journal" link of a project, or None off GitHub."""
    repository = github_repository(programme.identity)
    if repository is None:
        return None
    return new_file_url(repository, programme.identity.branch, f"{projects_dir}/{slug}/journal",
                        f"{day.isoformat()}-{WEB_ENTRY_WORDS}.md",
                        render_entry(programme, "", WEB_ENTRY_NOTES))

