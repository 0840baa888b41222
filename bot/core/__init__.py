"""The conversation core: channel-neutral events in, replies out. Knows no chat platform."""
