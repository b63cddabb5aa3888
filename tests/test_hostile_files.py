"""Hostile files: nothing but the repository's regular files is ever published.

Each case plants a link or a special file where a contributor (or a pull request)
could, then runs the real `check` and a real `mkdocs build --strict`: both refuse
it with its French path message, and the build writes nothing it points to.
Embargo: a project's file is published only once a public page uses it.
"""

from __future__ import annotations

import io
import os
import socket
import stat
from pathlib import Path

import pytest

from bulle.cli import main
from conftest import entry_text, make_site_copy, project_text, run_build, write_tree

PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082")
LINK = ("lien symbolique refusé : le site ne publie que des fichiers du dépôt ; "
        "remplacez le lien par le fichier lui-même")
SPECIAL = ("fichier spécial refusé (périphérique, tube ou socket) : le site ne publie que "
           "des fichiers ordinaires ; retirez-le")
SECRET = "BULLE_SECRET_DU_RUNNER=123"


def base_site(root: Path) -> Path:
    """A buildable site with one project, and a secret outside the repository."""
    (root / "repo").mkdir()
    make_site_copy(root / "repo", {
        "demo/index.md": project_text(),
        "demo/journal/2026-01-05-debut.md": entry_text(),
    })
    write_tree(root / "outside", {"secret.txt": SECRET, "folder/index.md": project_text(),
                                  "folder/annexe.pdf": SECRET,
                                  "entry.md": entry_text(), "logo.svg": "<svg/>"})
    return root / "repo"


def link(target: str):
    def plant(repo: Path, rel: str) -> None:
        os.symlink(target.replace("OUTSIDE", str(repo.parent / "outside")), repo / rel)
    return plant


def fifo(repo: Path, rel: str) -> None:
    os.mkfifo(repo / rel)


def unix_socket(repo: Path, rel: str) -> None:
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(repo / rel))
    except OSError as error:  # path too long for a socket on this machine
        pytest.skip(f"socket impossible ici : {error}")
    finally:
        server.close()


def device(repo: Path, rel: str) -> None:
    try:
        os.mknod(repo / rel, stat.S_IFCHR | 0o600, os.makedev(1, 3))  # /dev/null
    except (PermissionError, OSError) as error:
        pytest.skip(f"périphérique impossible à créer ici : {error}")


# (case, path planted, how, the message's path, its message)
CASES = [
    ("asset to /proc", "projects/demo/annexe.pdf", link("/proc/self/environ"),
     "projects/demo/annexe.pdf", LINK),
    ("asset to .git", "projects/demo/config.pdf", link("../../.git/config"),
     "projects/demo/config.pdf", LINK),
    ("asset outside", "projects/demo/secret.pdf", link("OUTSIDE/secret.txt"),
     "projects/demo/secret.pdf", LINK),
    ("project folder", "projects/autre", link("OUTSIDE/folder"), "projects/autre", LINK),
    ("sub-folder", "projects/demo/images", link("OUTSIDE/folder"), "projects/demo/images", LINK),
    ("entry", "projects/demo/journal/2026-01-06-lien.md", link("OUTSIDE/entry.md"),
     "projects/demo/journal/2026-01-06-lien.md", LINK),
    ("index", "projects/demo2/index.md", link("OUTSIDE/folder/index.md"),
     "projects/demo2/index.md", LINK),
    ("dangling", "projects/demo/vide.pdf", link("/nulle/part"), "projects/demo/vide.pdf", LINK),
    ("link to itself", "projects/demo/boucle", link("."), "projects/demo/boucle", LINK),
    ("fifo", "projects/demo/tube.pdf", fifo, "projects/demo/tube.pdf", SPECIAL),
    ("socket", "projects/demo/s.pdf", unix_socket, "projects/demo/s.pdf", SPECIAL),
    ("device", "projects/demo/null.pdf", device, "projects/demo/null.pdf", SPECIAL),
    ("docs page", "docs/secret.md", link("OUTSIDE/secret.txt"), "docs/secret.md", LINK),
    ("docs file", "docs/environ.txt", link("/proc/self/environ"), "docs/environ.txt", LINK),
    ("docs folder", "docs/annexes", link("OUTSIDE/folder"), "docs/annexes", LINK),
    ("docs loop", "docs/boucle", link(".."), "docs/boucle", LINK),
    ("docs fifo", "docs/tube.md", fifo, "docs/tube.md", SPECIAL),
]


