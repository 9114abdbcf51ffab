from collections import defaultdict

import pytest

from models.levels import GermanLevel
from models.professions import (
    COMPETENT_BODY,
    PROFESSIONS,
    VARIANTS,
    Profession,
    ProfessionKind,
    named_profession,
    normalised_forms,
    profession_suggestions,
)


def find(text: str) -> Profession:
    profession = named_profession(text)
    assert profession is not None, text
    return profession


@pytest.mark.parametrize(
    ("text", "key", "body"),
    [
        ("Koch", "cook", "ihk-fosa"),
        ("Zahnärztin", "dentist", "bezreg-muenster"),
        ("nurse", "nurse", "bezreg-muenster"),
        ("Physiotherapeut", "physiotherapist", "bezreg-muenster"),
        ("Elektronikerin (m/w/d)", "electrician", "hwk-dortmund"),
        ("software developer", "software_developer", "zab"),
        ("Ärztin", "doctor", "bezreg-muenster"),
    ],
)
def test_seed_professions_route_to_their_competent_body(text: str, key: str, body: str) -> None:
    profession = find(text)
    assert profession.key == key
    assert profession.competent_body == body


def test_dentist_needs_approbation_and_c1() -> None:
    dentist = find("Zahnärztin")
    assert dentist.kind is ProfessionKind.APPROBATION
    assert dentist.regulated
    assert dentist.german_needed is GermanLevel.C1


def test_nurse_is_a_regulated_health_profession_needing_b2() -> None:
    nurse = find("nurse")
    assert nurse.kind is ProfessionKind.HEALTH
    assert nurse.regulated
    assert nurse.german_needed is GermanLevel.B2


def test_training_occupations_are_not_regulated_and_need_b1() -> None:
    for text in ("Koch", "Elektroniker", "software developer"):
        profession = find(text)
        assert not profession.regulated
        assert profession.german_needed is GermanLevel.B1


@pytest.mark.parametrize(
    ("texts", "key"),
    [
        (["Koch", "Köchin", "cook", "chef", "KOCH (m/w/d)", "Koch/Köchin", "Kochin"], "cook"),
        (
            ["Zahnärztin", "Zahnarzt", "Zahnaerztin", "Zahnarztin", "dentist", "Zahnärzt*in"],
            "dentist",
        ),
        (
            [
                "Pflegefachfrau",
                "Pflegefachmann",
                "Pflegefachfrau/-mann",
                "Pflegefachkraft",
                "Krankenschwester",
                "Gesundheits- und Krankenpflegerin",
                "Gesundheits- und Krankenpfleger/in",
                "registered nurse",
            ],
            "nurse",
        ),
        (["Altenpflegerin", "Altenpfleger/in", "geriatric nurse"], "geriatric_nurse"),
        (["Physiotherapeutin", "physical therapist", "Physiotherapeut:in"], "physiotherapist"),
        (["Arzt", "Ärzt_in", "physician", "doctor", "Ärztin/Arzt"], "doctor"),
        (
            ["Elektroniker/in", "Elektroniker/-in", "Elektroniker (w/m/d)", "electrician"],
            "electrician",
        ),
        (
            ["Kfz-Mechatroniker", "KFZ Mechatronikerin", "car mechanic"],
            "car_mechatronics_technician",
        ),
        (["Mechatroniker", "mechatronics technician"], "mechatronics_technician"),
        (
            ["Berufskraftfahrer", "LKW-Fahrerin", "truck driver", "bus driver"],
            "professional_driver",
        ),
        (["Anlagenmechaniker SHK", "plumber"], "plumber"),
        (["Kauffrau im Einzelhandel", "Kaufmann im Einzelhandel"], "retail_clerk"),
        (["Hotelfachfrau", "Hotelfachmann/-frau"], "hotel_specialist"),
        (["Logopädin", "Logopaede", "speech therapist"], "speech_therapist"),
        (["Operationstechnische/r Assistent/in", "OTA"], "surgical_technologist"),
        (
            ["Medizinische Technologin für Radiologie", "MTRA", "radiographer"],
            "radiology_technologist",
        ),
        (["Notfallsanitäterin", "paramedic"], "paramedic"),
        (["Ingenieurin", "Ingenieur/in", "engineer", "Dipl.-Ing."], "engineer"),
    ],
)
def test_gender_forms_and_english_variants(texts: list[str], key: str) -> None:
    for text in texts:
        assert find(text).key == key, text


def test_engineers_and_architects_go_to_zab_unregulated() -> None:
    for text in ("Ingenieur", "Bauingenieurin", "architect", "Informatikerin", "data scientist"):
        profession = find(text)
        assert profession.kind is ProfessionKind.ACADEMIC
        assert profession.competent_body == "zab"
        assert not profession.regulated


