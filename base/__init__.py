"""What the chat (`bot/`) and the scheduler (`scheduler/`) both use, and nothing else.

The clock (injectable), the outgoing message (`events.Reply` and its buttons), HTML markup
with its escaping and splitting, and the delivery protocol a channel implements. It sits
above `seed/`, `db/` and `domain/` and below `bot/` and `scheduler/`, which never import
each other's insides: `bot/service.py` wires the scheduler with what it needs.
"""
