"""dualpath: integrated care for co-occurring substance use and depression."""

__version__ = "0.1.0"
