"""What the benchmarks share: a throw-away PostgreSQL database, the bot or its baseline in a
process of its own, an earlier revision checked out beside this one, peak memory, Roman numerals."""

from __future__ import annotations

import asyncio
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import asyncpg
from sqlalchemy.engine import make_url

DEFAULT_POSTGRES = "postgresql://postgres@127.0.0.1:5432/test"


@contextmanager
def checkout(rev: str) -> Iterator[Path]:
    """``rev`` checked out in a temporary git worktree, removed afterwards."""
    root = Path(__file__).resolve().parents[1]
    with tempfile.TemporaryDirectory() as tmp:
        where = Path(tmp) / "before"
        subprocess.run(["git", "-C", str(root), "worktree", "add", "--quiet", "--detach", str(where), rev], check=True)
        try:
            yield where
        finally:
            subprocess.run(["git", "-C", str(root), "worktree", "remove", "--force", str(where)], check=True)


async def _admin(base: str) -> asyncpg.Connection:
    url = make_url(base)
    return await asyncpg.connect(
        host=url.host, port=url.port or 5432, user=url.username, password=url.password, database=url.database
    )


async def fresh_postgres(base: str, label: str, template: str | None = None) -> tuple[str, str]:
    """A new database next to ``base``, empty or a copy of ``template``: (its URL, its name)."""
    name = f"agencybot_{label}_{os.getpid()}"
    admin = await _admin(base)
    await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    await admin.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
    await admin.close()
    return make_url(base).set(database=name).render_as_string(hide_password=False), name


async def drop_postgres(base: str, name: str) -> None:
    admin = await _admin(base)
    await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    await admin.close()


_ROMAN = [(100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]


def roman(n: int) -> str:
    out = ""
    for value, letters in _ROMAN:
        while n >= value:
            out, n = out + letters, n - value
    return out


async def start_bot(
    baseline: Path, database: str | None, env: dict[str, str], stderr: object = None
) -> asyncio.subprocess.Process:
    """`agencybot run` on ``database``, or (None) the bare ``baseline`` script, as in production."""
    if database is None:
        command = [sys.executable, str(baseline)]
    else:
        command = [str(Path(sys.executable).parent / "agencybot"), "run"]
        env = {**env, "DATABASE_URL": database}
    return await asyncio.create_subprocess_exec(*command, env=env, stdin=asyncio.subprocess.DEVNULL, stderr=stderr)


# Peak memory of this process. ru_maxrss would not do: it is kept across execve, so a
# scenario's child would report its parent's peak (the plan generator's) when larger.
def _status_mib(field: str) -> float:
    status = Path("/proc/self/status").read_text()
    found = re.search(rf"^{field}:\s+(\d+) kB", status, re.M)
    assert found, f"no {field} in /proc/self/status (Linux only)"
    return int(found[1]) / 1024


def reset_peak() -> float:
    """Start the high-water mark afresh (Linux: clear_refs 5); the memory held now."""
    Path("/proc/self/clear_refs").write_text("5")
    return _status_mib("VmRSS")


def peak_mib() -> float:
    return _status_mib("VmHWM")


def server_cpu_seconds(command: str = "postgres") -> float:
    """CPU time (user + system) used so far by every running process named ``command`` on
    this machine: a database server's work, which the client's own CPU time leaves out.
    Processes that ended meanwhile are not counted, so read it before closing connections."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue  # gone meanwhile
        name, rest = text[text.index("(") + 1 : text.rindex(")")], text[text.rindex(")") + 2 :].split()
        if name == command:
            total += int(rest[11]) + int(rest[12])  # utime, stime (fields 14 and 15)
    return total / tick
