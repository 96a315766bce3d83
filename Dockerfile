# Mesoplan: one image for the web server, the Celery worker, Celery beat and migrations
# (docker-compose.yml picks the command; docs/deploy.md).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_ROOT_USER_ACTION=ignore \
    MESOPLAN_VAR_DIR=/app/var

# gettext's msgfmt compiles the translations at build time (.mo files are not committed);
# WeasyPrint (PDFs) renders through Pango and HarfBuzz and needs at least one font;
# `manage.py backup`/`restore` run pg_dump/pg_restore (Debian 12's client is 15, as the server).
# Not version-pinned: the base tag fixes the Debian release, and pins would block its
# security updates.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 \
        libpangoft2-1.0-0 \
        libharfbuzz-subset0 \
        fontconfig \
        fonts-dejavu-core \
        postgresql-client \
        gettext \
    && rm -rf /var/lib/apt/lists/*

RUN groupadd --system --gid 10001 mesoplan \
    && useradd --system --uid 10001 --gid mesoplan --create-home --home-dir /home/mesoplan \
        --shell /usr/sbin/nologin mesoplan

WORKDIR /app

# Dependencies first, so that a code change does not reinstall them.
COPY requirements.txt ./
RUN pip install --no-cache-dir -r requirements.txt

COPY . .

# The code stays owned by root, so the app cannot rewrite itself; only var/ (private files,
# beat's schedule) is writable. The settings refuse to load without SECRET_KEY, hence the dummy one:
# collectstatic touches no database and signs nothing.
RUN SECRET_KEY=build-only DEBUG=false DATABASE_URL=sqlite:////tmp/build.sqlite3 \
        python manage.py collectstatic --noinput \
    && SECRET_KEY=build-only DEBUG=false DATABASE_URL=sqlite:////tmp/build.sqlite3 \
        python manage.py compilemessages --ignore "var" --ignore "staticfiles" -v 0 \
    && rm -f /tmp/build.sqlite3 \
    && mkdir -p /app/var \
    && chown -R mesoplan:mesoplan /app/var

# Numeric, so that runtimes enforcing "non-root" can check it without reading /etc/passwd.
USER 10001:10001

EXPOSE 8000

CMD ["gunicorn", "clinic.wsgi:application", \
     "--bind", "0.0.0.0:8000", "--workers", "2", "--access-logfile", "-"]
