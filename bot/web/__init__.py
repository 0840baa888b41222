"""The coordinators' dashboard: pages rendered on the server from the plans in memory, opened
with a one-time link from the chat (/web). See bot/web/app.py."""
