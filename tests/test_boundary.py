"""The core stays free of MkDocs so that a move to another builder stays small."""

import subprocess
import sys
from pathlib import Path

import bulle

CORE = Path(bulle.__file__).parent


def test_importing_the_whole_core_leaves_mkdocs_out():
    modules = sorted(".".join(("bulle", *p.relative_to(CORE).with_suffix("").parts))
                     for p in CORE.rglob("*.py") if "__pycache__" not in p.parts)
    assert len(modules) > 50, "the core's modules were not found"
    code = ("import sys\n" + "".join(f"import {m}\n" for m in modules)
            + "print(sorted(m for m in sys.modules if m.split('.')[0] in ('mkdocs', 'material')))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_no_core_module_names_mkdocs():
    for path in CORE.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "import mkdocs" not in text and "from mkdocs" not in text, path


def test_every_label_used_by_the_templates_exists_in_french():
    import re

    from bulle.programme.i18n import load_locale
    labels = load_locale("fr")
    used = set()
    theme = CORE.parent / "hooks" / "theme"
    for path in [*(CORE / "pages" / "templates").glob("*.html"), *CORE.rglob("*.py"),
                 *theme.rglob("*.html")]:
        used |= set(re.findall(r"""(?<![.\w])t\(\s*f?['"]([a-z0-9_.]+)[{'"]""",
                               path.read_text(encoding="utf-8")))
    assert used, "no label found: the pattern is stale"
    prefixes = {key for key in used if key.endswith(".")}  # keys built from a value
    assert sorted(used - prefixes - set(labels)) == []
    assert sorted(p for p in prefixes if not any(k.startswith(p) for k in labels)) == []


def test_every_accessibility_status_has_a_label():
    from bulle.programme.i18n import load_locale
    from bulle.content.model import ACCESSIBILITY_STATUSES
    labels = load_locale("fr")
    assert [s for s in ACCESSIBILITY_STATUSES if f"a11y.status.{s}" not in labels] == []
