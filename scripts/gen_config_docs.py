"""Write docs/configuration.md from the settings' field descriptions.

Run: ``.venv/bin/python -m scripts.gen_config_docs``. A test fails when the file is stale.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import SecretStr
from pydantic_core import PydanticUndefined

from config import Settings

DOC = Path(__file__).resolve().parents[1] / "docs" / "configuration.md"

HEADER = """# Configuration

Deckhand reads its settings once, from environment variables (and an optional
`.env` file in the working directory), into one typed object (`config.Settings`).
A missing or malformed variable stops the process with one message that names
every bad variable. Nothing else reads the environment.

This page is generated from the code (`python -m scripts.gen_config_docs`); a
test fails when it is out of date.

| Variable | Default | Meaning |
| --- | --- | --- |
"""


def _default(value: object) -> str:
    if value is PydanticUndefined:
        return "*(required)*"
    if isinstance(value, SecretStr):
        return "*(development placeholder)*"
    if value is None:
        return "*(unset)*"
    if isinstance(value, list | tuple):
        return "`" + ",".join(str(v) for v in value) + "`" if value else "*(empty)*"
    return f"`{value}`"


def render() -> str:
    rows = []
    for name, field in Settings.model_fields.items():
        default = field.default if field.default_factory is None else field.default_factory()  # type: ignore[call-arg]
        description = (field.description or "").replace("|", "\\|").replace("\n", " ")
        rows.append(f"| `{name.upper()}` | {_default(default)} | {description} |")
    return HEADER + "\n".join(rows) + "\n"


def main() -> None:
    DOC.parent.mkdir(exist_ok=True)
    DOC.write_text(render())
    print(f"wrote {DOC}")


if __name__ == "__main__":
    main()
