"""200 chat-length Dutch messages, made the same way every run (no data set to download)."""

from __future__ import annotations

import random

OPENERS = [
    "Hoi allemaal",
    "Goedemorgen team",
    "Hé",
    "Dag",
    "Hallo",
    "Even een update",
    "Kort berichtje",
    "Vraagje",
]
SUBJECTS = [
    "de stand-up",
    "het overleg",
    "de sprintdemo",
    "de lunch",
    "de retrospective",
    "de release",
    "het sollicitatiegesprek",
    "de training",
    "de verhuizing",
    "de afspraak bij de gemeente",
]
MOMENTS = [
    "morgen",
    "vandaag",
    "volgende week",
    "vrijdagmiddag",
    "maandagochtend",
    "na de lunch",
    "om half tien",
]
ACTIONS = [
    "begint later",
    "gaat niet door",
    "is verplaatst",
    "duurt een half uur langer",
    "is online",
    "is in de grote zaal",
    "wordt opgenomen",
    "heeft een nieuwe agenda",
]
ASKS = [
    "Kun je even laten weten of je erbij bent?",
    "Wie neemt de notulen?",
    "Heeft iemand de link?",
    "Laat maar weten als je vragen hebt.",
    "Zet het in je agenda.",
    "Neem je laptop mee.",
    "Ik stuur de slides later door.",
    "Bedankt voor jullie hulp!",
    "Vergeet je badge niet.",
]
EXTRAS = [
    "We hebben koffie en taart.",
    "De parkeergarage is vol, neem de fiets.",
    "Het wordt een drukke week.",
    "Priya sluit ook aan.",
    "De nieuwe collega's stellen zich voor.",
    "Het is belangrijk voor iedereen.",
]


def messages(count: int = 200, seed: int = 2026) -> list[str]:
    rng = random.Random(seed)
    result = []
    while len(result) < count:
        parts = [
            f"{rng.choice(OPENERS)}, {rng.choice(SUBJECTS)} {rng.choice(MOMENTS)} {rng.choice(ACTIONS)}."
        ]
        if rng.random() < 0.6:
            parts.append(rng.choice(ASKS))
        if rng.random() < 0.3:
            parts.append(rng.choice(EXTRAS))
        text = " ".join(parts)
        if text not in result:
            result.append(text)
    return result
