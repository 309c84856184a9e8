"""The service layer: one method per command, role checks, and the event store application."""
