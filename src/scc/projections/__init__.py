"""SQL read models derived from the events; any of them can be dropped and rebuilt."""
