"""The alias table: a TOML file that admins edit, read into an AgencyDirectory."""

from __future__ import annotations

import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

from domain.agencies import AgencyDirectory, AgencyEntry, AgencyKind, AliasConflict


class AliasFileError(ValueError):
    """The alias file cannot be used; the message names the file and the entry."""


def bundled_alias_file() -> Path:
    return Path(str(resources.files("seed") / "data" / "agencies.toml"))


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


def _entry(raw: Any, where: str, is_group: bool) -> AgencyEntry:
    if not isinstance(raw, dict) or not isinstance(raw.get("name"), str) or not raw["name"].strip():
        raise AliasFileError(f"{where}: every entry needs a name")
    where = f"{where} ({raw['name']})"
    known = {"name", "kind", "short", "aliases"} | ({"members", "member_kinds"} if is_group else set())
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
    )


def parse_alias_table(text: str, source: str = "agencies.toml") -> tuple[list[AgencyEntry], dict[str, list[str]]]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise AliasFileError(f"{source}: {error}") from None
    abbreviations = data.get("abbreviations", {})
    if not isinstance(abbreviations, dict):
        raise AliasFileError(f"{source}: [abbreviations] must be a table")
    entries = [_entry(raw, f"{source}: agency #{n}", False) for n, raw in enumerate(data.get("agency", []), 1)]
    entries += [_entry(raw, f"{source}: group #{n}", True) for n, raw in enumerate(data.get("group", []), 1)]
    return entries, {k: list(_strings(v, f"{source}: abbreviation {k}")) for k, v in abbreviations.items()}


def load_alias_table(path: Path | None = None) -> tuple[list[AgencyEntry], dict[str, list[str]]]:
    path = path or bundled_alias_file()
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise AliasFileError(f"{path}: cannot read the alias file ({error})") from None
    entries, abbreviations = parse_alias_table(text, str(path))
    try:
        AgencyDirectory(entries, abbreviations)
    except AliasConflict as error:
        raise AliasFileError(f"{path}: {error}") from None
    return entries, abbreviations
