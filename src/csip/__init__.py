"""csip: a council's Children's Services Improvement Plan, kept as YAML and reported on as code."""

__version__ = "0.1.0"
