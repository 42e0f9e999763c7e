"""helpers.data: every table loads, validated; every kind of bad table gives one clear message."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers.data import DataTableError, available_tables, load_table, schema
from helpers.paths import REPO_ROOT


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test setup: {old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize("name", available_tables())
def test_every_table_loads_with_its_declared_columns(name: str) -> None:
    table = load_table(name)
    assert table.columns.tolist() == schema(name).names
    assert len(table) > 0


def test_every_csv_in_data_has_a_schema() -> None:
    files = {path.stem for path in (REPO_ROOT / "data").glob("*.csv")}
    assert files == set(available_tables())


def test_loads_from_any_working_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert "keller1996" in set(load_table("references")["key"])


def test_typed_columns() -> None:
    forces = load_table("running_forces")
    assert forces["speed_m_s"].dtype == "float64"
    references = load_table("references")
    assert references["details_checked"].dtype == bool


def test_unknown_name_lists_the_available_tables() -> None:
    with pytest.raises(DataTableError) as error:
        load_table("no_such_table")
    message = str(error.value)
    assert "'no_such_table'" in message
    for name in available_tables():
        assert name in message


def test_missing_file_names_the_file_and_lists_the_tables(data_copy: Path) -> None:
    (data_copy / "quiz.csv").unlink()
    with pytest.raises(DataTableError) as error:
        load_table("quiz")
    message = str(error.value)
    assert "data/quiz.csv" in message and "missing" in message
    assert "references" in message and "lessons" in message


def test_wrong_column_names_the_file_row_and_column(data_copy: Path) -> None:
    replace_in(data_copy / "references.csv", "key,short,authors", "key,shortname,authors")
    with pytest.raises(DataTableError) as error:
        load_table("references")
    message = str(error.value)
    assert "data/references.csv" in message and "row 1" in message
    assert "'short'" in message and "'shortname'" in message


def test_bad_value_names_the_file_row_and_column(data_copy: Path) -> None:
    lines = (data_copy / "running_forces.csv").read_text().splitlines()
    lines[2] = lines[2].replace(",6.0,", ",fast,")
    (data_copy / "running_forces.csv").write_text("\n".join(lines) + "\n")
    with pytest.raises(DataTableError) as error:
        load_table("running_forces")
    message = str(error.value)
    assert "data/running_forces.csv" in message
    assert "row 3, column 'speed_m_s'" in message and "'fast' is not a number" in message


@pytest.mark.parametrize("cell", ["NaN", "nan", "inf", "-Infinity"])
def test_not_a_finite_number_is_refused(data_copy: Path, cell: str) -> None:
    replace_in(data_copy / "running_forces.csv", ",6.0,", f",{cell},")
    with pytest.raises(DataTableError, match=rf"row 3, column 'speed_m_s': '{cell}' is not a number"):
        load_table("running_forces")


def test_value_not_allowed(data_copy: Path) -> None:
    replace_in(data_copy / "lessons.csv", ",ready\n", ",soon\n")
    with pytest.raises(DataTableError, match=r"row \d+, column 'status': 'soon' is not one of the allowed values"):
        load_table("lessons")


def test_out_of_range_value(data_copy: Path) -> None:
    replace_in(data_copy / "running_forces.csv", ",1.2,", ",12,")
    with pytest.raises(DataTableError, match=r"row 4, column 'peak_force_bw': 12 is above the maximum 10"):
        load_table("running_forces")


def test_truncated_row_is_named(data_copy: Path) -> None:
    path = data_copy / "running_forces.csv"
    path.write_text(path.read_text() + "keller1996,trend,3.0\n")
    with pytest.raises(DataTableError, match=r"row 5: has 3 cells, the header has 5"):
        load_table("running_forces")


def test_empty_required_value(data_copy: Path) -> None:
    replace_in(data_copy / "references.csv", "keller1996,Keller et al. 1996,", "keller1996,,")
    with pytest.raises(DataTableError, match=r"column 'short': is empty, but a value is required"):
        load_table("references")


def test_duplicate_key(data_copy: Path) -> None:
    path = data_copy / "references.csv"
    keller = next(line for line in path.read_text().splitlines() if line.startswith("keller1996,"))
    path.write_text(path.read_text() + keller + "\n")
    with pytest.raises(DataTableError, match=r"column 'key': 'keller1996' appears more than once"):
        load_table("references")


def test_quiz_answer_must_be_one_of_the_choices(data_copy: Path) -> None:
    path = data_copy / "quiz.csv"
    lines = path.read_text().splitlines()
    lines[1] = lines[1].replace("About 10 × body weight,2,", "About 10 × body weight,7,")
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(DataTableError, match=r"row 2, column 'correct': is 7, but there are only 3 choices"):
        load_table("quiz")


def test_duplicate_number_names_the_value(data_copy: Path) -> None:
    replace_in(data_copy / "lessons.csv", "10,10-your-plan.ipynb", "9,10-your-plan.ipynb")
    with pytest.raises(DataTableError, match=r"column 'number': '9' appears more than once"):
        load_table("lessons")


def test_not_utf8(data_copy: Path) -> None:
    (data_copy / "quiz.csv").write_bytes("lesson,question_id\n1,caf\xe9\n".encode("latin-1"))
    with pytest.raises(DataTableError, match=r"data/quiz.csv is not UTF-8"):
        load_table("quiz")


def test_many_problems_are_listed_together(data_copy: Path) -> None:
    path = data_copy / "running_forces.csv"
    path.write_text(path.read_text().replace(",running,", ",curve,"))
    with pytest.raises(DataTableError) as error:
        load_table("running_forces")
    assert "row 2, column 'series'" in str(error.value) and "row 3, column 'series'" in str(error.value)


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cell=st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12))
def test_any_cell_content_loads_or_gives_a_table_error(data_copy: Path, cell: str) -> None:
    import csv
    import io

    path = data_copy / "running_forces.csv"
    rows = list(csv.reader(io.StringIO(path.read_text())))
    original = rows[1][2]
    rows[1][2] = cell
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_text(buffer.getvalue())
    try:
        table = load_table("running_forces")
    except DataTableError as error:
        assert "data/running_forces.csv" in str(error)
    else:
        assert 0 <= table.loc[0, "speed_m_s"] <= 12
    finally:
        rows[1][2] = original
