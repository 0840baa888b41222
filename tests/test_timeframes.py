from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain import timeframes
from domain.text import fold
from domain.timeframes import CONDITION_OPENERS, Kind, MonthDay, PeriodDay, Timeframe, parse_timeframe


@pytest.mark.parametrize(
    ("text", "kind", "start", "deadline", "due"),
    [
        # every value in the seed plan
        ("Thường xuyên", Kind.ONGOING, None, None, None),
        ("Hàng năm", Kind.ANNUAL, None, None, None),
        ("2018 - 2025", Kind.RANGE, date(2018, 1, 1), date(2025, 12, 31), None),
        ("2018 - 2020", Kind.RANGE, date(2018, 1, 1), date(2020, 12, 31), None),
        ("2018 - 2030", Kind.RANGE, date(2018, 1, 1), date(2030, 12, 31), None),
        ("2018", Kind.ONCE, date(2018, 1, 1), date(2018, 12, 31), None),
        ("2021", Kind.ONCE, date(2021, 1, 1), date(2021, 12, 31), None),
        ("", Kind.BLANK, None, None, None),
        ("   ", Kind.BLANK, None, None, None),
        # the other forms DOMAIN.md lists
        ("Hằng năm", Kind.ANNUAL, None, None, None),
        ("Năm 2026", Kind.ONCE, date(2026, 1, 1), date(2026, 12, 31), None),
        ("Giai đoạn 2021-2025", Kind.RANGE, date(2021, 1, 1), date(2025, 12, 31), None),
        ("2021–2025", Kind.RANGE, date(2021, 1, 1), date(2025, 12, 31), None),
        ("2021-2025", Kind.RANGE, date(2021, 1, 1), date(2025, 12, 31), None),
        ("Quý I/2026", Kind.ONCE, date(2026, 1, 1), date(2026, 3, 31), None),
        ("Quý IV năm 2025", Kind.ONCE, date(2025, 10, 1), date(2025, 12, 31), None),
        ("Quý II/2024", Kind.ONCE, date(2024, 4, 1), date(2024, 6, 30), None),
        ("Tháng 6/2026", Kind.ONCE, date(2026, 6, 1), date(2026, 6, 30), None),
        ("Tháng 2/2028", Kind.ONCE, date(2028, 2, 1), date(2028, 2, 29), None),
        ("Trước ngày 30/6/2026", Kind.ONCE, None, date(2026, 6, 30), None),
        ("31/12/2026", Kind.ONCE, None, date(2026, 12, 31), None),
        ("Trước ngày 15/12 hằng năm", Kind.ANNUAL, None, None, MonthDay(12, 15)),
        ("Trước ngày 31/3 hàng năm", Kind.ANNUAL, None, None, MonthDay(3, 31)),
        ("Hàng quý", Kind.QUARTERLY, None, None, None),
        ("Hàng tháng", Kind.MONTHLY, None, None, None),
        ("6 tháng/lần", Kind.SEMIANNUAL, None, None, None),
        ("Định kỳ 6 tháng", Kind.SEMIANNUAL, None, None, None),
        ("Thường xuyên, hàng năm", Kind.ANNUAL, None, None, None),
        # combinations and variants seen in other plans
        ("Hàng năm (trước ngày 15/12)", Kind.ANNUAL, None, None, MonthDay(12, 15)),
        ("Hàng năm, giai đoạn 2021-2025", Kind.ANNUAL, date(2021, 1, 1), date(2025, 12, 31), None),
        ("Từ năm 2018 đến năm 2025", Kind.RANGE, date(2018, 1, 1), date(2025, 12, 31), None),
        ("Thường xuyên, 2018 - 2025", Kind.RANGE, date(2018, 1, 1), date(2025, 12, 31), None),
        ("6 tháng đầu năm 2026", Kind.ONCE, date(2026, 1, 1), date(2026, 6, 30), None),
        ("Đến năm 2025", Kind.ONCE, None, date(2025, 12, 31), None),
        ("HÀNG NĂM", Kind.ANNUAL, None, None, None),
        ("hang nam", Kind.ANNUAL, None, None, None),
        ("Năm 2026.", Kind.ONCE, date(2026, 1, 1), date(2026, 12, 31), None),
    ],
)
def test_reads_timeframe(text, kind, start, deadline, due):
    timeframe = parse_timeframe(text)
    assert (timeframe.kind, timeframe.start, timeframe.deadline, timeframe.recurring_due) == (
        kind,
        start,
        deadline,
        due,
    )


@pytest.mark.parametrize(
    "text",
    [
        "Trước ngày 15/12",  # a day with no year and no "every year": which year?
        "31/2/2026",  # not a date
        "2025 - 2018",  # backwards
        "Quý I/2026, Quý III/2026",  # two deadlines
        "Hàng năm, trước ngày 30/6/2026",  # every year, or once by that day?
        "Quý II",  # which year?
        "6 tháng đầu năm",
        "Tháng 6 và tháng 12",
        "6 tháng",  # within six months, or every six?
        "Định kỳ",  # how often?
        "Hằng tuần",  # weekly: no such rhythm here
        "2 năm/lần",
        "Năm học 2025",  # which school year: 2024 - 2025 or 2025 - 2026?
        "Năm học 2025 - 2027",  # no school year
        "Trước năm 2026 hoặc 2027",
        "Hằng quý, trước ngày 15/12",  # one day of the year for four quarters
        "Hằng tháng, trước ngày 25 tháng cuối quý",  # a day of the quarter for a monthly task
        "Trung ương hướng dẫn",  # no opener: not a condition, not a date
        "Đã hoàn thành",
        "Hoàn thành",
        "-",
    ],
)
def test_keeps_what_it_cannot_read_verbatim(text):
    timeframe = parse_timeframe(text)
    assert timeframe.kind is Kind.UNPARSED
    assert timeframe.raw == text
    assert timeframe.deadline is None


def test_decomposed_unicode_reads_like_precomposed():
    import unicodedata

    assert parse_timeframe(unicodedata.normalize("NFD", "Hằng năm")).kind is Kind.ANNUAL
    assert parse_timeframe(unicodedata.normalize("NFD", "Thường xuyên")).raw == "Thường xuyên"


def test_month_day_of_29_february_falls_back_in_common_years():
    assert MonthDay(2, 29).in_year(2027) == date(2027, 2, 28)
    assert MonthDay(2, 29).in_year(2028) == date(2028, 2, 29)
    assert str(MonthDay(3, 5)) == "03-05"
    assert MonthDay.parse("12-15") == MonthDay(12, 15)


years = st.integers(min_value=1990, max_value=2100)
dashes = st.sampled_from(["-", "–", "—", " - ", " – ", "-", " đến "])


@given(st.text(max_size=60))
def test_never_raises_and_keeps_the_text(text):
    timeframe = parse_timeframe(text)
    assert timeframe.kind in Kind
    assert timeframe.raw == " ".join(timeframe.raw.split())  # cleaned, not rewritten
    if timeframe.deadline and timeframe.start:
        assert timeframe.start <= timeframe.deadline


@given(years, years, dashes, st.sampled_from(["", "Giai đoạn ", "giai doan ", "Từ năm ", "Năm "]))
def test_year_ranges(first, last, dash, prefix):
    first, last = min(first, last), max(first, last)
    timeframe = parse_timeframe(f"{prefix}{first}{dash}{last}")
    assert timeframe.deadline == date(last, 12, 31)
    assert timeframe.start == date(first, 1, 1)
    assert timeframe.kind is (Kind.ONCE if first == last else Kind.RANGE)


@given(years, st.integers(1, 4), st.booleans(), st.sampled_from(["/", " năm ", "/ "]))
def test_quarters(year, quarter, roman, sep):
    label = ["I", "II", "III", "IV"][quarter - 1] if roman else str(quarter)
    timeframe = parse_timeframe(f"Quý {label}{sep}{year}")
    assert timeframe.kind is Kind.ONCE
    assert timeframe.start == date(year, 3 * quarter - 2, 1)
    assert timeframe.deadline.month == 3 * quarter
    assert timeframe.deadline.year == year


@given(
    st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31)),
    st.sampled_from(["", "Trước ngày ", "Ngày ", "trước "]),
)
def test_exact_dates(day, prefix):
    timeframe = parse_timeframe(f"{prefix}{day.day}/{day.month}/{day.year}")
    assert (timeframe.kind, timeframe.deadline) == (Kind.ONCE, day)


@given(st.integers(1, 12), st.integers(1, 28), st.sampled_from(["hằng năm", "hàng năm", "hang nam"]))
def test_recurring_due_days(month, day, every_year):
    timeframe = parse_timeframe(f"Trước ngày {day}/{month} {every_year}")
    assert timeframe.kind is Kind.ANNUAL
    assert timeframe.recurring_due == MonthDay(month, day)


@given(
    st.sampled_from(
        [
            "Hàng năm",
            "Hằng năm",
            "Thường xuyên",
            "Hàng quý",
            "Hàng tháng",
            "6 tháng/lần",
            "Quý III/2026",
            "Tháng 11/2026",
            "2018 - 2025",
        ]
    )
)
def test_diacritics_and_case_do_not_matter(text):
    assert parse_timeframe(fold(text)).kind is parse_timeframe(text).kind
    assert parse_timeframe(text.upper()).deadline == parse_timeframe(text).deadline


# -- the grammar: parts of the year, rhythms, due clauses, spans, conditions --------------------

Q, M, S, A = Kind.QUARTERLY, Kind.MONTHLY, Kind.SEMIANNUAL, Kind.ANNUAL


