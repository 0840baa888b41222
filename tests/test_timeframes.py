from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.text import fold
from domain.timeframes import Kind, MonthDay, parse_timeframe


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
        "Hàng quý, hàng năm",  # two rhythms
        "Hàng năm, trước ngày 30/6/2026",  # every year, or once by that day?
        "Khi có yêu cầu",  # "on request"
        "Sau khi đề án được phê duyệt",
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