def check(repo: Path) -> tuple[int, str]:
    out = io.StringIO()
    status = main(["check", "--root", str(repo)], out=out)
    return status, out.getvalue()


@pytest.mark.parametrize("rel,plant,where,message",
                         [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_check_and_build_refuse(tmp_path, rel, plant, where, message):
    repo = base_site(tmp_path)
    (repo / rel).parent.mkdir(parents=True, exist_ok=True)
    plant(repo, rel)
    status, out = check(repo)
    assert status == 1
    assert f"{where}: erreur : {message}" in out.splitlines()
    site = tmp_path / "site"
    done = run_build(repo, site, today="2026-01-10")
    assert done.returncode != 0
    assert f"{where}: erreur : {message}" in done.stderr
    assert "Traceback" not in done.stderr
    published = [path for path in site.rglob("*") if path.is_file()] if site.exists() else []
    assert not any(SECRET in path.read_text(errors="replace") for path in published)


@pytest.mark.parametrize("name,shown", [
    ("<bullehack onbulle=1>x.md", "« < », « > »"),
    ('a"b.md', '« " »'),
    ("R&D/page.md", "« & »"),
    ("bip\x07.md", "U+0007"),
], ids=["tag", "quote", "ampersand folder", "control"])
def test_docs_names_that_would_be_markup_are_refused(tmp_path, name, shown):
    """MkDocs makes a page's file name its title in the menu of every page, as HTML."""
    repo = base_site(tmp_path)
    write_tree(repo, {f"docs/{name}": "Une page sans titre.\n"})
    where = "docs/" + name.split("/")[0]
    expected = (f"{where}: erreur : nom refusé : il contient {shown}, et le nom d'un fichier "
                "de docs/ devient le titre de sa page dans le menu ; renommez-le (lettres, "
                "chiffres, tirets)")
    status, out = check(repo)
    assert status == 1 and expected in out.splitlines()
    done = run_build(repo, tmp_path / "site", today="2026-01-10")
    assert done.returncode != 0 and expected in done.stderr


@pytest.mark.parametrize("key", ["logo", "favicon"])
@pytest.mark.parametrize("kind", ["link", "linked folder"])
def test_programme_files_must_be_regular(tmp_path, key, kind):
    repo = base_site(tmp_path)
    outside = tmp_path / "outside"
    if kind == "link":
        os.symlink(outside / "logo.svg", repo / "docs" / "logo.svg")
        value = "docs/logo.svg"
    else:  # a real file, reached through a linked folder of the repository
        os.symlink(outside, repo / "images")
        value = "images/logo.svg"
    programme = repo / "programme.yml"
    text = programme.read_text(encoding="utf-8")
    text = text.replace("  contact: innovation@example.org\n",
                        f"  contact: innovation@example.org\n  {key}: {value}\n")
    programme.write_text(text, encoding="utf-8")
    line = text.split("\n").index(f"  {key}: {value}") + 1
    expected = f"programme.yml:{line}: erreur : « identity.{key} » : « {value} » : {LINK}"
    status, out = check(repo)
    assert status == 1 and expected in out.splitlines()
    done = run_build(repo, tmp_path / "site", today="2026-01-10")
    assert done.returncode != 0 and expected in done.stderr


def test_a_linked_projects_folder_is_refused(tmp_path):
    repo = base_site(tmp_path)
    os.rename(repo / "projects", tmp_path / "projects")
    os.symlink(tmp_path / "projects", repo / "projects")
    status, out = check(repo)
    assert status == 1 and f"projects: erreur : {LINK}" in out.splitlines()


def test_regular_files_and_hidden_files_still_pass(tmp_path):
    """The walk changes nothing for ordinary content: hidden files stay unpublished."""
    repo = base_site(tmp_path)
    write_tree(repo, {"projects/demo/photo.png": PNG, "projects/demo/.cache/notes.txt": "x",
                      "projects/demo/index.md": project_text(image="photo.png",
                                                             image_alt="Une photo")})
    status, out = check(repo)
    assert status == 0, out
    site = tmp_path / "site"
    done = run_build(repo, site, today="2026-01-10")
    assert done.returncode == 0, done.stderr
    assert (site / "projets/demo/photo.png").read_bytes() == PNG
    assert not (site / "projets/demo/.cache").exists()


# --- embargo --------------------------------------------------------------------

EMBARGO = {
    "embargo/index.md": project_text(
        "Le [compte rendu](public.pdf) de lancement.", image="couverture.png",
        image_alt="La couverture"),
    "embargo/couverture.png": PNG,
    "embargo/public.pdf": b"%PDF public",
    "embargo/resultats.pdf": b"%PDF resultats",
    "embargo/plan final.png": PNG,
    "embargo/journal/photo du jour.png": PNG,
    "embargo/brouillon.pdf": b"%PDF brouillon",
    "embargo/orphelin.pdf": b"%PDF orphelin",
    "embargo/journal/2026-01-05-lancement.md": entry_text("Un premier pas."),
    "embargo/journal/2026-12-10-resultats.md": entry_text(
        "Les [résultats](../resultats.pdf) et le plan :\n\n![plan](../plan%20final.png)",
        image="'photo du jour.png'", image_alt="Le jour J"),
    "embargo/journal/2026-01-06-secret.md": entry_text(
        "Voir [le brouillon](../brouillon.pdf).", draft="true"),
}


@pytest.mark.parametrize("today,published", [
    ("2026-11-26", {"couverture.png", "public.pdf"}),
    ("2026-12-10", {"couverture.png", "public.pdf", "resultats.pdf", "plan final.png",
                    "journal/photo du jour.png"}),
], ids=["before its day", "on its day"])
def test_attachments_wait_for_the_page_that_uses_them(tmp_path, today, published):
    (tmp_path / "repo").mkdir()
    repo = make_site_copy(tmp_path / "repo", EMBARGO)
    assert check(repo)[0] == 0
    site = tmp_path / "site"
    done = run_build(repo, site, today=today)
    assert done.returncode == 0, done.stderr
    folder = site / "projets" / "embargo"
    found = {path.relative_to(folder).as_posix() for path in folder.rglob("*")
             if path.is_file() and path.suffix in (".png", ".pdf")}
    assert found == published


@pytest.mark.parametrize("text,where,published", [
    ("[a](photo.png)", "", True),
    ("<img src=\"photo.png\" alt=\"x\">", "", True),
    ("[a](./photo.png#haut)", "", True),
    ("[a](myphoto.png)", "", False),
    ("[a](photo.png.old)", "", False),
    ("[a](photo-2.png)", "", False),
    ("[a](../photo.png)", "journal", True),
    ("[a](photo%2Epng)", "", True),
    ("[a](photo&#46;png)", "", True),
    ("le fichier photo.png, page 3", "", True),
    ("", "", False),
], ids=lambda value: repr(value) if isinstance(value, str) else None)
def test_a_file_is_named_by_a_text(tmp_path, text, where, published):
    from bulle.content.attachments import published_assets
    from bulle.content.model import Entry, Phase, Project
    import datetime as dt
    folder = tmp_path
    asset = folder / "photo.png"
    project = Project("p", "P", "Pitch", (Phase("investigation", dt.date(2026, 1, 1)),),
                      "projects/p/index.md", body=text if not where else "")
    entries = [Entry("p", "2026-01-02-a", dt.date(2026, 1, 2), "A", "s", "", body=text)] \
        if where else []
    assert published_assets(folder, [asset], project, None, entries) == \
        ((asset,) if published else ())


def test_front_matter_of_the_project_names_files(tmp_path):
    from bulle.content.attachments import published_assets
    from bulle.content.model import Phase, Project
    import datetime as dt
    asset = tmp_path / "docs" / "dossier.pdf"
    project = Project("p", "P", "Pitch", (Phase("investigation", dt.date(2026, 1, 1)),),
                      "projects/p/index.md")
    meta = {"links": {"Dossier": "docs/dossier.pdf"}, "title": "P"}
    assert published_assets(tmp_path, [asset], project, meta, []) == (asset,)
    assert published_assets(tmp_path, [asset], project, {"title": "P"}, []) == ()


@pytest.mark.parametrize("plant,message", [(link("/proc/self/environ"), LINK),
                                           (fifo, SPECIAL)], ids=["link", "fifo"])
def test_the_programme_file_must_be_regular(tmp_path, plant, message):
    repo = base_site(tmp_path)
    (repo / "programme.yml").unlink()
    plant(repo, "programme.yml")
    status, out = check(repo)
    assert status == 1 and out.splitlines()[0] == f"programme.yml: erreur : {message}"
    done = run_build(repo, tmp_path / "site", today="2026-01-10")
    assert done.returncode != 0 and f"programme.yml: erreur : {message}" in done.stderr
