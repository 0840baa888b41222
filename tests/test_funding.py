import pytest

from domain.funding import Source, parse_funding


@pytest.mark.parametrize(
    ("text", "sources"),
    [
        ("Ngân sách ", [Source.STATE_BUDGET]),
        ("Ngân sách và xã hội hóa", [Source.STATE_BUDGET, Source.SOCIALISED]),
        ("Ngân sách và huy động các nguồn khác", [Source.STATE_BUDGET, Source.OTHER_MOBILISED]),
        ("Ngân sách và Tài trợ", [Source.STATE_BUDGET, Source.SPONSORSHIP]),
        ("", []),
        ("Nguồn ngân sách nhà nước; xã hội hóa", [Source.STATE_BUDGET, Source.SOCIALISED]),
        ("ngan sach va xa hoi hoa", [Source.STATE_BUDGET, Source.SOCIALISED]),
        ("Ngân sách, ngân sách tỉnh", [Source.STATE_BUDGET]),
    ],
)
def test_sources(text, sources):
    assert list(parse_funding(text).sources) == sources


def test_unknown_source_is_kept_as_written_and_reported():
    funding = parse_funding("Quỹ Phòng chống thiên tai và ngân sách")
    assert funding.sources == ("Quỹ Phòng chống thiên tai", Source.STATE_BUDGET)
    assert funding.unrecognised == ("Quỹ Phòng chống thiên tai",)
    assert funding.raw == "Quỹ Phòng chống thiên tai và ngân sách"
