import csv
import io
from pathlib import Path

import pytest

from scc.gias import (
    ACADEMY_TYPES,
    MAINTAINED_TYPES,
    GiasFormatError,
    GiasResult,
    SchoolRecord,
    count_rows,
    parse_gias,
    read_gias,
)

SAMPLE = Path(__file__).resolve().parents[2] / "shared" / "data" / "gias" / "establishments-sample.csv"

with SAMPLE.open(encoding="utf-8-sig", newline="") as _f:
    _rows = list(csv.reader(_f))
HEADER: list[str] = _rows[0]
# Argyle Primary School, a well-formed community school row, as a template for made-up rows.
TEMPLATE = dict(zip(HEADER, next(r for r in _rows if r[0] == "100008")))


def school(**values: str) -> list[str]:
    """A full-width GIAS row: the template with some columns replaced (by column name)."""
    assert set(values) <= set(HEADER)
    row = TEMPLATE | values
    return [row[h] for h in HEADER]


def write_csv(path: Path, rows: list[list[str]], encoding: str = "utf-8") -> Path:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows([HEADER, *rows])
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def by_urn(result: GiasResult) -> dict[str, SchoolRecord]:
    return {s.urn: s for s in result.schools}


# --- the sample file ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def sample() -> GiasResult:
    return read_gias(SAMPLE)


def test_sample_counts(sample: GiasResult) -> None:
    governance = [s.governance for s in sample.schools]
    assert governance.count("maintained") == 4  # VA, community, two LA nursery schools
    assert governance.count("academy") == 0
    assert len(sample.out_of_scope) == 5  # three independent schools, two PRUs
    assert {o.type for o in sample.out_of_scope} == {"Other independent school", "Pupil referral unit"}


def test_sample_rows_with_extra_columns_are_reported_not_guessed(sample: GiasResult) -> None:
    # Lines 11-20 come from a wider extract (135 fields against a 120-column header), so their
    # address and head columns are shifted; they must be reported, never half-read.
    assert [p.line for p in sample.problems] == list(range(11, 21))
    assert all("135 columns" in p.message and "120" in p.message for p in sample.problems)
    assert sample.problems[-1].urn == "105135"  # St Paul's Academy is flagged, not lost


def test_voluntary_aided_school_has_its_diocese(sample: GiasResult) -> None:
    cass = by_urn(sample)["100000"]
    assert cass.name == "Sir John Cass's Foundation Primary School"
    assert (cass.type, cass.governance) == ("Voluntary aided school", "maintained")
    assert cass.diocese == "Diocese of London"
    assert cass.religious_character == "Church of England"
    assert cass.head_name == "Mr Tim Wilson"
    assert (cass.la_code, cass.la_name, cass.postcode) == ("201", "City of London", "EC3A 5DE")


def test_community_school_has_no_diocese_and_placeholders_are_none(sample: GiasResult) -> None:
    argyle = by_urn(sample)["100008"]
    assert argyle.type == "Community school"
    assert argyle.diocese is None  # "Not applicable" in the file
    assert argyle.religious_character is None  # "Does not apply"
    assert argyle.trust is None and argyle.federation is None  # blank
    nursery = by_urn(sample)["100004"]
    assert nursery.status == "Closed" and nursery.phase == "Nursery" and nursery.head_name is None


def test_progress_callback_and_row_count(sample: GiasResult) -> None:
    lines: list[int] = []
    read_gias(SAMPLE, on_row=lines.append)
    assert lines == list(range(2, 21))
    assert count_rows(SAMPLE) == 19


# --- made-up files -----------------------------------------------------------------------------

def test_academy_keeps_its_trust(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "a.csv", [school(
        URN="140001", EstablishmentName="Oak Academy", **{"TypeOfEstablishment (name)": "Academy converter",
           "Trusts (name)": "Oak Learning Trust"})])
    (oak,) = read_gias(path).schools
    assert (oak.governance, oak.trust) == ("academy", "Oak Learning Trust")


