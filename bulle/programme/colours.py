"""The programme's two colours: checked for contrast, then written as CSS custom properties.

Material reads its colours from CSS custom properties (`--md-primary-fg-color`
...). The city gives a primary colour (header, links, selected filters) and an
accent (links under the pointer); the shades Material also needs, and the light
tints that stay readable on the dark scheme, are computed here, so a city
never picks more than two colours and never breaks the contrast of the dark
scheme by accident.
"""

from __future__ import annotations

import colorsys
import re
from dataclasses import dataclass

HEX = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
WHITE = "#ffffff"
BLACK = "#000000"
SLATE_BACKGROUND = "#1e2129"  # Material's slate scheme: hsl(232, 15%, 14%)
TEXT_CONTRAST = 4.5  # WCAG 2.1 AA (RGAA 3.2) for text of normal size
DEFAULT_PRIMARY = "#1d4f91"
DEFAULT_ACCENT = "#b3261e"


@dataclass(frozen=True)
class Colours:
    """Primary (header, links, selected filters) and accent (links under the pointer)."""

    primary: str = DEFAULT_PRIMARY
    accent: str = DEFAULT_ACCENT


def normalise(colour: str) -> str:
    """`#abc` or `#AABBCC` as `#aabbcc`; the caller has checked it against HEX."""
    digits = colour.lstrip("#").lower()
    if len(digits) == 3:
        digits = "".join(2 * d for d in digits)
    return f"#{digits}"


def _rgb(colour: str) -> tuple[int, int, int]:
    digits = normalise(colour)[1:]
    return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)


def _hex(rgb: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{round(max(0, min(255, c))):02x}" for c in rgb)


def luminance(colour: str) -> float:
    """Relative luminance (WCAG 2.1)."""
    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = map(linear, _rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(first: str, second: str) -> float:
    """Contrast ratio between two colours, from 1 to 21 (WCAG 2.1)."""
    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def mix(colour: str, other: str, share: float) -> str:
    """`colour` with `share` (0 to 1) of `other` blended in."""
    return _hex(tuple(a + (b - a) * share for a, b in zip(_rgb(colour), _rgb(other))))


def readable_on(colour: str, background: str, minimum: float = TEXT_CONTRAST) -> str:
    """`colour`, lightened or darkened as little as needed to reach `minimum` on `background`.

    Only its lightness changes (hue and saturation stay), so a blue stays a blue.
    """
    hue, lightness, saturation = colorsys.rgb_to_hls(*(c / 255 for c in _rgb(colour)))
    target = 1.0 if luminance(background) < 0.18 else 0.0
    for step in range(0, 101):
        level = lightness + (target - lightness) * step / 100
        candidate = _hex(tuple(c * 255 for c in colorsys.hls_to_rgb(hue, level, saturation)))
        if contrast(candidate, background) >= minimum + 0.05:  # a margin for rounding
            return candidate
    return WHITE if target else BLACK


def check_colours(colours: Colours) -> list[tuple[str, str]]:
    """(field, French message) for each colour whose text would be hard to read."""
    problems = []
    checks = (("primary", WHITE, "le texte blanc de l'en-tête sur cette couleur, et cette "
                                 "couleur pour les liens sur fond blanc,"),
              ("accent", WHITE, "cette couleur pour les liens survolés, sur fond blanc,"))
    for name, background, what in checks:
        value = getattr(colours, name)
        ratio = contrast(value, background)
        if ratio < TEXT_CONTRAST:
            better = readable_on(value, background)
            problems.append((name, f"« identity.colours.{name} » vaut « {value} » : {what} "
                                   f"n'a qu'un contraste de {_ratio(ratio)}, il faut au moins "
                                   f"{_ratio(TEXT_CONTRAST)} (RGAA 3.2) — vouliez-vous dire "
                                   f"« {better} » ?"))
    return problems


def render_colours_css(colours: Colours) -> str:
    """Material's colour custom properties for both schemes."""
    primary, accent = normalise(colours.primary), normalise(colours.accent)
    light = {
        "--md-primary-fg-color": primary,
        "--md-primary-fg-color--light": mix(primary, WHITE, 0.2),
        "--md-primary-fg-color--dark": mix(primary, BLACK, 0.3),
        "--md-accent-fg-color": accent,
        "--md-accent-fg-color--transparent": accent + "1a",
    }
    dark = {  # the header keeps its colour; text colours lighten until they read on slate
        "--md-primary-fg-color": primary,
        "--md-primary-fg-color--dark": mix(primary, BLACK, 0.3),
        "--md-typeset-a-color": readable_on(primary, SLATE_BACKGROUND, 7),
        "--md-accent-fg-color": readable_on(accent, SLATE_BACKGROUND, 7),
    }
    return ("/* The programme's colours (identity.colours in programme.yml), made by Bulle. */\n"
            + _block(":root", light) + _block('[data-md-color-scheme="slate"]', dark))


def _block(selector: str, properties: dict[str, str]) -> str:
    lines = "".join(f"  {name}: {value};\n" for name, value in properties.items())
    return f"{selector} {{\n{lines}}}\n"


def _ratio(value: float) -> str:
    return f"{value:.1f}".replace(".", ",") + ":1"
