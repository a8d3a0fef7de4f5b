"""Periodic reminders about proposals (deadline reminders, reviewer digests)."""
