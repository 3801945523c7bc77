"""The assurance suite: one persona per role, planted canaries, and a summary line per part.

Everything runs against the session's shared ``stack`` except the fault part, which
kills processes and so starts a stack of its own.
"""

from __future__ import annotations

import pytest

from tests.assurance.report import REPORT
from tests.assurance.world import World, build_world


def pytest_collection_modifyitems(session, config, items):
    """The assurance suite runs after everything else on the session's stack: its fuzzing
    changes what a tenant admin may change (a municipality's word lists, say) with random
    values, which other tests rely on. The fault part, which kills and restarts processes
    of the stack, runs last of all."""
    def order(item) -> int:
        if item.nodeid.startswith("tests/assurance/test_faults.py"):
            return 2
        return 1 if item.nodeid.startswith("tests/assurance/") else 0

    items.sort(key=order)  # stable: the order within each group stays


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
