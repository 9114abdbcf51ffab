"""Catalogue of professions and the body competent for recognition (Anerkennung) in Bochum, NRW.

`named_profession` routes a free-text profession, German or English, in any gender form
("Zahnärztin", "dentist", "Köchin", "Elektroniker/in (m/w/d)"), to a `Profession`, which knows
its kind, whether it is regulated, the German level the job needs and the competent body:

- IHK training occupations -> IHK FOSA, Nürnberg (`ihk-fosa`), central for the IHKs;
- crafts (Handwerk) -> Handwerkskammer Dortmund (`hwk-dortmund`), the chamber for Bochum;
- regulated health professions (Pflege- und Gesundheitsfachberufe) and the professions with an
  Approbation (doctor, dentist, pharmacist, psychotherapist) -> Bezirksregierung Münster
  (`bezreg-muenster`), central for all of NRW;
- university degrees that lead to no regulated profession -> ZAB (`zab`), which issues a
  Zeugnisbewertung (a comparison, not a recognition).

Matching is exact on normalised spellings: a wrong competent body costs a newcomer months, so
there is no fuzzy matching for the decision. What the catalogue does not name for certain is
handed to a coordinator (the `competent_body` step), with close spellings as suggestions.
A text that names nothing as written is looked up again without what qualifies it and never
changes the body: remarks in brackets ("(RN)"), degrees ("B.Sc.", "Dr. med."), seniority,
state recognition ("staatl. anerk."), training status ("Auszubildende"), the specialty of a
medical specialist ("Facharzt für Innere Medizin" is a doctor), the field of a "Dipl.-Ing."
(its engineer), and plural endings.

Judgement calls: engineers and architects are treated as academic (ZAB), although in NRW the
titles "Ingenieur" and "Architekt" are protected by the chambers (Ingenieurkammer-Bau,
Architektenkammer). "Elektroniker" alone is the craft occupation (Energie- und Gebäudetechnik);
the industrial ones ("für Betriebstechnik", "für Automatisierungstechnik") are IHK occupations,
as is "Mechatroniker" (the craft is "Kfz-Mechatroniker"). A bare "Anlagenmechaniker" (IHK or
SHK craft?) is deliberately not known. "Carpenter" is the Tischler (as "joiner"), the Zimmerer
is "timber carpenter". "Chemist" is the academic chemist, not the British pharmacist. Teachers,
educators (Erzieher) and chamber-regulated occupations (MFA, ZFA, Steuerfachangestellte) are
left out: other bodies decide for them, as for veterinarians (not the Bezirksregierung Münster
in NRW). "Toolmaker" is the craft's Feinwerkmechaniker; the IHK's Werkzeugmechaniker is "tool
mechanic". A "Betriebswirt" is the economist; "business administration graduate" names the
degree. Translators are compared by the ZAB; sworn translators are appointed by the courts,
which is no recognition. "Care trainee" (Pflege-Azubi) is no profession here
either: trainees come for a German training (§16a AufenthG) and have nothing to recognise.

The catalogue holds the Bundesagentur für Arbeit's shortage occupations (Engpassanalyse 2023
and 2024: care, health, crafts of building and building services, vehicle and metal trades,
professional drivers, IT, engineering) and the professions of the seed, each in German and
English with its usual variants.

Sources: unternehmen-berufsanerkennung.de and anerkennung-in-deutschland.de (who decides),
bezreg-muenster.de (Zentrale Anerkennungsstelle für Gesundheitsberufe: Approbation and
Pflege- und Gesundheitsfachberufe), Bundesagentur für Arbeit, Engpassanalyse (shortage
occupations), BERUFENET (official names).
"""

import difflib
import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum

from models.levels import GermanLevel


class ProfessionKind(StrEnum):
    IHK = "ihk"  # IHK training occupation
    CRAFT = "craft"  # Handwerk
    HEALTH = "health"  # regulated health profession
    APPROBATION = "approbation"  # doctor, dentist, pharmacist, psychotherapist
    ACADEMIC = "academic"  # university degree, not regulated


COMPETENT_BODY: dict[ProfessionKind, str] = {
    ProfessionKind.IHK: "ihk-fosa",
    ProfessionKind.CRAFT: "hwk-dortmund",
    ProfessionKind.HEALTH: "bezreg-muenster",
    ProfessionKind.APPROBATION: "bezreg-muenster",
    ProfessionKind.ACADEMIC: "zab",
}

_REGULATED: frozenset[ProfessionKind] = frozenset(
    {ProfessionKind.HEALTH, ProfessionKind.APPROBATION}
)
_GERMAN_NEEDED: dict[ProfessionKind, GermanLevel] = {
    ProfessionKind.APPROBATION: GermanLevel.C1,  # medical German (Fachsprachprüfung)
    ProfessionKind.HEALTH: GermanLevel.B2,
}
_DEFAULT_GERMAN = GermanLevel.B1


@dataclass(frozen=True)
class Profession:
    key: str  # stable snake_case id, e.g. "dentist", "cook"
    name_de: str  # e.g. "Zahnärztin/Zahnarzt"
    name_en: str  # e.g. "dentist"
    kind: ProfessionKind
    regulated: bool
    german_needed: GermanLevel

    @property
    def competent_body(self) -> str:
        """Id of the organisation that decides on recognition, e.g. "bezreg-muenster"."""
        return COMPETENT_BODY[self.kind]


_IHK = ProfessionKind.IHK
_CRAFT = ProfessionKind.CRAFT
_HEALTH = ProfessionKind.HEALTH
_APPROBATION = ProfessionKind.APPROBATION
_ACADEMIC = ProfessionKind.ACADEMIC

