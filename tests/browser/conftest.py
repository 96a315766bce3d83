"""Browser tests: a real headless Chromium (Debian's) drives the live server.

Run them on their own, as `make test` does:  pytest -m browser tests/browser
"""

import os
from pathlib import Path

import pytest

from tests.support import PROJECT_ROOT, chromium_path, require_service

BROWSER_DIR = Path(__file__).resolve().parent
SCREENSHOTS_DIR = PROJECT_ROOT / "var" / "screenshots"

# Chair-side tablets in landscape: the navbar is still expanded (Bootstrap lg = 992px).
TABLET_VIEWPORT = {"width": 1024, "height": 768}
DESKTOP_VIEWPORT = {"width": 1440, "height": 900}

PASSWORD = "pw-for-tests-123"  # tests.support.make_user's default
LOGIN_PATH = "/accounts/login/"

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.hookimpl(tryfirst=True)  # before `-m` deselects by marker
def pytest_collection_modifyitems(config, items):
    """Every test in this folder is a browser test, whatever its module says."""
    for item in items:
        if BROWSER_DIR in item.path.resolve().parents:
            item.add_marker(pytest.mark.browser)


def pytest_collection_finish(session):
    """Let the ORM run beside Playwright, only in a pytest process that runs browser tests.

    Playwright's sync API keeps an event loop running in the main thread, so Django's
    async-safety guard would refuse every ORM call the test (and the database flush after
    it) makes. `make test` runs this folder in its own process; setting the variable here,
    once the selection is known, keeps it out of a `-m "not browser"` run that still
    imports this conftest while collecting.
    """
    if any(BROWSER_DIR in item.path.resolve().parents for item in session.items):
        os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's Chromium instead of Playwright's download (`playwright install` is not used)."""
    executable = chromium_path()
    if not executable:
        require_service("Chromium", False, "apt-get install chromium")
    return {
        **browser_type_launch_args,
        "executable_path": executable,
        "args": [*browser_type_launch_args.get("args", []), *CHROMIUM_ARGS],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": TABLET_VIEWPORT}


@pytest.fixture
def screenshots_dir() -> Path:
    SCREENSHOTS_DIR.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS_DIR


# Chromium's own console wording changes between versions ("Refused to ..." became "...
# violates the following Content Security Policy directive"), so the page's
# `securitypolicyviolation` event is echoed to the console too. Init scripts are injected by
# the browser itself, so the policy does not block this one.
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => console.error(
  `Content Security Policy violation: ${event.violatedDirective} blocked ${event.blockedURI}`
));
"""


def watch_csp_violations(page) -> list[str]:
    """Collects what the Content-Security-Policy blocks on this page (tests assert it stays [])."""
    violations: list[str] = []

    def on_console(message):
        text = message.text
        if "Content Security Policy" in text or "Refused to" in text:
            violations.append(f"{page.url}: {text}")

    page.add_init_script(REPORT_CSP_VIOLATIONS)
    page.on("console", on_console)
    return violations


@pytest.fixture
def csp_violations(page) -> list[str]:
    return watch_csp_violations(page)


# --- Helpers the browser tests share ----------------------------------------------------------


def sign_in(page, base_url: str, username: str, password: str = PASSWORD):
    """Fill in the real login form; returns the response to the form's POST."""
    page.goto(base_url + LOGIN_PATH)
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(password)
    with page.expect_response(
        lambda r: r.request.method == "POST" and LOGIN_PATH in r.url
    ) as posted:
        page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    return posted.value


def horizontal_overflow(page) -> dict | None:
    """The page's width and the window's when the page scrolls sideways, else None."""
    sizes = page.evaluate(
        "() => ({scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth})"
    )
    return sizes if sizes["scrollWidth"] > sizes["innerWidth"] else None


def watch_js_errors(page) -> list[str]:
    """Collects the page's uncaught JavaScript errors (tests assert it stays [])."""
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(f"{page.url}: {error}"))
    return errors


def submit(page, button: str):
    """Click a submit button of the page's own form (not the navbar's "Log out") and wait for
    the answer to load."""
    with page.expect_navigation():
        page.locator("main").get_by_role("button", name=button, exact=True).click()
