"""The assurance suite: one persona per role, planted canaries, and a summary line per part.

Everything runs against the session's shared ``stack`` except the fault part, which
kills processes and so starts a stack of its own.
"""

from __future__ import annotations

import pytest

from tests.assurance.report import REPORT
from tests.assurance.world import World, build_world


def pytest_collection_modifyitems(session, config, items):
    """The fault part kills and restarts processes of the shared stack: it runs last."""
    faults = [item for item in items if item.nodeid.startswith("tests/assurance/test_faults.py")]
    if faults:
        items[:] = [item for item in items if item not in faults] + faults


def pytest_terminal_summary(terminalreporter):
    lines = REPORT.render()
    if lines:
        terminalreporter.section("ReConnect assurance: what each part tried")
        for line in lines:
            terminalreporter.write_line(line)


@pytest.fixture(scope="session")
def report():
    return REPORT


@pytest.fixture(scope="session")
def world(stack) -> World:
    """The cast, made once per session through the public API, with canaries in their details."""
    return build_world(stack)


@pytest.fixture(scope="session")
def planted(world, report):
    """Every declared canary source of a running service has planted its canaries."""
    from tests.assurance.declarations import CANARY_SOURCES

    seeded, pending = [], []
    for source in CANARY_SOURCES:
        if source.seed is None or source.service not in world.stack.services:
            pending.append(f"{source.service}: {source.what}")
            continue
        source.seed(world, world.canaries)
        seeded.append(source.service)
    world.canary_pending = pending
    return world.canaries
