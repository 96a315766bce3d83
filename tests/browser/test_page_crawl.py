"""Issue 12's page crawl: every HTML page each role can open on a seeded clinic, at 1024 and
1440 px, must not scroll sideways, must show its form inputs, and must pass axe-core's WCAG 2.1
A/AA rules (axe-core is the npm package `.ci/run` installs into .ci/node/). Issue 15: the
practitioner and the clinic admin are crawled again in French (longer labels; the admin has the
longest navigation bar), on the same seeded clinic, so the extra cost is only their pages."""

import datetime
import os
import time
import uuid
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from clinic import language
from clinic.tests import test_url_access as url_walk
from patients.models import Measurement
from protocols.models import Protocol
from protocols.seed import load_reference_library
from protocols.tests import factories as protocol_factories
from sessions.models import TreatmentPlan
from tests.browser.conftest import (
    DESKTOP_VIEWPORT,
    TABLET_VIEWPORT,
    sign_in,
    watch_csp_violations,
    watch_js_errors,
)
from tests.support import PROJECT_ROOT, make_user, require_service

make_protocol = protocol_factories.make_protocol

CRAWL_LANGUAGE = os.environ.get("CRAWL_LANGUAGE", "")

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]

AXE_JS = PROJECT_ROOT / ".ci" / "node" / "node_modules" / "axe-core" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
ROLES = [url_walk.PRACT, url_walk.DESK, url_walk.ADMIN]
# (role, language) pairs crawled. CRAWL_LANGUAGE=xx crawls every role in that language only.
if CRAWL_LANGUAGE:
    CRAWLS = [(role, CRAWL_LANGUAGE) for role in ROLES]
else:
    CRAWLS = [(role, "en") for role in ROLES] + [(url_walk.PRACT, "fr"), (url_walk.ADMIN, "fr")]

# Inputs a person should see and use: rendered (a collapsed section or a `hidden` field is
# fine), yet squeezed to nothing by the layout, or inside a scrolling box squeezed to nothing.
SQUEEZED_INPUTS = """
() => {
  const flat = (el) => {
    const box = el.getBoundingClientRect();
    return box.width < 1 || box.height < 1;
  };
  // Inside a scrolling box squeezed to nothing, or starting past its right edge (only
  // reachable by scrolling the box sideways).
  const clippedAway = (el) => {
    const left = el.getBoundingClientRect().left;
    for (let box = el.parentElement; box && box.tagName !== "FORM"; box = box.parentElement) {
      if (getComputedStyle(box).overflowX === "visible") continue;
      if (flat(box) || left >= box.getBoundingClientRect().right) return true;
    }
    return false;
  };
  return [...document.querySelectorAll(
      "main form input:not([type=hidden]), main form select, main form textarea")]
    .filter((el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden")
    .filter((el) => flat(el) || clippedAway(el))
    .map((el) => `${el.tagName.toLowerCase()}[name=${el.name || el.id || "?"}]`);
}
"""

# The elements that stick out past the window's right edge first (their parent fits) or on
# their own (absolutely placed, escaping a scrolling box): the culprits to name.
STICKING_OUT = """
() => [...document.querySelectorAll("body *")]
  .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 0.5)
  .filter((el) => el.parentElement.getBoundingClientRect().right <= window.innerWidth + 0.5
    || ["absolute", "fixed"].includes(getComputedStyle(el).position))
  .slice(0, 3)
  .map((el) => `${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""}`
    + `${el.classList.length ? "." + [...el.classList].join(".") : ""}`
    + ` (${Math.round(el.getBoundingClientRect().width)} px)`)
"""

RUN_AXE = """
async (tags) => {
  const results = await axe.run(
    document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
  return results.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — `
    + v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", "));
}
"""


def _user_named_uniquely(role, username=None, **kwargs):
    """The URL walk's samples name some of their users ("consultant", "site-recorder") and
    protocols ("ha-booster"): calling them all in one database gives each sample its own user
    (a shared practitioner would be double-booked) and reuses the protocol made first."""
    if username and get_user_model().objects.filter(username=username).exists():
        username = f"{username}-{uuid.uuid4().hex[:6]}"
    return make_user(role, username=username, **kwargs)


def _protocol_made_once(slug="ha-booster", **kwargs):
    return Protocol.objects.filter(slug=slug).first() or make_protocol(slug=slug, **kwargs)


