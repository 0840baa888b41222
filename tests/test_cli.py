"""The `agencybot` command as a user runs it: the installed entry point, in a subprocess."""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from seed.table import write_rows

AGENCYBOT = shutil.which("agencybot", path=str(Path(sys.executable).parent)) or "agencybot"
HEADER = ["STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian", "Kinh phí"]


def agencybot(*args: str, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "TELEGRAM_", "TIMEZONE"))}
    environment["WEB_PORT"] = "0"  # `run` serves the dashboard: on a free port, beside other runs
    environment.update(env)
    return subprocess.run([AGENCYBOT, *args], cwd=cwd, env=environment, capture_output=True, text=True, timeout=120)


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    return tmp_path


@pytest.fixture(scope="session")
def seeded_once(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`agencybot seed` run once; each test gets a copy of what it wrote (four seconds saved a test)."""
    directory = tmp_path_factory.mktemp("seeded")
    result = agencybot("seed", cwd=directory)
    assert result.returncode == 0, result.stderr
    return directory


@pytest.fixture
def seeded(workdir: Path, seeded_once: Path) -> Path:
    shutil.copytree(seeded_once, workdir, dirs_exist_ok=True)
    return workdir


def test_import_on_a_brand_new_database_file_reports_what_it_found(workdir):
    result = agencybot(
        "import", str(Path(__file__).parents[1] / "seed/data/nq20_dong_nai.txt"), "--plan", "NQ20", cwd=workdir
    )
    assert result.returncode == 0, result.stderr
    assert "65 tasks in 9 sections" in result.stdout
    for code in ("II.13", "II.14", "II.15"):
        assert f"{code} (line" in result.stdout and "no timeframe given" in result.stdout
    assert "IX.2 (line 483): missing cells: Kinh phí" in result.stdout
    assert (workdir / "agencybot.db").is_file()  # the default database, in the working directory


def test_second_import_changes_nothing(seeded):
    result = agencybot("seed", cwd=seeded)
    assert "no changes" in result.stdout


def test_importing_a_plan_again_under_another_file_name_updates_it_in_place(seeded, workdir):
    """Without --plan, a file is the plan it was imported from, or the plan with mostly its
    tasks: never a second copy of every task and reminder."""
    bundled = Path(__file__).parents[1] / "seed/data/nq20_dong_nai.txt"
    again = agencybot("import", str(bundled), cwd=seeded)
    assert "as plan NQ20" in again.stdout and "no changes" in again.stdout
    edited = workdir / "ke-hoach-sua-doi.txt"
    edited.write_text(bundled.read_text(encoding="utf-8").replace("Hàng năm", "Hằng năm", 1), encoding="utf-8")
    result = agencybot("import", str(edited), cwd=seeded)
    assert result.returncode == 0, result.stderr
    assert "as plan NQ20" in result.stdout
    tasks = json.loads(agencybot("tasks", "--json", cwd=seeded).stdout)
    assert len(tasks) == 65
    other = agencybot("import", str(edited), "--plan", "KH-THU", "--dry-run", cwd=seeded)
    assert "as plan KH-THU" in other.stdout  # --plan still makes a plan of its own


def test_seed_if_empty_does_not_touch_a_database_with_a_plan(seeded):
    result = agencybot("seed", "--if-empty", cwd=seeded)
    assert result.returncode == 0
    assert "already holds a plan" in result.stdout


def test_tasks_json_has_the_documented_shape(seeded):
    result = agencybot("tasks", "--json", cwd=seeded)
    assert result.returncode == 0, result.stderr
    tasks = json.loads(result.stdout)
    assert len(tasks) == 65
    iii9 = next(t for t in tasks if t["code"] == "III.9")
    assert set(iii9) >= {"code", "section", "content", "leads", "coordinators", "timeframe", "funding", "extra"}
    assert iii9["section"] == "III"
    assert iii9["leads"] == ["Sở Y tế"]
    assert iii9["timeframe"] == {
        "raw": "2018 - 2025",
        "kind": "range",
        "start": "2018-01-01",
        "deadline": "2025-12-31",
        "recurring_due": None,
        "period_due": None,
        "condition": None,
    }
    assert iii9["funding"] == {"raw": "Ngân sách", "sources": ["state_budget"]}
    # the bodies of today: the districts, Long Khánh and Biên Hòa are the communes and wards
    assert iii9["coordinators"] == ["Các sở, ban, ngành", "UBND các xã, phường"]
    assert iii9["coordinators_as_written"][1:] == [
        "UBND các huyện",
        "UBND thị xã Long Khánh",
        "UBND thành phố Biên Hòa",
    ]
    # "các sở, ban, ngành" expanded to its members, less the lead: a lead is not also listed as coordinating
    assert "Sở Giáo dục và Đào tạo" in iii9["coordinator_members"] and "Sở Y tế" not in iii9["coordinator_members"]
    assert "Sở Thông tin và Truyền thông" not in iii9["coordinator_members"]  # abolished in 2025
    i2 = next(t for t in tasks if t["code"] == "I.2")
    assert "Ủy ban MTTQ Việt Nam tỉnh" in i2["coordinator_members"]
    iv1 = next(t for t in tasks if "Sở Thông tin và Truyền thông" in t["leads_as_written"])
    assert "Sở Khoa học và Công nghệ" in iv1["leads"] and "Sở Thông tin và Truyền thông" not in iv1["leads"]


@pytest.mark.parametrize("typed", ["so y te", "SYT", "Sở Y tế", "so y tee"])
def test_tasks_of_an_agency_typed_loosely(seeded, typed):
    result = agencybot("tasks", "--agency", typed, "--role", "lead", "--json", cwd=seeded)
    assert result.returncode == 0, result.stderr
    codes = [t["code"] for t in json.loads(result.stdout)]
    assert len(codes) == 50 and "III.9" in codes and "VIII.3" not in codes


def test_due_year_and_overdue(seeded):
    due = json.loads(agencybot("tasks", "--due-year", "2025", "--json", cwd=seeded).stdout)
    kinds = {t["timeframe"]["kind"] for t in due}
    assert kinds == {"annual", "range"}
    assert len(due) == 12 + 17  # every annual task, and the 17 ranges ending in 2025
    overdue = json.loads(agencybot("tasks", "--overdue", "--today", "2019-01-01", "--json", cwd=seeded).stdout)
    assert {t["timeframe"]["deadline"] for t in overdue} == {"2018-12-31"}
    assert len(overdue) == 11


def test_unknown_agency_is_a_clear_error(seeded):
    result = agencybot("tasks", "--agency", "xyz không có", cwd=seeded)
    assert result.returncode == 1
    assert result.stderr.strip().startswith("agencybot: no agency matches 'xyz không có'")
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("name", ["ubnd", "so n"])
def test_ambiguous_agency_lists_the_candidates(seeded, name):
    result = agencybot("tasks", "--agency", name, cwd=seeded)
    assert result.returncode == 1
    assert ("could mean several agencies" in result.stderr and "UBND" in result.stderr) or "Sở N" in result.stderr


def test_agencies_json(seeded):
    agencies = json.loads(agencybot("agencies", "--json", cwd=seeded).stdout)
    by_name = {a["name"]: a for a in agencies}
    assert by_name["Sở Y tế"]["lead_tasks"] == 50
    assert by_name["Các sở, ban, ngành"]["is_group"] is True
    assert "Sở Văn hóa, Thể dục và Du lịch" in by_name["Sở Văn hóa, Thể thao và Du lịch"]["aliases"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the file is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "binary file"),
        ("Kính gửi: các sở\n".encode(), "no task table header found"),
    ],
)
def test_bad_plan_file_fails_with_one_line_naming_the_file(seeded, content, message):
    path = seeded / "bad.txt"
    path.write_bytes(content)
    result = agencybot("import", str(path), cwd=seeded)
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "bad.txt" in result.stderr and message in result.stderr


def test_missing_file(workdir):
    result = agencybot("import", "nowhere.txt", cwd=workdir)
    assert result.returncode == 1
    assert result.stderr == "agencybot: nowhere.txt: no such file\n"


def test_dry_run_saves_nothing(workdir):
    path = workdir / "plan.txt"
    path.write_text(
        write_rows([HEADER, ["I", "Mục"], ["1", "Việc", "Sở Y tế", "", "Quý II/2027", ""]]), encoding="utf-8"
    )
    result = agencybot("import", str(path), "--dry-run", cwd=workdir)
    assert "Dry run" in result.stdout and "1 added" in result.stdout
    assert json.loads(agencybot("tasks", "--json", cwd=workdir).stdout) == []


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("TIMEZONE", "Mars/Olympus", "invalid setting TIMEZONE: unknown time zone 'Mars/Olympus'"),
        ("DATABASE_URL", "not a url", "invalid setting DATABASE_URL"),
        ("DATABASE_URL", "mysql://x@y/z", "unsupported database 'mysql'"),
        ("DATABASE_URL", "postgresql+psycopg://u:secret@h/db", "write postgresql://u:***@h/db"),
        ("ADMIN_TELEGRAM_IDS", "12,abc", "invalid setting ADMIN_TELEGRAM_IDS"),
        ("TELEGRAM_API_BASE_URL", "ftp://x", "invalid setting TELEGRAM_API_BASE_URL"),
    ],
)
def test_bad_setting_stops_with_one_line(workdir, name, value, message):
    result = agencybot("agencies", cwd=workdir, **{name: value})
    assert result.returncode == 1
    assert message in result.stderr
    assert result.stderr.count("\n") == 1, result.stderr


def test_run_with_telegram_out_of_reach_stops_with_one_line(seeded, unused_port):
    result = agencybot(
        "run",
        cwd=seeded,
        TELEGRAM_BOT_TOKEN="123456:abcdef",
        TELEGRAM_API_BASE_URL=f"http://127.0.0.1:{unused_port}/bot",
        LOG_LEVEL="ERROR",
    )
    assert result.returncode == 1
    assert "Telegram could not be reached at TELEGRAM_API_BASE_URL" in result.stderr
    assert result.stderr.count("\n") == 1, result.stderr


def test_settings_are_read_from_dotenv(workdir):
    (workdir / ".env").write_text("DATABASE_URL=sqlite:///from-dotenv.db\n")
    assert agencybot("seed", cwd=workdir).returncode == 0
    assert (workdir / "from-dotenv.db").is_file()


def test_unreachable_database_is_a_clear_error(workdir):
    result = agencybot("agencies", cwd=workdir, DATABASE_URL="postgresql://agencybot:secret@127.0.0.1:1/none")
    assert result.returncode == 1
    assert result.stderr.startswith("agencybot: database error (postgresql://agencybot:***@127.0.0.1:1/none): ")
    assert "secret" not in result.stderr


def test_run_without_a_token_is_a_terminal_chat_as_an_administrator(seeded):
    result = subprocess.run(
        [AGENCYBOT, "run"],
        cwd=seeded,
        input="/me\nIII.9\n/invite so y te\n",
        capture_output=True,
        text=True,
        timeout=120,
        env={k: v for k, v in os.environ.items() if not k.startswith("TELEGRAM_")} | {"WEB_PORT": "0"},
    )
    assert result.returncode == 0, result.stderr
    assert re.search(r"^Dashboard: http://127\.0\.0\.1:\d+ \(type /web", result.stdout, re.M), result.stdout
    assert "Vai trò: quản trị" in result.stdout
    assert "Nhiệm vụ III.9" in result.stdout
    assert "Mã mời cho Sở Y tế" in result.stdout


def test_a_dashboard_port_in_use_stops_run_with_one_line(seeded):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = agencybot("run", cwd=seeded, WEB_PORT=str(port), LOG_LEVEL="ERROR")
    assert result.returncode == 1
    assert result.stderr.startswith(f"agencybot: the dashboard could not listen on 127.0.0.1:{port}: ")
    assert "set WEB_PORT to a free port, or WEB_ENABLED=false" in result.stderr
    assert result.stderr.count("\n") == 1, result.stderr


def test_chat_as_a_focal_point(seeded):
    result = subprocess.run(
        [AGENCYBOT, "chat", "--as", "so giao duc"],
        cwd=seeded,
        input="nhiem vu cua toi den han nam nay\n/me\n",
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "· Sở Giáo dục và Đào tạo" in result.stdout
    assert "Cơ quan theo dõi: Sở Giáo dục và Đào tạo" in result.stdout


def test_chat_as_an_unknown_agency_is_refused(seeded):
    result = agencybot("chat", "--as", "xyz", cwd=seeded)
    assert result.returncode == 1 and "no single agency matches 'xyz'" in result.stderr


def test_web_serves_the_dashboard_alone_until_stopped(seeded):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "TELEGRAM_"))}
    web = subprocess.Popen(
        [AGENCYBOT, "web"], cwd=seeded, env=env | {"WEB_PORT": "0"}, stdout=subprocess.PIPE, text=True
    )
    try:
        assert web.stdout is not None
        found = re.match(r"Dashboard: (http://127\.0\.0\.1:\d+) ", web.stdout.readline())
        assert found
        with urllib.request.urlopen(f"{found[1]}/telegram", timeout=30) as response:
            assert response.status == 200 and "telegram.js" in response.read().decode()
        try:
            urllib.request.urlopen(f"{found[1]}/", timeout=30)
        except urllib.error.HTTPError as refused:
            assert refused.code == 401  # no session: a link from /web is needed
        else:
            raise AssertionError("the overview opened without a session")
    finally:
        web.terminate()
        web.wait(30)
