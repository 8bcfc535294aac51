"""What a check is: a function from the validated parts and today's date to findings."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from csip.model.parts import Parts
from csip.problems import Finding

Check = Callable[[Parts, dt.date], Iterable[Finding]]
