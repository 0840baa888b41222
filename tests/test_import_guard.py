"""Imports that would destroy a plan are refused, with the database unchanged, until a person
says otherwise (--force, or "Import anyway" in the chat after the dry run showed the cost)."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_cli import agencybot
from test_conversation import text_of
from test_import_db import run_import, seed_rows, snapshot, write_plan
from test_plan_upload import Sent, button, conversation, press, sent  # noqa: F401 (the fixture)

from bot.core.conversation import Conversation
from seed.import_guard import RiskKind, StoredTask, table_risks, version_risks
from seed.importer import ImportRefused, PlanFile
from seed.plan_reader import read_plan
from seed.table import read_rows, write_rows

LEAD = 2  # the column "Cơ quan chủ trì" of the bundled plan


def without_lead_column() -> list[list[str]]:
    """The bundled plan with its lead column taken out, header and cells alike."""
    return [[cell for i, cell in enumerate(row) if i != LEAD] if len(row) > 2 else list(row) for row in seed_rows()]


def with_a_header_cell_deleted() -> list[list[str]]:
    """One header cell deleted: every column after it reads the next one's cells."""
    rows = [list(row) for row in seed_rows()]
    rows[0] = [cell for i, cell in enumerate(rows[0]) if i != LEAD]
    return rows


def parsed(rows, directory):
    return read_plan(read_rows(write_rows(rows)), directory, "plan.txt")


def test_a_header_without_a_lead_column_is_a_risk(directory):
    risks = table_risks(parsed(without_lead_column(), directory))
    assert [(r.kind, r.count, r.total) for r in risks] == [(RiskKind.NO_LEAD_COLUMN, 65, 65)]


def test_a_deleted_header_cell_is_seen_as_columns_out_of_line(directory):
    kinds = {risk.kind for risk in table_risks(parsed(with_a_header_cell_deleted(), directory))}
    assert kinds == {RiskKind.NO_LEAD_COLUMN, RiskKind.MISALIGNED}


def test_the_bundled_plan_carries_no_risk(directory):
    assert table_risks(parsed(seed_rows(), directory)) == []


def test_a_version_losing_most_tasks_leads_or_timeframes_is_a_risk(directory):
    plan = parsed(seed_rows(), directory)
    stored = {t.code: StoredTask(True, True) for t in plan.tasks}
    assert version_risks(stored, plan) == []
    half = parsed(seed_rows()[:34], directory)  # the header and the first sections only
    risks = version_risks(stored, half)
    assert [r.kind for r in risks] == [RiskKind.REMOVES_TASKS]
    assert risks[0].codes[0] == "IV.1" or len(risks[0].codes) == risks[0].count
    blank = [row if len(row) < 5 or i == 0 else [*row[:4], "", *row[5:]] for i, row in enumerate(seed_rows())]
    assert [r.kind for r in version_risks(stored, parsed(blank, directory))] == [RiskKind.REMOVES_TIMEFRAMES]
    # a few tasks going is an edit, not a risk
    assert version_risks(stored, parsed(seed_rows()[:-3], directory)) == []


@pytest.mark.parametrize("damaged", [without_lead_column, with_a_header_cell_deleted])
async def test_a_damaged_copy_is_refused_and_the_database_stays_as_it_was(
    sessions, alias_table, tmp_path: Path, damaged
):
    await run_import(sessions, alias_table)
    before = await snapshot(sessions)
    path = write_plan(tmp_path, damaged())
    with pytest.raises(ImportRefused) as refused:
        await run_import(sessions, alias_table, PlanFile(path, "NQ20"))
    assert RiskKind.NO_LEAD_COLUMN in {risk.kind for risk in refused.value.report.risks}
    assert await snapshot(sessions) == before
    # the dry run says what would be lost, and saves nothing
    dry = await run_import(sessions, alias_table, PlanFile(path, "NQ20"), dry_run=True)
    assert dry.risks and await snapshot(sessions) == before
    # forced, it is imported
    forced = await run_import(sessions, alias_table, PlanFile(path, "NQ20"), force=True)
    assert forced.outcome.changed


async def test_an_edited_version_that_keeps_the_plan_whole_is_imported(sessions, alias_table, tmp_path: Path):
    await run_import(sessions, alias_table)
    rows = [list(row) for row in seed_rows()]
    rows[5][1] += " (sửa)"
    report = await run_import(sessions, alias_table, PlanFile(write_plan(tmp_path, rows), "NQ20"))
    assert report.risks == [] and len(report.outcome.updated) == 1