# key, name_de, name_en, kind, variants ("; "-separated). name_de and name_en are variants too.
# In variants "/in", "/r" and "mann/-frau" stand for both gender forms ("Koch/in" would not:
# the female form is "Köchin", so it is listed on its own).
# fmt: off
_TABLE: tuple[tuple[str, str, str, ProfessionKind, str], ...] = (
    # --- IHK training occupations -> IHK FOSA
    ("cook", "Köchin/Koch", "cook", _IHK, "Koch; Köchin; Jungkoch; Jungköchin; chef; commis chef"),
    ("hotel_specialist", "Hotelfachmann/-frau", "hotel specialist", _IHK, "hotel clerk"),
    ("restaurant_specialist", "Fachmann/-frau für Restaurants und Veranstaltungsgastronomie",
     "restaurant specialist", _IHK, "Restaurantfachmann/-frau; Kellner/in; waiter; waitress"),
    ("gastronomy_specialist", "Fachkraft für Gastronomie", "gastronomy specialist", _IHK,
     "Fachkraft im Gastgewerbe; hospitality worker"),
    ("retail_clerk", "Kaufmann/-frau im Einzelhandel", "retail clerk", _IHK,
     "Einzelhandelskaufmann/-frau; retail specialist; retail management assistant"),
    ("sales_assistant", "Verkäuferin/Verkäufer", "sales assistant", _IHK,
     "Verkäufer/in; shop assistant; salesperson; sales clerk"),
    ("office_clerk", "Kaufmann/-frau für Büromanagement", "office management clerk", _IHK,
     "Bürokaufmann/-frau; Kaufmann/-frau für Bürokommunikation; office clerk; office assistant"),
    ("industrial_clerk", "Industriekaufmann/-frau", "industrial clerk", _IHK,
     "industrial business management assistant"),
    ("wholesale_clerk", "Kaufmann/-frau für Groß- und Außenhandelsmanagement",
     "wholesale and foreign trade clerk", _IHK, "Groß- und Außenhandelskaufmann/-frau"),
    ("freight_forwarder", "Kaufmann/-frau für Spedition und Logistikdienstleistung",
     "freight forwarding clerk", _IHK, "Speditionskaufmann/-frau; freight forwarder"),
    ("professional_driver", "Berufskraftfahrerin/Berufskraftfahrer", "professional driver", _IHK,
     "Berufskraftfahrer/in; Kraftfahrer/in; LKW-Fahrer/in; Lastwagenfahrer/in; Busfahrer/in; "
     "truck driver; lorry driver; HGV driver; bus driver; coach driver"),
    ("warehouse_logistics", "Fachkraft für Lagerlogistik", "warehouse logistics specialist", _IHK,
     "Lagerlogistiker/in; logistics specialist; warehouse clerk"),
    ("warehouse_operator", "Fachlageristin/Fachlagerist", "warehouse operator", _IHK,
     "Fachlagerist/in; Lagerist/in; warehouse operative; warehouse worker; stock keeper"),
    ("it_specialist", "Fachinformatikerin/Fachinformatiker", "IT specialist", _IHK,
     "Fachinformatiker/in; Fachinformatiker/in für Anwendungsentwicklung; "
     "Fachinformatiker/in für Systemintegration; Fachinformatiker/in für Daten- und "
     "Prozessanalyse; Fachinformatiker/in für digitale Vernetzung; IT technician"),
    ("industrial_mechanic", "Industriemechaniker/in", "industrial mechanic", _IHK,
     "Maschinenschlosser/in; Betriebsschlosser/in"),
    ("machining_mechanic", "Zerspanungsmechaniker/in", "cutting machine operator", _IHK,
     "Dreher/in; Fräser/in; CNC-Fräser/in; CNC-Dreher/in; machinist; CNC machinist; "
     "CNC operator; machining technician; turner"),
    ("construction_mechanic", "Konstruktionsmechaniker/in", "construction mechanic", _IHK,
     "Schweißer/in; welder; structural steel mechanic"),
    ("mechatronics_technician", "Mechatroniker/in", "mechatronics technician", _IHK,
     "mechatronics fitter; mechatronic technician"),
    ("industrial_electrician", "Elektroniker/in für Betriebstechnik", "industrial electrician",
     _IHK, "Betriebselektriker/in; electronics technician for industrial engineering"),
    ("automation_technician", "Elektroniker/in für Automatisierungstechnik",
     "automation technician", _IHK, "electronics technician for automation technology"),
    ("device_electronics_technician", "Elektroniker/in für Geräte und Systeme",
     "electronics technician for devices and systems", _IHK, "device electronics technician"),
    ("machine_operator", "Maschinen- und Anlagenführer/in", "machine and plant operator", _IHK,
     "Maschinenführer/in; Anlagenführer/in; machine operator"),
    ("plastics_technician", "Verfahrensmechaniker/in für Kunststoff- und Kautschuktechnik",
     "plastics and rubber process mechanic", _IHK, "Kunststoffverarbeiter/in; plastics technician"),
    ("chemical_lab_assistant", "Chemielaborant/in", "chemical laboratory assistant", _IHK,
     "chemical lab assistant; chemical lab technician; chemistry lab technician"),
    ("chemical_operator", "Chemikant/in", "chemical production technician", _IHK,
     "chemical operator; chemical plant operator"),
    ("bank_clerk", "Bankkaufmann/-frau", "bank clerk", _IHK, "bank officer; banking clerk"),
    ("insurance_clerk", "Kaufmann/-frau für Versicherungen und Finanzanlagen", "insurance clerk",
     _IHK, "Versicherungskaufmann/-frau; insurance agent; insurance and finance clerk"),
    ("real_estate_clerk", "Immobilienkaufmann/-frau", "real estate clerk", _IHK,
     "real estate agent clerk; property management clerk"),
    ("tourism_clerk", "Tourismuskaufmann/-frau", "tourism clerk", _IHK,
     "Reiseverkehrskaufmann/-frau; travel agent; travel clerk"),
    ("healthcare_clerk", "Kaufmann/-frau im Gesundheitswesen", "healthcare clerk", _IHK,
     "healthcare management assistant"),
    ("marketing_clerk", "Kaufmann/-frau für Marketingkommunikation", "marketing clerk", _IHK,
     "marketing communications clerk"),
    ("ecommerce_clerk", "Kaufmann/-frau im E-Commerce", "e-commerce clerk", _IHK,
     "e-commerce specialist"),
    ("system_catering_specialist", "Fachmann/-frau für Systemgastronomie",
     "system catering specialist", _IHK, "Systemgastronom/in; fast food restaurant manager"),
    ("media_designer", "Mediengestalter/in Digital und Print", "media designer", _IHK,
     "Mediengestalter/in; graphic designer; digital and print media designer"),
    ("security_specialist", "Fachkraft für Schutz und Sicherheit", "security specialist", _IHK,
     "Servicekraft für Schutz und Sicherheit; security guard; security officer"),
    ("courier_specialist", "Fachkraft für Kurier-, Express- und Postdienstleistungen",
     "courier and postal services specialist", _IHK, "postal worker; courier"),
    ("event_technician", "Fachkraft für Veranstaltungstechnik", "event technician", _IHK,
     "Veranstaltungstechniker/in; stage technician"),
    ("product_designer", "Technische/r Produktdesigner/in", "technical product designer", _IHK,
     "Technische/r Zeichner/in; technical draughtsman; technical draftsman; CAD drafter"),
    ("system_planner", "Technische/r Systemplaner/in", "technical system planner", _IHK,
     "building services draughtsman"),
    ("construction_draughtsman", "Bauzeichner/in", "construction draughtsman", _IHK,
     "architectural draughtsman; construction drafter"),
    ("it_systems_electronics_technician", "Elektroniker/in für Informations- und Systemtechnik",
     "IT systems electronics technician", _IHK, "IT-System-Elektroniker/in"),
    ("tool_mechanic", "Werkzeugmechaniker/in", "tool mechanic", _IHK,
     "die maker; tool and die maker"),
    ("production_mechanic", "Fertigungsmechaniker/in", "production mechanic", _IHK,
     "assembly mechanic"),
    ("aircraft_mechanic", "Fluggerätmechaniker/in", "aircraft mechanic", _IHK,
     "aircraft maintenance technician; aviation mechanic"),
    ("foundry_mechanic", "Gießereimechaniker/in", "foundry mechanic", _IHK, "foundry worker"),
    ("food_technologist", "Fachkraft für Lebensmitteltechnik", "food technology specialist",
     _IHK, "food production technician"),
    ("chemical_production_worker", "Produktionsfachkraft Chemie", "chemical production worker",
     _IHK, "chemical production specialist"),
    ("pipe_sewer_service_specialist", "Fachkraft für Rohr-, Kanal- und Industrieservice",
     "pipe, sewer and industrial service specialist", _IHK, "sewer maintenance technician"),
    ("electrical_equipment_fitter", "Elektroanlagenmonteur/in", "electrical equipment fitter",
     _IHK, "electrical fitter"),
    ("florist", "Florist/in", "florist", _IHK, "Blumenbinder/in; flower arranger"),
    ("druggist", "Drogist/in", "druggist", _IHK, "drugstore clerk"),
    # --- crafts (Handwerk) -> Handwerkskammer Dortmund
    ("electrician", "Elektronikerin/Elektroniker", "electrician", _CRAFT,
     "Elektroniker/in; Elektroniker/in für Energie- und Gebäudetechnik; Elektriker/in; "
     "Elektroinstallateur/in; electrical installer; "
     "electronics technician for energy and building technology"),
    ("information_electronics_technician", "Informationselektroniker/in",
     "information electronics technician", _CRAFT, "IT electronics technician"),
    ("plumber", "Anlagenmechaniker/in für Sanitär-, Heizungs- und Klimatechnik", "plumber", _CRAFT,
     "Anlagenmechaniker/in SHK; SHK-Anlagenmechaniker/in; Installateur/in und Heizungsbauer/in; "
     "Gas- und Wasserinstallateur/in; Sanitärinstallateur/in; Heizungsbauer/in; "
     "Heizungsinstallateur/in; heating installer; HVAC technician; "
     "plumbing and heating technician"),
    ("sheet_metal_worker", "Klempnerin/Klempner", "sheet metal worker", _CRAFT,
     "Klempner/in; Spengler/in; Flaschner/in; tinsmith"),
    ("refrigeration_technician", "Mechatroniker/in für Kältetechnik", "refrigeration technician",
     _CRAFT, "Kälteanlagenbauer/in; refrigeration mechanic; refrigeration mechatronics technician"),
    ("car_mechatronics_technician", "Kfz-Mechatroniker/in", "automotive mechatronics technician",
     _CRAFT, "Kraftfahrzeugmechatroniker/in; Kfz-Mechaniker/in; Kraftfahrzeugmechaniker/in; "
     "Automechaniker/in; car mechanic; auto mechanic; automotive mechanic; automotive technician; "
     "car mechatronics technician; motor vehicle mechatronics technician"),
    ("vehicle_body_mechanic", "Karosserie- und Fahrzeugbaumechaniker/in", "vehicle body mechanic",
     _CRAFT, "Karosseriebauer/in; car body mechanic; panel beater; auto body technician"),
    ("agricultural_machinery_mechanic", "Land- und Baumaschinenmechatroniker/in",
     "agricultural and construction machinery mechatronics technician", _CRAFT,
     "Landmaschinenmechaniker/in; agricultural machinery mechanic"),
    ("metalworker", "Metallbauer/in", "metalworker", _CRAFT,
     "Schlosser/in; metal worker; metal construction technician"),
    ("precision_mechanic", "Feinwerkmechaniker/in", "precision mechanic", _CRAFT, "toolmaker"),
    ("baker", "Bäckerin/Bäcker", "baker", _CRAFT, "Bäcker/in"),
    ("confectioner", "Konditorin/Konditor", "confectioner", _CRAFT,
     "Konditor/in; pastry chef; patissier"),
    ("butcher", "Fleischerin/Fleischer", "butcher", _CRAFT,
     "Fleischer/in; Metzger/in; Schlachter/in"),
    ("hairdresser", "Friseurin/Friseur", "hairdresser", _CRAFT,
     "Friseur/in; Frisör/in; Friseuse; barber; hairstylist; hair stylist"),
    ("joiner", "Tischlerin/Tischler", "joiner", _CRAFT,
     "Tischler/in; Schreiner/in; carpenter; cabinet maker; cabinetmaker; furniture maker"),
    ("timber_carpenter", "Zimmerin/Zimmerer", "timber carpenter", _CRAFT,
     "Zimmerer/in; Zimmermann; roof carpenter; timber framer"),
    ("roofer", "Dachdeckerin/Dachdecker", "roofer", _CRAFT, "Dachdecker/in"),
    ("painter", "Maler/in und Lackierer/in", "painter and varnisher", _CRAFT,
     "Maler/in; Lackierer/in; Anstreicher/in; painter; decorator; painter and decorator"),
    ("bricklayer", "Maurerin/Maurer", "bricklayer", _CRAFT,
     "Maurer/in; Maurer/in und Betonbauer/in; Betonbauer/in; mason; concrete builder"),
    ("scaffolder", "Gerüstbauerin/Gerüstbauer", "scaffolder", _CRAFT, "Gerüstbauer/in"),
    ("tiler", "Fliesen-, Platten- und Mosaikleger/in", "tiler", _CRAFT,
     "Fliesenleger/in; tile layer; tile setter"),
    ("plasterer", "Stuckateurin/Stuckateur", "plasterer", _CRAFT, "Stuckateur/in; Verputzer/in"),
    ("glazier", "Glaserin/Glaser", "glazier", _CRAFT, "Glaser/in"),
    ("optician", "Augenoptikerin/Augenoptiker", "optician", _CRAFT,
     "Augenoptiker/in; Optiker/in; dispensing optician"),
    ("hearing_aid_acoustician", "Hörakustikerin/Hörakustiker", "hearing aid acoustician", _CRAFT,
     "Hörakustiker/in; hearing aid technician"),
    ("dental_technician", "Zahntechnikerin/Zahntechniker", "dental technician", _CRAFT,
     "Zahntechniker/in"),
    ("orthopaedic_technician", "Orthopädietechnik-Mechaniker/in", "orthopaedic technician", _CRAFT,
     "Orthopädietechniker/in; orthopedic technician; orthotist; prosthetist"),
    ("vehicle_painter", "Fahrzeuglackierer/in", "vehicle painter", _CRAFT,
     "Autolackierer/in; car painter; automotive painter"),
    ("bicycle_mechanic", "Zweiradmechatroniker/in", "bicycle and motorcycle mechanic", _CRAFT,
     "Fahrradmechaniker/in; Motorradmechaniker/in; bicycle mechanic; motorcycle mechanic"),
    ("screed_layer", "Estrichleger/in", "screed layer", _CRAFT, "screed installer"),
    ("concrete_worker", "Beton- und Stahlbetonbauer/in", "concrete and reinforced concrete builder",
     _CRAFT, "Stahlbetonbauer/in; reinforced concrete worker"),
    ("road_builder", "Straßenbauer/in", "road builder", _CRAFT,
     "road construction worker; road worker"),
    ("chimney_sweep", "Schornsteinfeger/in", "chimney sweep", _CRAFT, "chimney sweeper"),
    ("stonemason", "Steinmetz/in und Steinbildhauer/in", "stonemason", _CRAFT,
     "Steinmetz; Steinmetzin; stone carver"),
    ("interior_decorator", "Raumausstatter/in", "interior decorator", _CRAFT,
     "upholsterer; interior furnisher"),
    ("parquet_layer", "Parkettleger/in", "parquet layer", _CRAFT, "floor layer; parquet fitter"),
    ("shutter_mechatronics_technician", "Rollladen- und Sonnenschutzmechatroniker/in",
     "shutter and sun protection mechatronics technician", _CRAFT, "shutter installer"),
    ("goldsmith", "Goldschmied/in", "goldsmith", _CRAFT, "Goldschmied; jeweller; jeweler"),
    ("watchmaker", "Uhrmacher/in", "watchmaker", _CRAFT, "clockmaker"),
    ("tailor", "Maßschneider/in", "tailor", _CRAFT, "Schneider/in; dressmaker; seamstress"),
    ("photographer", "Fotograf/in", "photographer", _CRAFT, "Fotograf; Fotografin"),
    ("building_cleaner", "Gebäudereiniger/in", "building cleaner", _CRAFT,
     "building cleaning specialist; commercial cleaner"),
    ("beautician", "Kosmetiker/in", "beautician", _CRAFT, "cosmetician; beauty therapist"),
    ("orthopaedic_shoemaker", "Orthopädieschuhmacher/in", "orthopaedic shoemaker", _CRAFT,
     "orthopedic shoemaker"),
    ("shoemaker", "Schuhmacher/in", "shoemaker", _CRAFT, "cobbler"),
    ("electric_machine_builder", "Elektromaschinenbauer/in", "electric machine builder", _CRAFT,
     "electric motor repairer"),
    ("container_builder", "Behälter- und Apparatebauer/in", "tank and apparatus builder", _CRAFT,
     "Apparatebauer/in; tank builder"),
    ("boat_builder", "Bootsbauer/in", "boat builder", _CRAFT, "shipwright"),
    ("stove_builder", "Ofen- und Luftheizungsbauer/in", "stove and hot-air heating builder",
     _CRAFT, "Ofenbauer/in; stove fitter"),
    # --- regulated health professions -> Bezirksregierung Münster (ZAG-PuG)
    ("nurse", "Pflegefachfrau/Pflegefachmann", "nurse", _HEALTH,
     "Pflegefachfrau/-mann; Pflegefachperson; Pflegefachkraft; Gesundheits- und "
     "Krankenpfleger/in; Krankenpfleger/in; Krankenschwester; registered nurse; general nurse; "
     "staff nurse; nursing professional; nursing specialist"),
    ("geriatric_nurse", "Altenpflegerin/Altenpfleger", "geriatric nurse", _HEALTH,
     "Altenpfleger/in; Altenpflegefachkraft; elderly care nurse; geriatric care nurse; "
     "aged care nurse"),
    ("paediatric_nurse", "Gesundheits- und Kinderkrankenpfleger/in", "paediatric nurse", _HEALTH,
     "Kinderkrankenpfleger/in; Kinderkrankenschwester; pediatric nurse; children's nurse"),
    ("nursing_assistant", "Pflegefachassistent/in", "nursing assistant", _HEALTH,
     "Pflegeassistent/in; Gesundheits- und Krankenpflegeassistent/in; Krankenpflegeassistent/in; "
     "Krankenpflegehelfer/in; Altenpflegehelfer/in; nurse assistant; assistant nurse"),
    ("physiotherapist", "Physiotherapeutin/Physiotherapeut", "physiotherapist", _HEALTH,
     "Physiotherapeut/in; Krankengymnast/in; physical therapist; physio"),
    ("massage_therapist", "Masseur/in und medizinische/r Bademeister/in", "massage therapist",
     _HEALTH, "Masseur/in; masseur; masseuse"),
    ("midwife", "Hebamme", "midwife", _HEALTH, "Entbindungspfleger; male midwife"),
    ("occupational_therapist", "Ergotherapeutin/Ergotherapeut", "occupational therapist", _HEALTH,
     "Ergotherapeut/in; Beschäftigungstherapeut/in"),
    ("speech_therapist", "Logopädin/Logopäde", "speech therapist", _HEALTH,
     "Logopäde; Logopädin; speech and language therapist; speech-language pathologist; "
     "speech pathologist"),
    ("paramedic", "Notfallsanitäterin/Notfallsanitäter", "paramedic", _HEALTH,
     "Notfallsanitäter/in; Rettungsassistent/in; emergency paramedic"),
    ("medical_technologist", "Medizinische/r Technologe/Technologin (MTA)",
     "medical technologist", _HEALTH,
     "MTA; Medizinisch-technische/r Assistent/in; Medizinischer Technologe; "
     "Medizinische Technologin; medical technical assistant"),
    ("medical_lab_technologist", "Medizinische/r Technologe/Technologin für Laboratoriumsanalytik",
     "medical laboratory technologist", _HEALTH,
     "MT-L; MTL; MTLA; Medizinischer Technologe für Laboratoriumsanalytik; Medizinische "
     "Technologin für Laboratoriumsanalytik; Medizinisch-technische/r Laboratoriumsassistent/in; "
     "medical laboratory technician; medical lab technologist; biomedical scientist"),
    ("radiology_technologist", "Medizinische/r Technologe/Technologin für Radiologie",
     "radiology technologist", _HEALTH,
     "MT-R; MTR; MTRA; Medizinischer Technologe für Radiologie; Medizinische Technologin für "
     "Radiologie; Medizinisch-technische/r Radiologieassistent/in; radiographer; "
     "radiologic technologist; radiology technician; x-ray technician"),
    ("functional_diagnostics_technologist",
     "Medizinische/r Technologe/Technologin für Funktionsdiagnostik",
     "functional diagnostics technologist", _HEALTH,
     "MT-F; MTF; MTAF; Medizinischer Technologe für Funktionsdiagnostik; Medizinische "
     "Technologin für Funktionsdiagnostik; Medizinisch-technische/r Assistent/in für "
     "Funktionsdiagnostik"),
    ("surgical_technologist", "Operationstechnische/r Assistent/in", "surgical technologist",
     _HEALTH, "OTA; surgical technician; operating room technician; operating theatre technician"),
    ("anaesthesia_technician", "Anästhesietechnische/r Assistent/in", "anaesthesia technician",
     _HEALTH, "ATA; anesthesia technician; anaesthetic technician"),
    ("pharmacy_technician", "Pharmazeutisch-technische/r Assistent/in", "pharmacy technician",
     _HEALTH, "PTA; pharmaceutical technical assistant; pharmaceutical technician"),
    ("dietitian", "Diätassistentin/Diätassistent", "dietitian", _HEALTH,
     "Diätassistent/in; dietician"),
    ("podiatrist", "Podologin/Podologe", "podiatrist", _HEALTH,
     "Podologe; Podologin; chiropodist; medizinische/r Fußpfleger/in"),
    ("orthoptist", "Orthoptistin/Orthoptist", "orthoptist", _HEALTH, "Orthoptist/in"),
    # --- Approbation -> Bezirksregierung Münster (ZAG)
    ("doctor", "Ärztin/Arzt", "doctor", _APPROBATION,
     "Arzt; Ärztin; Mediziner/in; Humanmediziner/in; Facharzt; Fachärztin; Assistenzarzt; "
     "Assistenzärztin; Allgemeinmediziner/in; Chirurg/in; Internist/in; physician; "
     "medical doctor; general practitioner; GP; surgeon"),
    ("dentist", "Zahnärztin/Zahnarzt", "dentist", _APPROBATION,
     "Zahnarzt; Zahnärztin; Zahnmediziner/in; Kieferorthopäde; Kieferorthopädin; "
     "dental surgeon; dental practitioner; orthodontist"),
    ("pharmacist", "Apothekerin/Apotheker", "pharmacist", _APPROBATION,
     "Apotheker/in; Pharmazeut/in; dispensing chemist"),
    ("psychotherapist", "Psychotherapeutin/Psychotherapeut", "psychotherapist", _APPROBATION,
     "Psychotherapeut/in; Psychologische/r Psychotherapeut/in; "
     "Kinder- und Jugendlichenpsychotherapeut/in"),
    # --- university degrees without a regulated profession -> ZAB
    ("software_developer", "Softwareentwicklerin/Softwareentwickler", "software developer",
     _ACADEMIC, "Softwareentwickler/in; Software-Entwickler/in; Programmierer/in; Informatiker/in; "
     "Webentwickler/in; software engineer; programmer; computer scientist; web developer"),
    ("business_informatics_specialist", "Wirtschaftsinformatikerin/Wirtschaftsinformatiker",
     "business informatics specialist", _ACADEMIC,
     "Wirtschaftsinformatiker/in; business information systems specialist"),
    ("data_scientist", "Data Scientist", "data scientist", _ACADEMIC,
     "Datenwissenschaftler/in; Datenanalyst/in; data analyst"),
    ("engineer", "Ingenieurin/Ingenieur", "engineer", _ACADEMIC,
     "Ingenieur/in; Diplom-Ingenieur/in; Dipl.-Ing."),
    ("mechanical_engineer", "Maschinenbauingenieurin/Maschinenbauingenieur", "mechanical engineer",
     _ACADEMIC, "Maschinenbauingenieur/in; Ingenieur/in für Maschinenbau"),
    ("electrical_engineer", "Elektroingenieurin/Elektroingenieur", "electrical engineer", _ACADEMIC,
     "Elektroingenieur/in; Ingenieur/in für Elektrotechnik; electronics engineer"),
    ("civil_engineer", "Bauingenieurin/Bauingenieur", "civil engineer", _ACADEMIC,
     "Bauingenieur/in; structural engineer"),
    ("architect", "Architektin/Architekt", "architect", _ACADEMIC, "Architekt/in"),
    ("economist", "Wirtschaftswissenschaftlerin/Wirtschaftswissenschaftler", "economist",
     _ACADEMIC, "Wirtschaftswissenschaftler/in; Ökonom/in; Volkswirt/in; Betriebswirt/in; "
     "business economist"),
    ("chemist", "Chemikerin/Chemiker", "chemist", _ACADEMIC, "Chemiker/in"),
    ("mathematician", "Mathematikerin/Mathematiker", "mathematician", _ACADEMIC,
     "Mathematiker/in"),
    ("physicist", "Physikerin/Physiker", "physicist", _ACADEMIC, "Physiker/in"),
    ("biologist", "Biologin/Biologe", "biologist", _ACADEMIC, "Biologe; Biologin"),
    ("psychologist", "Psychologin/Psychologe", "psychologist", _ACADEMIC,
     "Psychologe; Psychologin"),
    ("industrial_engineer", "Wirtschaftsingenieurin/Wirtschaftsingenieur",
     "industrial engineer", _ACADEMIC, "Wirtschaftsingenieur/in; engineering economist"),
    ("process_engineer", "Verfahrensingenieurin/Verfahrensingenieur", "process engineer",
     _ACADEMIC, "Verfahrensingenieur/in; Verfahrenstechniker/in; chemical engineer; "
     "Chemieingenieur/in"),
    ("materials_engineer", "Werkstoffingenieurin/Werkstoffingenieur", "materials engineer",
     _ACADEMIC, "Werkstoffingenieur/in; Werkstoffwissenschaftler/in; materials scientist"),
    ("environmental_engineer", "Umweltingenieurin/Umweltingenieur", "environmental engineer",
     _ACADEMIC, "Umweltingenieur/in; Umwelttechniker/in"),
    ("aerospace_engineer", "Luft- und Raumfahrtingenieurin/Luft- und Raumfahrtingenieur",
     "aerospace engineer", _ACADEMIC, "Luft- und Raumfahrtingenieur/in; aeronautical engineer"),
    ("mechatronics_engineer", "Mechatronikingenieurin/Mechatronikingenieur",
     "mechatronics engineer", _ACADEMIC, "Mechatronikingenieur/in; Ingenieur/in für Mechatronik"),
    ("transport_engineer", "Verkehrsingenieurin/Verkehrsingenieur", "transport engineer",
     _ACADEMIC, "Verkehrsingenieur/in; traffic engineer"),
    ("urban_planner", "Stadtplanerin/Stadtplaner", "urban planner", _ACADEMIC,
     "Stadtplaner/in; Raumplaner/in; town planner; city planner"),
    ("statistician", "Statistikerin/Statistiker", "statistician", _ACADEMIC, "Statistiker/in"),
    ("geologist", "Geologin/Geologe", "geologist", _ACADEMIC, "Geologe; Geologin; geoscientist"),
    ("geographer", "Geografin/Geograf", "geographer", _ACADEMIC,
     "Geograf; Geografin; Geograph; Geographin"),
    ("biochemist", "Biochemikerin/Biochemiker", "biochemist", _ACADEMIC, "Biochemiker/in"),
    ("biotechnologist", "Biotechnologin/Biotechnologe", "biotechnologist", _ACADEMIC,
     "Biotechnologe; Biotechnologin; biotechnology engineer"),
    ("agricultural_scientist", "Agrarwissenschaftlerin/Agrarwissenschaftler",
     "agricultural scientist", _ACADEMIC, "Agrarwissenschaftler/in; Agraringenieur/in; "
     "agronomist; agricultural engineer"),
    ("business_administrator", "Betriebswirtin/Betriebswirt (Hochschule)",
     "business administration graduate", _ACADEMIC,
     "business administrator; business graduate; management graduate"),
    ("it_security_specialist", "IT-Sicherheitsspezialistin/IT-Sicherheitsspezialist",
     "IT security specialist", _ACADEMIC, "IT-Sicherheitsexpert/in; cyber security specialist; "
     "security engineer; information security analyst"),
    ("systems_administrator", "Systemadministratorin/Systemadministrator",
     "systems administrator", _ACADEMIC, "Systemadministrator/in; system administrator; "
     "network administrator; DevOps engineer"),
    ("translator", "Übersetzerin/Übersetzer (Hochschule)", "translator", _ACADEMIC,
     "translator; interpreter; Dolmetscher/in"),
)
# fmt: on


