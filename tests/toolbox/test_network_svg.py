"""The network map drawn as SVG from its data alone."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from services.toolbox.network_svg import RINGS, Node, render

SVG = "{http://www.w3.org/2000/svg}"


def test_people_are_placed_on_their_circle_and_names_are_escaped():
    nodes = [Node("Mamma", "inner"), Node("Kari <script>alert(1)</script>", "inner", relation="søster & venn"),
             Node("NAV Nordvik", "outer", kind="service"), Node("Nabo", "middle"), Node("Ukjent", "nowhere")]
    svg = render(nodes, centre_label="Meg")
    root = ET.fromstring(svg)  # well-formed
    assert root.tag == f"{SVG}svg" and root.get("role") == "img" and root.get("aria-label")
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    groups = root.findall(f"{SVG}g")
    assert len(groups) == len(nodes)
    classes = [g.get("class") for g in groups]
    assert classes.count("member member-inner kind-person") == 2
    assert "member member-outer kind-service" in classes
    assert "member member-outer kind-person" in classes, "an unknown circle is drawn on the outer ring"
    assert [c.get("r") for c in root.findall(f"{SVG}circle") if "ring" in (c.get("class") or "")] == [
        str(r) for r in sorted(RINGS.values(), reverse=True)]
    for group in groups:
        shape = group.find(f"{SVG}circle")
        if shape is None:
            shape = group.find(f"{SVG}rect")
            x, y = float(shape.get("x")) + 9, float(shape.get("y")) + 9
        else:
            x, y = float(shape.get("cx")), float(shape.get("cy"))
        ring = group.get("class").split()[1].removeprefix("member-")
        distance = ((x - 280) ** 2 + (y - 280) ** 2) ** 0.5
        assert abs(distance - RINGS[ring]) < 1, group.get("class")
    labels = [t.text for t in root.iter(f"{SVG}text")]
    assert "Meg" in labels and all(len(label) <= 24 for label in labels)


def test_an_empty_map_is_just_the_user():
    root = ET.fromstring(render([]))
    assert root.findall(f"{SVG}g") == []
    assert [t.text for t in root.iter(f"{SVG}text")] == ["Meg"]
