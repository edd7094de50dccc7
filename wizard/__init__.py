"""AFAS Profit → Finstack onboarding wizard."""

__version__ = "0.1.0"
