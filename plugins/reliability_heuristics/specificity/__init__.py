"""Specificity: how concrete are the article's assertions: who, where, when, how many?

Verifiable detail is a long-standing mark of a credible account: reality
monitoring and criteria-based content analysis find truthful accounts richer
in concrete, checkable detail (Vrij 2008, "Detecting Lies and Deceit"), and
news-credibility work reads names, places, dates and figures as what lets a
reader check a story (Kovach and Rosenstiel, "The Elements of Journalism",
the discipline of verification; HealthNewsReview.org's criterion that a story
quantify its claims). This heuristic counts, per assertion, the details the
shared analysis finds (`assertions.find_assertions`):

- names (`doc.names`: people, places, organisations), and among them names
  with a title or role ("Dr. Jane Roe", "Senator Smith", "spokeswoman Maria
  Zakharova");
- numbers (`doc.numbers`), and among them quantities (cardinals, percentages,
  amounts of money; not years or ordinals);
- date and time expressions (`doc.dates`).

An assertion is a sentence outside headings and not wholly inside a
quotation (a quoted sentence is its speaker's wording; `attribution` judges
who is quoted). A heading or a quoted sentence ends a passage.

Metrics (per assertion unless said otherwise):

- `specific_sentence_share`: share of assertions with at least one name,
  number or date;
- `names_per_sentence`, `numbers_per_sentence`, `dates_per_sentence`;
- `quantities_per_sentence`: cardinals, percentages and money amounts;
- `titled_names_per_sentence`: distinct names given with a title or role (each
  counted once, however often it is repeated with its title);
- `unspecific_passage_share`: share of assertions inside unspecific passages
  (4 or more consecutive assertions of one passage with no name, number or
  date);
- `longest_unspecific_run`: the longest such stretch, in assertions (a count,
  so it grows with the length of the text);
- `distinct_names`: how many different names of people, places and
  organisations the whole text gives (quotations included; each name counted
  once as written, whatever its case and however often it recurs; a surname
  given alone counts apart from the full name). A count, not a rate: a
  report that brings in more actors and places gives the reader more to
  check, and repeating a name, or padding the text with its own paragraphs,
  adds none.

Findings: `unspecific-passage` for each stretch of 4 or more consecutive
assertions with no name, number or date, spanning it (role `passage`); info,
or minor from 6 assertions; at most 10 are listed.

Score: `specific_sentence_share`, so an article whose every assertion names,
counts or dates something scores 1 and one of pure generalities 0; None with
no assertion. `confidence = A / (A + 10)` over the A assertions.
"""

from __future__ import annotations

from collections.abc import Callable

from reliability import Heuristic, hookimpl
from reliability_heuristics.specificity.heuristic import Specificity

__all__ = ["Specificity", "register_heuristics"]


@hookimpl
def register_heuristics(register: Callable[[Heuristic], None]) -> None:
    """Register the specificity heuristic with the engine."""
    register(Specificity())
