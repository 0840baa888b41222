"""Local stand-ins for the outside services AgencyBot talks to, for end-to-end tests."""
