"""Reminders and delivery: planning reminders, queueing the day's digests, sending the outbox.

The database holds all the state; APScheduler only says when to run each step.
"""
