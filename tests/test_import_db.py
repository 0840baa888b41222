"""Importing into real databases: SQLite and PostgreSQL (every test runs on both)."""

from __future__ import annotations

import unicodedata
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from conftest import NOW
from sqlalchemy import func, select, text

from db.agencies import sync_alias_table
from db.engine import make_engine
from db.migrate import current_revision, head_revision, upgrade
from db.models import Agency, AgencyGroupMember, Base, ImportRun, Plan, Section, Task, TaskAgency
from db.queries import TaskFilter, agency_id_by_name, find_tasks, list_agencies
from db.snapshot import load_index, load_statuses
from db.statuses import set_status
from domain.agencies import AgencyEntry, AgencyKind
from domain.periods import WHOLE, occurs_in_year
from domain.tasks import Status, overdue_on
from seed.importer import PlanFile, bundled_plan, import_plan
from seed.relink import relink_tasks
from seed.table import PlanFormatError, read_rows, write_rows

HEADER = ["STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian", "Kinh phí"]


async def snapshot(sessions) -> dict[str, list[tuple]]:
    """Every row of every table, to compare a database before and after."""
    async with sessions() as session:
        out = {}
        for table in Base.metadata.sorted_tables:
            rows = await session.execute(select(table).order_by(*table.primary_key.columns))
            out[table.name] = [tuple(row) for row in rows]
        return out


async def run_import(sessions, alias_table, plan_file=None, **options):
    return await import_plan(sessions, plan_file or bundled_plan(), alias_table=alias_table, now=NOW, **options)


def seed_rows() -> list[list[str]]:
    text = bundled_plan().path.read_text(encoding="utf-8")
    return [[unicodedata.normalize("NFC", cell) for cell in row.cells] for row in read_rows(text)]


def write_plan(tmp_path: Path, rows, name="plan.txt") -> Path:
    path = tmp_path / name
    path.write_text(write_rows(rows), encoding="utf-8")
    return path


async def test_seed_imports_into_an_empty_database(sessions, alias_table):
    report = await run_import(sessions, alias_table)
    assert len(report.outcome.added) == 65
    assert report.new_agencies == []
    async with sessions() as session:
        assert await session.scalar(select(func.count()).select_from(Task)) == 65
        assert await session.scalar(select(func.count()).select_from(Section)) == 9
        plan = await session.scalar(select(Plan))
        assert plan.short_name == "NQ20"
        assert plan.columns == HEADER
        tasks = await find_tasks(session, TaskFilter(codes=("III.9", "I.3")))
    by_code = {t.code: t for t in tasks}
    assert by_code["III.9"].leads == ("Sở Y tế",)
    assert by_code["III.9"].timeframe.deadline == date(2025, 12, 31)
    assert by_code["III.9"].section_title == "Nâng cao năng lực phòng, chống dịch bệnh gắn với đổi mới y tế cơ sở"
    assert "Báo Lao động Đồng Nai" in by_code["I.3"].leads


async def test_reimporting_the_same_file_changes_nothing(sessions, alias_table):
    await run_import(sessions, alias_table)
    before = await snapshot(sessions)
    report = await run_import(sessions, alias_table)
    assert not report.outcome.changed
    assert report.outcome.unchanged == 65
    assert await snapshot(sessions) == before


async def test_reimporting_a_plan_that_writes_a_name_then_tinh_after_a_comma_changes_nothing(
    sessions, alias_table, tmp_path
):
    # "BHXH, Tỉnh ủy" was read as one unknown name over "BHXH tỉnh", stored with that cell as
    # its alias, and the same cell read otherwise the next time: the task "updated" once
    rows = [
        ["STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian"],
        ["1", "Nhiệm vụ một", "BHXH, Tỉnh ủy", "", "Năm 2026"],
        ["2", "Nhiệm vụ hai", "Sở Y tế, BHXH, Tỉnh ủy", "Hội Cựu chiến binh, Tỉnh Đoàn", "Năm 2026"],
    ]
    plan = PlanFile(write_plan(tmp_path, rows), "BHXH")
    first = await run_import(sessions, alias_table, plan)
    assert not first.new_agencies
    assert first.parsed.tasks[1].leads[1:] == first.parsed.tasks[0].leads
    assert [a.name for a in first.parsed.tasks[1].coordinators] == ["Hội Cựu chiến binh tỉnh", "Tỉnh đoàn"]
    again = await run_import(sessions, alias_table, plan)
    assert not again.outcome.changed