@pytest.fixture
def seeded_urls(monkeypatch):
    """One clinic holding a sample row for every URL that takes arguments (the URL walk's own
    samples, built through the services and factories): URL name -> path."""
    monkeypatch.setattr(url_walk, "make_user", _user_named_uniquely)
    monkeypatch.setattr(protocol_factories, "make_protocol", _protocol_made_once)
    load_reference_library()
    urls, made = {}, {}
    for name in url_walk.APP_NAMES:
        if url_walk.OK not in url_walk.ACCESS[name].values():
            continue  # POST only, or no role opens it
        sample = url_walk.SAMPLE_KWARGS.get(name)
        if sample not in made:  # one row per sample helper, shared by the pages that use it
            made[sample] = sample() if sample else {}
        path = reverse(name, kwargs=made[sample])
        query = url_walk.SAMPLE_QUERY.get(name)
        if query:
            path += "?" + "&".join(f"{key}={value}" for key, value in query.items())
        urls[name] = path
    plan = TreatmentPlan.objects.get(pk=made[url_walk.SAMPLE_KWARGS["treatments:plan"]]["pk"])
    measured_course(plan)
    return urls


def measured_course(plan):
    """Two outcome scales measured twice on the plan's consultation: the plan page draws a
    chart for each, side by side at 1024 px (the layout that overflowed)."""
    consultation = plan.consultation
    for days_ago, (gais, wsrs) in ((28, ("1", "4")), (0, ("2", "3"))):
        for scale, value in (("gais_practitioner", gais), ("wsrs", wsrs)):
            Measurement.objects.create(
                patient=plan.patient,
                consultation=consultation,
                scale=scale,
                value=Decimal(value),
                recorded_at=timezone.now() - datetime.timedelta(days=days_ago),
                recorded_by=consultation.practitioner,
            )


def html_pages(context, base_url, role, urls, content_types):
    """The pages the role table says answer 200 to this role, kept when they really answer 200
    with a whole HTML document (PDFs, calendar feeds, FHIR JSON, the health check and htmx
    fragments such as the patient pick are not pages to lay out). What a URL answers does not
    depend on the role: each URL is asked once."""
    pages = []
    for name, path in urls.items():
        if url_walk.ACCESS[name][role] != url_walk.OK:
            continue
        if path not in content_types:
            response = context.request.get(base_url + path, max_redirects=0)
            assert response.status == 200, f"{path} as {role}: {response.status}"
            whole_document = "<html" in response.text()[:200].lower()
            content_types[path] = (
                response.headers.get("content-type", "") if whole_document else "fragment"
            )
        if content_types[path].startswith("text/html"):
            pages.append(path)
    return pages


LAYOUT = f"""
() => ({{
  scroll: document.documentElement.scrollWidth,
  inner: window.innerWidth,
  squeezed: ({SQUEEZED_INPUTS.strip()})(),
}})
"""


def layout_problems(page) -> list[str]:
    """Sideways scrolling and squeezed inputs at the page's current width."""
    found = page.evaluate(LAYOUT)
    width, problems = found["inner"], []
    if found["scroll"] > width:
        culprits = ", ".join(page.evaluate(STICKING_OUT))
        problems.append(f"scrolls sideways at {width}: {found['scroll']} px wide ({culprits})")
    if found["squeezed"]:
        problems.append(f"inputs of zero size at {width}: {', '.join(found['squeezed'])}")
    return problems


