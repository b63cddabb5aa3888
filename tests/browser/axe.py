"""axe-core (from node_modules, pinned by package-lock.json) run inside a page."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

AXE_JS = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
IMPACTS = ("critical", "serious", "moderate", "minor")
BLOCKING = ("critical", "serious")

_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    targets: v.nodes.slice(0, 5).map(n => n.target.join(" ")),
    count: v.nodes.length,
  }));
}"""


def run_axe(page, script: Path) -> list[dict]:
    """Inject axe-core into the page (once) and return its violations."""
    if not page.evaluate("typeof window.axe === 'object'"):
        page.add_script_tag(path=script)
    return page.evaluate(_RUN)


def count_by_impact(violations: list[dict]) -> Counter:
    """Violated rules per impact (a rule counts once, whatever its number of elements)."""
    return Counter(v["impact"] for v in violations)


def describe(violations: list[dict]) -> str:
    return "\n".join(f"  [{v['impact']}] {v['id']}: {v['help']} ({v['count']}×: "
                     + ", ".join(v["targets"]) + ")" for v in violations)