def _profession(key: str, name_de: str, name_en: str, kind: ProfessionKind) -> Profession:
    """Build a profession; regulation and the German level follow from its kind."""
    german = _GERMAN_NEEDED.get(kind, _DEFAULT_GERMAN)
    return Profession(key, name_de, name_en, kind, kind in _REGULATED, german)


PROFESSIONS: tuple[Profession, ...] = tuple(_profession(*row[:4]) for row in _TABLE)

VARIANTS: dict[str, tuple[str, ...]] = {
    key: (de, en, *(v.strip() for v in variants.split(";"))) for key, de, en, _, variants in _TABLE
}
"""The spellings each profession is known by, by profession key (as written, not normalised)."""


# --- normalisation -------------------------------------------------------------------------

_UMLAUTS_AE = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
_UMLAUTS_PLAIN = str.maketrans({"ä": "a", "ö": "o", "ü": "u", "ß": "ss"})
_GENDER_TAG = re.compile(
    r"\(\s*[a-z]{1,3}(?:\s*[/|,]\s*[a-z]{1,3})+\s*\)"  # (m/w/d), (w/m/d), (m/f/d)
    r"|\b[mwfd]/[mwfd]/[mwfdx]\b"  # m/w/d without brackets
)
# Gender notations, each with the male and the female replacement.
_GENDER_FORMS: tuple[tuple[re.Pattern[str], str, str], ...] = (
    (re.compile(r"(?:mann|frau)\s*/\s*-?\s*\w*?(?:mann|frau)\b"), "mann", "frau"),  # Kaufmann/-frau
    (re.compile(r"(?:\s*/\s*-?\s*|[*:_-])in\b|\(in\)"), "", "in"),  # Elektroniker/in, *in, :in
    (re.compile(r"/r\b|\(r\)"), "r", ""),  # Medizinische/r
)