async def test_an_edited_version_updates_tasks_in_place(sessions, alias_table, tmp_path):
    await run_import(sessions, alias_table)
    async with sessions() as session:
        ids_before = {code: id_ for id_, code in await session.execute(select(Task.id, Task.code))}

    edited = []
    for row in seed_rows():
        if row[1].startswith("Đẩy mạnh hợp tác lao động y tế"):  # IX.2 leaves the plan
            continue
        if row[1].startswith("Xây dựng hệ thống quản lý bệnh án điện tử"):  # III.9 is reworded
            row[1] += " (bổ sung)"
        if row[1].startswith("Xây dựng và triển khai dự án xây dựng, nâng cấp"):  # II.13 gets a year
            row[4] = "Năm 2026"
        edited.append(row)
    edited.append(["3", "Nhiệm vụ mới", "Sở Y tế", "Sở Ngoại vụ", "Năm 2027", "Ngân sách"])  # IX.3
    path = write_plan(tmp_path, edited, "nq20-v2.txt")

    report = await run_import(sessions, alias_table, PlanFile(path, "NQ20"))
    assert report.outcome.added == ["IX.3"]
    assert report.outcome.removed == ["IX.2"]
    assert set(report.outcome.updated) == {"III.9", "II.13"}

    async with sessions() as session:
        ids_after = {code: id_ for id_, code in await session.execute(select(Task.id, Task.code))}
        assert {code: ids_after[code] for code in ids_before} == ids_before  # same rows, same ids
        removed = await session.scalar(select(Task).where(Task.code == "IX.2"))
        assert removed.removed_at == NOW
        live = await find_tasks(session, TaskFilter(plan="NQ20"))
        assert len(live) == 65 and "IX.2" not in {t.code for t in live}
        assert (await find_tasks(session, TaskFilter(codes=("II.13",))))[0].timeframe.deadline == date(2026, 12, 31)
        assert await session.scalar(select(func.count()).select_from(ImportRun)) == 2

    # Putting the task back restores the same row.
    report = await run_import(sessions, alias_table)
    assert report.outcome.restored == ["IX.2"]
    async with sessions() as session:
        assert (await session.scalar(select(Task).where(Task.code == "IX.2"))).id == ids_before["IX.2"]


@pytest.mark.parametrize(
    "content",
    [b"", b"\x00\x01binary", "\tSTT\n\tVi\xe1c\n".encode("latin-1"), "Chỉ có chữ, không có bảng.".encode()],
)
async def test_bad_input_leaves_the_database_exactly_as_it_was(sessions, alias_table, tmp_path, content):
    await run_import(sessions, alias_table)
    before = await snapshot(sessions)
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(PlanFormatError, match=r"bad\.txt"):
        await run_import(sessions, alias_table, PlanFile(path, "NQ20"))
    assert await snapshot(sessions) == before


async def test_a_failing_import_rolls_back_the_alias_table_too(sessions, alias_table, tmp_path):
    await run_import(sessions, alias_table)
    before = await snapshot(sessions)
    extended = alias_table._replace(entries=[*alias_table.entries, AgencyEntry("Sở Thử nghiệm", AgencyKind.DEPARTMENT)])
    path = write_plan(tmp_path, [HEADER, ["I", "Chỉ có mục, không có nhiệm vụ"]])
    with pytest.raises(PlanFormatError, match="no task rows"):
        await run_import(sessions, extended, PlanFile(path, "NQ20"))
    assert await snapshot(sessions) == before


async def test_dry_run_reports_and_saves_nothing(sessions, alias_table):
    before = await snapshot(sessions)
    report = await run_import(sessions, alias_table, dry_run=True)
    assert len(report.outcome.added) == 65
    assert await snapshot(sessions) == before


