"""Real Chromium (Debian's) driven by Playwright against the running stack."""

from __future__ import annotations

import os

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-quic",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
]

if not os.path.exists(CHROMIUM):
    if os.environ.get("CI"):
        # CI must not pass with the pages untested: make test installs chromium there.
        raise pytest.UsageError(f"CI: no Chromium at {CHROMIUM}; the browser tests cannot run")
    pytest.skip(
        f"BROWSER TESTS SKIPPED: no Chromium at {CHROMIUM}; install Debian's 'chromium' package to run them",
        allow_module_level=True,
    )

from playwright.sync_api import sync_playwright  # noqa: E402


# Package scope: Playwright's sync API keeps an event loop on the main thread while it runs,
# which must be gone before other tests use asyncio.
@pytest.fixture(scope="package")
def browser():
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def gateway_port(stack) -> str:
    return stack.gateway_url.rsplit(":", 1)[1]


@pytest.fixture(scope="session")
def nordvik_url(gateway_port) -> str:
    # Chromium resolves every *.localhost name to the loopback address.
    return f"http://nordvik.localhost:{gateway_port}"


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="nb-NO")
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()
