"""The published figures the reference plan reproduces, typed once from the seed documents.

Seed 004 (report CS17130 to the Care Services PDS Committee, 21 March 2017): Table 1 and
Appendix 1 of the January 2017 exception report, and the table "Additional funding for
children's social care". None of these was taken from running csip; every test that checks the
reference plan against the paper imports them from here.
"""

from __future__ import annotations

from csip.reports.funding import Column

MONTH = "2017-01"
PERIOD_START = "2016-05"
DUE, RED, DUE_LATER = 200, 20, 27

# Table 1: actions due May 2016 - Jan 2017, and actions not progressed, by priority.
TABLE_1 = {
    1: (11, 1),
    2: (27, 1),
    3: (20, 2),
    4: (16, 1),
    5: (41, 3),
    6: (20, 4),
    7: (5, 3),
    8: (32, 2),
    9: (14, 2),
    10: (14, 1),
}

# Appendix 1: every action not progressed, with its timescale as the appendix prints it.
APPENDIX_1 = {
    "1.7.2": "Jan-17",
    "2.10.1": "Oct - Dec 16",
    "3.1.2": "Nov-16",
    "3.3.1": "Jan-17",
    "4.3.3": "Dec-16",
    "5.3.3": "Sep-16",
    "5.8.2": "Nov-16",
    "5.8.3": "Dec-16",
    "6.1.4": "Oct-16",
    "6.3.4": "Dec-16",
    "6.4.4": "Jan-17",
    "6.4.5": "Jan-17",
    "7.2.1": "Dec-16",
    "7.2.3": "Dec-16",
    "7.2.4": "Dec-16",
    "8.3.4": "Dec-16",
    "8.3.5": "Dec-16",
    "9.5.1": "Dec-16",
    "9.5.5": "Dec-16",
    "10.2.5": "Dec-16",
}

# The funding table: 2016/17 budget, 2016/17 spend, 2017/18 budget, 2017/18 committed (£'000).
FUNDING_TABLE = {
    "PHASE ONE": (731, 731, 1171, 1171),
    "PHASE TWO": (218, 218, 348, 348),
    "PHASE THREE": (141, 141, 795, 795),
    "FULL YEAR EFFECT OF 2016/17 PRESSURES": (0, 0, 2093, 2093),
    "ADDITIONAL FUNDING FOR SOCIAL WORKERS AND CASELOADS": (0, 0, 750, 0),
}
FUNDING_TOTALS = (1090, 1090, 5157, 4407)
FUNDING_COLUMNS = (
    Column("2016/17", "budget"),
    Column("2016/17", "spend"),
    Column("2017/18", "budget"),
    Column("2017/18", "committed"),
)

RED_IDS = list(APPENDIX_1)

# Red actions by the month they were due, as the appendix has them (its prose says 11 in
# December; the appendix lists 12).
RED_BY_DUE_MONTH = {"2016-09": 1, "2016-10": 1, "2016-11": 2, "2016-12": 12, "2017-01": 4}
