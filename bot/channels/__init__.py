"""Channel adapters: translate platform updates into core events and core replies into calls."""
