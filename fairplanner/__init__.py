"""FairPlanner: plan accessible, co-produced community events such as opportunities fairs."""

__version__ = "0.1.0"
