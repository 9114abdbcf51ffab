"""When a newcomer may apply to stay for good: §18c AufenthG and §10 StAG (models/staying.py)."""

from datetime import date

from models.decisions import ResidenceTitle
from models.levels import GermanLevel
from models.staying import (
    Eligibility,
    HeldTitle,
    naturalisation,
    settlement_permit,
    staying_outlook,
)


def settlement(
    *titles: HeldTitle, german: GermanLevel = GermanLevel.B1, de: bool = False
) -> Eligibility:
    """A skilled worker's settlement; `de`: qualification obtained in Germany."""
    return settlement_permit(titles=titles, german_level=german, german_qualification=de)


def test_18c_1_three_years_holding_a_skilled_workers_title() -> None:
    """§18c(1) AufenthG: 3 years (since 1 March 2024; before: 4) and B1."""
    result = settlement(HeldTitle("18b", date(2027, 1, 31)))
    assert result.earliest == date(2030, 1, 31)
    assert result.rule == "3 years holding a skilled worker's title (§18c(1) AufenthG)"
    assert result.missing == ()
    assert "36 months of pension contributions" in result.to_check


def test_18c_1_sentence_2_two_years_after_a_german_training_or_degree() -> None:
    """§18c(1) sentence 2 AufenthG: 2 years, 24 months of contributions; §188 BGB month ends."""
    result = settlement(HeldTitle("18a", date(2028, 2, 29)), de=True)
    assert result.earliest == date(2030, 2, 28)
    assert "§18c(1) sentence 2 AufenthG" in result.rule
    assert "24 months of pension contributions" in result.to_check


def test_18c_1_without_b1_gives_the_day_and_says_german_is_missing() -> None:
    result = settlement(HeldTitle("18b", date(2027, 3, 1)), german=GermanLevel.A2)
    assert result.earliest == date(2030, 3, 1)
    assert result.missing == ("needs German B1; today A2",)


def test_18c_2_blue_card_27_months_with_simple_german_a1() -> None:
    result = settlement(
        HeldTitle(ResidenceTitle.BLUE_CARD, date(2027, 5, 15)), german=GermanLevel.A1
    )
    assert result.earliest == date(2029, 8, 15)
    assert "27 months" in result.rule and "§18c(2) AufenthG" in result.rule
    assert result.missing == ()


def test_18c_2_blue_card_21_months_with_sufficient_german_b1() -> None:
    result = settlement(HeldTitle("18g", date(2027, 5, 15)), german=GermanLevel.B1)
    assert result.earliest == date(2029, 2, 15)
    assert "21 months" in result.rule


def test_18c_2_blue_card_without_german_shows_the_27_months_and_a1_missing() -> None:
    result = settlement(HeldTitle("18g", date(2027, 5, 15)), german=GermanLevel.NONE)
    assert result.earliest == date(2029, 8, 15)
    assert result.missing == ("needs German A1; today none",)


def test_18c_blue_card_with_a_german_degree_takes_the_earlier_of_both_routes() -> None:
    """§18c(1) sentence 2 gives 24 months, §18c(2) 21 months with B1: 21 wins; at A2 only 27."""
    card = HeldTitle("18g", date(2027, 1, 1))
    assert settlement(card, de=True).earliest == date(2028, 10, 1)
    assert settlement(card, de=True, german=GermanLevel.A2).earliest == date(2029, 4, 1)


def test_no_skilled_workers_title_yet_gives_no_day_and_the_reason() -> None:
    result = settlement(HeldTitle("16b", date(2026, 10, 1)))
    assert result.earliest is None
    assert result.missing == (
        "needs a skilled worker's title (§18a, §18b, §18d or §18g AufenthG); today §16b",
    )
    assert settlement().missing[0].endswith("; none recorded yet")


def test_study_then_skilled_title_counts_from_the_first_skilled_title() -> None:
    """§18c(1): time under §16b does not count; the Fiktionsbescheinigung (§81(4)) continues
    the study title, so the 2 years start when the §18b title is issued."""
    result = settlement(
        HeldTitle("16b", date(2022, 10, 1)),
        HeldTitle("81", date(2025, 9, 15)),
        HeldTitle("18b", date(2025, 11, 3)),
        de=True,
    )
    assert result.earliest == date(2027, 11, 3)


def test_skilled_titles_in_sequence_count_together_across_a_fiktionsbescheinigung() -> None:
    """§18c(1): §18a, §18b, §18d and §18g all count; the Blue Card's own months start later."""
    result = settlement(
        HeldTitle("18b", date(2026, 1, 10)),
        HeldTitle("81", date(2027, 12, 20)),
        HeldTitle("18d", date(2028, 2, 1)),
        HeldTitle("18g", date(2028, 6, 1)),
    )
    assert result.earliest == date(2029, 1, 10)  # 3 years from §18b, before 21 months of card
    assert "§18c(1)" in result.rule


def test_a_non_skilled_title_ends_the_run_and_new_titles_are_plain_strings() -> None:
    """§18c(1) asks for 3 years holding such a title: a later §20 job search ends the run."""
    broken = settlement(HeldTitle("18b", date(2026, 1, 10)), HeldTitle("20", date(2027, 1, 10)))
    assert broken.earliest is None
    assert broken.missing[0].endswith("today §20")


def test_eu_citizens_need_no_settlement_permit_4a_freizuegg_eu() -> None:
    result = settlement_permit(
        titles=[], german_level=GermanLevel.NONE, german_qualification=False, eu_citizen=True
    )
    assert result.earliest is None
    assert "free movement" in result.rule and "§4a FreizügG/EU" in result.rule
    assert result.missing == ()
    assert result.needed is False


def test_10_stag_naturalisation_five_years_from_arrival_with_b1() -> None:
    """§10(1) StAG: 5 years since 27 June 2024 (was 8); no 3-year fast track since 30 Oct 2025."""
    result = naturalisation(arrival_date=date(2026, 8, 31), german_level=GermanLevel.B2)
    assert result.earliest == date(2031, 8, 31)
    assert "§10(1) StAG" in result.rule
    assert result.missing == ()


def test_10_1_no_6_stag_naturalisation_needs_german_b1() -> None:
    """§10(1) no. 6 StAG: without B1 the day is still given, with B1 as missing; C1 gives no
    shortcut, as the §10(3) fast track was struck (in force 30 October 2025)."""
    early = naturalisation(arrival_date=date(2026, 8, 31), german_level=GermanLevel.A2)
    assert early.missing == ("needs German B1 (§10(1) no. 6 StAG); today A2",)
    fluent = naturalisation(arrival_date=date(2026, 8, 31), german_level=GermanLevel.C1)
    assert fluent.earliest == date(2031, 8, 31)


def test_outlook_gives_both_and_a_past_day_means_may_apply_now() -> None:
    outlook = staying_outlook(
        titles=[HeldTitle("16b", date(2018, 10, 1)), HeldTitle("18b", date(2022, 4, 1))],
        arrival_date=date(2018, 9, 15),
        german_level=GermanLevel.B1,
        german_qualification=True,
    )
    assert outlook.settlement.earliest == date(2024, 4, 1)
    assert outlook.naturalisation.earliest == date(2023, 9, 15)


def test_eu_citizen_outlook_still_gives_the_naturalisation_day() -> None:
    outlook = staying_outlook(
        titles=[],
        arrival_date=date(2027, 1, 1),
        german_level=GermanLevel.B1,
        german_qualification=False,
        eu_citizen=True,
    )
    assert outlook.settlement.earliest is None
    assert outlook.naturalisation.earliest == date(2032, 1, 1)