def _fold(text: str, umlauts: dict[int, str]) -> str:
    """Lowercase, spell out umlauts and ß, drop other accents and gender tags like (m/w/d)."""
    text = unicodedata.normalize("NFC", text).lower().translate(umlauts)
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return _GENDER_TAG.sub(" ", text)


def _tidy(text: str) -> str:
    """Turn punctuation and hyphens into spaces (keeping "/"), collapse whitespace."""
    text = re.sub(r"[^\w/]+|_", " ", text)
    return re.sub(r"\s*/\s*", "/", " ".join(text.split())).strip("/")


def _gender_forms(text: str) -> tuple[str, str]:
    """The male and the female reading of a text with gender notations."""
    male, female = text, text
    for pattern, male_repl, female_repl in _GENDER_FORMS:
        male, female = pattern.sub(male_repl, male), pattern.sub(female_repl, female)
    return male, female


def normalised_forms(text: str, *, plain_umlauts: bool = False) -> frozenset[str]:
    """The normalised spellings of `text` that `named_profession` compares, e.g.
    "Elektroniker/in (m/w/d)" -> {"elektroniker", "elektronikerin"}.

    With `plain_umlauts` the umlauts lose their dots ("Zahnärztin" -> "zahnarztin") instead
    of being spelled out ("zahnaerztin"), for people who type without umlauts.
    """
    folded = _fold(text, _UMLAUTS_PLAIN if plain_umlauts else _UMLAUTS_AE)
    return frozenset(form for form in map(_tidy, _gender_forms(folded)) if form)