def crawl(browser, base_url, role, code, urls, content_types, axe_source) -> tuple[int, list[str]]:
    """Sign in as the role, its pages in language `code`, in its own browser context and visit
    each of its pages once: the layout at 1024 px, axe-core, then the layout at 1440 px.
    Returns (pages, problems)."""
    username = f"{role}-{code}"
    language.set_language(make_user(role, username=username), code)
    context = browser.new_context(viewport=TABLET_VIEWPORT)
    try:
        page = context.new_page()
        js_errors = watch_js_errors(page)
        csp = watch_csp_violations(page)
        assert sign_in(page, base_url, username).status == 302
        lang = page.evaluate("() => document.documentElement.lang")
        assert lang == code, f"{role} asked for {code}, pages are in {lang}"
        clock = time.monotonic()
        pages = html_pages(context, base_url, role, urls, content_types)
        spent = {"listing": time.monotonic() - clock, "loading": 0.0, "layout": 0.0, "axe": 0.0}
        problems = []
        # Each page is laid out at the width the last one ended on, then at the other: one
        # resize per page. axe-core runs at 1024 px.
        widths = [TABLET_VIEWPORT, DESKTOP_VIEWPORT]
        for path in pages:
            clock = time.monotonic()
            response = page.goto(base_url + path)
            assert response.status == 200, f"{path} as {role}"
            spent["loading"] += time.monotonic() - clock
            found = []
            for index, viewport in enumerate(widths):
                clock = time.monotonic()
                if index:
                    page.set_viewport_size(viewport)
                found += layout_problems(page)
                spent["layout"] += time.monotonic() - clock
                if viewport == TABLET_VIEWPORT:
                    clock = time.monotonic()
                    page.evaluate(axe_source)
                    found += [f"axe: {v}" for v in page.evaluate(RUN_AXE, WCAG_21_AA)]
                    spent["axe"] += time.monotonic() - clock
            widths.reverse()
            problems += [f"{role} ({code}) {path}: {problem}" for problem in found]
        print(
            f"\n{role} ({code}): "
            + ", ".join(f"{key} {value:.1f} s" for key, value in spent.items())
        )
        problems += [f"{role} ({code}) JavaScript error: {error}" for error in js_errors]
        problems += [f"{role} ({code}) {violation}" for violation in csp]
    finally:
        context.close()
    return len(pages), problems


def test_every_page_fits_shows_its_inputs_and_passes_axe(browser, live_server, seeded_urls):
    """One seeded clinic, crawled as each role in turn (seeding is most of a role's cost).
    Prints where the time went: listing (asking each URL's content type once), loading,
    layout checks at both widths, axe-core."""
    require_service(
        "axe-core",
        AXE_JS.exists(),
        "npm install --prefix .ci/node axe-core (as .ci/run does)",
    )
    axe_source = AXE_JS.read_text()
    content_types, crawled, problems = {}, {}, []
    for role, code in CRAWLS:
        started = time.monotonic()
        crawled[role, code], found = crawl(
            browser, live_server.url, role, code, seeded_urls, content_types, axe_source
        )
        problems += found
        print(
            f"\n{role} ({code}): {crawled[role, code]} pages in {time.monotonic() - started:.1f} s"
        )
    assert all(count >= 20 for count in crawled.values()), f"too few pages reached: {crawled}"
    assert not problems, "\n".join(problems)


PHONE_VIEWPORT = {"width": 390, "height": 844}


def test_patient_link_pages_fit_and_pass_axe_as_anonymous(browser, live_server):
    """The patient's pages (issue 17) are reached without signing in: every portal URL the
    role table opens to anonymous visitors (its date-of-birth page, from the URL walk's own
    sample links) and the unknown-link page, at 390 px (a phone) and 1024 px, with axe-core."""
    require_service(
        "axe-core", AXE_JS.exists(), "npm install --prefix .ci/node axe-core (as .ci/run does)"
    )
    axe_source = AXE_JS.read_text()
    paths = ["/p/not-a-real-link/"]
    for name in url_walk.APP_NAMES:
        if name.startswith("portal:") and url_walk.ACCESS[name][url_walk.ANON] == url_walk.OK:
            paths.append(reverse(name, kwargs=url_walk.SAMPLE_KWARGS[name]()))
    assert len(paths) >= 4, paths
    context = browser.new_context(viewport=PHONE_VIEWPORT)
    problems = []
    try:
        page = context.new_page()
        js_errors, csp = watch_js_errors(page), watch_csp_violations(page)
        for path in paths:
            page.goto(live_server.url + path)
            assert "<html" in page.content()[:200].lower(), path
            for viewport in (PHONE_VIEWPORT, TABLET_VIEWPORT):
                page.set_viewport_size(viewport)
                problems += [f"{path}: {problem}" for problem in layout_problems(page)]
            page.set_viewport_size(PHONE_VIEWPORT)
            page.evaluate(axe_source)
            problems += [f"{path}: axe {v}" for v in page.evaluate(RUN_AXE, WCAG_21_AA)]
        problems += js_errors + csp
    finally:
        context.close()
    assert not problems, "\n".join(problems)
