"""Legal audit: tamper evidence over the event store, the case as it stood on any date, bundles.

Design: the links are stored, not only computed on demand.

Each event's stored bytes (topic, originator id, version, state exactly as stored) are hashed once;
two chains are built over those digests: one per aggregate (for a case: its own history, version
by version) and one over the whole store in notification (recorded) order. Each link is
SHA-256(previous link || SHA-256(event bytes)), which commits to the previous link and to every
stored byte of the event, at the cost of hashing the bytes once for both chains.

The links are written to the `audit_chain` table by `seal`, which `Context.save` calls straight after
the event store commits (the library's recorder owns its own transaction, so the seal is a second
transaction; a crash between the two leaves rows unsealed until the next save seals them, and
`verify` reports them meanwhile). Storing the links is what lets `verify` say *what* happened to
which event: a row whose bytes differ from the sealed digest was altered, a sealed event with no
row was deleted, a row with no link was inserted behind the application's back, a row whose bytes
are sealed under another position was reordered. A chain computed only on demand could say nothing
about a store edited before it was first computed.

Stored links do not stop someone with write access to the database who also rewrites
`audit_chain` consistently. That is what `scc audit head` is for: the authority records the head
outside the system (in the minutes of a meeting); `verify --anchor HEAD` then proves the chain
recomputed from the rows still passes through it, so nothing recorded before it changed.

The table has its own MetaData, apart from the read models: rebuilding projections must never
empty it.
"""