async def test_unknown_agency_waits_for_the_alias_table_then_merges(sessions, alias_table, tmp_path):
    path = write_plan(
        tmp_path,
        [HEADER, ["I", "Mục"], ["1", "Việc", "Sở Ytế", "Trung tâm Dịch vụ việc làm tỉnh", "2026", ""]],
    )
    report = await run_import(sessions, alias_table, PlanFile(path, "TEST"))
    assert report.new_agencies == ["Sở Ytế", "Trung tâm Dịch vụ việc làm tỉnh"]
    # Imported again, they are no longer new, and still reported: nobody named them yet.
    again = await run_import(sessions, alias_table, PlanFile(path, "TEST"))
    assert (again.new_agencies, again.known_agencies) == ([], 0)
    assert again.parsed.unknown_agencies == ["Sở Ytế", "Trung tâm Dịch vụ việc làm tỉnh"]
    async with sessions() as session:
        typo = await session.scalar(select(Agency).where(Agency.name == "Sở Ytế"))
        assert (typo.verified, typo.kind) == (False, "department")
        # a department first met in a plan joins "các sở, ban, ngành" at once
        departments = await session.scalar(select(Agency.id).where(Agency.name == "Các sở, ban, ngành"))
        assert await session.get(AgencyGroupMember, (departments, typo.id)) is not None

    entries, abbreviations = alias_table.entries, alias_table.abbreviations
    fixed = [replace(e, aliases=(*e.aliases, "Sở Ytế")) if e.name == "Sở Y tế" else e for e in entries]
    async with sessions() as session, session.begin():
        synced = await sync_alias_table(session, fixed, abbreviations, NOW)
        await relink_tasks(session, abbreviations, NOW)
    assert synced.merged == [("Sở Ytế", "Sở Y tế")]
    async with sessions() as session:
        assert await session.scalar(select(Agency).where(Agency.name == "Sở Ytế")) is None
        task = (await find_tasks(session, TaskFilter(plan="TEST")))[0]
        assert task.leads == ("Sở Y tế",)
        assert task.coordinators == ("Trung tâm Dịch vụ việc làm tỉnh",)


async def test_two_spellings_of_one_new_name_are_one_agency(sessions, alias_table, tmp_path):
    # The same body first met twice in one plan, capitalised apart: one alias key, so one
    # agency, as the directory reads both from the database on the next import.
    path = write_plan(
        tmp_path,
        [
            HEADER,
            ["I", "Mục"],
            # (was "Cục Thống kê, Tỉnh đoàn", read now as the two known bodies it names)
            ["1", "Việc một", "Trung tâm Xúc tiến đầu tư", "", "2026", ""],
            ["2", "Việc hai", "Trung tâm Xúc tiến Đầu tư", "", "2026", ""],
        ],
    )
    report = await run_import(sessions, alias_table, PlanFile(path, "TEST"))
    assert report.new_agencies == ["Trung tâm Xúc tiến đầu tư"]
    async with sessions() as session:
        tasks = await find_tasks(session, TaskFilter(plan="TEST"))
    assert [t.leads for t in tasks] == [("Trung tâm Xúc tiến đầu tư",)] * 2
    before = await snapshot(sessions)
    again = await run_import(sessions, alias_table, PlanFile(path, "TEST"))
    assert not again.outcome.changed
    assert await snapshot(sessions) == before


async def test_renaming_an_agency_in_the_alias_table_keeps_its_links(sessions, alias_table):
    await run_import(sessions, alias_table)
    entries, abbreviations = alias_table.entries, alias_table.abbreviations
    renamed = [
        replace(e, name="Sở Nông lâm nghiệp", aliases=(*e.aliases, e.name))
        if e.name == "Sở Nông nghiệp và Phát triển nông thôn"
        else e
        for e in entries
    ]
    async with sessions() as session, session.begin():
        old_id = await agency_id_by_name(session, "Sở Nông nghiệp và Phát triển nông thôn")
        result = await sync_alias_table(session, renamed, abbreviations, NOW)
    assert result.renamed == [("Sở Nông nghiệp và Phát triển nông thôn", "Sở Nông lâm nghiệp")]
    async with sessions() as session:
        assert await agency_id_by_name(session, "Sở Nông lâm nghiệp") == old_id
        tasks = await find_tasks(session, TaskFilter(agency_ids=(old_id,), role="lead"))
    assert [t.code for t in tasks] == ["I.1", "II.8", "II.13", "II.14"]


