"""Sessions, session reports and the Co-Chairs' Summary."""