@pytest.mark.parametrize(
    ("text", "kind", "start", "deadline", "due", "period_due"),
    [
        # every year, with or without its own day
        ("Định kỳ hằng năm", A, None, None, None, None),
        ("Hàng năm (trước 15/12)", A, None, None, MonthDay(12, 15), None),
        ("Hằng năm, trước ngày 15 tháng 12", A, None, None, MonthDay(12, 15), None),
        ("Báo cáo kết quả thực hiện trước ngày 10/12 hằng năm", A, None, None, MonthDay(12, 10), None),
        ("Thường xuyên, trước 15/12", A, None, None, MonthDay(12, 15), None),  # reported by that day
        ("Thường xuyên hằng năm liên tục", A, None, None, None, None),
        # a part of the year with a rhythm: due at the end of that part, every year
        ("Quý II hằng năm", A, None, None, MonthDay(6, 30), None),
        ("Quý I hàng năm", A, None, None, MonthDay(3, 31), None),
        ("Quí IV hàng năm", A, None, None, MonthDay(12, 31), None),
        ("Hàng năm (Quý IV)", A, None, None, MonthDay(12, 31), None),
        ("Tháng 6 hàng năm", A, None, None, MonthDay(6, 30), None),
        ("Tháng 12 hằng năm", A, None, None, MonthDay(12, 31), None),
        ("Tháng 12/hằng năm", A, None, None, MonthDay(12, 31), None),
        ("Tháng 2 hằng năm", A, None, None, MonthDay(2, 29), None),  # 28/2 in common years
        ("Hằng năm vào tháng 10", A, None, None, MonthDay(10, 31), None),
        ("Trước tháng 6 hằng năm", A, None, None, MonthDay(5, 31), None),  # before June starts
        ("6 tháng đầu năm hằng năm", A, None, None, MonthDay(6, 30), None),
        ("6 tháng cuối năm hằng năm", A, None, None, MonthDay(12, 31), None),
        ("Giữa năm hằng năm", A, None, None, MonthDay(6, 30), None),
        ("Cuối năm", A, None, None, MonthDay(12, 31), None),
        ("Cuối mỗi năm", A, None, None, MonthDay(12, 31), None),
        ("Đầu năm", A, None, None, MonthDay(3, 31), None),
        ("Đầu mỗi năm", A, None, None, MonthDay(3, 31), None),
        ("Từ tháng 3 đến tháng 6 hằng năm", A, None, None, MonthDay(6, 30), None),
        ("Quý IV các năm 2026-2030", A, date(2026, 1, 1), date(2030, 12, 31), MonthDay(12, 31), None),
        ("Quý II hằng năm, giai đoạn 2026-2030", A, date(2026, 1, 1), date(2030, 12, 31), MonthDay(6, 30), None),
        # a rhythm and a due clause
        ("Hằng quý, trước ngày 25 tháng cuối quý", Q, None, None, None, PeriodDay(3, 25)),
        ("Hằng quý (trước ngày 20)", Q, None, None, None, PeriodDay(3, 20)),  # in the quarter's last month
        ("Trước ngày 15 của tháng cuối quý", Q, None, None, None, PeriodDay(3, 15)),  # the month says quarterly
        ("Hằng quý, trước ngày 10 tháng đầu quý sau", Q, None, None, None, PeriodDay(1, 10)),
        ("Định kỳ hằng tháng (trước ngày 5)", M, None, None, None, PeriodDay(1, 5)),
        ("Hàng tháng, trước ngày 20", M, None, None, None, PeriodDay(1, 20)),
        ("Ngày 20 hằng tháng", M, None, None, None, PeriodDay(1, 20)),
        ("Hằng tháng, trước ngày 5 của tháng sau", M, None, None, None, PeriodDay(1, 5)),
        ("Hằng tháng (ngày 31)", M, None, None, None, None),  # the month's end: as without a day
        ("Cuối quý", Q, None, None, None, None),
        ("Đầu mỗi quý", Q, None, None, None, PeriodDay(1, 31)),
        ("Đầu tháng", M, None, None, None, PeriodDay(1, 10)),
        ("6 tháng/lần", S, None, None, None, None),
        ("Định kỳ 6 tháng", S, None, None, None, None),
        ("Định kỳ 06 tháng/lần", S, None, None, None, None),
        ("Sáu tháng một lần", S, None, None, None, None),
        ("2 lần/năm", S, None, None, None, None),
        ("Mỗi năm 2 lần", S, None, None, None, None),
        ("6 tháng một lần (trước 15/6 và 15/12)", S, None, None, None, PeriodDay(6, 15)),
        ("Trước ngày 20/6 và 20/12 hằng năm", S, None, None, None, PeriodDay(6, 20)),
        ("Tháng 6 và tháng 12 hằng năm", S, None, None, None, None),
        ("Định kỳ 6 tháng (30/6 và 31/12)", S, None, None, None, None),
        ("3 tháng/lần", Q, None, None, None, None),
        ("Theo quý", Q, None, None, None, None),
        ("1 lần/tháng", M, None, None, None, None),
        # several rhythms: the shortest, whose periods end where the longer ones do
        ("Hàng quý, hàng năm", Q, None, None, None, None),
        ("Báo cáo định kỳ hằng quý, 6 tháng, năm", Q, None, None, None, None),
        ("Định kỳ 6 tháng, hằng năm", S, None, None, None, None),
        # a part of one year
        ("Quý III năm 2026", Kind.ONCE, date(2026, 7, 1), date(2026, 9, 30), None, None),
        ("Quý II, năm 2026", Kind.ONCE, date(2026, 4, 1), date(2026, 6, 30), None, None),
        ("Q2/2026", Kind.ONCE, date(2026, 4, 1), date(2026, 6, 30), None, None),
        ("Tháng 6 năm 2026", Kind.ONCE, date(2026, 6, 1), date(2026, 6, 30), None, None),
        ("Tháng 06/2026", Kind.ONCE, date(2026, 6, 1), date(2026, 6, 30), None, None),
        ("06/2026", Kind.ONCE, date(2026, 6, 1), date(2026, 6, 30), None, None),
        ("6 tháng cuối năm 2027", Kind.ONCE, date(2027, 7, 1), date(2027, 12, 31), None, None),
        ("Nửa đầu năm 2026", Kind.ONCE, date(2026, 1, 1), date(2026, 6, 30), None, None),
        ("Cuối năm 2026", Kind.ONCE, date(2026, 10, 1), date(2026, 12, 31), None, None),
        ("Đầu năm 2027", Kind.ONCE, date(2027, 1, 1), date(2027, 3, 31), None, None),
        ("Giữa năm 2026", Kind.ONCE, date(2026, 6, 1), date(2026, 6, 30), None, None),
        ("Đầu quý III/2026", Kind.ONCE, date(2026, 7, 1), date(2026, 7, 31), None, None),
        ("Cuối quý II/2026", Kind.ONCE, date(2026, 4, 1), date(2026, 6, 30), None, None),
        ("Đầu tháng 7/2026", Kind.ONCE, date(2026, 7, 1), date(2026, 7, 10), None, None),
        ("2026", Kind.ONCE, date(2026, 1, 1), date(2026, 12, 31), None, None),
        ("Trong năm 2026", Kind.ONCE, date(2026, 1, 1), date(2026, 12, 31), None, None),
        ("Hoàn thành trong quý II/2026", Kind.ONCE, date(2026, 4, 1), date(2026, 6, 30), None, None),
        ("Dự kiến quý II/2026", Kind.ONCE, date(2026, 4, 1), date(2026, 6, 30), None, None),
        ("Đến tháng 6/2026", Kind.ONCE, None, date(2026, 6, 30), None, None),
        ("Đến hết năm 2025", Kind.ONCE, None, date(2025, 12, 31), None, None),
        ("Chậm nhất quý III/2026", Kind.ONCE, None, date(2026, 9, 30), None, None),
        ("Trước quý III/2026", Kind.ONCE, None, date(2026, 6, 30), None, None),  # before it starts
        ("Trước tháng 3/2027", Kind.ONCE, None, date(2027, 2, 28), None, None),
        ("Trước năm 2026", Kind.ONCE, None, date(2025, 12, 31), None, None),
        ("Năm 2026 (trước 30/6)", Kind.ONCE, None, date(2026, 6, 30), None, None),
        # exact days
        ("Trước 31/3/2027", Kind.ONCE, None, date(2027, 3, 31), None, None),
        ("Hoàn thành trước 30/9/2026", Kind.ONCE, None, date(2026, 9, 30), None, None),
        ("ngày 15 tháng 7 năm 2026", Kind.ONCE, None, date(2026, 7, 15), None, None),
        ("Trước ngày 30 tháng 6 năm 2026", Kind.ONCE, None, date(2026, 6, 30), None, None),
        ("Chậm nhất ngày 30.6.2026", Kind.ONCE, None, date(2026, 6, 30), None, None),
        ("Trước 17h00 ngày 30/6/2026", Kind.ONCE, None, date(2026, 6, 30), None, None),
        ("30/06/2026 14:30", Kind.ONCE, None, date(2026, 6, 30), None, None),  # an Excel date with a time
        ("2026-06-30", Kind.ONCE, None, date(2026, 6, 30), None, None),
        # spans
        ("2018 - 2025", Kind.RANGE, date(2018, 1, 1), date(2025, 12, 31), None, None),
        ("Giai đoạn 2026 - 2030", Kind.RANGE, date(2026, 1, 1), date(2030, 12, 31), None, None),
        ("GĐ 2026-2030", Kind.RANGE, date(2026, 1, 1), date(2030, 12, 31), None, None),
        ("Từ năm 2026 đến năm 2030", Kind.RANGE, date(2026, 1, 1), date(2030, 12, 31), None, None),
        ("Từ năm 2026 đến hết năm 2030", Kind.RANGE, date(2026, 1, 1), date(2030, 12, 31), None, None),
        ("Năm 2026 - 2027", Kind.RANGE, date(2026, 1, 1), date(2027, 12, 31), None, None),
        ("2026 đến 2030", Kind.RANGE, date(2026, 1, 1), date(2030, 12, 31), None, None),
        ("Quý IV/2025 - Quý I/2026", Kind.RANGE, date(2025, 10, 1), date(2026, 3, 31), None, None),
        ("Quý II - IV/2026", Kind.ONCE, date(2026, 4, 1), date(2026, 12, 31), None, None),
        ("Tháng 3 - 6/2026", Kind.ONCE, date(2026, 3, 1), date(2026, 6, 30), None, None),
        ("Từ tháng 10/2025 đến hết năm 2025", Kind.ONCE, date(2025, 10, 1), date(2025, 12, 31), None, None),
        ("Từ 01/3/2026 đến 30/6/2026", Kind.ONCE, date(2026, 3, 1), date(2026, 6, 30), None, None),
        ("Giai đoạn 2025-2030 (báo cáo hằng năm)", A, date(2025, 1, 1), date(2030, 12, 31), None, None),
        ("Hằng năm, giai đoạn 2026-2030", A, date(2026, 1, 1), date(2030, 12, 31), None, None),
        ("Hằng quý, từ năm 2026", Q, date(2026, 1, 1), None, None, None),
        # from a year on: every year from then, no end
        ("Từ năm 2026", A, date(2026, 1, 1), None, None, None),
        ("Từ 2026 trở đi", A, date(2026, 1, 1), None, None, None),
        ("2026 và các năm tiếp theo", A, date(2026, 1, 1), None, None, None),
        ("Năm 2026 và những năm tiếp theo", A, date(2026, 1, 1), None, None, None),
        ("Thường xuyên từ năm 2025", A, date(2025, 1, 1), None, None, None),
        ("Từ quý III/2026", A, date(2026, 7, 1), None, None, None),
        ("Quý IV/2025 và các năm tiếp theo", A, date(2025, 1, 1), None, MonthDay(12, 31), None),
        # a part of one year with `hằng năm`: that part of every year from then on
        ("Quý I/2026, hằng năm", A, date(2026, 1, 1), None, MonthDay(3, 31), None),
        ("Tháng 6/2026 và hằng năm", A, date(2026, 1, 1), None, MonthDay(6, 30), None),
        # a shorter rhythm within a part of one year
        ("Hằng tháng, quý II/2026", M, date(2026, 4, 1), date(2026, 6, 30), None, None),
    ],
)
def test_reads_the_grammar(text, kind, start, deadline, due, period_due):
    timeframe = parse_timeframe(text)
    assert (timeframe.kind, timeframe.start, timeframe.deadline, timeframe.recurring_due, timeframe.period_due) == (
        kind,
        start,
        deadline,
        due,
        period_due,
    ), timeframe
    assert timeframe.condition is None


@pytest.mark.parametrize(
    "text",
    [
        "Sau khi Trung ương hướng dẫn",
        "Theo chỉ đạo của UBND tỉnh",
        "Khi có văn bản hướng dẫn",
        "Theo hướng dẫn của Bộ Y tế",
        "Theo yêu cầu",
        "Khi có yêu cầu",
        "Sau khi được phê duyệt",
        "Sau khi đề án được phê duyệt",
        "Tùy tình hình thực tế",
        "Căn cứ hướng dẫn của Bộ, ngành",  # a comma inside the condition
        "Sau khi Trung ương và Bộ Y tế hướng dẫn",  # `và` inside the condition
        "Theo Kế hoạch số 12/KH-UBND ngày 15/3/2026",  # a date inside is not the task's
        "Theo hướng dẫn (của Bộ Y tế)",
        "Đột xuất",
        "Theo quy định",  # `theo quy` is not `theo quý` here
        "Theo quy hoạch của tỉnh",
        "sau khi trung uong huong dan",
    ],
)
def test_a_condition_instead_of_a_date(text):
    timeframe = parse_timeframe(text)
    assert timeframe == Timeframe(text, Kind.CONDITIONAL, condition=text)
    assert not timeframe.needs_attention and not timeframe.is_recurring and not timeframe.is_time_bound


@pytest.mark.parametrize(
    ("text", "kind", "deadline", "condition"),
    [
        ("Hằng năm, theo hướng dẫn của Bộ Y tế", Kind.ANNUAL, None, "theo hướng dẫn của Bộ Y tế"),
        ("Hằng năm và đột xuất", Kind.ANNUAL, None, "đột xuất"),
        ("Năm 2026 (sau khi được phê duyệt)", Kind.ONCE, date(2026, 12, 31), "sau khi được phê duyệt"),
        ("Năm 2026 sau khi được phê duyệt", Kind.ONCE, date(2026, 12, 31), "sau khi được phê duyệt"),
        ("Sau khi Trung ương hướng dẫn, năm 2026", Kind.ONCE, date(2026, 12, 31), "Sau khi Trung ương hướng dẫn"),
        ("Thường xuyên, khi có yêu cầu", Kind.ONGOING, None, "khi có yêu cầu"),
        ("Hằng năm theo quy định", Kind.ANNUAL, None, "theo quy định"),
    ],
)
def test_a_date_next_to_a_condition_keeps_both(text, kind, deadline, condition):
    timeframe = parse_timeframe(text)
    assert (timeframe.kind, timeframe.deadline, timeframe.condition) == (kind, deadline, condition)


def test_condition_openers_are_data():
    for opener in CONDITION_OPENERS:
        text = f"{opener} Ủy ban tỉnh có ý kiến"
        assert parse_timeframe(text).kind is Kind.CONDITIONAL, text


def test_period_day_in_a_period():
    assert PeriodDay(3, 25).in_period(date(2026, 4, 1), 3) == date(2026, 6, 25)
    assert PeriodDay(1, 31).in_period(date(2026, 2, 1), 1) == date(2026, 2, 28)
    assert PeriodDay(6, 31).in_period(date(2026, 1, 1), 6) == date(2026, 6, 30)
    assert str(PeriodDay(3, 5)) == "03-05" and PeriodDay.parse("03-25") == PeriodDay(3, 25)
    with pytest.raises(ValueError):
        PeriodDay(1, 32)


# -- properties ---------------------------------------------------------------------------------

READ = [
    "Hàng năm (trước 15/12)",
    "Quý II hằng năm",
    "Tháng 6 hàng năm",
    "Cuối mỗi năm",
    "Đầu năm",
    "Hằng quý, trước ngày 25 tháng cuối quý",
    "Định kỳ hằng tháng (trước ngày 5)",
    "6 tháng một lần (trước 15/6 và 15/12)",
    "Quý IV năm 2025",
    "6 tháng cuối năm 2027",
    "Cuối năm 2026",
    "Trong năm 2026",
    "Trước ngày 30/6/2026",
    "ngày 15 tháng 7 năm 2026",
    "Giai đoạn 2021-2025",
    "Từ năm 2026 đến năm 2030",
    "Hằng năm, giai đoạn 2026-2030",
    "2026 và các năm tiếp theo",
    "Thường xuyên, hàng năm",
]
CONDITIONS = ["Sau khi Trung ương hướng dẫn", "Theo chỉ đạo của UBND tỉnh", "Khi có yêu cầu"]


def _variant(text: str, choices: list[int]) -> str:
    """Each letter as written, without its diacritics, upper or lower case."""
    out = []
    for char, choice in zip(text, choices, strict=False):
        out.append([char, fold(char), char.upper(), char.lower()][choice])
    return "".join(out) + text[len(choices) :]


@given(st.sampled_from(READ + CONDITIONS), st.lists(st.integers(0, 3), max_size=80), st.booleans())
def test_any_diacritics_and_case_read_the_same(text, choices, decomposed):
    import unicodedata

    variant = _variant(text, choices)
    if decomposed:
        variant = unicodedata.normalize("NFD", variant)
    original, other = parse_timeframe(text), parse_timeframe(variant)
    assert replace(other, raw=original.raw, condition=original.condition) == original
    assert (other.condition is None) == (original.condition is None)
    if other.condition:
        assert fold(other.condition) == fold(original.condition)