async def test_tasks_of_an_agency_include_those_of_its_groups(sessions, alias_table):
    await run_import(sessions, alias_table)
    async with sessions() as session:
        health = await agency_id_by_name(session, "Sở Y tế")
        communes = await agency_id_by_name(session, "UBND các xã, phường")
        health_leads = {t.code for t in await find_tasks(session, TaskFilter(agency_ids=(health,), role="lead"))}
        communes_all = {t.code for t in await find_tasks(session, TaskFilter(agency_ids=(communes,)))}
        communes_lead = {t.code for t in await find_tasks(session, TaskFilter(agency_ids=(communes,), role="lead"))}
        agencies = {a.name: a for a in await list_agencies(session)}
    assert "I.1" in health_leads  # led by "các sở, ban, ngành"
    assert "III.9" in health_leads and "VIII.3" not in health_leads
    assert len(health_leads) == 50  # 49 it leads by name, and I.1
    # the communes and wards carry today what the plan gave the districts, Long Khánh and Biên Hòa
    assert "II.3" in communes_all and "II.3" not in communes_lead  # coordinated by "địa phương liên quan"
    assert "I.1" in communes_lead  # led by "UBND các huyện, thị xã Long Khánh, thành phố Biên Hòa"
    assert agencies["Sở Y tế"].lead_tasks == 50
    assert agencies["Các địa phương"].members == ("UBND các huyện", "UBND các xã, phường")


async def test_sql_and_domain_agree_on_due_and_overdue(sessions, alias_table):
    await run_import(sessions, alias_table)
    async with sessions() as session:
        everything = await find_tasks(session)
        for year in range(2016, 2033):
            in_sql = {t.code for t in await find_tasks(session, TaskFilter(due_year=year))}
            assert in_sql == {t.code for t in everything if occurs_in_year(t.timeframe, year)}, year
        for day in (date(2018, 12, 31), date(2019, 1, 1), date(2026, 11, 24)):
            in_sql = {t.code for t in await find_tasks(session, TaskFilter(overdue_on=day))}
            assert in_sql == {t.code for t in everything if overdue_on(t.timeframe, day)}
    assert len({t.code for t in everything if occurs_in_year(t.timeframe, 2026)}) == 12  # the annual tasks


async def test_sql_and_domain_agree_on_overdue_once_agencies_said_done(sessions, alias_table, tmp_path):
    """For the whole plan only the leads close a task (a leading group by all its members);
    an agency's own list leaves out what it marked done."""
    rows = [HEADER, ["I", "Mục"], ["1", "Việc của các sở", "Các sở, ban, ngành", "", "2025", ""]]
    rows += [["2", "Việc của các sở, đã xong", "Các sở, ban, ngành", "", "2025", ""]]
    rows += [["3", "Việc của mặt trận", "Mặt trận Tổ quốc và các đoàn thể", "Sở Y tế", "2025", ""]]
    rows += [["4", "Việc không ghi chủ trì", "", "Sở Y tế", "2025", ""]]
    await run_import(sessions, alias_table)
    await run_import(sessions, alias_table, PlanFile(write_plan(tmp_path, rows), "TEST"))
    async with sessions() as session, session.begin():
        index = await load_index(session, alias_table[1])
        health, education = index.agency_ids["Sở Y tế"], index.agency_ids["Sở Giáo dục và Đào tạo"]
        ids = {(t.plan, t.code): t.id for t in index.tasks.values()}
        done = [
            (ids["NQ20", "II.1"], health),  # Sở Y tế coordinates it
            (ids["NQ20", "III.9"], health),  # Sở Y tế leads it
            (ids["TEST", "I.1"], health),  # two of the group's members
            (ids["TEST", "I.1"], education),
            *((ids["TEST", "I.2"], member) for member in index.leads_of(ids["TEST", "I.2"])),  # all of them
            (ids["TEST", "I.3"], health),  # Sở Y tế coordinates the front's task
            (ids["TEST", "I.4"], health),  # nobody leads: the agencies named close it
        ]
        for task_id, agency in done:
            await set_status(session, task_id, agency, WHOLE, Status.DONE, "", None, NOW)
    day = date(2026, 11, 24)
    async with sessions() as session:
        statuses = await load_statuses(session)
        for scope in (None, (health,), (education,), (health, education)):
            found = await find_tasks(session, TaskFilter(agency_ids=scope, role="lead", overdue_on=day))
            in_sql = {t.id for t in found}
            assert in_sql == set(index.overdue(scope, day, statuses)), scope
        whole = {(t.plan, t.code) for t in await find_tasks(session, TaskFilter(overdue_on=day))}
    assert {("NQ20", "II.1"), ("TEST", "I.1"), ("TEST", "I.3")} <= whole
    assert not {("NQ20", "III.9"), ("TEST", "I.2"), ("TEST", "I.4")} & whole
    assert len(index.leads_of(ids["TEST", "I.2"])) > 2


