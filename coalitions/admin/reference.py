"""Admin for reference data and organizations."""
