"""Choose the font file for each role (SPEC §3): fonts/ folder, then installed, then free fonts."""

from functools import cache

from bulletin_print import paths

from .candidates import Candidate, scan_folder
from .errors import FontError
from .face import FontFace
from .fontset import FontSet, RoleFont
from .roles import RoleSpec, Wanted, load_roles
from .system import system_fonts


class _Pools:
    """The faces found in each place, cwTeXFangSong and the like left out."""

    def __init__(self, excluded: tuple[str, ...]):
        def keep(found: list[Candidate]) -> list[Candidate]:
            return [c for c in found if not c.is_excluded(excluded)]

        self.user = keep(scan_folder(paths.user_fonts_dir()))
        self.cache = keep(scan_folder(paths.font_cache_dir()))
        self.system = keep(system_fonts())


@cache
def resolve_fonts() -> FontSet:
    data = load_roles()
    pools = _Pools(data.excluded)
    return FontSet([_role_font(spec, pools) for spec in data.roles])


def _role_font(spec: RoleSpec, pools: _Pools) -> RoleFont:
    face = (
        _official(spec, pools.user, "user")
        or _official(spec, pools.system, "system")
        or _first_free(spec.fallbacks, pools)
    )
    if face is None:
        raise FontError(_missing_message(spec))
    gap_filler = _first_free((spec.gap_filler,), pools)
    if gap_filler is None:
        raise FontError(_missing_gap_filler_message(spec))
    return RoleFont(role=spec.role, label=spec.label, face=face, gap_filler=gap_filler)


def _official(spec: RoleSpec, pool: list[Candidate], source: str) -> FontFace | None:
    for name in spec.official:
        matches = [c for c in pool if c.has_family(name)]
        if matches:
            best = min(matches, key=lambda c: not c.is_regular())
            return _face(best, name, source, official=True)
    return None


def _first_free(wanted: tuple[Wanted, ...], pools: _Pools) -> FontFace | None:
    for font in wanted:
        for pool in (pools.cache + pools.user, pools.system):
            match = next((c for c in pool if _is(c, font)), None)
            if match:
                return _face(match, font.family, "fallback", official=False)
    return None


def _is(candidate: Candidate, wanted: Wanted) -> bool:
    return candidate.has_family(wanted.family) and candidate.has_style(wanted.style)


def _face(candidate: Candidate, family: str, source: str, official: bool) -> FontFace:
    return FontFace(
        family=candidate.spelling(family),
        path=candidate.path,
        index=candidate.index,
        source=source,
        official=official,
        style=candidate.style,
    )


def _missing_message(spec: RoleSpec) -> str:
    free = "、".join(f"{w.family} {w.style}" for w in spec.fallbacks)
    return (
        f"找不到可用于“{spec.label}”的字体：正式字体（{'、'.join(spec.official)}）"
        f"和免费替代字体（{free}）都没有找到。"
        f"请运行 make setup 安装免费字体，或把字体文件放入 {paths.user_fonts_dir()} 目录。"
    )


def _missing_gap_filler_message(spec: RoleSpec) -> str:
    wanted = spec.gap_filler
    return (
        f"找不到“{spec.label}”的缺字补充字体 {wanted.family} {wanted.style}。"
        f"请运行 make setup 安装免费字体，或把该字体文件放入 {paths.user_fonts_dir()} 目录。"
    )
