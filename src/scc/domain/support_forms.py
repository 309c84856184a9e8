"""The fixed choices of the support forms (issue 14): the parts of a cluster's Form A3 and the
largest roll a school's number of pupils may give. The CLI's options and the web's forms offer
them, so they live apart from the aggregates that check them (the clusters' reports, the
consortium's rolls), whose classes only a command that records support needs."""

from __future__ import annotations

# The parts of a cluster's progress and impact report (Form A3, seed 000 Appendix E): the two
# reports a year, and the three outcomes each reports on.
A3_KINDS = {"progress": "mid-year progress report", "impact": "end of year impact report"}
A3_OUTCOMES = {"pupils": "Pupil outcomes", "processes": "Processes, documentation",
               "staff": "Staff skills, understanding"}

PUPILS_MAX = 5_000  # more on one school's roll is a typing mistake
