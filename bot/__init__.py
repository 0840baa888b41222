"""The chat service and its command line."""