# --- index and lookup ------------------------------------------------------------------------


def _build_index() -> dict[str, Profession]:
    """Map every normalised spelling to its profession; a spelling shared by two is a bug."""
    index: dict[str, Profession] = {}
    for profession in PROFESSIONS:
        for variant in VARIANTS[profession.key]:
            forms = normalised_forms(variant) | normalised_forms(variant, plain_umlauts=True)
            for form in forms:
                other = index.setdefault(form, profession)
                if other is not profession:
                    raise ValueError(f"{form!r} names both {other.key} and {profession.key}")
    return index


_INDEX: dict[str, Profession] = _build_index()


def _matches(text: str) -> set[Profession]:
    """Professions named by `text`: as written, else once what qualifies it is set aside."""
    return _named(normalised_forms(text)) or _named(_unqualified(text))


def _named(forms: frozenset[str]) -> set[Profession]:
    """Professions named by these forms: as a whole, else by every part of "Köchin/Koch"."""
    whole = {_INDEX[form] for form in forms if form in _INDEX}
    if whole:
        return whole
    parts = [part for form in forms for part in form.split("/")]
    if len(parts) > len(forms) and all(part in _INDEX for part in parts):
        return {_INDEX[part] for part in parts}
    return set()


# --- what qualifies a profession without changing who recognises it --------------------------

