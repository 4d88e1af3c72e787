"""World regions that region notes in a module can address, and which countries belong to them.

A region note compares working habits that are common in a region with Dutch ones. It never says
what people from a region *are*; readers see only the note for the region of their home country.
"""

from __future__ import annotations

REGIONS: dict[str, str] = {
    "south-asia": "South Asia",
    "east-asia": "East Asia",
    "southeast-asia": "Southeast Asia",
    "eastern-europe": "Central and Eastern Europe",
    "southern-europe": "Southern Europe",
    "western-europe": "Western and Northern Europe",
    "middle-east": "Middle East and North Africa",
    "sub-saharan-africa": "Sub-Saharan Africa",
    "latin-america": "Latin America",
    "north-america": "North America",
    "oceania": "Australia and Oceania",
}

_COUNTRIES: dict[str, str] = {
    **dict.fromkeys(["IN", "PK", "BD", "LK", "NP", "BT", "MV", "AF"], "south-asia"),
    **dict.fromkeys(["CN", "JP", "KR", "TW", "HK", "MO", "MN"], "east-asia"),
    **dict.fromkeys(["ID", "MY", "PH", "SG", "TH", "VN", "KH", "LA", "MM", "BN", "TL"], "southeast-asia"),
    **dict.fromkeys(
        [
            "PL",
            "RO",
            "BG",
            "HU",
            "CZ",
            "SK",
            "UA",
            "RU",
            "BY",
            "MD",
            "LT",
            "LV",
            "EE",
            "RS",
            "HR",
            "SI",
            "BA",
            "MK",
            "AL",
            "ME",
            "XK",
            "GE",
            "AM",
            "AZ",
            "KZ",
            "UZ",
        ],
        "eastern-europe",
    ),
    **dict.fromkeys(["ES", "PT", "IT", "GR", "CY", "MT"], "southern-europe"),
    **dict.fromkeys(
        ["DE", "BE", "LU", "FR", "AT", "CH", "GB", "IE", "DK", "SE", "NO", "FI", "IS", "NL"], "western-europe"
    ),
    **dict.fromkeys(
        [
            "TR",
            "IR",
            "IQ",
            "SY",
            "LB",
            "JO",
            "IL",
            "PS",
            "SA",
            "AE",
            "QA",
            "KW",
            "BH",
            "OM",
            "YE",
            "EG",
            "MA",
            "DZ",
            "TN",
            "LY",
        ],
        "middle-east",
    ),
    **dict.fromkeys(
        ["NG", "GH", "KE", "ET", "ZA", "UG", "TZ", "RW", "CM", "SN", "ZW", "ER", "SO"], "sub-saharan-africa"
    ),
    **dict.fromkeys(
        [
            "BR",
            "MX",
            "AR",
            "CO",
            "CL",
            "PE",
            "VE",
            "EC",
            "BO",
            "UY",
            "PY",
            "CR",
            "PA",
            "GT",
            "CU",
            "DO",
            "SR",
        ],
        "latin-america",
    ),
    **dict.fromkeys(["US", "CA"], "north-america"),
    **dict.fromkeys(["AU", "NZ"], "oceania"),
}


def region_of_country(country: str | None) -> str | None:
    """The region of an ISO 3166-1 alpha-2 country code, or None when unknown."""
    return _COUNTRIES.get((country or "").upper())