def test_the_command_line_refuses_with_the_reason_and_takes_force(tmp_path: Path):
    assert agencybot("seed", cwd=tmp_path).returncode == 0
    path = write_plan(tmp_path, without_lead_column(), name="nq20-copy.txt")
    refused = agencybot("import", str(path), "--plan", "NQ20", cwd=tmp_path)
    assert refused.returncode == 1
    assert "nq20-copy.txt as plan NQ20 would damage it. Nothing was saved." in refused.stderr
    assert "no column of the header names the lead agency" in refused.stderr
    assert "65 of the 65 tasks with a lead agency would lose it" in refused.stderr
    assert "Traceback" not in refused.stderr
    dry = agencybot("import", str(path), "--plan", "NQ20", "--dry-run", cwd=tmp_path)
    assert dry.returncode == 0 and "Would damage the plan" in dry.stdout
    forced = agencybot("import", str(path), "--plan", "NQ20", "--force", cwd=tmp_path)
    assert forced.returncode == 0, forced.stderr
    assert "nq20-copy.txt as plan NQ20" in forced.stdout and "Imported" in forced.stdout


async def test_a_file_sent_in_the_chat_needs_a_second_explicit_choice(conversation: Conversation, sessions):  # noqa: F811
    before = await snapshot(sessions)
    copy = Sent("nq20.txt", write_rows(without_lead_column()).encode())
    report = await conversation.handle(sent("admin", copy, "NQ20"))
    text = text_of(report)
    assert "Tệp này sẽ làm hỏng kế hoạch" in text
    assert "⛔ dòng tiêu đề không có cột cơ quan chủ trì" in text
    assert "⛔ 65/65 nhiệm vụ sẽ mất cơ quan chủ trì" in text
    labels = [b.label for r in report.replies for row in r.buttons for b in row]
    assert labels == ["⚠️ Vẫn nhập", "✖ Hủy"]  # no plain "Nhập"
    forged = button(report, "Vẫn nhập").replace("1P:f:", "1P:y:")  # Import without force: still refused
    refused = text_of(await conversation.handle(press("admin", forged)))
    assert "Không nhập" in refused and "Chưa lưu gì" in refused
    after = await snapshot(sessions)
    assert {name for name in after if after[name] != before[name]} <= {"plan_uploads"}
    done = text_of(await conversation.handle(press("admin", button(report, "Vẫn nhập"))))
    assert "NQ20" in done


SEVEN = ["STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian", "Kinh phí", "Sản phẩm"]


def plan_of(rows: list[list[str]]) -> list[list[str]]:
    return [SEVEN, ["I", "Phần một"], *rows]


def test_rows_that_merely_end_early_are_not_out_of_line(directory):
    rows = [
        ["1", "Việc một", "Sở Y tế", "Sở Nội vụ", "Quý I/2026", "Ngân sách"],  # no Sản phẩm
        ["2", "Việc hai", "Sở Y tế", "", "Hằng năm"],  # no Kinh phí, no Sản phẩm
        ["3", "Việc ba", "Sở Nội vụ", "Sở Y tế", "2026"],
        ["4", "Việc bốn", "Sở Tài chính", "Sở Y tế", "Thường xuyên", "", "Báo cáo"],
    ]
    plan = parsed(plan_of(rows), directory)
    assert table_risks(plan) == []
    assert [t.leads[0].name for t in plan.tasks] == ["Sở Y tế", "Sở Y tế", "Sở Nội vụ", "Sở Tài chính"]


def test_rows_without_a_needed_cell_or_with_one_too_many_still_are(directory):
    without_timeframe = [["1", "Việc", "Sở Y tế", "Sở Nội vụ"] for _ in range(4)]
    assert [r.kind for r in table_risks(parsed(plan_of(without_timeframe), directory))] == [RiskKind.MISALIGNED]
    one_too_many = [["1", "Việc", "Sở Y tế", "Sở Nội vụ", "2026", "", "", "thừa"] for _ in range(4)]
    assert [r.kind for r in table_risks(parsed(plan_of(one_too_many), directory))] == [RiskKind.MISALIGNED]
    # a header cell too many before Thời gian: the rows end early, but under the wrong headers
    header = ["STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Sản phẩm", "Thời gian", "Kinh phí"]
    rows = [["1", "Việc", "Sở Y tế", "Sở Nội vụ", "2026", "Ngân sách"] for _ in range(4)]
    assert [r.kind for r in table_risks(parsed([header, ["I", "Phần"], *rows], directory))] == [RiskKind.MISALIGNED]
