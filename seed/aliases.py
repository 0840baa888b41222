"""The alias table: TOML files that admins edit, read into an AgencyDirectory.

Two layers: the national base (every province's departments, bodies and groups, the 2025
successions), always loaded, and the province's own file on top of it (by default the
bundled Đồng Nai one). An entry of the province's file that shares a name or an alias
with a national one replaces it, keeping the national spellings as its own.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import replace
from importlib import resources
from pathlib import Path
from typing import Any

from domain.agencies import (
    PROVINCE,
    AgencyDirectory,
    AgencyEntry,
    AgencyKind,
    AliasConflict,
    AliasTable,
    Succession,
    province_forms,
)


class AliasFileError(ValueError):
    """The alias file cannot be used; the message names the file and the entry."""


def bundled_alias_file() -> Path:
    return Path(str(resources.files("seed") / "data" / "agencies.toml"))


def national_alias_file() -> Path:
    return Path(str(resources.files("seed") / "data" / "agencies_national.toml"))


def _strings(value: Any, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise AliasFileError(f"{where}: expected a list of strings")
    return tuple(value)


def _kind(value: Any, where: str) -> AgencyKind:
    try:
        return AgencyKind(value)
    except ValueError:
        choices = ", ".join(k.value for k in AgencyKind if k is not AgencyKind.GROUP)
        raise AliasFileError(f"{where}: unknown kind {value!r} (use one of {choices})") from None


_FIELDS = {"name", "kind", "short", "aliases", "english", "optional"}
_GROUP_FIELDS = {"members", "member_kinds"}


def _entry(raw: Any, where: str, is_group: bool) -> AgencyEntry:
    if not isinstance(raw, dict) or not isinstance(raw.get("name"), str) or not raw["name"].strip():
        raise AliasFileError(f"{where}: every entry needs a name")
    where = f"{where} ({raw['name']})"
    known = _FIELDS | (_GROUP_FIELDS if is_group else set())
    if unknown := set(raw) - known:
        raise AliasFileError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
    return AgencyEntry(
        name=raw["name"].strip(),
        kind=AgencyKind.GROUP if is_group else _kind(raw.get("kind", "other"), where),
        short=raw.get("short"),
        aliases=_strings(raw.get("aliases", []), where),
        is_group=is_group,
        members=_strings(raw.get("members", []), where),
        member_kinds=tuple(_kind(k, where) for k in _strings(raw.get("member_kinds", []), where)),
        english=_strings(raw.get("english", []), where),
        optional=bool(raw.get("optional", False)),
    )


def _succession(raw: Any, where: str) -> Succession:
    if not isinstance(raw, dict) or not isinstance(raw.get("to"), str) or not isinstance(raw.get("from", ""), str):
        raise AliasFileError(f"{where}: a succession needs `from` (or `kind`) and `to`")
    if "kind" in raw:  # a rule: every body of that kind
        if "from" in raw:
            raise AliasFileError(f"{where}: a succession has `from` or `kind`, not both")
        kind = _kind(raw["kind"], where)
    elif raw.get("from", "").strip():
        kind = None
    else:
        raise AliasFileError(f"{where}: a succession needs `from` (or `kind`) and `to`")
    where = f"{where} ({raw.get('from') or raw['kind']})"
    if unknown := set(raw) - {"from", "kind", "to", "since", "partial", "note"}:
        raise AliasFileError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
    since = raw.get("since")
    if since is not None and not isinstance(since, dt.date):
        raise AliasFileError(f"{where}: `since` must be a date (2025-03-01)")
    return Succession(
        raw.get("from", "").strip(),
        raw["to"].strip(),
        since,
        bool(raw.get("partial", False)),
        str(raw.get("note", "")),
        kind,
    )


def parse_alias_table(text: str, source: str = "agencies.toml") -> AliasTable:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise AliasFileError(f"{source}: {error}") from None
    abbreviations = data.get("abbreviations", {})
    if not isinstance(abbreviations, dict):
        raise AliasFileError(f"{source}: [abbreviations] must be a table")
    spellings = {k: list(_strings(v, f"{source}: abbreviation {k}")) for k, v in abbreviations.items()}
    provinces = data.get("provinces", {}).get("names", [])
    cities = data.get("provinces", {}).get("cities", [])
    if provinces or cities:
        spellings[PROVINCE] = [
            *spellings.get(PROVINCE, []),
            *province_forms(_strings(provinces, f"{source}: provinces"), _strings(cities, f"{source}: cities")),
        ]
    entries = [_entry(raw, f"{source}: agency #{n}", False) for n, raw in enumerate(data.get("agency", []), 1)]
    entries += [_entry(raw, f"{source}: group #{n}", True) for n, raw in enumerate(data.get("group", []), 1)]
    successions = [
        _succession(raw, f"{source}: succession #{n}") for n, raw in enumerate(data.get("succession", []), 1)
    ]
    return AliasTable(entries, spellings, successions)


def layered(base: AliasTable, local: AliasTable) -> AliasTable:
    """The province's table read on top of the national one. A local entry that shares a
    spelling with national ones replaces them and keeps their spellings, so successions
    and groups naming the national name reach the local body. A body only some provinces
    kept (optional: Sở Du lịch, kept by Hà Nội) that the province's file lists is one it
    has: the national succession of that body does not apply there."""
    abbreviations = {k: list(v) for k, v in base.abbreviations.items()}
    for short, longs in local.abbreviations.items():
        abbreviations[short] = [*abbreviations.get(short, []), *longs]
    directory = AgencyDirectory([], abbreviations)

    def keys(entry: AgencyEntry) -> set[tuple[str, ...]]:
        return {k for k in map(directory.alias_key, entry.spellings) if k}

    entries = list(base.entries)
    kept: set[str] = set()  # bodies only some provinces have, which this one lists: it has them
    for own in local.entries:
        mine = keys(own)
        replaced = [entry for entry in entries if entry.name == own.name or keys(entry) & mine]
        kept.update(entry.name for entry in replaced if entry.optional and entry in base.entries)
        gained = [
            s for entry in replaced for s in (entry.name, *([entry.short] if entry.short else []), *entry.aliases)
        ]
        merged = replace(
            own,
            aliases=tuple(dict.fromkeys(a for a in (*own.aliases, *gained) if a not in (own.name, own.short))),
            english=tuple(dict.fromkeys((*own.english, *(e for entry in replaced for e in entry.english)))),
            short=own.short,
            members=own.members or next((e.members for e in replaced if e.members), ()),
            member_kinds=own.member_kinds or next((e.member_kinds for e in replaced if e.member_kinds), ()),
        )
        position = entries.index(replaced[0]) if replaced else len(entries)
        entries = [entry for entry in entries if entry not in replaced]
        entries.insert(min(position, len(entries)), merged)
    successions = [s for s in base.successions if s.old not in kept]
    return AliasTable(entries, abbreviations, [*successions, *local.successions])


def _read(path: Path) -> AliasTable:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise AliasFileError(f"{path}: cannot read the alias file ({error})") from None
    return parse_alias_table(text, str(path))


def load_alias_table(path: Path | None = None) -> AliasTable:
    """The national base with the province's file (``path``, else the bundled one) on top."""
    path = path or bundled_alias_file()
    table = layered(_read(national_alias_file()), _read(path))
    try:
        AgencyDirectory(*table)
    except AliasConflict as error:
        raise AliasFileError(f"{path}: {error}") from None
    return table
