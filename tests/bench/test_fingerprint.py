"""The cached benchmark data's fingerprint: it covers every file that builds the data."""

import shutil
import sys
from pathlib import Path

from app.claims.derived import _documents, _search_text
from app.claims.sql.documents import document
from app.db.migrations import MIGRATIONS_DIR, upgrade
from bench import generate
from bench.generate import ROOT, builder_files, code_digest
from bench.synth import claim_chunks


def _copy(root: Path) -> None:
    for path in builder_files():
        target = root / path.relative_to(ROOT)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)


def test_builder_files_cover_the_sql_generator_and_migrations() -> None:
    """The modules of the document SQL, search text, generator and migrations are all hashed."""
    files = set(builder_files())
    for code in (document, _documents, _search_text, claim_chunks, generate.load_sqlite, upgrade):
        assert Path(str(sys.modules[code.__module__].__file__)).resolve() in files
    assert set(MIGRATIONS_DIR.rglob("*.py")) <= files


def test_fingerprint_changes_when_the_document_sql_changes(tmp_path: Path) -> None:
    """A changed document format gives another fingerprint, so stale documents are not reused."""
    _copy(tmp_path)
    before = code_digest(tmp_path)
    assert before == code_digest(ROOT)
    sql = tmp_path / "app" / "claims" / "sql" / "documents.py"
    sql.write_text(sql.read_text().replace("'speaker_role'", "'role'"))
    assert code_digest(tmp_path) != before


def test_fingerprint_changes_when_a_migration_changes(tmp_path: Path) -> None:
    """Editing a migration (not only adding one) changes the fingerprint."""
    _copy(tmp_path)
    before = code_digest(tmp_path)
    first = sorted((tmp_path / "migrations" / "versions").glob("*.py"))[0]
    first.write_text(first.read_text() + "\n# changed\n")
    assert code_digest(tmp_path) != before
