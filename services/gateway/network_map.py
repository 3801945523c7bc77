"""The network map as an SVG picture, drawn in the gateway from the toolbox's list.

Three rings around the person: inner, middle and outer circle. People are dots, services
squares, each labelled with its name. The picture has a title and an accessible label;
every name is escaped; there is no script, no style attribute and no external reference,
so it is safe to inline in a page under the portal's Content-Security-Policy. The page
shows the same people as a list as well, for screen readers and for printing.
"""

from __future__ import annotations

import math
from xml.sax.saxutils import escape, quoteattr

SIZE = 560
CENTRE = SIZE / 2
RINGS = {"inner": 95, "middle": 170, "outer": 245}
OFFSETS = {"inner": 0.0, "middle": 0.35, "outer": 0.7}
LABEL_LENGTH = 22


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= LABEL_LENGTH else text[: LABEL_LENGTH - 1] + "…"


def network_svg(members, *, title: str, me: str, standalone: bool = True) -> str:
    """``members``: NetworkMember messages (name, kind, relation, circle)."""
    by_ring: dict[str, list] = {ring: [] for ring in RINGS}
    for member in members:
        by_ring.get(member.circle, by_ring["outer"]).append(member)
    namespace = ' xmlns="http://www.w3.org/2000/svg"' if standalone else ""
    parts = [
        f'<svg{namespace} viewBox="0 0 {SIZE} {SIZE}" role="img" aria-label={quoteattr(title)} '
        f'class="network-map" focusable="false">',
        f"<title>{escape(title)}</title>",
        f'<rect x="0" y="0" width="{SIZE}" height="{SIZE}" fill="#ffffff"/>',
    ]
    for ring, radius in sorted(RINGS.items(), key=lambda item: -item[1]):
        parts.append(f'<circle class="ring ring-{ring}" cx="{CENTRE:g}" cy="{CENTRE:g}" r="{radius}" '
                     f'fill="none" stroke="#7b8794" stroke-width="1.5"/>')
    parts.append(f'<circle cx="{CENTRE:g}" cy="{CENTRE:g}" r="30" fill="#1f4e79"/>')
    parts.append(f'<text x="{CENTRE:g}" y="{CENTRE + 5:g}" text-anchor="middle" font-size="15" fill="#ffffff">'
                 f"{escape(_short(me))}</text>")
    for ring, people in by_ring.items():
        radius = RINGS[ring]
        for index, member in enumerate(people):
            angle = OFFSETS[ring] + 2 * math.pi * index / max(len(people), 1) - math.pi / 2
            x, y = CENTRE + radius * math.cos(angle), CENTRE + radius * math.sin(angle)
            kind = "service" if member.kind == "service" else "person"
            parts.append(f'<g class="member member-{ring} kind-{kind}">')
            if kind == "service":
                parts.append(f'<rect x="{x - 9:.1f}" y="{y - 9:.1f}" width="18" height="18" fill="#6b3f7f"/>')
            else:
                parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="10" fill="#2d6a4f"/>')
            parts.append(f'<text x="{x:.1f}" y="{y + 25:.1f}" text-anchor="middle" font-size="13" fill="#1f2933">'
                         f"{escape(_short(member.name))}</text>")
            parts.append("</g>")
    parts.append("</svg>")
    return "".join(parts)
