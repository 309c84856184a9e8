"""The pure model: aggregates, events, value objects and errors. No I/O imports here."""