@given(
    st.sampled_from(READ),
    st.sampled_from([" ", "  "]),
    st.sampled_from(["", ".", " .", ":"]),
    st.sampled_from(["-", "–", "—", " - ", " – "]),
)
def test_spacing_dashes_and_trailing_dots_do_not_matter(text, space, trailing, dash):
    original = parse_timeframe(text)
    variant = parse_timeframe(text.replace(" ", space).replace("-", dash) + trailing)
    assert replace(variant, raw=original.raw) == original


# Letters of Vietnamese: random words made of them that the grammar does not know.
_LETTERS = "abcdeghiklmnopqrstuvxyàáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ"
_KNOWN = {
    word
    for table in (
        timeframes._LEADS,
        timeframes._FILLERS,
        timeframes._ONGOING,
        timeframes._ONWARD,
        timeframes._TO,
        timeframes._EACH,
        timeframes._UNITS,
        timeframes._NUMBER_WORDS,
        timeframes._ENGLISH_RHYTHMS,
        timeframes._PERIOD_MONTHS,
        timeframes._VISION,
        timeframes._ROMAN,
        timeframes._Q_TOKENS,
        timeframes._MODIFIERS,
        timeframes._SPELLINGS,
        timeframes.CONDITION_OPENERS,
        (
            "ngay",
            "nam",
            "quy",
            "thang",
            "t",
            "q",
            "h",
            "gio",
            "lan",
            "nua",
            "cua",
            "nhung",
            "va",
            "and",
            "hoc",
            "hoac",
            "or",
        ),
        timeframes._NEXT_YEAR,
        ("ca", "moi"),  # `cả năm`, `năm học mới`
    )
    for phrase in table
    for word in phrase.split()
}
unknown_words = st.text(alphabet=_LETTERS, min_size=2, max_size=8).filter(lambda w: fold(w) not in _KNOWN)


@given(st.lists(unknown_words, min_size=1, max_size=6), st.sampled_from([" ", ", ", " (", " - "]))
def test_unknown_words_are_never_read_as_a_date(words, separator):
    timeframe = parse_timeframe(separator.join(words))
    assert timeframe.kind in (Kind.UNPARSED, Kind.BLANK)
    assert (timeframe.start, timeframe.deadline, timeframe.recurring_due, timeframe.period_due) == (None,) * 4


@given(st.text(alphabet=st.characters(exclude_categories=["Nd"]), max_size=40))
def test_text_without_digits_is_never_a_deadline(text):
    timeframe = parse_timeframe(text)
    assert timeframe.deadline is None and timeframe.start is None
    assert timeframe.kind not in (Kind.ONCE, Kind.RANGE)


@given(st.sampled_from(READ), unknown_words, st.data())
def test_an_unknown_word_anywhere_makes_a_cell_unreadable(text, word, data):
    words = text.split(" ")
    at = data.draw(st.integers(0, len(words)))
    timeframe = parse_timeframe(" ".join([*words[:at], word, *words[at:]]))
    assert timeframe.kind is Kind.UNPARSED


@given(st.sampled_from(CONDITION_OPENERS), st.lists(unknown_words, min_size=1, max_size=5))
def test_an_opener_and_anything_is_a_condition_kept_as_written(opener, words):
    text = " ".join([opener, *words])
    assert parse_timeframe(text) == Timeframe(text, Kind.CONDITIONAL, condition=text)


def test_a_date_in_july_the_24th_is_not_round_the_clock():
    """ "24/7" alone is round the clock; followed by a year it is 24 July."""
    assert (parse_timeframe("24/7/2026").kind, parse_timeframe("24/7/2026").deadline) == (Kind.ONCE, date(2026, 7, 24))
    assert parse_timeframe("Thường xuyên 24/7").kind is Kind.ONGOING


@pytest.mark.parametrize(
    ("text", "kind", "start", "deadline", "due"),
    [
        # a school year runs from September to the end of May
        ("Năm học 2025 - 2026", Kind.RANGE, date(2025, 9, 1), date(2026, 5, 31), None),
        ("Năm học 2026 – 2027", Kind.RANGE, date(2026, 9, 1), date(2027, 5, 31), None),
        ("năm học 2025-2026", Kind.RANGE, date(2025, 9, 1), date(2026, 5, 31), None),
        ("Năm học 2025/2026", Kind.RANGE, date(2025, 9, 1), date(2026, 5, 31), None),
        ("Trong năm học 2025 - 2026", Kind.RANGE, date(2025, 9, 1), date(2026, 5, 31), None),
        ("Hết năm học 2025 - 2026", Kind.ONCE, None, date(2026, 5, 31), None),
        ("Trước năm học 2026 - 2027", Kind.ONCE, None, date(2026, 8, 31), None),
        # from a school year on: every school year, due at its end
        ("Từ năm học 2025 - 2026", Kind.ANNUAL, date(2025, 9, 1), None, MonthDay(5, 31)),
        ("Năm học 2025 - 2026 và các năm tiếp theo", Kind.ANNUAL, date(2025, 9, 1), None, MonthDay(5, 31)),
        ("Hằng năm học", Kind.ANNUAL, None, None, MonthDay(5, 31)),
        ("Mỗi năm học", Kind.ANNUAL, None, None, MonthDay(5, 31)),
        # its first month and its last
        ("Cuối năm học 2025 - 2026", Kind.ONCE, date(2026, 5, 1), date(2026, 5, 31), None),
        ("Đầu năm học 2025-2026", Kind.ONCE, date(2025, 9, 1), date(2025, 9, 30), None),
        ("Cuối năm học", Kind.ANNUAL, None, None, MonthDay(5, 31)),
        ("Hằng năm, đầu năm học", Kind.ANNUAL, None, None, MonthDay(9, 30)),
        # the school year opens on 5 September
        ("Hằng năm, trước khai giảng năm học", Kind.ANNUAL, None, None, MonthDay(9, 5)),
        ("Trước khai giảng năm học 2026 - 2027", Kind.ONCE, None, date(2026, 9, 5), None),
    ],
)
def test_school_years(text, kind, start, deadline, due):
    timeframe = parse_timeframe(text)
    assert (timeframe.kind, timeframe.start, timeframe.deadline, timeframe.recurring_due) == (
        kind,
        start,
        deadline,
        due,
    ), timeframe


def test_two_uneven_days_a_year_stay_unread_and_say_why():
    timeframe = parse_timeframe("Quý I và Quý II hằng năm")
    assert timeframe.kind is Kind.UNPARSED
    assert timeframe.why is not None and "31/3 and 30/6" in timeframe.why and "one due day per period" in timeframe.why
    # days that fit one rhythm are read: the end of each half
    assert parse_timeframe("Tháng 6 và tháng 12 hằng năm").kind is Kind.SEMIANNUAL


@pytest.mark.parametrize(
    "raw",
    [
        "Sau thiên tai",
        "Sau mỗi đợt thiên tai",
        "Ngay sau thiên tai",
        "Sau bão, lũ",
        "Trước mùa mưa bão",
        "Trong mùa mưa bão",
        "Khi phát sinh",
        "Phát sinh",
        "Sau khi có hướng dẫn",
        "Ngay khi có thông tin",
    ],
)
def test_an_event_or_a_season_is_a_condition(raw: str):
    # was: "Sau thiên tai", "Trước mùa mưa bão" unparsed, reported as unreadable
    timeframe = parse_timeframe(raw)
    assert (timeframe.kind, timeframe.condition, timeframe.raw) == (Kind.CONDITIONAL, raw, raw)


@pytest.mark.parametrize("raw", ["Sau năm 2025", "Sau ngày 30/6/2026", "Sau 6 tháng"])
def test_after_a_date_is_no_condition(raw: str):
    assert parse_timeframe(raw).kind is Kind.UNPARSED


@pytest.mark.parametrize(
    ("raw", "kind", "deadline"),
    [
        # 37_sonla_y_te_du_phong_2018: the cells carry the marks of the footnotes under the table
        ("Hằng năm (2)", Kind.ANNUAL, None),
        ("Năm 2019 và các năm tiếp theo (1)", Kind.ANNUAL, None),
        ("Quý II/2026 (*)", Kind.ONCE, date(2026, 6, 30)),
        ("Thường xuyên*", Kind.ONGOING, None),
        ("Năm 2026 [3]", Kind.ONCE, date(2026, 12, 31)),
    ],
)
def test_a_footnote_mark_after_a_timeframe_is_no_part_of_it(raw: str, kind: Kind, deadline: date | None):
    timeframe = parse_timeframe(raw)
    assert (timeframe.kind, timeframe.deadline, timeframe.raw) == (kind, deadline, raw)


def test_a_bracketed_number_that_is_not_alone_is_still_read():
    assert parse_timeframe("Hằng quý (trước ngày 20)").period_due is not None
    assert parse_timeframe("Sau (2) tuần").kind is Kind.UNPARSED


@pytest.mark.parametrize(
    "raw",
    ["Năm 2018 - 2020 và những năm tiếp theo", "2021-2025 và các năm tiếp theo", "Giai đoạn 2018-2020 và các năm sau"],
)
def test_a_span_of_years_and_the_years_after_it_recur_every_year_from_its_start(raw: str):
    # was: unread, "tiếp theo" after a span of two years
    timeframe = parse_timeframe(raw)
    assert (timeframe.kind, timeframe.deadline) == (Kind.ANNUAL, None)
    assert timeframe.start is not None and timeframe.start.month == 1 and timeframe.start.day == 1


# -- cells as offices write them: many provinces, 2015-2026 -------------------------------------

