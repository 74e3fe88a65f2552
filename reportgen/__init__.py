"""reportgen: dependency and license knowledge, and the CSE312 Open-Source Report from YAML notes."""

__version__ = "0.1.0"