# A remark in brackets: "Registered Nurse (RN)", "Köchin (Vollzeit)".
_REMARK = re.compile(r"\([^)]*\)")
# On normalised forms ("dipl ing maschinenbau"): degrees, seniority, state recognition and
# training status say nothing about which body decides.
_QUALIFIERS = re.compile(
    r"\b(?:"
    r"[bm] ?(?:sc|a|eng)|mba|phd|dr(?: med(?: dent)?| rer nat| phil)?"
    r"|dipl(?:om)?(?: (?:kfm|kffr|kauffrau|kaufmann|psych|inf))?"
    r"|staatl(?:ich)? (?:anerk|gepr)\w*"
    r"|senior|junior|lead|principal|chief"
    r"|auszubildende\w*|azubi|in ausbildung|in weiterbildung|trainee|apprentice"
    r")\b"
)
# "Facharzt für Innere Medizin": every medical specialist is a doctor (one Approbation).
_SPECIALIST = re.compile(r"\b(fach(?:arzt|aerztin|arztin)) (?:fuer|fur|der|in) .+$")
# "Dipl.-Ing. Maschinenbau": an engineer of that field.
_ENGINEER_OF = re.compile(r"^(?:dipl(?:om)? )?ing(?:enieur(?:in)?)? (\w+)$")


