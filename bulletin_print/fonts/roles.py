"""Read fonts/roles.yaml: per role its label, official names, free fallbacks and gap-filler."""

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from bulletin_print import paths

from .errors import FontError

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Wanted:
    """A free font asked for by family and style, e.g. Noto Serif CJK SC, Bold."""

    family: str
    style: str


@dataclass(frozen=True)
class RoleSpec:
    role: str
    label: str
    official: tuple[str, ...]
    fallbacks: tuple[Wanted, ...]
    gap_filler: Wanted


@dataclass(frozen=True)
class CompactSpec:
    """A GB 2312 copy of an installed face, under its own family name (see compact.py)."""

    source: str
    style: str
    family: str


@dataclass(frozen=True)
class RolesData:
    roles: tuple[RoleSpec, ...]
    excluded: tuple[str, ...]
    compact: tuple[CompactSpec, ...] = ()


def roles_file() -> Path:
    # Beside the user's font files by default, but never moved by BULLETIN_FONTS_DIR.
    return paths.PROJECT_ROOT / "fonts" / "roles.yaml"


@cache
def load_roles() -> RolesData:
    path = roles_file()
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
        roles = tuple(_role(role, entry) for role, entry in data["roles"].items())
        excluded = tuple(str(name) for name in data.get("excluded") or ())
        compact = tuple(CompactSpec(str(c["source"]), str(c["style"]), str(c["family"]))
                        for c in data.get("compact") or ())
    except (OSError, yaml.YAMLError, KeyError, TypeError, AttributeError) as error:
        raise FontError(f"字体角色配置文件 {path} 无法读取或格式有误：{error}") from error
    return RolesData(roles, excluded, compact)


def _role(role: str, entry: dict) -> RoleSpec:
    return RoleSpec(
        role=role,
        label=str(entry["label"]),
        official=tuple(str(name) for name in entry["official"]),
        fallbacks=tuple(_wanted(item) for item in entry["fallbacks"]),
        gap_filler=_wanted(entry["gap_filler"]),
    )


def _wanted(item: dict) -> Wanted:
    return Wanted(family=str(item["family"]), style=str(item.get("style", "Regular")))