# Read by hand first (kind, start, deadline, day of the year, day in each period), then parsed.
OFFICE_CELLS = [
    ("Trước 31/12 hàng năm", A, None, None, MonthDay(12, 31), None),
    ("Quý I hằng năm", A, None, None, MonthDay(3, 31), None),
    ("Quý III hàng năm", A, None, None, MonthDay(9, 30), None),
    ("Tháng 10 hằng năm", A, None, None, MonthDay(10, 31), None),
    ("Tháng 11 hàng năm", A, None, None, MonthDay(11, 30), None),
    ("Tháng 1 hằng năm", A, None, None, MonthDay(1, 31), None),
    ("Hằng năm (trước ngày 20/12)", A, None, None, MonthDay(12, 20), None),
    ("Hàng năm, trước ngày 30/11", A, None, None, MonthDay(11, 30), None),
    ("Định kỳ hàng năm (Quý IV)", A, None, None, MonthDay(12, 31), None),
    ("Hằng năm, chậm nhất ngày 15/12", A, None, None, MonthDay(12, 15), None),
    ("Hàng năm; báo cáo trước 15/12", A, None, None, MonthDay(12, 15), None),
    ("Báo cáo trước 15/12 hằng năm", A, None, None, MonthDay(12, 15), None),
    ("Hàng năm (tháng 12)", A, None, None, MonthDay(12, 31), None),
    ("Vào quý IV hàng năm", A, None, None, MonthDay(12, 31), None),
    ("Trong quý I hằng năm", A, None, None, MonthDay(3, 31), None),
    ("Quý I, hàng năm", A, None, None, MonthDay(3, 31), None),
    ("Định kỳ hàng năm, trước ngày 15 tháng 12", A, None, None, MonthDay(12, 15), None),
    ("Đầu quý I hằng năm", A, None, None, MonthDay(1, 31), None),
    ("Trước 15/12 hằng năm", A, None, None, MonthDay(12, 15), None),
    ("Trước ngày 15 tháng 12 hằng năm", A, None, None, MonthDay(12, 15), None),
    ("Hàng năm, trước 31/12", A, None, None, MonthDay(12, 31), None),
    ("Hằng năm (trước 30/6)", A, None, None, MonthDay(6, 30), None),
    ("Ngày 15/12 hằng năm", A, None, None, MonthDay(12, 15), None),
    ("15/12 hàng năm", A, None, None, MonthDay(12, 15), None),
    ("Hằng năm (6 tháng đầu năm)", A, None, None, MonthDay(6, 30), None),
    ("Mỗi năm một lần", A, None, None, None, None),
    ("1 lần/năm", A, None, None, None, None),
    ("01 lần/năm", A, None, None, None, None),
    ("1 năm/lần", A, None, None, None, None),
    ("Định kỳ 01 năm/lần", A, None, None, None, None),
    ("12 tháng/lần", A, None, None, None, None),
    ("Hàng năm (vào tháng 12)", A, None, None, MonthDay(12, 31), None),
    ("Định kỳ hằng năm vào Quý IV", A, None, None, MonthDay(12, 31), None),
    ("Hằng năm, ngày 30 tháng 6", A, None, None, MonthDay(6, 30), None),
    ("Hàng năm (Quý I)", A, None, None, MonthDay(3, 31), None),
    ("Nộp báo cáo trước ngày 20/12 hàng năm", A, None, None, MonthDay(12, 20), None),
    ("Hàng nam", A, None, None, None, None),
    ("Hăng năm", A, None, None, None, None),
    ("Hàng năm\n(trước 15/12)", A, None, None, MonthDay(12, 15), None),
    ("Hằng năm (trước 15/12", A, None, None, MonthDay(12, 15), None),
    ("Trước ngày 15/12 hằng năm.", A, None, None, MonthDay(12, 15), None),
    ("Hàng năm(1)", A, None, None, None, None),
    ("Thường xuyên; báo cáo hằng năm", A, None, None, None, None),
    ("Thường xuyên hàng năm", A, None, None, None, None),
    ("Thường xuyên, hằng năm báo cáo", A, None, None, None, None),
    ("Từ năm 2024", A, date(2024, 1, 1), None, None, None),
    ("Từ năm 2024 trở đi", A, date(2024, 1, 1), None, None, None),
    ("Năm 2025 trở đi", A, date(2025, 1, 1), None, None, None),
    ("Từ 2025", A, date(2025, 1, 1), None, None, None),
    ("Năm 2026 và các năm sau", A, date(2026, 1, 1), None, None, None),
    ("2026 và những năm sau", A, date(2026, 1, 1), None, None, None),
    ("Năm 2026 và các năm kế tiếp", A, date(2026, 1, 1), None, None, None),
    ("Từ tháng 7/2026", A, date(2026, 7, 1), None, None, None),
    ("Hằng năm đến năm 2030", A, None, date(2030, 12, 31), None, None),
    ("Hằng năm (2026-2030)", A, date(2026, 1, 1), date(2030, 12, 31), None, None),
    ("Quý I hằng năm (giai đoạn 2026-2030)", A, date(2026, 1, 1), date(2030, 12, 31), MonthDay(3, 31), None),
    ("Trước 31/3 hằng năm, từ năm 2026", A, date(2026, 1, 1), None, MonthDay(3, 31), None),
    ("Hằng năm, từ năm 2025", A, date(2025, 1, 1), None, None, None),
    ("Hằng năm, 2021-2025", A, date(2021, 1, 1), date(2025, 12, 31), None, None),
    ("Giai đoạn 2026-2030, hằng năm", A, date(2026, 1, 1), date(2030, 12, 31), None, None),
    ("Hàng năm (từ 2026)", A, date(2026, 1, 1), None, None, None),
    ("Hàng năm theo kế hoạch", A, None, None, None, None),
    ("Tháng 3 và tháng 9 hàng năm", S, None, None, None, PeriodDay(3, 31)),
    ("Định kỳ 6 tháng và hằng năm", S, None, None, None, None),
    ("Hai lần/năm", S, None, None, None, None),
    ("2 lần/năm", S, None, None, None, None),
    ("Định kỳ 6 tháng/lần (trước ngày 15/6 và 15/12)", S, None, None, None, PeriodDay(6, 15)),
    ("Định kỳ 6 tháng, trước ngày 20 tháng cuối kỳ", S, None, None, None, PeriodDay(6, 20)),
    ("6 tháng/lần, trước ngày 15 của tháng cuối kỳ báo cáo", S, None, None, None, PeriodDay(6, 15)),
    ("Tháng 6, tháng 12 hàng năm", S, None, None, None, None),
    ("Quý II và quý IV hằng năm", S, None, None, None, None),
    ("Trước 30/6 và 31/12 hằng năm", S, None, None, None, None),
    ("15/6, 15/12 hằng năm", S, None, None, None, PeriodDay(6, 15)),
    ("Quý I và quý III hằng năm", S, None, None, None, PeriodDay(3, 31)),
    ("Báo cáo định kỳ 6 tháng, năm", S, None, None, None, None),
    ("Thường xuyên (báo cáo định kỳ 6 tháng)", S, None, None, None, None),
    ("Định kỳ 3 tháng", Q, None, None, None, None),
    ("Định kỳ hàng quý", Q, None, None, None, None),
    ("Hàng quý (trước ngày 25 tháng cuối quý)", Q, None, None, None, PeriodDay(3, 25)),
    ("Hằng quý, trước ngày 15 của tháng cuối quý", Q, None, None, None, PeriodDay(3, 15)),
    ("trước ngày 10 của tháng đầu quý sau", Q, None, None, None, PeriodDay(1, 10)),
    ("Trước ngày 20 tháng cuối quý", Q, None, None, None, PeriodDay(3, 20)),
    ("trước ngày 10 tháng đầu quý", Q, None, None, None, PeriodDay(1, 10)),
    ("Hằng quý (trước ngày 20 tháng cuối quý)", Q, None, None, None, PeriodDay(3, 20)),
    ("Hàng quý, năm", Q, None, None, None, None),
    ("Định kỳ hằng quý, 6 tháng, năm", Q, None, None, None, None),
    ("Định kỳ quý, năm", Q, None, None, None, None),
    ("Mỗi quý 1 lần", Q, None, None, None, None),
    ("03 tháng/lần", Q, None, None, None, None),
    ("Hang quy", Q, None, None, None, None),
    ("Hằng tháng (trước ngày 25)", M, None, None, None, PeriodDay(1, 25)),
    ("Hàng tháng, trước ngày 25 hàng tháng", M, None, None, None, PeriodDay(1, 25)),
    ("Trước ngày 25 hằng tháng", M, None, None, None, PeriodDay(1, 25)),
    ("Định kỳ hàng tháng", M, None, None, None, None),
    ("Mỗi tháng 1 lần", M, None, None, None, None),
    ("Hằng tháng, quý, năm", M, None, None, None, None),
    ("Gửi báo cáo trước ngày 10 hàng tháng", M, None, None, None, PeriodDay(1, 10)),
    ("Ngày 25 hàng tháng", M, None, None, None, PeriodDay(1, 25)),
    ("Hằng tháng, trước ngày 05", M, None, None, None, PeriodDay(1, 5)),
    ("Trong quý III/2026", Kind.ONCE, date(2026, 7, 1), date(2026, 9, 30), None, None),
    ("Hoàn thành trong năm 2026", Kind.ONCE, date(2026, 1, 1), date(2026, 12, 31), None, None),
    ("Quý 3/2026", Kind.ONCE, date(2026, 7, 1), date(2026, 9, 30), None, None),
    ("Quý III-2026", Kind.ONCE, date(2026, 7, 1), date(2026, 9, 30), None, None),
    ("QIII/2026", Kind.ONCE, date(2026, 7, 1), date(2026, 9, 30), None, None),
    ("Q3/2026", Kind.ONCE, date(2026, 7, 1), date(2026, 9, 30), None, None),
    ("Quý IV 2026", Kind.ONCE, date(2026, 10, 1), date(2026, 12, 31), None, None),
    ("Quý 4 năm 2026", Kind.ONCE, date(2026, 10, 1), date(2026, 12, 31), None, None),
    ("Tháng 10/2026", Kind.ONCE, date(2026, 10, 1), date(2026, 10, 31), None, None),
    ("Tháng 10 năm 2026", Kind.ONCE, date(2026, 10, 1), date(2026, 10, 31), None, None),
    ("T10/2026", Kind.ONCE, date(2026, 10, 1), date(2026, 10, 31), None, None),
    ("Tháng 9-2026", Kind.ONCE, date(2026, 9, 1), date(2026, 9, 30), None, None),
    ("Tháng VI/2026", Kind.ONCE, date(2026, 6, 1), date(2026, 6, 30), None, None),
    ("Trước 30/9/2026", Kind.ONCE, None, date(2026, 9, 30), None, None),
    ("15/6/2026", Kind.ONCE, None, date(2026, 6, 15), None, None),
    ("15-6-2026", Kind.ONCE, None, date(2026, 6, 15), None, None),
    ("5-6-2026", Kind.ONCE, None, date(2026, 6, 5), None, None),
    ("ngày 15 tháng 6 năm 2026", Kind.ONCE, None, date(2026, 6, 15), None, None),
    ("Ngày 15/6/2026", Kind.ONCE, None, date(2026, 6, 15), None, None),
    ("Trước ngày 15 tháng 6 năm 2026", Kind.ONCE, None, date(2026, 6, 15), None, None),
    ("Chậm nhất ngày 31/12/2026", Kind.ONCE, None, date(2026, 12, 31), None, None),
    ("Hạn chót 30/6/2026", Kind.ONCE, None, date(2026, 6, 30), None, None),
    ("Trước 31/12/2025", Kind.ONCE, None, date(2025, 12, 31), None, None),
    ("Xong trước 30/6/2026", Kind.ONCE, None, date(2026, 6, 30), None, None),
    ("Báo cáo trước 15/12/2026", Kind.ONCE, None, date(2026, 12, 15), None, None),
    ("Hoàn thành trước ngày 30/6/2026", Kind.ONCE, None, date(2026, 6, 30), None, None),
    ("Báo cáo kết quả trước ngày 15/12/2026", Kind.ONCE, None, date(2026, 12, 15), None, None),
    ("Tháng 12/2025", Kind.ONCE, date(2025, 12, 1), date(2025, 12, 31), None, None),
    ("6 tháng cuối năm 2026", Kind.ONCE, date(2026, 7, 1), date(2026, 12, 31), None, None),
    ("Sáu tháng đầu năm 2026", Kind.ONCE, date(2026, 1, 1), date(2026, 6, 30), None, None),
    ("Nửa cuối năm 2026", Kind.ONCE, date(2026, 7, 1), date(2026, 12, 31), None, None),
    ("Cuối năm 2025", Kind.ONCE, date(2025, 10, 1), date(2025, 12, 31), None, None),
    ("Đầu năm 2025", Kind.ONCE, date(2025, 1, 1), date(2025, 3, 31), None, None),
    ("Giữa năm 2025", Kind.ONCE, date(2025, 6, 1), date(2025, 6, 30), None, None),
    ("Cuối quý IV/2026", Kind.ONCE, date(2026, 10, 1), date(2026, 12, 31), None, None),
    ("Cuối quý I/2026", Kind.ONCE, date(2026, 1, 1), date(2026, 3, 31), None, None),
    ("Cuối tháng 6/2026", Kind.ONCE, date(2026, 6, 1), date(2026, 6, 30), None, None),
    ("Cuối tháng 12/2026", Kind.ONCE, date(2026, 12, 1), date(2026, 12, 31), None, None),
    ("Giữa tháng 6/2026", Kind.ONCE, date(2026, 6, 11), date(2026, 6, 20), None, None),
    ("Năm 2025", Kind.ONCE, date(2025, 1, 1), date(2025, 12, 31), None, None),
    ("Trong năm 2025", Kind.ONCE, date(2025, 1, 1), date(2025, 12, 31), None, None),
    ("Hoàn thành năm 2026", Kind.ONCE, date(2026, 1, 1), date(2026, 12, 31), None, None),
    ("Đến năm 2030", Kind.ONCE, None, date(2030, 12, 31), None, None),
    ("Đến hết 2030", Kind.ONCE, None, date(2030, 12, 31), None, None),
    ("Trước năm 2030", Kind.ONCE, None, date(2029, 12, 31), None, None),
    ("Chậm nhất năm 2026", Kind.ONCE, None, date(2026, 12, 31), None, None),
    ("Quý I/2026 - Quý II/2026", Kind.ONCE, date(2026, 1, 1), date(2026, 6, 30), None, None),
    ("Từ tháng 3/2026 đến tháng 6/2026", Kind.ONCE, date(2026, 3, 1), date(2026, 6, 30), None, None),
    ("Tháng 3/2026 - tháng 5/2026", Kind.ONCE, date(2026, 3, 1), date(2026, 5, 31), None, None),
    ("Từ quý II/2026 đến quý IV/2026", Kind.ONCE, date(2026, 4, 1), date(2026, 12, 31), None, None),
    ("Tháng 5 - tháng 6/2026", Kind.ONCE, date(2026, 5, 1), date(2026, 6, 30), None, None),
    ("Quý II - Quý III/2026", Kind.ONCE, date(2026, 4, 1), date(2026, 9, 30), None, None),
    ("Tháng 6 - 12/2026", Kind.ONCE, date(2026, 6, 1), date(2026, 12, 31), None, None),
    ("Năm 2026 (quý II)", Kind.ONCE, date(2026, 4, 1), date(2026, 6, 30), None, None),
    ("Quý I năm 2027", Kind.ONCE, date(2027, 1, 1), date(2027, 3, 31), None, None),
    ("Quý 1/2027", Kind.ONCE, date(2027, 1, 1), date(2027, 3, 31), None, None),
    ("Tháng 12 năm 2026", Kind.ONCE, date(2026, 12, 1), date(2026, 12, 31), None, None),
    ("Tháng 01/2027", Kind.ONCE, date(2027, 1, 1), date(2027, 1, 31), None, None),
    ("Trước ngày 31/12/2026", Kind.ONCE, None, date(2026, 12, 31), None, None),
    ("Đến 31/12/2026", Kind.ONCE, None, date(2026, 12, 31), None, None),
    ("Đến ngày 30/6/2026", Kind.ONCE, None, date(2026, 6, 30), None, None),
    ("Trước 15/12/2026", Kind.ONCE, None, date(2026, 12, 15), None, None),
    ("Trong tháng 6/2026", Kind.ONCE, date(2026, 6, 1), date(2026, 6, 30), None, None),
    ("Tháng 6 - 2026", Kind.ONCE, date(2026, 6, 1), date(2026, 6, 30), None, None),
    ("06-2026", Kind.ONCE, date(2026, 6, 1), date(2026, 6, 30), None, None),
    ("Hoàn thành trong quý IV năm 2026", Kind.ONCE, date(2026, 10, 1), date(2026, 12, 31), None, None),
    ("Hoàn thành xong trước 30/6/2026", Kind.ONCE, None, date(2026, 6, 30), None, None),
    ("Quý IV/2026 (hoàn thành)", Kind.ONCE, date(2026, 10, 1), date(2026, 12, 31), None, None),
    ("Qúy II/2026", Kind.ONCE, date(2026, 4, 1), date(2026, 6, 30), None, None),
    ("Quy II/2026", Kind.ONCE, date(2026, 4, 1), date(2026, 6, 30), None, None),
    ("Quý II/ 2026", Kind.ONCE, date(2026, 4, 1), date(2026, 6, 30), None, None),
    ("Quý II /2026", Kind.ONCE, date(2026, 4, 1), date(2026, 6, 30), None, None),
    ("Năm2026", Kind.ONCE, date(2026, 1, 1), date(2026, 12, 31), None, None),
    ("Trước 30/6/2026.", Kind.ONCE, None, date(2026, 6, 30), None, None),
    ("Trước ngày 30/06/2026", Kind.ONCE, None, date(2026, 6, 30), None, None),
    ("Quý II/2026\n(Báo cáo kết quả)", Kind.ONCE, date(2026, 4, 1), date(2026, 6, 30), None, None),
    ("Quý II/2026 (**)", Kind.ONCE, date(2026, 4, 1), date(2026, 6, 30), None, None),
    ("2026 - 2030", Kind.RANGE, date(2026, 1, 1), date(2030, 12, 31), None, None),
    ("2026 - 2027", Kind.RANGE, date(2026, 1, 1), date(2027, 12, 31), None, None),
    ("Giai đoạn 2026–2030", Kind.RANGE, date(2026, 1, 1), date(2030, 12, 31), None, None),
    ("GĐ 2021 - 2025", Kind.RANGE, date(2021, 1, 1), date(2025, 12, 31), None, None),
    ("Năm 2021-2025", Kind.RANGE, date(2021, 1, 1), date(2025, 12, 31), None, None),
    ("Từ 2021 - 2025", Kind.RANGE, date(2021, 1, 1), date(2025, 12, 31), None, None),
    ("Từ năm 2021 - 2025", Kind.RANGE, date(2021, 1, 1), date(2025, 12, 31), None, None),
    ("2021 đến 2025", Kind.RANGE, date(2021, 1, 1), date(2025, 12, 31), None, None),
    ("Từ 2026 đến 2030", Kind.RANGE, date(2026, 1, 1), date(2030, 12, 31), None, None),
    ("Năm 2026-2030", Kind.RANGE, date(2026, 1, 1), date(2030, 12, 31), None, None),
    ("Năm học 2026-2027", Kind.RANGE, date(2026, 9, 1), date(2027, 5, 31), None, None),
    ("Thường xuyên, liên tục", Kind.ONGOING, None, None, None, None),
    ("Liên tục", Kind.ONGOING, None, None, None, None),
    ("Thuong xuyen", Kind.ONGOING, None, None, None, None),
    ("Thực hiện thường xuyên", Kind.ONGOING, None, None, None, None),
    ("Triển khai thường xuyên", Kind.ONGOING, None, None, None, None),
    ("Thuờng xuyên", Kind.ONGOING, None, None, None, None),
    ("Theo tiến độ dự án", Kind.CONDITIONAL, None, None, None, None),
    ("Khi có chỉ đạo", Kind.CONDITIONAL, None, None, None, None),
    ("Theo kế hoạch", Kind.CONDITIONAL, None, None, None, None),
    ("Theo đề nghị của Sở Y tế", Kind.CONDITIONAL, None, None, None, None),
    ("Khi có dịch bệnh xảy ra", Kind.CONDITIONAL, None, None, None, None),
    ("Theo lộ trình", Kind.CONDITIONAL, None, None, None, None),
    ("Theo yêu cầu của cấp trên", Kind.CONDITIONAL, None, None, None, None),
    ("Sau khi Đề án được UBND tỉnh phê duyệt", Kind.CONDITIONAL, None, None, None, None),
    ("Báo cáo trước 15/12", Kind.UNPARSED, None, None, None, None),
    ("Trước ngày 5 tháng sau", Kind.UNPARSED, None, None, None, None),
    ("Hàng tuần", Kind.UNPARSED, None, None, None, None),
    ("Quý I/2026, Quý IV/2026", Kind.UNPARSED, None, None, None, None),
    ("Đang thực hiện", Kind.UNPARSED, None, None, None, None),
    ("Năm 2017 - 2020", Kind.RANGE, date(2017, 1, 1), date(2020, 12, 31), None, None),
    ("2016-2020", Kind.RANGE, date(2016, 1, 1), date(2020, 12, 31), None, None),
    ("Giai đoạn 2016 - 2020", Kind.RANGE, date(2016, 1, 1), date(2020, 12, 31), None, None),
    ("Quý IV/2015", Kind.ONCE, date(2015, 10, 1), date(2015, 12, 31), None, None),
    ("Tháng 12/2016", Kind.ONCE, date(2016, 12, 1), date(2016, 12, 31), None, None),
    ("Năm 2019", Kind.ONCE, date(2019, 1, 1), date(2019, 12, 31), None, None),
    ("Trước 30/6/2019", Kind.ONCE, None, date(2019, 6, 30), None, None),
    ("Hàng năm (từ năm 2019 - 2025)", A, date(2019, 1, 1), date(2025, 12, 31), None, None),
    ("2019 - 2020, hằng năm", A, date(2019, 1, 1), date(2020, 12, 31), None, None),
    ("Quý I/2019 và hằng năm", A, date(2019, 1, 1), None, MonthDay(3, 31), None),
    ("Hằng năm, trước ngày 31 tháng 12", A, None, None, MonthDay(12, 31), None),
    ("Trước ngày 15 tháng 12 năm 2026", Kind.ONCE, None, date(2026, 12, 15), None, None),
    ("Tháng 6 đến tháng 9 hằng năm", A, None, None, MonthDay(9, 30), None),
    ("Tháng 4-5 hằng năm", A, None, None, MonthDay(5, 31), None),
    ("Từ tháng 5 - tháng 8 hàng năm", A, None, None, MonthDay(8, 31), None),
    ("Năm 2026 - Quý II/2027", Kind.RANGE, date(2026, 1, 1), date(2027, 6, 30), None, None),
    ("Từ tháng 01/2026 đến tháng 12/2026", Kind.ONCE, date(2026, 1, 1), date(2026, 12, 31), None, None),
    ("01/01/2026 - 31/12/2026", Kind.ONCE, date(2026, 1, 1), date(2026, 12, 31), None, None),
    ("Từ ngày 01/6/2026 đến ngày 30/6/2026", Kind.ONCE, date(2026, 6, 1), date(2026, 6, 30), None, None),
    ("Năm 2026 (Quý III)", Kind.ONCE, date(2026, 7, 1), date(2026, 9, 30), None, None),
    ("Tháng 10-11/2026", Kind.ONCE, date(2026, 10, 1), date(2026, 11, 30), None, None),
    ("Hàng năm, báo cáo trước 20/12", A, None, None, MonthDay(12, 20), None),
    ("Theo năm học", A, None, None, MonthDay(5, 31), None),
    ("Hằng năm (theo năm học)", A, None, None, MonthDay(5, 31), None),
    ("Quý IV/2026 - Quý I/2027", Kind.RANGE, date(2026, 10, 1), date(2027, 3, 31), None, None),
    ("Trước 31/12/2026 (*)", Kind.ONCE, None, date(2026, 12, 31), None, None),
    ("Trước 15/6 và 15/12 hằng năm", S, None, None, None, PeriodDay(6, 15)),
    ("Hằng năm (2 lần/năm)", S, None, None, None, None),
    ("Định kỳ 6 tháng 1 lần", S, None, None, None, None),
    ("06 tháng/lần", S, None, None, None, None),
    ("6 tháng một lần", S, None, None, None, None),
    ("Thường xuyên/hằng năm", A, None, None, None, None),
    ("Hàng quý (ngày 20 tháng cuối quý)", Q, None, None, None, PeriodDay(3, 20)),
    ("Thường xuyên, hằng quý", Q, None, None, None, None),
    ("Hằng quý và đột xuất", Q, None, None, None, None),
    ("Từ 2026 - 2030", Kind.RANGE, date(2026, 1, 1), date(2030, 12, 31), None, None),
    ("2026-2030 (hằng năm)", A, date(2026, 1, 1), date(2030, 12, 31), None, None),
    ("Trước ngày 20/12/2026", Kind.ONCE, None, date(2026, 12, 20), None, None),
    ("20/12/2026", Kind.ONCE, None, date(2026, 12, 20), None, None),
    ("Ngày 20/12/2026", Kind.ONCE, None, date(2026, 12, 20), None, None),
    ("Thang 6/2026", Kind.ONCE, date(2026, 6, 1), date(2026, 6, 30), None, None),
    ("quy IV nam 2026", Kind.ONCE, date(2026, 10, 1), date(2026, 12, 31), None, None),
    ("truoc ngay 15/12 hang nam", A, None, None, MonthDay(12, 15), None),
    ("Tu nam 2026", A, date(2026, 1, 1), None, None, None),
    ("Giai doan 2026 - 2030", Kind.RANGE, date(2026, 1, 1), date(2030, 12, 31), None, None),
    ("Hang thang", M, None, None, None, None),
    ("Dinh ky 6 thang", S, None, None, None, None),
    ("Thương xuyên", Kind.ONGOING, None, None, None, None),
    ("Thường xuyền", Kind.ONGOING, None, None, None, None),
    ("Hàng  năm", A, None, None, None, None),
    ("Năm 2026 và các năm tiếp theo (1)", A, date(2026, 1, 1), None, None, None),
    ("Cuối mỗi quý", Q, None, None, None, None),
    ("Cuối tháng hằng tháng", M, None, None, None, None),
    ("Đầu năm 2026 và hằng năm", A, date(2026, 1, 1), None, MonthDay(3, 31), None),
    ("Sau khi có quyết định phê duyệt", Kind.CONDITIONAL, None, None, None, None),
    ("Khi có hướng dẫn của Trung ương", Kind.CONDITIONAL, None, None, None, None),
    ("Theo kế hoạch của Bộ", Kind.CONDITIONAL, None, None, None, None),
    ("Theo tiến độ của Chương trình", Kind.CONDITIONAL, None, None, None, None),
    ("Theo văn bản hướng dẫn", Kind.CONDITIONAL, None, None, None, None),
    ("Tuỳ theo tình hình", Kind.CONDITIONAL, None, None, None, None),
    ("Căn cứ tình hình thực tế", Kind.CONDITIONAL, None, None, None, None),
    ("Thường xuyên (theo yêu cầu)", Kind.ONGOING, None, None, None, None),
    ("Năm 2027 (sau khi có kết quả)", Kind.ONCE, date(2027, 1, 1), date(2027, 12, 31), None, None),
    ("Quý I/2026 (sau khi được phê duyệt)", Kind.ONCE, date(2026, 1, 1), date(2026, 3, 31), None, None),
    ("Hằng năm theo hướng dẫn", A, None, None, None, None),
    ("Trước 15/12", Kind.UNPARSED, None, None, None, None),
    ("Quý III", Kind.UNPARSED, None, None, None, None),
    ("Tháng 6", Kind.UNPARSED, None, None, None, None),
    ("Định kỳ", Kind.UNPARSED, None, None, None, None),
    ("x", Kind.UNPARSED, None, None, None, None),
    ("Chưa xác định", Kind.UNPARSED, None, None, None, None),
    ("Tầm nhìn đến năm 2045", Kind.UNPARSED, None, None, None, None),
    ("Năm 2016 - 2020", Kind.RANGE, date(2016, 1, 1), date(2020, 12, 31), None, None),
    ("Quý I năm 2017", Kind.ONCE, date(2017, 1, 1), date(2017, 3, 31), None, None),
    ("Trước ngày 31/12/2017", Kind.ONCE, None, date(2017, 12, 31), None, None),
    ("Hoàn thành trước ngày 31 tháng 12 năm 2018", Kind.ONCE, None, date(2018, 12, 31), None, None),
    ("Trong tháng 01/2019", Kind.ONCE, date(2019, 1, 1), date(2019, 1, 31), None, None),
    ("Tháng 01-02/2019", Kind.ONCE, date(2019, 1, 1), date(2019, 2, 28), None, None),
    ("Từ tháng 4/2019 - tháng 12/2019", Kind.ONCE, date(2019, 4, 1), date(2019, 12, 31), None, None),
    ("Quý II - III năm 2019", Kind.ONCE, date(2019, 4, 1), date(2019, 9, 30), None, None),
    ("Quý IV/2019 - 2020", Kind.RANGE, date(2019, 10, 1), date(2020, 12, 31), None, None),
    ("2019-2020", Kind.RANGE, date(2019, 1, 1), date(2020, 12, 31), None, None),
    ("Hằng năm (từ 2019)", A, date(2019, 1, 1), None, None, None),
    ("Thường xuyên, hằng năm (báo cáo trước ngày 15/12)", A, None, None, MonthDay(12, 15), None),
    ("Khi cần thiết", Kind.CONDITIONAL, None, None, None, None),
    ("Khi có nhu cầu", Kind.CONDITIONAL, None, None, None, None),
    ("Tùy theo tình hình thực tế", Kind.CONDITIONAL, None, None, None, None),
    ("Theo tiến độ", Kind.CONDITIONAL, None, None, None, None),
    ("Căn cứ vào kế hoạch của UBND tỉnh", Kind.CONDITIONAL, None, None, None, None),
    ("Ngay sau khi Kế hoạch được ban hành", Kind.CONDITIONAL, None, None, None, None),
    ("Sau khi Nghị quyết được ban hành", Kind.CONDITIONAL, None, None, None, None),
    ("Sau khi có Quyết định", Kind.CONDITIONAL, None, None, None, None),
    ("Trong vòng 30 ngày kể từ ngày kế hoạch được ban hành", Kind.UNPARSED, None, None, None, None),
    ("2026, 2028", Kind.UNPARSED, None, None, None, None),
    ("Trước 01/7/2026", Kind.ONCE, None, date(2026, 7, 1), None, None),
    ("Trước 1/7/2026", Kind.ONCE, None, date(2026, 7, 1), None, None),
    ("01/07/2026", Kind.ONCE, None, date(2026, 7, 1), None, None),
    ("Ngày 01 tháng 7 năm 2026", Kind.ONCE, None, date(2026, 7, 1), None, None),
    ("Từ 1/7/2026", A, date(2026, 7, 1), None, None, None),
    ("Trước 30/6/2026 và 31/12/2026", Kind.UNPARSED, None, None, None, None),
    ("Hằng năm, trước 30/6 và 31/12", S, None, None, None, None),
    ("Sơ kết năm 2023, tổng kết năm 2025", Kind.UNPARSED, None, None, None, None),
    ("Giai đoạn 1: 2021-2023", Kind.RANGE, date(2021, 1, 1), date(2023, 12, 31), None, None),
    ("2026 – 2030", Kind.RANGE, date(2026, 1, 1), date(2030, 12, 31), None, None),
    ("2026-2030.", Kind.RANGE, date(2026, 1, 1), date(2030, 12, 31), None, None),
    ("Năm 2022 trở đi", A, date(2022, 1, 1), None, None, None),
    ("Bắt đầu từ năm 2023", A, date(2023, 1, 1), None, None, None),
    ("Bắt đầu từ quý III/2026", A, date(2026, 7, 1), None, None, None),
    ("Kể từ năm 2026", A, date(2026, 1, 1), None, None, None),
    ("Từ năm 2026 trở về sau", A, date(2026, 1, 1), None, None, None),
    ("Tháng 11-12 hằng năm", A, None, None, MonthDay(12, 31), None),
    ("Quý III-IV hằng năm", A, None, None, MonthDay(12, 31), None),
    ("Tháng 1 - 3 hằng năm", A, None, None, MonthDay(3, 31), None),
    ("Trước 31/01 hằng năm", A, None, None, MonthDay(1, 31), None),
    ("Trước ngày 15 tháng đầu của quý sau", Q, None, None, None, PeriodDay(1, 15)),
    ("Trước ngày 05 của tháng sau", Kind.UNPARSED, None, None, None, None),
    ("Hàng tháng, trước ngày 05 tháng sau", M, None, None, None, PeriodDay(1, 5)),
    ("Ngày 20 của tháng cuối quý", Q, None, None, None, PeriodDay(3, 20)),
    ("Hàng qúy", Q, None, None, None, None),
    ("Hằng quí", Q, None, None, None, None),
    ("Hàng tháng.", M, None, None, None, None),
    ("Thường xuyên.", Kind.ONGOING, None, None, None, None),
    ("THƯỜNG XUYÊN", Kind.ONGOING, None, None, None, None),
    ("thuong xuyen, hang nam", A, None, None, None, None),
    ("Nam 2026", Kind.ONCE, date(2026, 1, 1), date(2026, 12, 31), None, None),
    ("Quy IV/2025", Kind.ONCE, date(2025, 10, 1), date(2025, 12, 31), None, None),
    ("Truoc ngay 30/6/2026", Kind.ONCE, None, date(2026, 6, 30), None, None),
    ("Den nam 2030", Kind.ONCE, None, date(2030, 12, 31), None, None),
    ("Tu 2026 den 2030", Kind.RANGE, date(2026, 1, 1), date(2030, 12, 31), None, None),
    ("Năm 2026\n(Quý IV)", Kind.ONCE, date(2026, 10, 1), date(2026, 12, 31), None, None),
    ("Hằng năm\nTrước ngày 15/12", A, None, None, MonthDay(12, 15), None),
    ("Thườg xuyên", Kind.UNPARSED, None, None, None, None),
    ("Tháng 6 và tháng 12", Kind.UNPARSED, None, None, None, None),
    ("Năm 2026 và năm 2028", Kind.UNPARSED, None, None, None, None),
    ("Trước ngày 20 hàng tháng", M, None, None, None, PeriodDay(1, 20)),
    ("Năm 2026 (tháng 6)", Kind.ONCE, date(2026, 6, 1), date(2026, 6, 30), None, None),
    ("Hằng năm, trước ngày 15 tháng 12 và 15 tháng 6", S, None, None, None, PeriodDay(6, 15)),
    ("Quý I/2026: xây dựng; Quý IV/2026: nghiệm thu", Kind.UNPARSED, None, None, None, None),
    ("Tháng 12/2026 - Tháng 6/2027", Kind.RANGE, date(2026, 12, 1), date(2027, 6, 30), None, None),
    ("Hết quý II/2026", Kind.ONCE, None, date(2026, 6, 30), None, None),
    ("Hết năm 2026", Kind.ONCE, None, date(2026, 12, 31), None, None),
    ("Hết tháng 6/2026", Kind.ONCE, None, date(2026, 6, 30), None, None),
    ("Cuối tháng 6 hằng năm", A, None, None, MonthDay(6, 30), None),
    ("Đầu tháng 1 hằng năm", A, None, None, MonthDay(1, 10), None),
    ("Giữa tháng 12 hằng năm", A, None, None, MonthDay(12, 20), None),
    ("Cuối quý IV hằng năm", A, None, None, MonthDay(12, 31), None),
    ("Trong 06 tháng đầu năm 2026", Kind.ONCE, date(2026, 1, 1), date(2026, 6, 30), None, None),
    ("Trong 6 tháng", Kind.UNPARSED, None, None, None, None),
    ("2026 - 2030 (mỗi năm 01 lần)", A, date(2026, 1, 1), date(2030, 12, 31), None, None),
    ("Mỗi năm 01 lần", A, None, None, None, None),
    ("Quý II/2026 và các năm tiếp theo", A, date(2026, 1, 1), None, MonthDay(6, 30), None),
    ("Tháng 6/2026 và các năm tiếp theo", A, date(2026, 1, 1), None, MonthDay(6, 30), None),
    ("Từ tháng 9/2025 và hằng năm", A, date(2025, 9, 1), None, None, None),
    ("Hằng năm, bắt đầu từ năm 2026", A, date(2026, 1, 1), None, None, None),
    ("Hằng năm kể từ năm 2026", A, date(2026, 1, 1), None, None, None),
    ("Định kỳ hằng năm (từ năm 2026 - 2030)", A, date(2026, 1, 1), date(2030, 12, 31), None, None),
    ("Năm 2026 - 2030, mỗi năm 1 lần", A, date(2026, 1, 1), date(2030, 12, 31), None, None),
    ("Hằng năm, đến năm 2030", A, None, date(2030, 12, 31), None, None),
    ("Hằng năm cho đến khi kết thúc", A, None, None, None, None),
    ("Liên tục từ năm 2026", A, date(2026, 1, 1), None, None, None),
    ("Thường xuyên từ quý III/2026", A, date(2026, 7, 1), None, None, None),
    ("Tháng 11 - 12 năm 2026", Kind.ONCE, date(2026, 11, 1), date(2026, 12, 31), None, None),
    ("Đầu năm 2026 - cuối năm 2027", Kind.RANGE, date(2026, 1, 1), date(2027, 12, 31), None, None),
    ("Năm 2026 - đầu năm 2027", Kind.RANGE, date(2026, 1, 1), date(2027, 3, 31), None, None),
    ("Từ năm 2026 đến năm 2030, hằng năm", A, date(2026, 1, 1), date(2030, 12, 31), None, None),
    ("Mùa khô hằng năm", Kind.CONDITIONAL, None, None, None, None),
    ("Trước mùa mưa bão hằng năm", Kind.CONDITIONAL, None, None, None, None),
    ("2026 (Quý II)", Kind.ONCE, date(2026, 4, 1), date(2026, 6, 30), None, None),
    ("Quý II (2026)", Kind.ONCE, date(2026, 4, 1), date(2026, 6, 30), None, None),
    ("Tháng 6 (2026)", Kind.ONCE, date(2026, 6, 1), date(2026, 6, 30), None, None),
    ("T6/2026", Kind.ONCE, date(2026, 6, 1), date(2026, 6, 30), None, None),
    ("quý 2 năm 2026", Kind.ONCE, date(2026, 4, 1), date(2026, 6, 30), None, None),
    ("Năm 2026 (Quý 1)", Kind.ONCE, date(2026, 1, 1), date(2026, 3, 31), None, None),
    ("Năm 2026; báo cáo định kỳ 6 tháng", S, date(2026, 1, 1), date(2026, 12, 31), None, None),
    ("Hằng quý (trước ngày 15 tháng đầu quý sau)", Q, None, None, None, PeriodDay(1, 15)),
    ("Hằng tháng (trước ngày 20 hằng tháng)", M, None, None, None, PeriodDay(1, 20)),
    ("Ngày 15 hằng tháng", M, None, None, None, PeriodDay(1, 15)),
    ("Định kỳ hằng tháng, quý, 6 tháng, năm", M, None, None, None, None),
    ("Hằng năm, Quý IV", A, None, None, MonthDay(12, 31), None),
    ("Quý IV, hằng năm", A, None, None, MonthDay(12, 31), None),
    ("Quý IV/hằng năm", A, None, None, MonthDay(12, 31), None),
    ("Hằng năm/quý IV", A, None, None, MonthDay(12, 31), None),
    ("Hằng năm (01 lần/năm)", A, None, None, None, None),
    ("Năm 2026\nQuý II", Kind.ONCE, date(2026, 4, 1), date(2026, 6, 30), None, None),
    ("Năm 2016-2017", Kind.RANGE, date(2016, 1, 1), date(2017, 12, 31), None, None),
    ("2015 - 2016", Kind.RANGE, date(2015, 1, 1), date(2016, 12, 31), None, None),
    ("Từ 2016 - 2020", Kind.RANGE, date(2016, 1, 1), date(2020, 12, 31), None, None),
    ("Quý IV-2016", Kind.ONCE, date(2016, 10, 1), date(2016, 12, 31), None, None),
    ("Tháng 12-2016", Kind.ONCE, date(2016, 12, 1), date(2016, 12, 31), None, None),
    ("Hằng năm từ 2017 - 2020", A, date(2017, 1, 1), date(2020, 12, 31), None, None),
    ("Thực hiện từ năm 2018", A, date(2018, 1, 1), None, None, None),
    ("Triển khai từ quý I/2018", A, date(2018, 1, 1), None, None, None),
    ("Trước 31/12/2018", Kind.ONCE, None, date(2018, 12, 31), None, None),
    ("Tháng 6/2018 - tháng 12/2018", Kind.ONCE, date(2018, 6, 1), date(2018, 12, 31), None, None),
    ("Đến 2020", Kind.ONCE, None, date(2020, 12, 31), None, None),
    ("Hằng năm, đến 2020", A, None, date(2020, 12, 31), None, None),
    ("Quý I, 2026", Kind.ONCE, date(2026, 1, 1), date(2026, 3, 31), None, None),
    ("Tháng 3, 2026", Kind.ONCE, date(2026, 3, 1), date(2026, 3, 31), None, None),
    ("Năm 2026 (30 tỷ đồng)", Kind.UNPARSED, None, None, None, None),
    ("- Quý I/2026: ban hành kế hoạch\n- Quý IV/2026: tổng kết", Kind.UNPARSED, None, None, None, None),
    ("(Ưu tiên) Năm 2026", Kind.UNPARSED, None, None, None, None),
    ("Thường xuyên, định kỳ", Kind.ONGOING, None, None, None, None),
    ("Báo cáo quý trước ngày 10 tháng đầu quý sau", Q, None, None, None, PeriodDay(1, 10)),
    ("Năm 2026-2030: hằng năm", A, date(2026, 1, 1), date(2030, 12, 31), None, None),
    ("Giai đoạn 2026 -2030", Kind.RANGE, date(2026, 1, 1), date(2030, 12, 31), None, None),
    ("Hằng năm, trước ngày 15/12 (báo cáo năm) và 15/6 (báo cáo 6 tháng)", S, None, None, None, PeriodDay(6, 15)),
]


