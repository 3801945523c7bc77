"""Draw a network map as SVG, server-side, from its data alone (a pure function).

Three rings around the user: inner, middle and outer circle. People are dots, services
squares, each labelled with its name; the SVG has a title and an accessible label, and
every name is escaped. No script, no external reference: safe to inline in a page.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

SIZE = 560
CENTER = SIZE / 2
RINGS = {"inner": 95, "middle": 170, "outer": 245}
LABEL_LENGTH = 24


@dataclass(frozen=True)
class Node:
    name: str
    circle: str  # "inner", "middle", "outer"
    kind: str = "person"  # or "service"
    relation: str = ""


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= LABEL_LENGTH else text[: LABEL_LENGTH - 1] + "…"


def render(nodes: Iterable[Node], centre_label: str = "Meg", title: str = "Mitt nettverk") -> str:
    by_ring: dict[str, list[Node]] = {ring: [] for ring in RINGS}
    for node in nodes:
        by_ring.get(node.circle, by_ring["outer"]).append(node)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {SIZE} {SIZE}" width="{SIZE}" height="{SIZE}" '
        f'role="img" aria-label={quoteattr(title)} class="network-map">',
        f"<title>{escape(title)}</title>",
    ]
    for ring, radius in sorted(RINGS.items(), key=lambda item: -item[1]):
        parts.append(f'<circle class="ring ring-{ring}" cx="{CENTER:g}" cy="{CENTER:g}" r="{radius}" '
                     f'fill="none" stroke="#9aa5b1" stroke-width="1.5"/>')
    parts.append(f'<circle class="me" cx="{CENTER:g}" cy="{CENTER:g}" r="28" fill="#2f6f9f"/>')
    parts.append(f'<text x="{CENTER:g}" y="{CENTER + 5:g}" text-anchor="middle" font-size="14" fill="#fff">'
                 f"{escape(_short(centre_label))}</text>")
    for ring, members in by_ring.items():
        radius = RINGS[ring]
        count = len(members)
        offset = {"inner": 0.0, "middle": 0.35, "outer": 0.7}[ring]
        for index, node in enumerate(members):
            angle = offset + 2 * math.pi * index / max(count, 1) - math.pi / 2
            x, y = CENTER + radius * math.cos(angle), CENTER + radius * math.sin(angle)
            label = _short(node.name)
            tooltip = node.name + (f" ({node.relation})" if node.relation else "")
            parts.append(f'<g class="member member-{ring} kind-{"service" if node.kind == "service" else "person"}">')
            parts.append(f"<title>{escape(tooltip)}</title>")
            if node.kind == "service":
                parts.append(f'<rect x="{x - 9:.1f}" y="{y - 9:.1f}" width="18" height="18" fill="#8a5a9e"/>')
            else:
                parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="10" fill="#3f8f5f"/>')
            parts.append(f'<text x="{x:.1f}" y="{y + 24:.1f}" text-anchor="middle" font-size="12" fill="#1f2933">'
                         f"{escape(label)}</text>")
            parts.append("</g>")
    parts.append("</svg>")
    return "".join(parts)
