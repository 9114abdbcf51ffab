"""Country codes (ISO 3166-1 alpha-2) and the residence-permit rule that depends on them.

EU and EEA citizens (the 27 EU member states plus Iceland, Liechtenstein and Norway) and Swiss
citizens enjoy freedom of movement: they need no residence title (Aufenthaltstitel) to live and
work in Germany, only the ordinary registration of their address (Anmeldung) at the
Bürgerbüro. Everybody else needs a residence title (visa / Aufenthaltserlaubnis, Blaue Karte
EU, ...) issued by the foreigners' authority (Ausländerbehörde).

Sources: ISO 3166-1 (the 249 officially assigned codes); Freizügigkeitsgesetz/EU (FreizügG/EU)
and the EU-Swiss agreement on the free movement of persons.
"""

# The 249 officially assigned ISO 3166-1 alpha-2 codes.
_ISO_ALPHA2 = """
AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS
BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE
EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM
HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC
LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA
NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW
SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO
TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW
"""

# Kosovo: user-assigned code, but used by German authorities (and the EU) for Kosovo.
KOSOVO = "XK"

ALPHA2: frozenset[str] = frozenset(_ISO_ALPHA2.split()) | {KOSOVO}

EU: frozenset[str] = frozenset(
    """
    AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK
    """.split()
)
"""The 27 member states of the European Union (Greece is GR in ISO 3166-1, not EL)."""

EEA_ONLY: frozenset[str] = frozenset({"IS", "LI", "NO"})
"""EEA members outside the EU: Iceland, Liechtenstein, Norway."""

SWITZERLAND = "CH"

EU_EEA_CH: frozenset[str] = EU | EEA_ONLY | {SWITZERLAND}
"""Citizens of these countries have freedom of movement in Germany (31 countries)."""


def needs_residence_permit(nationality: str) -> bool:
    """Return whether a citizen of `nationality` (alpha-2 code) needs a German residence title.

    EU/EEA and Swiss citizens only register their address; everybody else needs a title.
    The code is compared case-insensitively, surrounding whitespace is ignored.
    """
    return nationality.strip().upper() not in EU_EEA_CH