@pytest.mark.parametrize(("text", "kind", "start", "deadline", "due", "period_due"), OFFICE_CELLS)
def test_reads_cells_as_offices_write_them(text, kind, start, deadline, due, period_due):
    timeframe = parse_timeframe(text)
    assert (timeframe.kind, timeframe.start, timeframe.deadline, timeframe.recurring_due, timeframe.period_due) == (
        kind,
        start,
        deadline,
        due,
        period_due,
    ), timeframe
    if kind is Kind.CONDITIONAL:
        assert timeframe.condition


@pytest.mark.parametrize(
    ("text", "kind", "start", "deadline", "due", "period_due"),
    [
        ("Hằng năm¹", A, None, None, None, None),
        ("- Hàng năm", A, None, None, None, None),
        ("• Thường xuyên", Kind.ONGOING, None, None, None, None),
        ("- Năm 2026\n- Báo cáo trước 15/12/2026", Kind.ONCE, None, date(2026, 12, 15), None, None),
    ],
)
def test_footnote_marks_and_bullets_are_no_part_of_the_time(text, kind, start, deadline, due, period_due):
    """A superscript footnote mark anywhere and a list's bullet at the start of a line are blanked;
    a line after a bullet is a clause of its own."""
    # was: unparsed, shown to coordinators as unreadable
    timeframe = parse_timeframe(text)
    assert (timeframe.kind, timeframe.start, timeframe.deadline, timeframe.recurring_due, timeframe.period_due) == (
        kind,
        start,
        deadline,
        due,
        period_due,
    ), timeframe