def _unqualified(text: str) -> frozenset[str]:
    """The forms of `text` without remarks, degrees, seniority and the like, with medical
    specialists as doctors, engineers of a field as that field's engineers, and plurals as
    their singulars; each a spelling to look up, never a guess at a near one."""
    forms = set()
    for form in normalised_forms(_REMARK.sub(" ", text)):
        form = " ".join(_SPECIALIST.sub(r"\1", form).split())
        if field := _ENGINEER_OF.match(form):
            forms |= {f"{field[1]}ingenieur", f"ingenieur fuer {field[1]}"}
        form = " ".join(_QUALIFIERS.sub(" ", form).split())
        forms |= {form, *_singulars(form)}
    return frozenset(form for form in forms if form)


def _singulars(form: str) -> list[str]:
    """What a plural may be the plural of: Krankenschwestern, Pflegerinnen, nurses."""
    found = []
    if form.endswith("innen"):
        found.append(form.removesuffix("nen"))
    if form.endswith("ies"):
        found.append(form.removesuffix("ies") + "y")
    found += [form[: -len(end)] for end in ("en", "n", "e", "s") if form.endswith(end)]
    return found


def _label(profession: Profession) -> str:
    """Display name, e.g. "Glaserin/Glaser (glazier)"."""
    return f"{profession.name_de} ({profession.name_en})"


