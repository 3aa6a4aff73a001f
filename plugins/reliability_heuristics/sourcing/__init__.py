"""Sourcing: does the article say which documents its evidence comes from, and whose they are?

Who is quoted is the `attribution` heuristic's business; this one looks at the
written sources behind the claims, after the "citations and references" and
"original sources" credibility indicators (Zhang et al. 2018, Credibility
Coalition; the Trust Project) and HealthNewsReview.org's "quality of the
evidence" criterion, and at how much the article lets its sources speak in
their own words and whether it hears a second side. It finds, over the
shared tokens and names (`documents.find_references`, word lists in
`data/documents.tsv` and `data/cues.tsv`):

- **named documents**: a study, report, data set, poll or record whose maker
  or title is given ("a study published in the Journal of the American
  Medical Association", "data from the Census Bureau", "a report by the
  Government Accountability Office", "a Gallup poll", "court documents
  show", "the FDA filing", "the Mueller Report");
- **vague documents**: unidentified ones presented as evidence ("studies
  show", "a report says", "research has found", "according to a new
  study", "experts agree"), unless a named document of the same kind follows
  within two sentences (news introduces "a new study" and names it next).

and, from `labels.py` (`data/labels.tsv`), links written out in the text, a
type-of-work label ("Opinion:", "ANALYSIS", "Commentary |" opening the title
or the first line) and a corrections notice ("Correction:", "An earlier
version of this article misstated ..."), with the byline from
`doc.document.author`. The byline, label and corrections notice matter for
fetched pages and are informational: they do not enter the score, and the
labelled data sets the overall model is fitted on carry no author (the loader
withholds it) and almost never a label or notice, so the model cannot learn
their weight.

Metrics (rates per 1,000 words of `doc.word_count` unless said otherwise):

- `named_documents_per_1k_words`: named document references;
- `vague_documents_per_1k_words`: vague document references;
- `document_references_per_1k_words`: both together;
- `named_document_share`: (N + 0.5) / (N + V + 1) over N named and V vague
  references; 0.5 with none;
- `named_document_kinds`: distinct kinds of named documents (research,
  report, data, poll, record), 0 to 5;
- `links_per_1k_words`: URLs written in the text;
- `has_byline`, `opinion_label`, `corrections_notice`: 1.0 or 0.0;
- `direct_quotations`: distinct passages the article quotes word for word
  (an outermost quotation of four words or more; `voices.py`), a count;
- `dissent_sentence_share`: share of the text's sentences that report
  disagreement, criticism or a denial ("critics say", "the company denied",
  "not everyone agrees"; `voices.py`, `data/dissent.tsv`), in the writer's
  voice or a source's.

These two measure whose voices the article gives. Reporting shows its
sources' own words, and more than one side (the Trust Project's "sources"
and "diverse voices" indicators; HealthNewsReview.org's "independent
sources" criterion asks for a voice besides the one with a stake). Direct
quotations are a count, not a rate, because each is one more piece of
sourcing a reader can check; each passage counts once however often it is
repeated, so padding a text with its own paragraphs adds nothing (nor to the
dissent share, a rate). Who is speaking, and whether they are named, is
`attribution`'s to judge.

Findings: `named-document` (info) spanning the reference (role `source`);
`vague-document` (minor) with the reference (role `cue`) and its sentence
(role `claim`); `link` (info, role `link`); `opinion-label` (info; the label,
role `label`, or no span when it is in the headline); `correction-notice`
(info, role `notice`). At most 20 of each kind are listed.

Score: `named_document_share`, so an article that identifies every document
it cites scores near 1 and one that only gestures at "studies" near 0; None
when it cites no document at all (most news does not, and that is not a
fault). Confidence is the larger of `R / (R + 3)` over the R references and
`S / (S + 10)` over the S sentences the voice metrics read, with or without
a document cited: the metrics that the overall score reads are measured
either way.
"""

from __future__ import annotations

from collections.abc import Callable

from reliability import Heuristic, hookimpl
from reliability_heuristics.sourcing.heuristic import Sourcing

__all__ = ["Sourcing", "register_heuristics"]


@hookimpl
def register_heuristics(register: Callable[[Heuristic], None]) -> None:
    """Register the sourcing heuristic with the engine."""
    register(Sourcing())
