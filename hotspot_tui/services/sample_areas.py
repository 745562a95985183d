"""Where the sample data's areas are: the operation's own (`TOWN_CENTRES`) and, for the
`national` sample, hotspot towns in the neighbouring forces' districts (Bedfordshire,
Cambridgeshire, Essex and Thames Valley), each with its town centre."""

from __future__ import annotations

from hotspot_tui.domain.operation import ALL_AREAS, TOWN_CENTRES

# (area, district, cost code, latitude, longitude, radius in metres)
NEIGHBOURING: tuple[tuple[str, str, str, float, float, int], ...] = (
    ("Luton", "Luton", "HAF-LU-LUT", 51.8787, -0.4200, 800),
    ("Dunstable", "Central Bedfordshire", "HAF-CB-DUN", 51.8859, -0.5204, 600),
    ("Leighton Buzzard", "Central Bedfordshire", "HAF-CB-LEB", 51.9165, -0.6617, 500),
    ("Houghton Regis", "Central Bedfordshire", "HAF-CB-HOR", 51.9047, -0.5240, 500),
    ("Flitwick", "Central Bedfordshire", "HAF-CB-FLI", 52.0040, -0.4960, 400),
    ("Biggleswade", "Central Bedfordshire", "HAF-CB-BIG", 52.0866, -0.2640, 500),
    ("Bedford", "Bedford", "HAF-BE-BED", 52.1360, -0.4667, 800),
    ("Kempston", "Bedford", "HAF-BE-KEM", 52.1160, -0.5000, 500),
    ("Cambridge", "Cambridge", "HAF-CA-CAM", 52.2053, 0.1218, 800),
    ("Peterborough", "Peterborough", "HAF-PE-PET", 52.5695, -0.2405, 800),
    ("Huntingdon", "Huntingdonshire", "HAF-HU-HUN", 52.3310, -0.1840, 500),
    ("St Neots", "Huntingdonshire", "HAF-HU-SNE", 52.2290, -0.2660, 500),
    ("St Ives", "Huntingdonshire", "HAF-HU-SIV", 52.3330, -0.0750, 400),
    ("Ely", "East Cambridgeshire", "HAF-EC-ELY", 52.3990, 0.2620, 500),
    ("Wisbech", "Fenland", "HAF-FE-WIS", 52.6660, 0.1590, 500),
    ("March", "Fenland", "HAF-FE-MAR", 52.5510, 0.0880, 400),
    ("Whittlesey", "Fenland", "HAF-FE-WHI", 52.5580, -0.1300, 400),
    ("Chelmsford", "Chelmsford", "HAF-CH-CHE", 51.7356, 0.4685, 800),
    ("Colchester", "Colchester", "HAF-CO-COL", 51.8959, 0.8919, 800),
    ("Basildon", "Basildon", "HAF-BA-BAS", 51.5761, 0.4887, 700),
    ("Billericay", "Basildon", "HAF-BA-BIL", 51.6280, 0.4190, 500),
    ("Southend-on-Sea", "Southend-on-Sea", "HAF-SO-SOU", 51.5459, 0.7077, 800),
    ("Harlow", "Harlow", "HAF-HA-HAR", 51.7727, 0.1023, 700),
    ("Brentwood", "Brentwood", "HAF-BR-BRE", 51.6210, 0.3050, 500),
    ("Braintree", "Braintree", "HAF-BT-BRA", 51.8780, 0.5530, 500),
    ("Witham", "Braintree", "HAF-BT-WIT", 51.8000, 0.6400, 500),
    ("Grays", "Thurrock", "HAF-TH-GRA", 51.4750, 0.3230, 600),
    ("Clacton-on-Sea", "Tendring", "HAF-TE-CLA", 51.7890, 1.1560, 600),
    ("Epping", "Epping Forest", "HAF-EF-EPP", 51.6990, 0.1110, 400),
    ("Loughton", "Epping Forest", "HAF-EF-LOU", 51.6490, 0.0740, 500),
    ("Maldon", "Maldon", "HAF-MA-MAL", 51.7310, 0.6770, 400),
    ("Rayleigh", "Rochford", "HAF-RO-RAY", 51.5860, 0.6050, 500),
    ("Canvey Island", "Castle Point", "HAF-CP-CAN", 51.5200, 0.5800, 500),
    ("Saffron Walden", "Uttlesford", "HAF-UT-SAF", 52.0230, 0.2420, 400),
    ("Milton Keynes", "Milton Keynes", "HAF-MK-MIL", 52.0406, -0.7594, 800),
    ("Aylesbury", "Buckinghamshire", "HAF-BU-AYL", 51.8168, -0.8124, 700),
    ("High Wycombe", "Buckinghamshire", "HAF-BU-HWY", 51.6286, -0.7482, 700),
    ("Amersham", "Buckinghamshire", "HAF-BU-AME", 51.6670, -0.6150, 400),
    ("Chesham", "Buckinghamshire", "HAF-BU-CHE", 51.7050, -0.6110, 400),
    ("Reading", "Reading", "HAF-RE-REA", 51.4543, -0.9781, 800),
    ("Slough", "Slough", "HAF-SL-SLO", 51.5105, -0.5950, 800),
    ("Maidenhead", "Windsor and Maidenhead", "HAF-WM-MAI", 51.5225, -0.7190, 600),
    ("Windsor", "Windsor and Maidenhead", "HAF-WM-WIN", 51.4830, -0.6040, 500),
    ("Bracknell", "Bracknell Forest", "HAF-BF-BRA", 51.4154, -0.7536, 600),
    ("Wokingham", "Wokingham", "HAF-WO-WOK", 51.4110, -0.8350, 500),
    ("Newbury", "West Berkshire", "HAF-WB-NEW", 51.4014, -1.3231, 500),
    ("Oxford", "Oxford", "HAF-OX-OXF", 51.7520, -1.2577, 800),
    ("Banbury", "Cherwell", "HAF-CW-BAN", 52.0629, -1.3398, 600),
    ("Bicester", "Cherwell", "HAF-CW-BIC", 51.8990, -1.1530, 500),
    ("Witney", "West Oxfordshire", "HAF-WX-WIT", 51.7850, -1.4850, 500),
    ("Abingdon", "Vale of White Horse", "HAF-VW-ABI", 51.6710, -1.2820, 500),
    ("Didcot", "South Oxfordshire", "HAF-SX-DID", 51.6080, -1.2410, 500),
)

NATIONAL_AREAS: tuple[tuple[str, str, str], ...] = ALL_AREAS + tuple(a[:3] for a in NEIGHBOURING)
"""The county's 26 areas and 52 more: three times as many."""

CENTRES: dict[str, tuple[float, float, int]] = {
    **TOWN_CENTRES, **{name: (lat, lon, radius) for name, _, _, lat, lon, radius in NEIGHBOURING}}

REGION = (51.35, -1.55, 52.72, 1.30)
"""The bounding box (south, west, north, east) of every national area, for police records
outside the areas."""
