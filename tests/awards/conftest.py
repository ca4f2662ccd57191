import os

# The concurrency test needs real row locks: it is collected only when the suite runs on
# PostgreSQL (DATABASE_URL=postgres://...), as CI does. Not a skip: on SQLite it does not exist.
_database_url = os.environ.get("DATABASE_URL", "")
collect_ignore = [] if _database_url.startswith(("postgres://", "postgresql://")) else ["test_concurrency_pg.py"]