@pytest.mark.parametrize(
    ("text", "kind", "start", "deadline", "due", "period_due"),
    [
        ("Báo cáo 6 tháng và năm", S, None, None, None, None),
        ("Sơ kết 6 tháng, tổng kết năm", S, None, None, None, None),
        ("Báo cáo quý, 6 tháng, năm", Q, None, None, None, None),
        ("Quý, năm", Q, None, None, None, None),
        ("Tháng, quý, năm", M, None, None, None, None),
        ("6 tháng, năm", S, None, None, None, None),
        ("Hằng năm, tổng kết vào tháng 12", A, None, None, MonthDay(12, 31), None),
        ("Tháng 6/2026 (Báo cáo sơ kết)", Kind.ONCE, date(2026, 6, 1), date(2026, 6, 30), None, None),
        ("Báo cáo 6 tháng, cả năm", S, None, None, None, None),
        ("Trước ngày 15/6 (báo cáo 6 tháng) và 15/12 (báo cáo năm)", S, None, None, None, PeriodDay(6, 15)),
        ("Báo cáo 6 tháng trước 15/6, báo cáo năm trước 15/12", S, None, None, None, PeriodDay(6, 15)),
        ("Báo cáo định kỳ trước ngày 15/12 hằng năm", A, None, None, MonthDay(12, 15), None),
        ("Năm 2025 (tổng kết)", Kind.ONCE, date(2025, 1, 1), date(2025, 12, 31), None, None),
        ("Tổng kết năm 2025", Kind.ONCE, date(2025, 1, 1), date(2025, 12, 31), None, None),
        ("Định kỳ 6 tháng, 01 năm", S, None, None, None, None),
        ("Báo cáo tháng, quý, 6 tháng, năm", M, None, None, None, None),
        ("Hằng năm (báo cáo 6 tháng và năm)", S, None, None, None, None),
        ("Báo cáo quý (trước ngày 20 tháng cuối quý)", Q, None, None, None, PeriodDay(3, 20)),
        ("Báo cáo tháng trước ngày 25", M, None, None, None, PeriodDay(1, 25)),
        ("Báo cáo năm trước 15/12", A, None, None, MonthDay(12, 15), None),
        ("Định kỳ 6 tháng, 01 năm và đột xuất", S, None, None, None, None),
        ("Thường xuyên; định kỳ báo cáo 6 tháng, năm", S, None, None, None, None),
    ],
)
def test_periods_listed_side_by_side_are_how_often(text, kind, start, deadline, due, period_due):
    """Two or more periods named side by side (`quý, 6 tháng, năm`), after words of reporting or
    review (`báo cáo`, `sơ kết`, `tổng kết`), say how often: the shortest; so does one with its day
    in each (`Báo cáo tháng trước ngày 25`). One alone still does not."""
    # was: unparsed, shown to coordinators as unreadable
    timeframe = parse_timeframe(text)
    assert (timeframe.kind, timeframe.start, timeframe.deadline, timeframe.recurring_due, timeframe.period_due) == (
        kind,
        start,
        deadline,
        due,
        period_due,
    ), timeframe