def close_professions(text: str, limit: int = 3) -> list[str]:
    """Display names of up to `limit` professions whose spellings are close to `text`."""
    found: list[Profession] = []
    for form in sorted(normalised_forms(text)):
        for close in difflib.get_close_matches(form, _INDEX, n=20):
            if _INDEX[close] not in found:
                found.append(_INDEX[close])
    return [_label(profession) for profession in found[:limit]]


def named_profession(text: str) -> Profession | None:
    """The one profession `text` names for certain, or None: then a person decides."""
    matches = _matches(text)
    return matches.pop() if len(matches) == 1 else None


def profession_suggestions(text: str) -> list[str]:
    """Display names of the professions a text might mean: those it names at once
    ("Koch/Bäcker"), else those spelled closely ("Zahnäztin")."""
    if matches := _matches(text):
        return [_label(profession) for profession in sorted(matches, key=lambda p: p.key)]
    return close_professions(text)


def search_professions(text: str) -> list[Profession]:
    """The professions `text` names, else those with a spelling that contains it ("pfleg"),
    in the catalogue's order."""
    if named := _matches(text):
        return sorted(named, key=PROFESSIONS.index)
    wanted = normalised_forms(text) | normalised_forms(text, plain_umlauts=True)
    return [
        profession
        for profession in PROFESSIONS
        if any(w in form for w in wanted for v in VARIANTS[profession.key]
               for form in normalised_forms(v))
    ]  # fmt: skip
