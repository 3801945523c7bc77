"""The identifying-details check against a set of example posts, and the crisis check.

Each example names the details planted in it (kind and exact text); clean examples
plant nothing. The check must find every planted detail, and raise no more than a
few false alarms over the whole set.
"""

from __future__ import annotations

import grpc
import pytest

from reconnect.forum.v1 import forum_pb2 as fpb
from services.forum import checks
from services.kit import national_id
from tests.conftest import rpc_error, trailer
from tests.forum.conftest import PLACES

EXAMPLES: list[tuple[str, list[tuple[str, str]]]] = [
    # Norwegian, with details
    ("Ring meg gjerne på 912 34 567 hvis du vil prate.", [("phone", "912 34 567")]),
    ("Nummeret mitt er +47 41234567, send en melding.", [("phone", "+47 41234567")]),
    ("Du kan nå meg på 22 33 44 55 på dagtid.", [("phone", "22 33 44 55")]),
    ("Skriv til kari.nordmann@gmail.com så svarer jeg.", [("email", "kari.nordmann@gmail.com")]),
    ("Jeg bor i Storgata 12, rett ved bakeriet.", [("address", "Storgata 12")]),
    ("Vi flyttet til Kirkeveien 3B i fjor sommer.", [("address", "Kirkeveien 3B")]),
    ("Postadressen er 9300 Finnsnes om noen lurer.", [("address", "9300 Finnsnes")]),
    ("Jeg var innlagt på Nordvik DPS i vinter.", [("place", "Nordvik DPS")]),
    ("Sønnen min går på Fjellheim skole og har det tøft.", [("place", "Fjellheim skole")]),
    ("Jeg satt på venterommet på Nordvik legesenter på tirsdag og gråt.",
     [("place", "Nordvik legesenter"), ("date_near_place", "på tirsdag")]),
    ("Den 14. mars var jeg på Nordvik DPS for første gang.", [("date_near_place", "14. mars"), ("place", "Nordvik DPS")]),
    ("Vi kan møtes på Kaffebrenneriet på torget i morgen!",
     [("place", "Kaffebrenneriet på torget"), ("date_near_place", "i morgen")]),
    ("Fødselsnummeret mitt står på brevet: 15076500565, er det farlig?", [("national_id", "15076500565")]),
    ("Han ga meg nummeret 150765 00565 ved en feil.", [("national_id", "150765 00565")]),
    ("Mailen er ola@nordvik.kommune.no og tlf 48 12 34 56.",
     [("email", "ola@nordvik.kommune.no"), ("phone", "48 12 34 56")]),
    # English, with details
    ("Call me on +44 7700 900123 if you want to talk.", [("phone", "+44 7700 900123")]),
    ("My email is sam.jones@example.org, write any time.", [("email", "sam.jones@example.org")]),
    ("I live at 221 Baker Street, the blue door.", [("address", "221 Baker Street")]),
    ("I was at Nordvik DPS on Monday and it was awful.", [("place", "Nordvik DPS"), ("date_near_place", "on Monday")]),
    ("My daughter started at Fjellheim skole in August, on the 3rd of August.",
     [("place", "Fjellheim skole"), ("date_near_place", "3rd of August")]),
    ("Text me: 004798765432.", [("phone", "004798765432")]),
    ("We could meet at Kaffebrenneriet på torget tomorrow.",
     [("place", "Kaffebrenneriet på torget"), ("date_near_place", "tomorrow")]),
    # Clean: no details, but numbers, dates and ordinary words that must not alarm
    ("I dag var en bedre dag. Jeg gikk en tur og hørte på fuglene.", []),
    ("Jeg har sovet dårlig i 3 uker, og det tærer på.", []),
    ("Medisinen ble økt til 20 mg, og nå er jeg trøtt hele tiden.", []),
    ("Takk for at dere er her. Det betyr mer enn dere aner.", []),
    ("Har noen tips til å roe ned tankene om kvelden?", []),
    ("I 2019 begynte jeg å få angst, og det har vært opp og ned siden.", []),
    ("Today I managed to go outside for 10 minutes. Small steps.", []),
    ("It has been 2 years since my diagnosis and I'm learning to live with it.", []),
    ("Does anyone else find Mondays hard? The weekend feels so short.", []),
    ("Jeg leste 150 sider i en bok i helga, første gang på lenge!", []),
    ("Pusteøvelsen 4-7-8 hjalp meg litt i natt.", []),
    ("Husk: det er lov å ha en dårlig dag.", []),
]