async def test_migrations_bring_a_new_database_to_head_and_keep_data(database_url, alias_table):
    engine = make_engine(database_url)
    try:
        assert await current_revision(engine) == head_revision()
        await upgrade(engine)  # a second run changes nothing
        assert await current_revision(engine) == head_revision()
    finally:
        await engine.dispose()


async def test_a_brand_new_database_file_is_created_and_migrated(tmp_path, alias_table):
    engine = make_engine(f"sqlite:///{tmp_path / 'new.db'}")
    try:
        await upgrade(engine)
        async with engine.connect() as connection:
            tables = {
                row[0] for row in await connection.execute(text("SELECT name FROM sqlite_master WHERE type='table'"))
            }
        assert {"plans", "tasks", "agencies", "agency_aliases", "agency_group_members", "task_agencies"} <= tables
    finally:
        await engine.dispose()


async def test_times_are_stored_aware(sessions, alias_table):
    await run_import(sessions, alias_table)
    async with sessions() as session:
        plan = await session.scalar(select(Plan))
    assert plan.created_at == NOW and plan.created_at.utcoffset() == timedelta(0)


async def test_foreign_keys_are_enforced(sessions):
    async with sessions() as session:
        session.add(TaskAgency(task_id=999, agency_id=999, role="lead", position=0))
        with pytest.raises(Exception, match=r"(?i)foreign key"):
            await session.commit()


async def test_an_old_database_is_migrated_and_keeps_its_data(tmp_path):
    """A database left at the first revision, with a plan in it, upgraded in place."""
    engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    try:
        await upgrade(engine, "0001")
        async with engine.begin() as connection:
            await connection.execute(
                text(
                    "INSERT INTO plans (id, short_name, title, source_name, content_hash, columns, created_at, "
                    "updated_at) VALUES (1, 'OLD', 'Kế hoạch cũ', 'old.txt', 'x', '[]', '2025-01-01 00:00:00', "
                    "'2025-01-01 00:00:00')"
                )
            )
            await connection.execute(
                text(
                    "INSERT INTO tasks (id, plan_id, code, number, position, content, lead_text, coordinators_text, "
                    "timeframe_raw, timeframe_kind, funding_raw, funding_sources, extra, source_line, created_at, "
                    "updated_at) VALUES (7, 1, 'I.1', '1', 1, 'Xây dựng bệnh án điện tử', 'Sở Y tế', '', 'Năm 2026', "
                    "'once', '', '[]', '{}', 3, '2025-01-01 00:00:00', '2025-01-01 00:00:00')"
                )
            )
        await upgrade(engine)
        assert await current_revision(engine) == head_revision()
        async with engine.connect() as connection:
            row = (await connection.execute(text("SELECT code, content, search_key FROM tasks WHERE id = 7"))).one()
            versions = dict((await connection.execute(text("SELECT name, version FROM data_versions"))).all())
        assert row == ("I.1", "Xây dựng bệnh án điện tử", "i.1 xay dung benh an dien tu so y te ")
        assert versions == {"plans": 0, "people": 0}
    finally:
        await engine.dispose()
