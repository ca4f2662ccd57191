"""SearchEntry.tokens and its full-text index: SQLite FTS5 (external content, kept in step by
triggers) or a PostgreSQL GIN index over to_tsvector('simple', tokens). Other databases keep the scan."""

from django.db import migrations, models

from search.migration_sql import for_vendors

SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE search_searchentry_fts USING fts5(tokens, content='search_searchentry', content_rowid='id')",
    """CREATE TRIGGER search_searchentry_fts_insert AFTER INSERT ON search_searchentry BEGIN
        INSERT INTO search_searchentry_fts(rowid, tokens) VALUES (new.id, new.tokens); END""",
    """CREATE TRIGGER search_searchentry_fts_delete AFTER DELETE ON search_searchentry BEGIN
        INSERT INTO search_searchentry_fts(search_searchentry_fts, rowid, tokens) VALUES ('delete', old.id, old.tokens); END""",
    """CREATE TRIGGER search_searchentry_fts_update AFTER UPDATE ON search_searchentry BEGIN
        INSERT INTO search_searchentry_fts(search_searchentry_fts, rowid, tokens) VALUES ('delete', old.id, old.tokens);
        INSERT INTO search_searchentry_fts(rowid, tokens) VALUES (new.id, new.tokens); END""",
    "INSERT INTO search_searchentry_fts(search_searchentry_fts) VALUES ('rebuild')",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS search_searchentry_fts_insert",
    "DROP TRIGGER IF EXISTS search_searchentry_fts_delete",
    "DROP TRIGGER IF EXISTS search_searchentry_fts_update",
    "DROP TABLE IF EXISTS search_searchentry_fts",
]
POSTGRES_FORWARD = [
    "CREATE INDEX search_searchentry_tokens_gin ON search_searchentry USING gin (to_tsvector('simple', tokens))"
]
POSTGRES_BACKWARD = ["DROP INDEX IF EXISTS search_searchentry_tokens_gin"]


def fill_tokens(apps, schema_editor):
    from search.tokens import document_tokens

    SearchEntry = apps.get_model("search", "SearchEntry")
    for entry in SearchEntry.objects.using(schema_editor.connection.alias).iterator(chunk_size=500):
        entry.tokens = document_tokens(entry.title, entry.keywords, entry.body)
        entry.save(update_fields=["tokens"])


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="searchentry", name="tokens", field=models.TextField(blank=True, default="")
        ),
        migrations.RunPython(fill_tokens, migrations.RunPython.noop),
        migrations.RunPython(
            for_vendors({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            for_vendors({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        ),
    ]
