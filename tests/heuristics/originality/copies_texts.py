# ruff: noqa: E501  (each paragraph is one line, as text extracted from a page is)
"""Constructed articles for the copied-coverage tests: one story, several kinds of coverage.

`ORIGINAL` reports a council vote; `REWRITE` is a close paraphrase of it with
typos, merged and reordered sentences and no credit; `INDEPENDENT` covers the
same story with its own reporting; `BANK_A` and `BANK_B` are independent
reports that quote the same long statement.
"""

ORIGINAL = """City Council Approves $48 Million Flood Barrier for Riverside District

The Harborview city council voted 7-2 on Tuesday to fund a $48 million flood barrier along the Riverside district, ending a two-year dispute over how to protect low-lying neighbourhoods from the Calder River.

The barrier, a 3.2-kilometre wall of steel and concrete with four pumping stations, is expected to shield roughly 11,000 residents who were evacuated during the record flood of March 2023.

Construction will begin next spring and is scheduled to finish by the end of 2027, according to the city's engineering department.

Councillor Maria Okafor, who chairs the infrastructure committee, said the vote ended years of delays. "We cannot ask families to keep sandbagging their homes every winter," she said.

The two councillors who voted against the plan argued that the cost would force cuts to road maintenance and library hours.

Funding will come from a mix of municipal bonds, a provincial climate resilience grant of $15 million and a temporary property levy of 0.4 percent.

Local business owners welcomed the decision, saying insurance premiums in the district had nearly tripled since the 2023 flood.

Environmental groups have asked the city to pair the wall with wetland restoration upstream, warning that hard barriers can push floodwater toward neighbouring towns.

The city plans to hold public consultations on the barrier's final design in January.
"""

REWRITE = """Harborview Backs Riverside Flood Wall After Long Dispute

Harborview's council has approved funding of $48 million for a flood barrier in the Riverside distrcit, voting 7-2 on Tuesday and ending a two-year dispute about protecting low-lying neighborhoods from the Calder River.

The 3.2-kilometre steel and concrete wall, with four pumping stations, should protect around 11,000 residents, who had to be evacuated in the record March 2023 flood.

Acording to the engineering department, construction begins next spring and should be finished by the end of 2027.

Two councillors opposed the plan, arguing the cost would force the city to cut road maintenance and library opening hours.

The money will come from municipal bonds, a $15 million provincial climate resilience grant and a temporary 0.4 percent property levy.

Environmental groups want the wall paired with upstream wetland restoration, and warn that hard barriers can push floodwater toward neighbouring towns.

Business owners in the district welcomed the vote, noting that insurance premiums have almost tripled since the 2023 flood.

Public consultations on the final design of the barrier are planned for January.
"""

INDEPENDENT = """Riverside Residents Divided Over Flood Wall Plan

Residents of Harborview's Riverside district packed a community hall on Wednesday night to debate the flood barrier the city council funded a day earlier.

Many who lost furniture and cars in the 2023 flood said they were relieved that a wall would finally be built, while others worried about years of construction noise outside their windows.

"I have lived here for forty years and I have never seen the river rise like that," said retired teacher Samuel Ortiz, 71.

Hydrologists at the provincial university have modelled the Calder River for a decade and say the wall alone will not be enough if rainfall keeps increasing.

Their study, published in the spring, recommends restoring marshland upstream to absorb peak flows before they reach the city.

The council's infrastructure committee has promised to publish detailed construction timetables street by street.

Some landlords said they expected rents to rise once the wall is finished and insurance costs fall.

A second community meeting is planned for next month in the district's library.
"""

STATEMENT = (
    "“Inflation has come down faster than we expected in the spring, but the labour market "
    "remains tight, wage growth is still running well above the level consistent with our "
    "target, and we are not yet confident that the price pressures of the past two years are "
    "behind us. The board will therefore keep the policy rate where it is for now and will "
    "look again at the data in December,” Governor Elena Varga told reporters."
)

BANK_A = f"""Central Bank Holds Rates Steady as Wage Growth Persists

The central bank left its benchmark interest rate unchanged at 4.25 percent on Thursday, the third meeting in a row without a move.

{STATEMENT}

Markets had priced in a small chance of a cut after consumer prices rose 2.6 percent in the year to September, the slowest pace since 2021.

The decision was unanimous, according to minutes released alongside the announcement.

Mortgage lenders said fixed-rate deals were unlikely to get cheaper before the new year.
"""

BANK_B = f"""Varga Signals Patience as Bank Pauses Again

Homeowners hoping for relief on their monthly repayments will have to wait at least until December.

{STATEMENT}

Economists at two of the country's largest banks had forecast the pause, pointing to stubborn services inflation and a jobless rate stuck near record lows.

The currency edged higher against the dollar after the announcement, while government bond yields barely moved.

Opposition lawmakers accused the bank of squeezing households that are already struggling with rent and food bills.
"""
