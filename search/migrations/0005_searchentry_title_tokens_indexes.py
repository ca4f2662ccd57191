"""Indexes for reading a search's results in the page's order and stopping early (docs/performance.md,
"Database search backend").

SQLite: the FTS5 table gets a second column, the title's tokens (a new `title_tokens` field, derived
like `tokens`), so the titles holding a term are found in the index; and two covering indexes holding
visibility, the six facet columns, date and title, one in the walks' order (date and id descending),
one by id for reading the few entries the full-text index finds; the backend names them in `INDEXED BY`, so no search reads the wide rows (body, tokens).
PostgreSQL: (date DESC NULLS LAST, id DESC), the walks' order; and the tsvector kept in the row
(STORAGE MAIN) rather than out of line, so testing a row reads no TOAST table.

Raw SQL per database: SQLite's CREATE INDEX knows no NULLS LAST (its descending order puts NULL last
anyway). Like the FTS5 triggers of 0002, a SQLite table rebuild by a later migration drops these
indexes: such a migration must create them again."""

from django.db import migrations, models

from search.migration_sql import for_vendors

SQLITE_FTS = [
    "DROP TRIGGER IF EXISTS search_searchentry_fts_insert",
    "DROP TRIGGER IF EXISTS search_searchentry_fts_delete",
    "DROP TRIGGER IF EXISTS search_searchentry_fts_update",
    "DROP TABLE IF EXISTS search_searchentry_fts",
    "CREATE VIRTUAL TABLE search_searchentry_fts USING fts5(tokens, title_tokens, "
    "content='search_searchentry', content_rowid='id')",
    """CREATE TRIGGER search_searchentry_fts_insert AFTER INSERT ON search_searchentry BEGIN
        INSERT INTO search_searchentry_fts(rowid, tokens, title_tokens) VALUES (new.id, new.tokens, new.title_tokens); END""",
    """CREATE TRIGGER search_searchentry_fts_delete AFTER DELETE ON search_searchentry BEGIN
        INSERT INTO search_searchentry_fts(search_searchentry_fts, rowid, tokens, title_tokens)
        VALUES ('delete', old.id, old.tokens, old.title_tokens); END""",
    """CREATE TRIGGER search_searchentry_fts_update AFTER UPDATE ON search_searchentry BEGIN
        INSERT INTO search_searchentry_fts(search_searchentry_fts, rowid, tokens, title_tokens)
        VALUES ('delete', old.id, old.tokens, old.title_tokens);
        INSERT INTO search_searchentry_fts(rowid, tokens, title_tokens) VALUES (new.id, new.tokens, new.title_tokens); END""",
    "INSERT INTO search_searchentry_fts(search_searchentry_fts) VALUES ('rebuild')",
]
SQLITE_FORWARD = [
    "CREATE INDEX search_searchentry_newest ON search_searchentry "
    "(date DESC, id DESC, visibility, doc_type, year, province, industry, program, state, title)",
    "CREATE INDEX search_searchentry_by_id ON search_searchentry "
    "(id, visibility, doc_type, year, province, industry, program, state, date, title)",
]
POSTGRES_FORWARD = [
    "CREATE INDEX search_searchentry_newest ON search_searchentry (date DESC NULLS LAST, id DESC)",
    # Keep the tsvector in the row (compressed) instead of out of line in the TOAST table: testing a
    # row against a query then reads no second table (docs/performance.md). Rows written from now on
    # follow it; rewriting the tokens rewrites the generated column of the rows already there.
    "ALTER TABLE search_searchentry ALTER COLUMN tokens_tsv SET STORAGE MAIN",
    "UPDATE search_searchentry SET tokens = tokens",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS search_searchentry_newest",
    "ALTER TABLE search_searchentry ALTER COLUMN tokens_tsv SET STORAGE EXTENDED",
]
SQLITE_BACKWARD = ["DROP INDEX IF EXISTS search_searchentry_newest", "DROP INDEX IF EXISTS search_searchentry_by_id"]


def fill_title_tokens(apps, schema_editor):
    from search.tokens import document_tokens

    SearchEntry = apps.get_model("search", "SearchEntry")
    for entry in SearchEntry.objects.using(schema_editor.connection.alias).iterator(chunk_size=500):
        entry.title_tokens = document_tokens(entry.title)
        entry.save(update_fields=["title_tokens"])


class Migration(migrations.Migration):
    dependencies = [("search", "0004_searchentry_tsvector_phrases")]

    operations = [
        migrations.AddField(
            model_name="searchentry", name="title_tokens", field=models.TextField(blank=True, default="")
        ),
        migrations.RunPython(fill_title_tokens, migrations.RunPython.noop),
        # After the field: on SQLite adding it rebuilt the table and dropped 0002's triggers.
        migrations.RunPython(for_vendors({"sqlite": SQLITE_FTS}), migrations.RunPython.noop),
        migrations.RunPython(
            for_vendors({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            for_vendors({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        )
    ]
