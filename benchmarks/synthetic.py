"""A deterministic synthetic news corpus for benchmarks.

Articles are built from sentence templates that exercise what the analysis
and heuristics look at: attributed quotes, vague sources, numbers with units
and qualifiers, dates, hedges, boosters, abbreviations and names. The text is
not meant to be read, only to have the shape and density of news prose.
"""

from __future__ import annotations

import random

PEOPLE = [
    "Maria Lopez",
    "John W. Carter",
    "Dmitry Peskov",
    "Ana Souza",
    "Mr. Abrams",
    "Gen. Laura Kim",
    "Prime Minister Rishi Patel",
    "Dr. Amina Yusuf",
    "Sen. Tom Hale",
]
ORGS = [
    "the Interior Ministry",
    "Reuters",
    "the United Nations",
    "the U.S. State Department",
    "the World Bank",
    "Amnesty International",
    "the central bank",
    "The Washington Post",
]
PLACES = ["Caracas", "Kyiv", "Lagos", "Istanbul", "São Paulo", "Jakarta", "Brussels", "Lima"]
THINGS = ["protesters", "civilians", "troops", "boats", "flights", "tons of grain", "schools"]
VAGUE = ["officials", "sources", "experts", "critics", "some analysts", "observers"]
MONTHS = ["January", "March", "May", "July", "October", "November"]
DAYS = ["Monday", "Tuesday", "Friday", "Saturday", "Sunday"]

TEMPLATES = [
    "{person} said on {day} that {n} {thing} had been moved to {place}.",
    "“We will not accept this,” {person} told reporters in {place}. "
    "“The numbers speak for themselves.”",
    "According to {org}, more than {n} {thing} were affected by {month} {d}, {year}.",
    "{vague_cap} said the plan may have been delayed because of the {month} elections.",
    "The government reportedly spent ${m} million on the program, up {p}% from {year}.",
    "Obviously, the decision was a mistake, and everyone knows it.",
    "In {year}, {org} published a report that found at least {n} {thing} in {place}.",
    "The minister, who took office in {month} {year}, could not confirm the figures.",
    "It is widely believed that the talks will resume next week in {place}.",
    "{person}, a spokesperson for {org}, denied the allegations in a statement on {day}.",
    "Around {n} {thing} gathered outside the U.N. offices in {place} last week.",
    "Critics argue that the policy has clearly failed, though {org} disputes that.",
    "Two days later, {person} announced a {n}-point plan to cut costs by {p} percent.",
    "The agency's data, which covers {n} regions, suggests the trend is likely to continue.",
]


def _sentence(rng: random.Random) -> str:
    return rng.choice(TEMPLATES).format(
        person=rng.choice(PEOPLE),
        org=rng.choice(ORGS),
        place=rng.choice(PLACES),
        thing=rng.choice(THINGS),
        vague_cap=rng.choice(VAGUE).capitalize(),
        month=rng.choice(MONTHS),
        day=rng.choice(DAYS),
        d=rng.randint(1, 28),
        year=rng.randint(2015, 2025),
        n=rng.randint(2, 900),
        m=rng.randint(2, 90),
        p=round(rng.uniform(1, 40), 1),
    )


def article(rng: random.Random, words: int = 800) -> str:
    """One article of about `words` words: a headline, then paragraphs of 2-4 sentences."""
    paragraphs = [f"{rng.choice(PEOPLE)} Faces Questions Over {rng.choice(THINGS).title()}"]
    count = 0
    while count < words:
        paragraph = " ".join(_sentence(rng) for _ in range(rng.randint(2, 4)))
        count += len(paragraph.split())
        paragraphs.append(paragraph)
    return "\n\n".join(paragraphs)


def corpus(n: int, *, seed: int = 7, words: int = 800) -> list[str]:
    """`n` articles, the same ones for the same seed."""
    rng = random.Random(seed)
    return [article(rng, words) for _ in range(n)]
