"""PostgreSQL: the tokens' tsvector becomes a stored generated column with the GIN index over it, so
phrase queries recheck the stored vector instead of re-parsing every candidate's tokens (a GIN index
keeps no positions; docs/performance.md). SQLite keeps the FTS5 table of 0002. Tokens are derived
again: the CJK ranges of search/tokens.py changed (kana punctuation left out, Han extensions B–G in)."""

from django.db import migrations

from search.migration_sql import for_vendors

POSTGRES_FORWARD = [
    "DROP INDEX IF EXISTS search_searchentry_tokens_gin",
    "ALTER TABLE search_searchentry ADD COLUMN tokens_tsv tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, tokens)) STORED",
    "CREATE INDEX search_searchentry_tokens_tsv_gin ON search_searchentry USING gin (tokens_tsv)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS search_searchentry_tokens_tsv_gin",
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS tokens_tsv",
    "CREATE INDEX search_searchentry_tokens_gin ON search_searchentry USING gin (to_tsvector('simple', tokens))",
]


def refill_tokens(apps, schema_editor):
    from search.tokens import document_tokens

    SearchEntry = apps.get_model("search", "SearchEntry")
    for entry in SearchEntry.objects.using(schema_editor.connection.alias).iterator(chunk_size=500):
        tokens = document_tokens(entry.title, entry.keywords, entry.body)
        if tokens != entry.tokens:
            entry.tokens = tokens
            entry.save(update_fields=["tokens"])


class Migration(migrations.Migration):
    dependencies = [("search", "0003_one_language_labels")]

    operations = [
        migrations.RunPython(
            for_vendors({"postgresql": POSTGRES_FORWARD}), for_vendors({"postgresql": POSTGRES_BACKWARD})
        ),
        migrations.RunPython(refill_tokens, migrations.RunPython.noop),
    ]
