"""The office report as a page and as Prefect cards: charts as SVG, the same figures, no
names unless a coordinator asks for them, and a path that cannot be written changes nothing."""

import re
from datetime import date
from pathlib import Path

import pytest
from sqlmodel import Session

from cli.main import main
from tasks.pages import PageNotWritable
from tasks.report import gather
from tasks.report_cards import cards
from tasks.report_page import page, write_page
from tasks.synthetic import RealHistoryExists, seed_history
from tests.utils.factories import small_office

TODAY = date(2027, 3, 1)


def _cells(html: str, table_id: str) -> list[list[str]]:
    table = re.search(rf'<table id="{table_id}">.*?</table>', html, re.S)
    assert table, f"no table {table_id}"
    rows = re.findall(r"<tr>(.*?)</tr>", table.group(0), re.S)
    return [re.findall(r"<td[^>]*>(.*?)</td>", row) for row in rows if "<td" in row]


def test_the_page_has_its_charts_and_the_figures_and_no_names(office: Session) -> None:
    small_office(office)
    html = page(gather(TODAY))
    assert html.count("<svg") == 5
    assert not re.search(r"<script|<link|(src|href)=\"https?:", html)  # nothing to fetch
    assert _cells(html, "bottlenecks")[0] == ["IHK FOSA (Nürnberg)", "1", "30", "30", "0"]
    assert _cells(html, "step-times") == [["Accommodation", "10", "5.5", "9"]]
    assert _cells(html, "overdue") == [
        ["WO-2027-0011", "Anmeldung", "Bürgerbüro Bochum", "2027-02-15", "14"]
    ]
    assert ["pflege-2027-1", "WO-2027-0011", "Anmeldung"] == _cells(html, "overdue-by-cohort")[0][
        :3
    ]
    assert "Newcomer 11" not in html and "names-warning" not in html


def test_names_only_on_the_coordinators_page_which_says_so_at_its_top(
    office: Session, tmp_path: Path
) -> None:
    small_office(office)
    written = write_page(gather(TODAY), tmp_path / "r.html", {"WO-2027-0011": "Newcomer 11"})
    html = written.read_text()
    body = html[html.index("<body>") :]
    assert body.index('id="names-warning"') < body.index("<h1>")
    assert ["WO-2027-0011", "Newcomer 11"] == next(
        row[:2] for row in _cells(html, "ready") if row[0] == "WO-2027-0011"
    )


def test_the_prefect_cards_show_the_same_figures_by_case_number(office: Session) -> None:
    small_office(office)
    found = cards(gather(TODAY), Path("/srv/report.html"))
    assert set(found) == {
        "office-report",
        "office-stages",
        "office-funnel",
        "office-step-times",
        "office-bottlenecks",
        "office-overdue",
        "office-throughput",
        "office-forecast",
    }
    assert (
        "| WO-2027-0011 | Anmeldung | Bürgerbüro Bochum | 2027-02-15 | 14 |"
        in found["office-overdue"]
    )
    assert "| Accommodation | 10 | 5.5 | 9 |" in found["office-step-times"]
    assert "/srv/report.html" in found["office-report"]
    assert not any("Newcomer" in markdown for markdown in found.values())


@pytest.mark.parametrize(
    ("target", "why"), [("missing/r.html", "there is no directory"), (".", "it is a directory")]
)
def test_a_page_that_cannot_be_written_is_refused_and_nothing_changes(
    office: Session,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    target: str,
    why: str,
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "old.html").write_text("yesterday's")
    assert main(["report", "--html", str(out / target)]) == 2
    assert why in capsys.readouterr().err
    assert [p.name for p in out.rglob("*")] == ["old.html"]
    with pytest.raises(PageNotWritable, match="nothing was written"):
        write_page(gather(TODAY), out / target)


def test_report_without_prefect_writes_the_page_and_says_the_cards_wait(
    office: Session, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    small_office(office)
    assert main(["report", "--html", str(tmp_path / "r.html")]) == 0
    out = capsys.readouterr().out
    assert "3 open journeys, 1 overdue steps" in out and "cards were not updated" in out
    assert (tmp_path / "r.html").read_text().count("<svg") == 5
    assert main(["report", "--names"]) == 2


def test_an_empty_office_has_a_page_too(office: Session) -> None:
    html = page(gather(TODAY))
    assert html.count("<svg") == 5 and "nothing to show yet" in html


def test_synthetic_history_is_marked_and_never_seeded_beside_real_history(
    office: Session, capsys: pytest.CaptureFixture[str]
) -> None:
    made = seed_history(office, today=TODAY, count=40)
    assert made > 20 and seed_history(office, today=TODAY, count=40) == made  # once only
    assert 'id="synthetic-warning"' in page(gather(TODAY))
    assert main(["forecast", "--backtest"]) == 0
    assert f"({made} of them synthetic" in capsys.readouterr().out
    small_office(office)  # real journeys that finished
    with pytest.raises(RealHistoryExists):
        seed_history(office, today=TODAY)


def test_forecast_lists_when_each_open_journey_is_ready_and_each_cohorts_spread(
    office: Session, capsys: pytest.CaptureFixture[str]
) -> None:
    small_office(office)
    assert main(["forecast", "--limit", "2"]) == 0
    out = capsys.readouterr().out
    listed = [line.split()[0] for line in out.splitlines() if line.startswith("WO-")]
    assert len(listed) == 2 and "2 of 3; --limit for more." in out
    assert "by cohort" in out and "pflege-2027-1  1" in out
    assert "by employer" in out and "Klinikum Bochum" in out
