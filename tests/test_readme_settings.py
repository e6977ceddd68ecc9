"""The README's settings table lists every setting, by its environment name and default."""

import re
from pathlib import Path

from app.settings import Settings

README = Path(__file__).resolve().parents[1] / "README.md"


def test_every_setting_is_in_the_readme_table_with_its_default() -> None:
    rows = dict(re.findall(r"^\| `(CLAIMTRACK_[A-Z_]+)` \| ([^|]+) \|", README.read_text(), re.M))
    for name, field in Settings.model_fields.items():
        env = f"CLAIMTRACK_{name.upper()}"
        assert env in rows, f"{env} is not in the README's settings table"
        default = field.default
        if not isinstance(default, (int, float)):  # text and lists: said in words
            continue
        if isinstance(default, bool):
            shown = str(default).lower()
        elif isinstance(default, float) and default.is_integer():
            shown = str(int(default))
        else:
            shown = str(default)
        assert f"`{shown}`" in rows[env], (env, rows[env], shown)
