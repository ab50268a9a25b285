"""Given-name aliases: nicknames and their formal names, for the nickname comparison.

English pairs come from the `nicknames` package (Carlton Northern's list); Spanish
hypocorísticos, common in this population and absent from that list, are kept here.
A name's aliases are itself, the names it may be short for, and its own nicknames, so
two records share an alias when one holds a nickname of the other ("bill"/"william",
"paco"/"francisco").
"""

from __future__ import annotations

from functools import cache

from nicknames import NickNamer

#: Spanish hypocorísticos, "formal name: nicknames ..." (cleaned: lower case ASCII).
_SPANISH = """
jose: pepe chepe
francisco: paco pancho kiko
guadalupe: lupe lupita
jesus: chuy chucho
ignacio: nacho
alejandro: alex jandro
alejandra: ale alex
enrique: quique
roberto: beto
alberto: beto
humberto: beto
guillermo: memo
eduardo: lalo
manuel: manolo
rafael: rafa
concepcion: concha conchita
dolores: lola
rosario: chayo
consuelo: chelo
mercedes: meche
antonio: tono tony
gregorio: goyo
ricardo: richi
santiago: chago
socorro: coco
graciela: chela
margarita: mago
refugio: cuco cuca
""".strip()


@cache
def _spanish() -> dict[str, frozenset[str]]:
    table: dict[str, set[str]] = {}
    for line in _SPANISH.splitlines():
        formal, nicks = line.split(":")
        names = {formal.strip(), *nicks.split()}
        for name in names:
            table.setdefault(name, set()).update(names)
    return {k: frozenset(v) for k, v in table.items()}


@cache
def _namer() -> NickNamer:
    return NickNamer()


def given_name_aliases(name: str | None) -> list[str] | None:
    """The name, the names it may be short for and its nicknames, sorted; None for no name.

    Only the first token of a compound given name is expanded ("maria jose" -> "maria").
    """
    if not name:
        return None
    first = name.split(" ", maxsplit=1)[0]
    namer = _namer()
    out = {name, first}
    out |= _spanish().get(first, frozenset())
    out |= {n.lower() for n in namer.canonicals_of(first)}
    out |= {n.lower() for n in namer.nicknames_of(first)}
    return sorted(out)
