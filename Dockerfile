FROM python:3.11-slim
WORKDIR /srv/claimtrack
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
COPY pyproject.toml README.md alembic.ini ./
COPY app ./app
COPY migrations ./migrations
RUN pip install --no-cache-dir -e .
EXPOSE 8000
CMD ["sh", "-c", "claimtrack migrate && claimtrack serve --host 0.0.0.0"]
