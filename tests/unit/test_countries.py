from models.countries import ALPHA2, EU_EEA_CH, needs_residence_permit


def test_alpha2_holds_all_officially_assigned_codes_and_kosovo() -> None:
    assert len(ALPHA2) >= 249
    assert {"DE", "PL", "VE", "IN", "VN", "TR", "MA", "TN", "CN", "UA", "XK"} <= ALPHA2
    assert all(len(code) == 2 and code.isupper() for code in ALPHA2)


def test_eu_eea_ch_has_31_countries_all_known() -> None:
    assert len(EU_EEA_CH) == 31
    assert {"DE", "IS", "LI", "NO", "CH"} <= EU_EEA_CH
    assert EU_EEA_CH <= ALPHA2
    assert "GB" not in EU_EEA_CH


def test_free_movement_needs_no_residence_permit() -> None:
    for code in ("PL", "CH", "NO", "DE", "pl", " ch "):
        assert not needs_residence_permit(code), code


def test_third_country_nationals_need_a_residence_permit() -> None:
    for code in ("IN", "VE", "VN", "TR", "GB", "XK"):
        assert needs_residence_permit(code), code
