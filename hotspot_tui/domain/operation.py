"""Reference facts of the operation: the hotspot areas and their districts."""

from __future__ import annotations

# (area, district, cost code): the first twelve named hotspots, then the rest of the
# 26 areas in 10 districts that the full operation covered.
FIRST_TWELVE_AREAS: tuple[tuple[str, str, str], ...] = (
    ("Bishop's Stortford", "East Hertfordshire", "HAF-EH-BST"),
    ("Hertford", "East Hertfordshire", "HAF-EH-HTF"),
    ("Hitchin", "North Hertfordshire", "HAF-NH-HIT"),
    ("St Albans", "St Albans", "HAF-SA-STA"),
    ("Rickmansworth", "Three Rivers", "HAF-TR-RIC"),
    ("South Oxhey", "Three Rivers", "HAF-TR-SOX"),
    ("Borehamwood", "Hertsmere", "HAF-HM-BWD"),
    ("Watford", "Watford", "HAF-WA-WAT"),
    ("Stevenage", "Stevenage", "HAF-ST-STV"),
    ("Hemel Hempstead", "Dacorum", "HAF-DA-HEM"),
    ("Welwyn Garden City", "Welwyn Hatfield", "HAF-WH-WGC"),
    ("Waltham Cross", "Broxbourne", "HAF-BX-WCR"),
)

FURTHER_AREAS: tuple[tuple[str, str, str], ...] = (
    ("Letchworth Garden City", "North Hertfordshire", "HAF-NH-LET"),
    ("Royston", "North Hertfordshire", "HAF-NH-ROY"),
    ("Baldock", "North Hertfordshire", "HAF-NH-BAL"),
    ("Harpenden", "St Albans", "HAF-SA-HAR"),
    ("Ware", "East Hertfordshire", "HAF-EH-WAR"),
    ("Cheshunt", "Broxbourne", "HAF-BX-CHE"),
    ("Hoddesdon", "Broxbourne", "HAF-BX-HOD"),
    ("Hatfield", "Welwyn Hatfield", "HAF-WH-HAT"),
    ("Berkhamsted", "Dacorum", "HAF-DA-BER"),
    ("Tring", "Dacorum", "HAF-DA-TRI"),
    ("Bushey", "Hertsmere", "HAF-HM-BUS"),
    ("Potters Bar", "Hertsmere", "HAF-HM-POT"),
    ("Croxley Green", "Three Rivers", "HAF-TR-CRO"),
    ("North Watford", "Watford", "HAF-WA-NWA"),
)

ALL_AREAS = FIRST_TWELVE_AREAS + FURTHER_AREAS
