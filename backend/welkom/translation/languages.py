"""Which language codes Welkom knows: ISO 639-1 (two letters), plus any code an installed language
package uses (Argos has a few of its own, such as ``zt`` for traditional Chinese).

A known code is not the same as a translatable one: a newcomer may read Tigrinya (``ti``) while no
package translates into it yet. :func:`welkom.translation.packages.languages` says what is
installed."""

from __future__ import annotations

import string
from functools import cache
from itertools import product

from welkom.translation import packages


@cache
def iso_639_1() -> frozenset[str]:
    """Every current two-letter language code, from the IANA language subtag registry that
    ``langcodes`` ships: deprecated aliases that stand for another two-letter code (``iw`` for
    ``he``, ``sh`` for ``sr``) are left out; ``tl`` (Tagalog) stays, though langcodes prefers
    ``fil``. Imported here, not at the top: the registry takes a while to load."""
    import langcodes

    def current(code: str) -> bool:
        if not langcodes.tag_is_valid(code):
            return False
        preferred = langcodes.Language.get(code).language or ""
        return preferred == code or len(preferred) != 2

    return frozenset(
        code for code in map("".join, product(string.ascii_lowercase, repeat=2)) if current(code)
    )


def installed_codes() -> set[str]:
    """Every language code used by an installed package, as source or target."""
    return {code for pair in packages.packages_by_pair() for code in pair}


def is_known_language(code: str) -> bool:
    return code in iso_639_1() or code in installed_codes()


def translatable_into() -> set[str]:
    """Languages at least one installed package translates into (directly, or through a pivot)."""
    return {to_code for _, to_code in packages.packages_by_pair()}
