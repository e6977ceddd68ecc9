"""Alembic's migration environment, shipped in the wheel as app._migrations."""