def test_every_variant_maps_back_to_its_own_profession() -> None:
    for profession in PROFESSIONS:
        for variant in VARIANTS[profession.key]:
            assert find(variant) is profession, variant


def test_no_spelling_is_shared_by_two_professions() -> None:
    owners: dict[str, set[str]] = defaultdict(set)
    for key, variants in VARIANTS.items():
        for variant in variants:
            for form in normalised_forms(variant) | normalised_forms(variant, plain_umlauts=True):
                owners[form].add(key)
    shared = {form: keys for form, keys in owners.items() if len(keys) > 1}
    assert shared == {}


def test_catalogue_is_large_and_consistent() -> None:
    assert len(PROFESSIONS) >= 55
    keys = [profession.key for profession in PROFESSIONS]
    assert len(keys) == len(set(keys))
    assert set(VARIANTS) == set(keys)
    assert all(key.isidentifier() and key == key.lower() for key in keys)
    assert set(COMPETENT_BODY) == set(ProfessionKind)
    assert {profession.kind for profession in PROFESSIONS} == set(ProfessionKind)


def test_kinds_decide_regulation_and_language() -> None:
    expected = {
        ProfessionKind.APPROBATION: (True, GermanLevel.C1),
        ProfessionKind.HEALTH: (True, GermanLevel.B2),
        ProfessionKind.IHK: (False, GermanLevel.B1),
        ProfessionKind.CRAFT: (False, GermanLevel.B1),
        ProfessionKind.ACADEMIC: (False, GermanLevel.B1),
    }
    for profession in PROFESSIONS:
        assert (profession.regulated, profession.german_needed) == expected[profession.kind]


def test_normalised_forms_drop_gender_notations() -> None:
    assert normalised_forms("  Elektroniker/in  (m/w/d) ") == {"elektroniker", "elektronikerin"}
    assert normalised_forms("Zahnärztin") == {"zahnaerztin"}
    assert normalised_forms("Zahnärztin", plain_umlauts=True) == {"zahnarztin"}


def test_a_profession_not_named_comes_with_close_names() -> None:
    assert named_profession("Glasblaeser") is None
    suggestions = profession_suggestions("Glasblaeser")
    assert "Glaserin/Glaser (glazier)" in suggestions and len(suggestions) <= 3
    assert profession_suggestions("xyzzy") == []


def test_no_fuzzy_decision() -> None:
    for text in ("Zahnartz", "Anlagenmechaniker", "mechanic", "", "   "):
        assert named_profession(text) is None, text


def test_text_naming_two_professions_names_none_and_suggests_both() -> None:
    assert named_profession("Koch/Bäcker") is None
    assert profession_suggestions("Koch/Bäcker") == [
        "Bäckerin/Bäcker (baker)",
        "Köchin/Koch (cook)",
    ]


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Registered Nurse (RN)", "nurse"),  # an abbreviation in brackets
        ("Krankenschwestern", "nurse"),  # a plural
        ("Altenpflegerinnen", "geriatric_nurse"),
        ("Physiotherapeuten", "physiotherapist"),
        ("nurses", "nurse"),
        ("Facharzt für Innere Medizin", "doctor"),  # every specialist holds one Approbation
        ("Fachärztin für Allgemeinmedizin", "doctor"),
        ("Dr. med. Ärztin", "doctor"),
        ("Dipl.-Ing. Maschinenbau", "mechanical_engineer"),  # the engineer of that field
        ("Senior Software Engineer", "software_developer"),  # seniority
        ("Junior Data Scientist", "data_scientist"),
        ("B.Sc. Informatiker", "software_developer"),  # a degree
        ("M.Sc. Chemiker", "chemist"),
        ("Auszubildende Pflegefachfrau", "nurse"),  # training status
        ("Elektroniker für Geräte und Systeme", "device_electronics_technician"),
    ],
)
def test_what_qualifies_a_profession_is_set_aside_before_matching(text: str, key: str) -> None:
    assert find(text).key == key


def test_setting_qualifiers_aside_never_turns_a_known_field_into_another_body() -> None:
    # "für X" is set aside for medical specialists only: an Elektroniker für Betriebstechnik
    # is an IHK occupation, a bare Elektroniker a craft (a different body).
    assert find("Elektroniker für Betriebstechnik").competent_body == "ihk-fosa"
    assert find("Elektroniker").competent_body == "hwk-dortmund"
    assert named_profession("Zahnäztin") is None  # a typo is offered, never taken
    assert profession_suggestions("Zahnäztin")[0] == "Zahnärztin/Zahnarzt (dentist)"
