"""Country codes: ISO 3166-1 alpha-2, as ``pycountry`` knows them, plus Kosovo."""

from __future__ import annotations

# Not assigned by ISO 3166-1, but the code the EU, the IND and the Dutch municipalities (BRP) use.
KOSOVO = "XK"


def is_country_code(code: str) -> bool:
    """True for an assigned two-letter country code in either case (``PL``, ``in``)."""
    import pycountry  # here, not at the top: its data takes a while to load, and few processes ask

    code = code.upper()
    return len(code) == 2 and (code == KOSOVO or pycountry.countries.get(alpha_2=code) is not None)
