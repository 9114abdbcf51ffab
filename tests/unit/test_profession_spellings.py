"""Real-world spellings of professions, as coordinators type them for a newcomer who comes to
work, each with the body that recognises it in Bochum, or None where ankommen is not certain
and a coordinator picks the body (the `competent_body` step). Who decides:
anerkennung-in-deutschland.de (Anerkennungs-Finder) and DOMAIN.md."""

import pytest

from models.plan import make_plan
from tests.utils.factories import make_arrival

IHK, HWK, BEZREG, ZAB = "ihk-fosa", "hwk-dortmund", "bezreg-muenster", "zab"

SPELLINGS: list[tuple[str, str | None]] = [
    # the examples
    ("Registered Nurse (RN)", BEZREG),
    ("Krankenschwestern", BEZREG),
    ("Zahnäztin", None),  # a typo: offered, never taken
    ("Facharzt für Innere Medizin", BEZREG),
    ("Dipl.-Ing. Maschinenbau", ZAB),
    ("Senior Software Engineer", ZAB),
    ("staatl. anerk. Erzieherin", None),  # educators: another body decides
    ("Auszubildende Pflegefachfrau", BEZREG),
    # health and Approbation
    ("Pflegefachmann", BEZREG),
    ("Pflegefachkraft (m/w/d)", BEZREG),
    ("Krankenpfleger", BEZREG),
    ("Gesundheits- und Krankenpflegerin", BEZREG),
    ("staff nurse", BEZREG),
    ("nurses", BEZREG),
    ("Altenpflegerinnen", BEZREG),
    ("Altenpfleger/in", BEZREG),
    ("geriatric nurse", BEZREG),
    ("Hebamme", BEZREG),
    ("midwife", BEZREG),
    ("Physiotherapeuten", BEZREG),
    ("physical therapist", BEZREG),
    ("Ergotherapeutin", BEZREG),
    ("Logopäde", BEZREG),
    ("Notfallsanitäter", BEZREG),
    ("paramedic", BEZREG),
    ("Podologin", BEZREG),
    ("Ärztin", BEZREG),
    ("Arzt", BEZREG),
    ("Fachärztin für Allgemeinmedizin", BEZREG),
    ("Dr. med. Ärztin", BEZREG),
    ("Assistenzarzt", BEZREG),
    ("medical doctor", BEZREG),
    ("general practitioner", BEZREG),
    ("surgeon", BEZREG),
    ("Zahnärztin", BEZREG),
    ("Zahnarzt (m/w/d)", BEZREG),
    ("dentist", BEZREG),
    ("Kieferorthopädin", BEZREG),
    ("Apothekerin", BEZREG),
    ("pharmacist", BEZREG),
    ("Psychotherapeutin", BEZREG),
    ("Tierärztin", None),  # veterinarians: another body decides in NRW
    # IHK occupations
    ("Koch", IHK),
    ("Köchin", IHK),
    ("Köchinnen", IHK),
    ("chef", IHK),
    ("commis chef", IHK),
    ("Hotelfachfrau", IHK),
    ("Kellnerin", IHK),
    ("waiter", IHK),
    ("Kaufmann im Einzelhandel", IHK),
    ("Verkäuferin", IHK),
    ("Bürokauffrau", IHK),
    ("Industriekaufmann", IHK),
    ("Bankkauffrau", IHK),
    ("Versicherungskaufmann", IHK),
    ("travel agent", IHK),
    ("Berufskraftfahrer", IHK),
    ("truck driver", IHK),
    ("Fachkraft für Lagerlogistik", IHK),
    ("Fachinformatiker für Anwendungsentwicklung", IHK),
    ("Industriemechaniker", IHK),
    ("Zerspanungsmechanikerin", IHK),
    ("Mechatroniker", IHK),
    ("Elektroniker für Betriebstechnik", IHK),
    ("Elektroniker für Geräte und Systeme", IHK),
    ("Werkzeugmechaniker", IHK),
    ("Chemikantin", IHK),
    ("Chemielaborant", IHK),
    ("Mediengestalterin Digital und Print", IHK),
    ("Fachkraft für Schutz und Sicherheit", IHK),
    ("security guard", IHK),
    ("Floristin", IHK),
    ("Technische Produktdesignerin", IHK),
    ("Bauzeichner", IHK),
    ("Fluggerätmechaniker", IHK),
    # crafts
    ("Elektroniker", HWK),
    ("Elektrikerin", HWK),
    ("Anlagenmechaniker SHK", HWK),
    ("Kfz-Mechatroniker", HWK),
    ("Bäcker", HWK),
    ("Bäckerin", HWK),
    ("Konditorin", HWK),
    ("Fleischer", HWK),
    ("Friseurin", HWK),
    ("hairdresser", HWK),
    ("Tischler", HWK),
    ("Schreinerin", HWK),
    ("Zimmerer", HWK),
    ("Dachdeckerin", HWK),
    ("Maler und Lackierer", HWK),
    ("Maurer", HWK),
    ("Fliesenleger", HWK),
    ("Glaser", HWK),
    ("Augenoptikerin", HWK),
    ("Zahntechniker", HWK),
    ("Fahrzeuglackierer", HWK),
    ("Straßenbauer", HWK),
    ("Schornsteinfeger", HWK),
    ("Goldschmiedin", HWK),
    ("Fotografin", HWK),
    ("Gebäudereiniger", HWK),
    ("Kosmetikerin", HWK),
    ("Maßschneiderin", HWK),
    ("Zweiradmechatroniker", HWK),
    ("Estrichleger", HWK),
    # university degrees (a comparison by the ZAB)
    ("software developer", ZAB),
    ("Softwareentwicklerin", ZAB),
    ("Junior Data Scientist", ZAB),
    ("B.Sc. Informatiker", ZAB),
    ("M.Sc. Chemiker", ZAB),
    ("Bauingenieurin", ZAB),
    ("Elektroingenieur", ZAB),
    ("Architektin", ZAB),
    ("Wirtschaftsingenieurin", ZAB),
    ("chemical engineer", ZAB),
    ("Stadtplaner", ZAB),
    ("Mathematikerin", ZAB),
    ("Biologin", ZAB),
    ("Psychologe", ZAB),
    ("economist", ZAB),
    ("Dolmetscherin", ZAB),
    ("DevOps Engineer", ZAB),
    ("Statistikerin", ZAB),
    ("Agraringenieur", ZAB),
    ("Lehrerin", None),  # teachers: another body decides
]


def test_at_least_a_hundred_spellings_are_checked() -> None:
    assert len(SPELLINGS) >= 100


@pytest.mark.parametrize(("text", "body"), SPELLINGS)
def test_each_spelling_routes_to_its_body_or_to_a_person(text: str, body: str | None) -> None:
    plan = make_plan(make_arrival(profession=text, purpose="work", qualification_country="VE"))
    steps = {step.step: step for step in plan.steps()}
    assert steps["competent_body"].required is (body is None)
    assert steps["recognition_decision"].organisation == body
