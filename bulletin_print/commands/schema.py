"""`bulletin schema`: the JSON Schema of the content format, for editors (VS Code YAML extension).

Generated from the pydantic models, so the editor and `bulletin check` agree. Field titles
are left out: editors show the Chinese descriptions instead of English field names.
"""

import json
from pathlib import Path

from pydantic.json_schema import GenerateJsonSchema

from ..model.schema import BulletinConfig, IssueFile
from ..model.units import UnitsFile

SCHEMAS = {
    "issue": (IssueFile, "简报一期（期刊文件）"),
    "bulletin": (BulletinConfig, "简报设置（bulletin.yaml）"),
    "units": (UnitsFile, "单位名单（units.yaml）"),
}
DRAFT = "http://json-schema.org/draft-07/schema#"


class _NoFieldTitles(GenerateJsonSchema):
    def field_title_should_be_set(self, schema) -> bool:
        return False


def schema_of(kind: str) -> dict:
    model, title = SCHEMAS[kind]
    schema = model.model_json_schema(schema_generator=_NoFieldTitles)
    return {"$schema": DRAFT, **schema, "title": title}


def schema_text(kind: str) -> str:
    return json.dumps(schema_of(kind), ensure_ascii=False, indent=2) + "\n"


def run_schema(kind: str, out: Path | None) -> int:
    """Print one schema, or write all of them into the folder `out`."""
    if out is None:
        print(schema_text(kind), end="")
        return 0
    out.mkdir(parents=True, exist_ok=True)
    for name in SCHEMAS:
        target = out / f"{name}.schema.json"
        target.write_text(schema_text(name), encoding="utf-8")
        print(f"已写入 {target}")
    return 0
