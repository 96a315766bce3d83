"""The bare twins and the query-count header exist only with MESOPLAN_BENCH on; with it, every
key page and its twin answer on a bench_data network (PostgreSQL: the twins' SQL is)."""

from datetime import date
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from bench.middleware import HEADER
from clinic import roles

BENCH_ON = {
    "ROOT_URLCONF": "bench.urls",
    "MIDDLEWARE": ["bench.middleware.QueryCountMiddleware", *settings.MIDDLEWARE],
}


def test_off_by_default():
    assert settings.MESOPLAN_BENCH is False
    assert settings.ROOT_URLCONF == "clinic.urls"
    assert "bench.middleware.QueryCountMiddleware" not in settings.MIDDLEWARE


@pytest.mark.parametrize("url", ["/bench/floor/", "/bench/audit/", "/bench/patients/1/"])
def test_twins_absent_from_production_urls(client, clinic_admin, url):
    client.force_login(clinic_admin)
    response = client.get(url)
    assert response.status_code == 404
    assert HEADER not in response


@override_settings(**BENCH_ON)
def test_floor_with_the_flag_counts_queries(client, front_desk):
    client.force_login(front_desk)
    response = client.get("/bench/floor/")
    assert response.status_code == 200
    assert int(response[HEADER]) >= 1  # the session and user lookups


@override_settings(**BENCH_ON)
def test_twins_need_a_login(client):
    assert client.get("/bench/floor/").status_code == 302


@pytest.mark.postgres
@override_settings(**BENCH_ON)
def test_every_key_page_and_twin_answer(client, db):
    if connection.vendor != "postgresql":
        pytest.skip("the twins' SQL is PostgreSQL's")
    from bench.harness.pages import key_pages

    small = ["--patients", "30", "--years", "1", "--practitioners", "3", "--seed", "7"]
    call_command("bench_data", *small, "--today", date.today().isoformat(), stdout=StringIO())
    pages, cookies = key_pages()
    assert set(cookies) == {roles.PRACTITIONER, roles.FRONT_DESK, roles.CLINIC_ADMIN}
    for page in pages:
        client.cookies[settings.SESSION_COOKIE_NAME] = cookies[page.role]
        for url in (page.url, page.twin_url):
            response = client.get(url)
            assert response.status_code == 200, (page.name, url)
            assert int(response[HEADER]) >= 1
        twin = client.get(page.twin_url)
        # The twin's one query, beside the session and user lookups of every request.
        assert int(twin[HEADER]) <= int(client.get("/bench/floor/")[HEADER]) + 1, page.name
