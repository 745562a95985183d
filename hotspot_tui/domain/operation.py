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

TOWN_CENTRES: dict[str, tuple[float, float, int]] = {
    "Bishop's Stortford": (51.8718, 0.1597, 600),
    "Hertford": (51.7959, -0.0785, 600),
    "Hitchin": (51.9487, -0.2806, 600),
    "St Albans": (51.7527, -0.3391, 700),
    "Rickmansworth": (51.6393, -0.4700, 500),
    "South Oxhey": (51.6293, -0.3893, 600),
    "Borehamwood": (51.6566, -0.2736, 700),
    "Watford": (51.6562, -0.3965, 800),
    "Stevenage": (51.9027, -0.2026, 800),
    "Hemel Hempstead": (51.7526, -0.4714, 800),
    "Welwyn Garden City": (51.8014, -0.2053, 600),
    "Waltham Cross": (51.6866, -0.0327, 600),
    "Letchworth Garden City": (51.9781, -0.2300, 600),
    "Royston": (52.0483, -0.0240, 500),
    "Baldock": (51.9893, -0.1885, 400),
    "Harpenden": (51.8160, -0.3571, 500),
    "Ware": (51.8105, -0.0289, 500),
    "Cheshunt": (51.7017, -0.0340, 500),
    "Hoddesdon": (51.7620, -0.0110, 600),
    "Hatfield": (51.7633, -0.2232, 600),
    "Berkhamsted": (51.7604, -0.5641, 500),
    "Tring": (51.7941, -0.6570, 400),
    "Bushey": (51.6443, -0.3602, 500),
    "Potters Bar": (51.6944, -0.1935, 500),
    "Croxley Green": (51.6452, -0.4450, 500),
    "North Watford": (51.6712, -0.4060, 500),
}
"""Each area's town centre (latitude, longitude) and a radius in metres round it: where
`setup --example`, the set-up screen's preset and the demo data place the areas."""