@pytest.mark.parametrize(
    ("text", "kind", "start", "deadline", "due", "period_due"),
    [
        ("Tháng 3, 9 hàng năm", S, None, None, None, PeriodDay(3, 31)),
        ("Quý I, II/2026", Kind.ONCE, date(2026, 1, 1), date(2026, 6, 30), None, None),
        ("Quý III, IV/2026", Kind.ONCE, date(2026, 7, 1), date(2026, 12, 31), None, None),
        ("Quý 3, 4/2026", Kind.ONCE, date(2026, 7, 1), date(2026, 12, 31), None, None),
        ("Quý I, II, III/2026", Kind.ONCE, date(2026, 1, 1), date(2026, 9, 30), None, None),
        ("Quý I/2026 và quý II/2026", Kind.ONCE, date(2026, 1, 1), date(2026, 6, 30), None, None),
        ("Năm 2026; Năm 2027", Kind.RANGE, date(2026, 1, 1), date(2027, 12, 31), None, None),
        ("2026\n2027", Kind.RANGE, date(2026, 1, 1), date(2027, 12, 31), None, None),
        ("Tháng 1,2/2019", Kind.ONCE, date(2019, 1, 1), date(2019, 2, 28), None, None),
        ("Năm 2026, 2027", Kind.RANGE, date(2026, 1, 1), date(2027, 12, 31), None, None),
        ("Năm 2025 và năm 2026", Kind.RANGE, date(2025, 1, 1), date(2026, 12, 31), None, None),
        ("Năm 2026 (thí điểm), 2027 (nhân rộng)", Kind.RANGE, date(2026, 1, 1), date(2027, 12, 31), None, None),
        ("Quý III/2026\nQuý IV/2026", Kind.ONCE, date(2026, 7, 1), date(2026, 12, 31), None, None),
        ("Năm 2026 và 2027", Kind.RANGE, date(2026, 1, 1), date(2027, 12, 31), None, None),
        ("Năm 2026, 2027, 2028", Kind.RANGE, date(2026, 1, 1), date(2028, 12, 31), None, None),
        ("Tháng 11, 12/2026", Kind.ONCE, date(2026, 11, 1), date(2026, 12, 31), None, None),
        ("Cuối quý III đầu quý IV/2026", Kind.ONCE, date(2026, 7, 1), date(2026, 10, 31), None, None),
        ("2019, 2020", Kind.RANGE, date(2019, 1, 1), date(2020, 12, 31), None, None),
    ],
)
def test_a_list_goes_on_with_its_unit_and_parts_one_after_another_are_one_span(
    text, kind, start, deadline, due, period_due
):
    """A bare numeral after `quý N` or `tháng N` is another quarter or month (`Quý 3, 4/2026`: quarter 4,
    not April); the year of the last is theirs; parts one after another are one span."""
    # was: unparsed, shown to coordinators as unreadable
    timeframe = parse_timeframe(text)
    assert (timeframe.kind, timeframe.start, timeframe.deadline, timeframe.recurring_due, timeframe.period_due) == (
        kind,
        start,
        deadline,
        due,
        period_due,
    ), timeframe


@pytest.mark.parametrize(
    ("text", "kind", "start", "deadline", "due", "period_due"),
    [
        ("Quý IV hằng năm (trước 15/12)", A, None, None, MonthDay(12, 15), None),
        ("Tháng 12 hằng năm, trước ngày 15", A, None, None, MonthDay(12, 15), None),
        ("Tháng 8 hằng năm (trước năm học mới)", A, None, None, MonthDay(8, 31), None),
        ("Năm 2026, trước 15/12/2026", Kind.ONCE, None, date(2026, 12, 15), None, None),
        ("Quý II/2026 (trước 15/6/2026)", Kind.ONCE, None, date(2026, 6, 15), None, None),
        ("Quý I/2026 (hoàn thành trước 31/3/2026)", Kind.ONCE, None, date(2026, 3, 31), None, None),
        ("Tháng 9/2026 (khai giảng)", Kind.ONCE, None, date(2026, 9, 5), None, None),
        ("Tháng 12 hằng năm (trước ngày 15/12)", A, None, None, MonthDay(12, 15), None),
        ("Tháng 6/2026 (trước ngày 15)", Kind.ONCE, None, date(2026, 6, 15), None, None),
        ("Năm 2026 (hoàn thành trước 30/6/2026)", Kind.ONCE, None, date(2026, 6, 30), None, None),
        ("Quý IV năm 2026 (trước ngày 15/12/2026)", Kind.ONCE, None, date(2026, 12, 15), None, None),
    ],
)
def test_a_day_within_a_part_of_the_year_is_its_due_day(text, kind, start, deadline, due, period_due):
    """A day given inside the part of the year given with it is its due day; a day without its
    month is in the part's last month; a day with its year inside a part with its year is the deadline."""
    # was: unparsed, shown to coordinators as unreadable
    timeframe = parse_timeframe(text)
    assert (timeframe.kind, timeframe.start, timeframe.deadline, timeframe.recurring_due, timeframe.period_due) == (
        kind,
        start,
        deadline,
        due,
        period_due,
    ), timeframe


@pytest.mark.parametrize(
    ("text", "kind", "start", "deadline", "due", "period_due"),
    [
        ("Từ nay đến năm 2030", Kind.ONCE, None, date(2030, 12, 31), None, None),
        ("Từ nay đến hết năm 2025", Kind.ONCE, None, date(2025, 12, 31), None, None),
        ("Từ năm 2026 và các năm tiếp theo", A, date(2026, 1, 1), None, None, None),
        ("Từ năm 2017 và những năm tiếp theo", A, date(2017, 1, 1), None, None, None),
        ("Từ nay đến 2020", Kind.ONCE, None, date(2020, 12, 31), None, None),
    ],
)
def test_from_now_and_from_a_year_said_twice(text, kind, start, deadline, due, period_due):
    """`Từ nay đến năm 2030`: by the end of 2030; `Từ năm 2026 và các năm tiếp theo`: every year from 2026."""
    # was: unparsed, shown to coordinators as unreadable
    timeframe = parse_timeframe(text)
    assert (timeframe.kind, timeframe.start, timeframe.deadline, timeframe.recurring_due, timeframe.period_due) == (
        kind,
        start,
        deadline,
        due,
        period_due,
    ), timeframe


@pytest.mark.parametrize(
    ("text", "kind", "start", "deadline", "due", "period_due"),
    [
        ("2021-2030, tầm nhìn 2045", Kind.RANGE, date(2021, 1, 1), date(2030, 12, 31), None, None),
        ("Giai đoạn 2021 - 2030, tầm nhìn đến năm 2045", Kind.RANGE, date(2021, 1, 1), date(2030, 12, 31), None, None),
        (
            "Giai đoạn 2021 – 2025 và định hướng đến năm 2030",
            Kind.RANGE,
            date(2021, 1, 1),
            date(2025, 12, 31),
            None,
            None,
        ),
        ("Năm 2030, tầm nhìn 2045", Kind.ONCE, date(2030, 1, 1), date(2030, 12, 31), None, None),
        ("Đến năm 2025, định hướng đến năm 2030", Kind.ONCE, None, date(2025, 12, 31), None, None),
        ("Năm 2016 - 2020 và định hướng đến năm 2025", Kind.RANGE, date(2016, 1, 1), date(2020, 12, 31), None, None),
        (
            "Giai đoạn 2016 - 2020, định hướng đến năm 2030",
            Kind.RANGE,
            date(2016, 1, 1),
            date(2020, 12, 31),
            None,
            None,
        ),
    ],
)
def test_a_vision_beyond_the_plan_is_no_deadline(text, kind, start, deadline, due, period_due):
    """`tầm nhìn (đến) 2045`, `định hướng đến năm 2030`: where the plan looks, not when the task is due."""
    # was: unparsed, shown to coordinators as unreadable
    timeframe = parse_timeframe(text)
    assert (timeframe.kind, timeframe.start, timeframe.deadline, timeframe.recurring_due, timeframe.period_due) == (
        kind,
        start,
        deadline,
        due,
        period_due,
    ), timeframe


@pytest.mark.parametrize(
    ("text", "kind", "start", "deadline", "due", "period_due"),
    [
        ("Thường xuyên, lâu dài", Kind.ONGOING, None, None, None, None),
        ("Lâu dài", Kind.ONGOING, None, None, None, None),
        ("Hằng ngày", Kind.ONGOING, None, None, None, None),
        ("Thực hiện trong giai đoạn", Kind.ONGOING, None, None, None, None),
        ("Trong suốt giai đoạn", Kind.ONGOING, None, None, None, None),
        ("Trong giai đoạn thực hiện Kế hoạch", Kind.ONGOING, None, None, None, None),
        ("Suốt thời gian thực hiện Đề án", Kind.ONGOING, None, None, None, None),
        ("Trong thời gian thực hiện Kế hoạch", Kind.ONGOING, None, None, None, None),
        ("Trong giai đoạn thực hiện Kế hoạch, báo cáo hằng năm", A, None, None, None, None),
        ("Kế hoạch năm 2026", Kind.ONCE, date(2026, 1, 1), date(2026, 12, 31), None, None),
    ],
)
def test_work_without_an_end_is_ongoing(text, kind, start, deadline, due, period_due):
    """`Lâu dài`, `Hằng ngày`, `(trong) (suốt) giai đoạn` or `thời gian thực hiện (Kế hoạch)` with no
    years: no deadline, as `Thường xuyên`. The document's name says nothing of when."""
    # was: unparsed, shown to coordinators as unreadable
    timeframe = parse_timeframe(text)
    assert (timeframe.kind, timeframe.start, timeframe.deadline, timeframe.recurring_due, timeframe.period_due) == (
        kind,
        start,
        deadline,
        due,
        period_due,
    ), timeframe


@pytest.mark.parametrize(
    ("text", "kind", "start", "deadline", "due", "period_due"),
    [
        ("Năm 2026 (dự kiến)", Kind.ONCE, date(2026, 1, 1), date(2026, 12, 31), None, None),
        ("Quý III/2026 (dự kiến)", Kind.ONCE, date(2026, 7, 1), date(2026, 9, 30), None, None),
        ("Trước ngày 30/6/2026 (báo cáo UBND tỉnh)", Kind.ONCE, None, date(2026, 6, 30), None, None),
        ("Năm 2026 (ưu tiên)", Kind.ONCE, date(2026, 1, 1), date(2026, 12, 31), None, None),
        ("Quý II/2026 (trình UBND tỉnh)", Kind.ONCE, date(2026, 4, 1), date(2026, 6, 30), None, None),
        ("Quý II/2026 (Sở Y tế chủ trì)", Kind.ONCE, date(2026, 4, 1), date(2026, 6, 30), None, None),
        ("Năm 2026 (ưu tiên", Kind.ONCE, date(2026, 1, 1), date(2026, 12, 31), None, None),
    ],
)
def test_tentative_words_and_notes_in_brackets_say_nothing_of_when(text, kind, start, deadline, due, period_due):
    """`(dự kiến)` is tentative; a bracketed note with no digit and no word of time is passed over."""
    # was: unparsed, shown to coordinators as unreadable
    timeframe = parse_timeframe(text)
    assert (timeframe.kind, timeframe.start, timeframe.deadline, timeframe.recurring_due, timeframe.period_due) == (
        kind,
        start,
        deadline,
        due,
        period_due,
    ), timeframe