def _spans(text: str, findings) -> set[tuple[str, str]]:
    return {(f.kind, text[f.start:f.end].strip()) for f in findings}


def test_the_example_set_is_large_enough():
    assert len(EXAMPLES) >= 30
    assert sum(1 for _, planted in EXAMPLES if planted) >= 20
    assert sum(1 for _, planted in EXAMPLES if not planted) >= 10


def test_every_planted_detail_is_found_with_few_false_alarms():
    missed, false_alarms = [], []
    for text, planted in EXAMPLES:
        found = _spans(text, checks.find_identifying_details(text, PLACES))
        for detail in planted:
            if detail not in found:
                missed.append((text, detail, found))
        for detail in found - set(planted):
            false_alarms.append((text, detail))
    print(f"identifying-details check: {len(EXAMPLES)} examples, {sum(len(p) for _, p in EXAMPLES)} planted, "
          f"{len(missed)} missed, {len(false_alarms)} false alarms")
    assert missed == []
    assert len(false_alarms) <= 3, false_alarms


def test_national_id_numbers_need_valid_check_digits():
    assert national_id.is_valid("15076500565")  # a published synthetic test number
    assert not national_id.is_valid("15076500566")
    assert checks.find_identifying_details("Kontonummer 12345678901", []) == []


@pytest.mark.parametrize(
    ("text", "crisis"),
    [
        ("Jeg orker ikke å leve mer.", True),
        ("Noen ganger tenker jeg på selvmord.", True),
        ("I just want to die tonight", True),
        ("I've been thinking I might hurt myself", True),
        ("Jeg vil gi opp alt nå", True),  # the tenant's own word list
        ("Jeg orker ikke å lese mer i dag.", False),
        ("Dette var en dødsbra film", False),
        ("I'm dying to see the new film", False),
    ],
)
def test_crisis_language(text, crisis):
    assert checks.mentions_crisis(text, ["gi opp alt"]) is crisis


def test_markdown_is_rendered_safely():
    html = checks.render_markdown("# Stor\n<img src=x onerror=alert(1)> [lenke](javascript:alert(1)) [ok](https://a.no) ![b](http://evil/x.png)")
    assert "<h3>Stor</h3>" in html
    assert "<img" not in html, "no images at all: a remote image tells its server who is reading"
    assert 'href="javascript' not in html
    assert '<a href="https://a.no" rel="nofollow noopener">ok</a>' in html
    assert 'src="http://evil' not in html


def test_a_draft_with_details_waits_for_the_author(forum):
    body = "Jeg var på Nordvik DPS på tirsdag, ring meg på 912 34 567"
    checked = forum.stub.CheckPost(fpb.CheckPostRequest(body=body), metadata=forum.as_("nora"))
    assert {f.kind for f in checked.findings} == {"place", "date_near_place", "phone"}
    held = forum.thread("nora", body=body)
    assert not held.published and not held.thread.id and len(held.findings) == 3
    posted = forum.thread("nora", body=body, post_anyway=True)
    assert posted.published and posted.thread.id
    # Nothing about the check is visible to anyone else.
    seen = forum.stub.GetThread(fpb.GetThreadRequest(thread_id=posted.thread.id), metadata=forum.as_("nils"))
    assert "finding" not in str(seen).lower()


def test_national_id_numbers_are_refused_outright(forum):
    for post_anyway in (False, True):
        error = rpc_error(forum.thread, "nora", body="Mitt nummer er 15076500565", post_anyway=post_anyway)
        assert error.code() == grpc.StatusCode.INVALID_ARGUMENT
        assert trailer(error, "reconnect-reason") == "national_id"
        assert "15076500565" not in error.details()
