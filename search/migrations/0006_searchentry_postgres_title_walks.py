"""PostgreSQL: finding the titles that hold a Chinese first term without reading every row
(docs/performance.md, "Database search backend").

- The walks' date index also holds visibility, the six facet columns and the title, so the walk for
  titles holding the term reads the index alone (an index-only scan). It replaces 0005's (date, id)
  index, which it extends.
- A tsvector of the title's tokens with a GIN index, like 0004's over all tokens: when few titles
  hold the term they are looked up there instead of walked for (SQLite's FTS5 title column, 0005).

SQLite has had both since 0005."""

from django.db import migrations

from search.migration_sql import for_vendors

FORWARD = [
    "CREATE INDEX search_searchentry_newest_covering ON search_searchentry (date DESC NULLS LAST, id DESC) "
    "INCLUDE (visibility, doc_type, year, province, industry, program, state, title)",
    "DROP INDEX IF EXISTS search_searchentry_newest",
    "ALTER TABLE search_searchentry ADD COLUMN title_tsv tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple', title_tokens)) STORED",
    "CREATE INDEX search_searchentry_title_tsv_gin ON search_searchentry USING gin (title_tsv)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS search_searchentry_title_tsv_gin",
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS title_tsv",
    "CREATE INDEX search_searchentry_newest ON search_searchentry (date DESC NULLS LAST, id DESC)",
    "DROP INDEX IF EXISTS search_searchentry_newest_covering",
]


class Migration(migrations.Migration):
    dependencies = [("search", "0005_searchentry_title_tokens_indexes")]

    operations = [migrations.RunPython(for_vendors({"postgresql": FORWARD}), for_vendors({"postgresql": BACKWARD}))]
