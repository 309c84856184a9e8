"""scc: case management for local authorities' schools causing concern."""
