"""Search index documents and the indexing outbox: see the search issue."""
