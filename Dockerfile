# claimtrack as an installed package: the locked dependencies and the built wheel (not editable)
# in a virtualenv, no source tree, run as an unprivileged user.

# Build stage: the virtualenv at /opt/claimtrack, copied whole into the run stage (same base
# image, so the same interpreter path).
FROM python:3.11-slim AS build
ARG UV_VERSION=0.13.9
ENV UV_COMPILE_BYTECODE=1 UV_LINK_MODE=copy UV_NO_CACHE=1 UV_PYTHON_DOWNLOADS=never
RUN pip install --no-cache-dir "uv==${UV_VERSION}" \
 && uv venv --python /usr/local/bin/python3.11 /opt/claimtrack
WORKDIR /src
# The dependencies first, at uv.lock's versions (a layer kept until the lock changes).
COPY pyproject.toml uv.lock ./
RUN uv export --frozen --no-emit-project --no-dev -o requirements.txt \
 && uv pip install --python /opt/claimtrack/bin/python -r requirements.txt
# Then claimtrack's wheel, migrations inside it (app._migrations).
COPY setup.py README.md ./
COPY app ./app
COPY migrations ./migrations
RUN uv build --wheel --out-dir dist \
 && uv pip install --python /opt/claimtrack/bin/python --no-deps dist/claimtrack-*.whl

FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PATH=/opt/claimtrack/bin:$PATH
COPY --from=build /opt/claimtrack /opt/claimtrack
# The default SQLite database (CLAIMTRACK_DATABASE_URL unset) is var/claimtrack.db under the
# working directory, which the user owns.
RUN useradd --system --uid 10001 --user-group --create-home --home-dir /srv/claimtrack claimtrack
USER claimtrack
WORKDIR /srv/claimtrack
EXPOSE 8000
# Liveness over HTTP with the interpreter (the slim image has no curl): exit 1 unless /healthz
# answers 2xx.
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 \
  CMD python -c "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ.get('CLAIMTRACK_PORT', '8000'), timeout=4)" || exit 1
# exec: the server, not the shell, is PID 1 and gets docker stop's SIGTERM (graceful shutdown).
CMD ["sh", "-c", "claimtrack migrate && exec claimtrack serve --host 0.0.0.0"]
