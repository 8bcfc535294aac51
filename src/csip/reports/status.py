"""The status figures (spec section 4) as a report, for ``csip build``'s status.json.

``csip status`` lays the same figures out as a terminal table; both come from one snapshot.
"""

from __future__ import annotations

from typing import Any

from csip.figures.views import status_json, status_view
from csip.reports.base import Report


class StatusReport(Report):
    template = "status"

    def figures(self) -> dict[str, Any]:
        return status_json(status_view(self.request.month_end()))

    def context(self) -> dict[str, Any]:
        return self.figures()


REPORT = StatusReport
