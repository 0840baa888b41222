"""Reminders: planning occurrences and sending them (to come)."""
