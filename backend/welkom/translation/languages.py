"""Which language codes Welkom knows: ISO 639-1 (two letters), plus any code an installed language
package uses (Argos has a few of its own, such as ``zt`` for traditional Chinese).

A known code is not the same as a translatable one: a newcomer may read Tigrinya (``ti``) while no
package translates into it yet. :func:`welkom.translation.packages.languages` says what is
installed."""

from __future__ import annotations

from welkom.translation import packages

_ISO_639_1_CODES = """
    aa ab ae af ak am an ar as av ay az ba be bg bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de
    dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia
    id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo
    lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om or os pa pi pl
    ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st su sv sw ta te tg th ti tk
    tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu
"""
ISO_639_1 = frozenset(_ISO_639_1_CODES.split())


def installed_codes() -> set[str]:
    """Every language code used by an installed package, as source or target."""
    return {code for pair in packages.packages_by_pair() for code in pair}


def is_known_language(code: str) -> bool:
    return code in ISO_639_1 or code in installed_codes()


def translatable_into() -> set[str]:
    """Languages at least one installed package translates into (directly, or through a pivot)."""
    return {to_code for _, to_code in packages.packages_by_pair()}
