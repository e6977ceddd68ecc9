"""The packages: app, and the top-level migrations/ folder shipped inside it as app._migrations.

The rest of the configuration is in pyproject.toml; only this list needs code (automatic
discovery of app's subpackages plus one mapped folder, which pyproject.toml cannot express).
"""

from setuptools import find_packages, setup

setup(
    packages=[
        *find_packages(include=["app", "app.*"]),
        "app._migrations",
        "app._migrations.versions",
    ],
    package_dir={"app._migrations": "migrations"},
)
