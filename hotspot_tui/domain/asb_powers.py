"""The ASB tools and powers a patrol uses, as the funder counts them."""

from __future__ import annotations

ASB_POWERS = ("dispersals", "cpw", "cpn", "pspo", "informal_warnings")
"""The ASB tools and powers a patrol uses, as the funder counts them by type; their sum is
"ASB powers used" wherever the operation reports it."""
ASB_LABELS = {"dispersals": "Dispersal directions", "cpw": "Community Protection Warnings",
              "cpn": "Community Protection Notices", "pspo": "PSPO enforcement",
              "informal_warnings": "Informal warnings"}
