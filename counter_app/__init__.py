"""Core of the commune one-stop counter app: rules, storage, services, CLI. No Qt here."""

__version__ = "0.1.0"