@pytest.mark.parametrize(
    ("text", "kind", "start", "deadline", "due", "period_due"),
    [
        ("Hằng năm: trước 15/12", A, None, None, MonthDay(12, 15), None),
        ("Hằng năm - trước ngày 15/12", A, None, None, MonthDay(12, 15), None),
        ("Thường xuyên - hằng năm", A, None, None, None, None),
        ("Định kỳ: 6 tháng/lần", S, None, None, None, None),
        ("Hằng năm hoặc đột xuất", A, None, None, None, None),
        ("Hằng năm (báo cáo 15/12 hoặc đột xuất)", A, None, None, MonthDay(12, 15), None),
        ("Năm 2026: Quý II", Kind.ONCE, date(2026, 4, 1), date(2026, 6, 30), None, None),
    ],
)
def test_a_colon_or_a_dash_between_clauses_separates_them(text, kind, start, deadline, due, period_due):
    """`Hằng năm: trước 15/12`, `Hằng năm - trước ngày 15/12`: a dash that makes no range separates;
    so does `hoặc` (or), as `và` does."""
    # was: unparsed, shown to coordinators as unreadable
    timeframe = parse_timeframe(text)
    assert (timeframe.kind, timeframe.start, timeframe.deadline, timeframe.recurring_due, timeframe.period_due) == (
        kind,
        start,
        deadline,
        due,
        period_due,
    ), timeframe


@pytest.mark.parametrize(
    ("text", "kind", "start", "deadline", "due", "period_due"),
    [
        ("30/6/26", Kind.ONCE, None, date(2026, 6, 30), None, None),
        ("Quý lV/2026", Kind.ONCE, date(2026, 10, 1), date(2026, 12, 31), None, None),
        ("Quý Il/2026", Kind.ONCE, date(2026, 4, 1), date(2026, 6, 30), None, None),
        ("Q.II/2026", Kind.ONCE, date(2026, 4, 1), date(2026, 6, 30), None, None),
        ("2026-06-30 00:00:00", Kind.ONCE, None, date(2026, 6, 30), None, None),  # a spreadsheet's date
        ('"Hằng năm"', A, None, None, None, None),
        ("“Thường xuyên”", Kind.ONGOING, None, None, None, None),
        ("Hằng năm…", A, None, None, None, None),
        ('"Hằng năm" (trước 15/12)', A, None, None, MonthDay(12, 15), None),
    ],
)
def test_typed_forms_of_dates_and_quarters(text, kind, start, deadline, due, period_due):
    """A date with the year's last two digits (`30/6/26`), an `l` typed for an `I` (`Quý lV`),
    `Q.II`, a spreadsheet's date with its seconds, quotes and an ellipsis around a cell."""
    # was: unparsed, shown to coordinators as unreadable
    timeframe = parse_timeframe(text)
    assert (timeframe.kind, timeframe.start, timeframe.deadline, timeframe.recurring_due, timeframe.period_due) == (
        kind,
        start,
        deadline,
        due,
        period_due,
    ), timeframe


@pytest.mark.parametrize(
    ("text", "kind", "start", "deadline", "due", "period_due"),
    [
        ("Cuối quý hằng năm", Q, None, None, None, None),
        ("Đầu quý hằng năm", Q, None, None, None, PeriodDay(1, 31)),
    ],
)
def test_a_part_of_every_quarter_every_year_is_quarterly(text, kind, start, deadline, due, period_due):
    """`Cuối quý hằng năm`: the end of each quarter, year after year."""
    # was: unparsed, shown to coordinators as unreadable
    timeframe = parse_timeframe(text)
    assert (timeframe.kind, timeframe.start, timeframe.deadline, timeframe.recurring_due, timeframe.period_due) == (
        kind,
        start,
        deadline,
        due,
        period_due,
    ), timeframe


@pytest.mark.parametrize(
    "text",
    [
        "Quý I, III/2026",  # a gap between them: two deadlines
        "Tháng 3 và tháng 9/2026",
        "Năm 2026, quý II/2027",
        "Quý II hằng năm (trước 15/12)",  # the day is not in the part
        "Quý II/2026 (trước 15/8/2026)",
        "Tầm nhìn đến năm 2045",  # a vision alone is no time at all
        "Sơ kết 6 tháng",  # one period alone: how long, or how often?
        "Báo cáo 6 tháng trước 15/6",  # one day for two halves
        "Năm, quý II",  # a period and a part, no day: `năm` may be a year left out
        "Kế hoạch",  # a document's name alone
        "Thường xuyên, báo cáo năm",  # one period alone, no day in it
        "Sau 6 tháng",
        "Năm 2026 (ưu tiên quý II)",  # a note with a word of time is not passed over
        "Năm 2026 (ưu tiên 30 huyện)",  # a note with a digit is not passed over
        "30/6/99",  # no year of a plan
        "Từ ngày 25 đến ngày 5 hằng tháng",  # a window over two months: not a day of one
        "Từ ngày 20 - 25/12 hằng năm",
        "Hàng tuần",  # no weekly tasks: shown to coordinators, not read as something else
        "Báo cáo trước 15/12",  # which year?
        "- 15/12",
    ],
)
def test_what_the_new_rules_leave_unread(text):
    timeframe = parse_timeframe(text)
    assert timeframe.kind is Kind.UNPARSED, timeframe
    assert timeframe.deadline is None and timeframe.recurring_due is None


def test_a_bullet_and_a_note_stay_in_the_raw_text():
    assert parse_timeframe("- Năm 2026\n- Báo cáo trước 15/12/2026").raw == "- Năm 2026 - Báo cáo trước 15/12/2026"
    assert parse_timeframe("Quý II/2026 (trình UBND tỉnh)").raw == "Quý II/2026 (trình UBND tỉnh)"
    assert parse_timeframe("Hằng năm¹").raw == "Hằng năm¹"


@pytest.mark.parametrize(
    ("text", "kind", "start", "deadline", "due", "period_due"),
    [
        ("Giai đoạn I (2021-2023)", Kind.RANGE, date(2021, 1, 1), date(2023, 12, 31), None, None),
        ("Giai đoạn 2 (2024-2025)", Kind.RANGE, date(2024, 1, 1), date(2025, 12, 31), None, None),
        ("Giai đoạn 1: 2021-2023", Kind.RANGE, date(2021, 1, 1), date(2023, 12, 31), None, None),
        ("Trước ngày 15/01 năm sau", A, None, None, MonthDay(1, 15), None),
        ("Hằng năm, trước ngày 15/01 năm sau", A, None, None, MonthDay(1, 15), None),
        ("Quý I năm sau", A, None, None, MonthDay(3, 31), None),
        ("Trước ngày 10/7 và 10/01 năm sau", S, None, None, None, PeriodDay(1, 10)),  # the month after each half
        ("Báo cáo 6 tháng trước 10/7, báo cáo năm trước 10/01 năm sau", S, None, None, None, PeriodDay(1, 10)),
        ("Tháng 7 và tháng 01 năm sau", S, None, None, None, PeriodDay(1, 31)),
        ("Hằng năm (tháng 01 năm sau)", A, None, None, MonthDay(1, 31), None),
    ],
)
def test_a_phase_number_and_the_year_after(text, kind, start, deadline, due, period_due):
    """`Giai đoạn I (2021-2023)`: the phase's number says nothing of when, its years do. A day or
    part of `năm sau` (the year after) is each year's report, due then every year."""
    # was: unparsed, shown to coordinators as unreadable
    timeframe = parse_timeframe(text)
    assert (timeframe.kind, timeframe.start, timeframe.deadline, timeframe.recurring_due, timeframe.period_due) == (
        kind,
        start,
        deadline,
        due,
        period_due,
    ), timeframe


@pytest.mark.parametrize("text", ["Từ ngày ký", "Kể từ ngày ban hành", "Từ ngày Kế hoạch có hiệu lực"])
def test_from_the_day_the_plan_is_signed_is_a_condition(text):
    # was: unparsed
    timeframe = parse_timeframe(text)
    assert (timeframe.kind, timeframe.condition) == (Kind.CONDITIONAL, text)


def test_from_a_day_with_its_date_is_still_that_date():
    timeframe = parse_timeframe("Từ ngày 01/7/2026")
    assert (timeframe.kind, timeframe.start, timeframe.condition) == (Kind.ANNUAL, date(2026, 7, 1), None)


@pytest.mark.parametrize(
    ("text", "kind", "start", "deadline", "due", "period_due"),
    [
        ("Mỗi năm tổ chức 01 lần", A, None, None, None, None),
        ("Tổ chức hằng năm", A, None, None, None, None),
        ("Kiểm tra định kỳ hằng năm", A, None, None, None, None),
        ("Tổng hợp báo cáo trước ngày 15/12 hằng năm", A, None, None, MonthDay(12, 15), None),
        ("Cập nhật thường xuyên", Kind.ONGOING, None, None, None, None),
        ("Rà soát hằng năm", A, None, None, None, None),
        ("Xây dựng năm 2026", Kind.ONCE, date(2026, 1, 1), date(2026, 12, 31), None, None),
        ("Ban hành trong quý I/2026", Kind.ONCE, date(2026, 1, 1), date(2026, 3, 31), None, None),
        ("Vào dịp 2/9 hằng năm", A, None, None, MonthDay(9, 2), None),
        ("Hàng năm (vào dịp 2/9)", A, None, None, MonthDay(9, 2), None),
    ],
)
def test_what_is_done_is_not_when(text, kind, start, deadline, due, period_due):
    """`Tổ chức`, `Kiểm tra`, `Rà soát`, `Ban hành`, `Xây dựng`, `Tổng hợp`, `Cập nhật`: the work,
    as `Hoàn thành`, `Báo cáo` are; `(vào) dịp` an occasion; `01 lần` after a rhythm once in each."""
    # was: unparsed, shown to coordinators as unreadable
    timeframe = parse_timeframe(text)
    assert (timeframe.kind, timeframe.start, timeframe.deadline, timeframe.recurring_due, timeframe.period_due) == (
        kind,
        start,
        deadline,
        due,
        period_due,
    ), timeframe


@pytest.mark.parametrize("text", ["Trước Tết Nguyên đán", "Dịp Tết Nguyên đán hằng năm", "Sau Tết"])
def test_tet_moves_every_year_so_it_is_a_condition(text):
    # was: unparsed; Tết is a lunar date, shown with the task, never reminded on a guessed day
    timeframe = parse_timeframe(text)
    assert timeframe.kind is Kind.CONDITIONAL and timeframe.deadline is None and timeframe.condition


@pytest.mark.parametrize(
    ("text", "kind", "deadline", "due", "period_due"),
    [
        ("Báo cáo kết quả về Sở Nội vụ trước ngày 30/11 hằng năm", A, None, MonthDay(11, 30), None),
        ("Báo cáo UBND tỉnh trước 15/12 hằng năm", A, None, MonthDay(12, 15), None),
        ("Trình UBND tỉnh trước 30/6/2026", Kind.ONCE, date(2026, 6, 30), None, None),
        ("Gửi Sở Y tế trước ngày 10 hằng tháng", M, None, None, PeriodDay(1, 10)),
        ("Báo cáo Bộ Y tế định kỳ 6 tháng", S, None, None, None),
        ("Gửi kết quả về Sở Tài chính chậm nhất ngày 20/12/2026", Kind.ONCE, date(2026, 12, 20), None, None),
        ("Báo cáo năm trước 15/12 hằng năm", A, None, MonthDay(12, 15), None),  # `năm` is no addressee
    ],
)
def test_a_reports_addressee_says_nothing_of_when(text, kind, deadline, due, period_due):
    # was: unparsed, the addressee's name read as words of time
    timeframe = parse_timeframe(text)
    assert (timeframe.kind, timeframe.deadline, timeframe.recurring_due, timeframe.period_due) == (
        kind,
        deadline,
        due,
        period_due,
    ), timeframe


@pytest.mark.parametrize(
    "text",
    [
        "Báo cáo về UBND tỉnh",  # an addressee and no time
        "Báo cáo UBND tỉnh năm 2026",  # no word that says when after it: not passed over
        "Báo cáo Sở Kế hoạch và Đầu tư trước 15/12 hằng năm",  # `và` inside the name cuts the clause
        "Trình HĐND tỉnh tại kỳ họp cuối năm 2026",
    ],
)
def test_an_addressee_without_a_word_of_when_after_it_stays_unread(text):
    assert parse_timeframe(text).kind is Kind.UNPARSED


@pytest.mark.parametrize(
    ("text", "kind", "period_due"),
    [
        ("Từ ngày 20 đến ngày 25 hằng tháng", M, PeriodDay(1, 25)),
        ("Từ ngày 01 - 05 hằng tháng", M, PeriodDay(1, 5)),
        ("Hằng quý, từ ngày 15 đến ngày 20 tháng cuối quý", Q, PeriodDay(3, 20)),
    ],
)
def test_a_window_of_days_in_each_period_is_due_on_its_last(text, kind, period_due):
    # was: unparsed
    timeframe = parse_timeframe(text)
    assert (timeframe.kind, timeframe.period_due, timeframe.condition) == (kind, period_due, None)