def test_bad_rows_are_reported_by_line_and_good_rows_kept(tmp_path: Path) -> None:
    short = school(URN="100013")[:5]
    path = write_csv(tmp_path / "bad.csv", [
        school(URN="100010"),
        school(URN="12345"),
        school(URN="100011", EstablishmentName=""),
        short,
        school(URN="100012"),
    ])
    result = read_gias(path)
    assert sorted(by_urn(result)) == ["100010", "100012"]
    problems = {p.line: p for p in result.problems}
    assert sorted(problems) == [3, 4, 5]
    assert "URN" in problems[3].message and "12345" in problems[3].message
    assert problems[4].urn == "100011" and "EstablishmentName" in problems[4].message
    assert problems[5].urn == "100013" and "5 columns" in problems[5].message


@pytest.mark.parametrize("type_name, expected", [
    ("", "TypeOfEstablishment (name) is blank"),
    ("Grammar school", "'Grammar school' is not a known GIAS type"),
])
def test_missing_or_unknown_type_is_a_problem(tmp_path: Path, type_name: str, expected: str) -> None:
    path = write_csv(tmp_path / "t.csv", [school(**{"TypeOfEstablishment (name)": type_name})])
    (problem,) = read_gias(path).problems
    assert expected in problem.message


def test_impossible_date_is_a_problem_naming_the_column(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "d.csv", [school(OpenDate="31-02-2020"),
                                          school(URN="100020", OfstedLastInsp="2015-01-29")])
    result = read_gias(path)
    assert result.schools == []
    assert [p.line for p in result.problems] == [2, 3]
    assert "OpenDate" in result.problems[0].message
    assert "OfstedLastInsp" in result.problems[1].message


def test_line_numbers_are_physical_when_a_field_spans_lines(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "m.csv", [school(Street="Tonbridge Street\nKing's Cross"),
                                          school(URN="123")])
    result = read_gias(path)
    assert result.schools[0].street == "Tonbridge Street\nKing's Cross"
    assert result.problems[0].line == 4


def test_windows_1252_file_decodes(tmp_path: Path) -> None:
    name = "St Mary’s & St John’s Café"  # curly apostrophe is 0x92 in Windows-1252
    path = write_csv(tmp_path / "w.csv", [school(EstablishmentName=name)], encoding="cp1252")
    assert read_gias(path).schools[0].name == name


def test_utf8_with_byte_order_mark_decodes(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "u.csv", [school(EstablishmentName="Ysgol Gymraeg Ŵ")], "utf-8-sig")
    assert read_gias(path).schools[0].name == "Ysgol Gymraeg Ŵ"


def test_duplicate_urn_keeps_first(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "dup.csv", [school(URN="100000", EstablishmentName="First"),
                                            school(URN="100001"),
                                            school(URN="100000", EstablishmentName="Second")])
    result = read_gias(path)
    assert by_urn(result)["100000"].name == "First"
    (problem,) = result.problems
    assert (problem.line, problem.urn) == (4, "100000")
    assert "URN 100000 already appears on line 2" in problem.message


def test_header_without_urn_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "h.csv"
    path.write_text("EstablishmentName,TypeOfEstablishment (name)\nA school,Community school\n")
    with pytest.raises(GiasFormatError, match="URN"):
        read_gias(path)


def test_empty_file_is_rejected(tmp_path: Path) -> None:
    (tmp_path / "e.csv").write_bytes(b"")
    with pytest.raises(ValueError, match="empty"):
        read_gias(tmp_path / "e.csv")
    assert count_rows(tmp_path / "e.csv") == 0


def test_parse_from_lines_with_only_the_required_columns() -> None:
    result = parse_gias([
        "URN,EstablishmentName,TypeOfEstablishment (name)",
        "100050,Hill Special School,Foundation special school",
        "100051,Moor Free School,Free schools",
        "100052,Ashdown College,Further education",
    ])
    assert [(s.urn, s.governance, s.phase) for s in result.schools] == [
        ("100050", "maintained", None), ("100051", "academy", None)]
    assert [(o.line, o.urn, o.type) for o in result.out_of_scope] == [
        (4, "100052", "Further education")]
    assert result.schools[0].as_dict()["name"] == "Hill Special School"


def test_type_sets_do_not_overlap() -> None:
    assert len(MAINTAINED_TYPES) == 7 and not MAINTAINED_TYPES & ACADEMY_TYPES
