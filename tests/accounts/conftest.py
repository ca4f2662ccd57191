import os

# The rate-limit race needs concurrent database connections with real row locks: collected only
# when the suite runs on PostgreSQL (DATABASE_URL=postgres://...), as CI does. Not a skip.
_database_url = os.environ.get("DATABASE_URL", "")
collect_ignore = [] if _database_url.startswith(("postgres://", "postgresql://")) else ["test_rate_limit_race_pg.py"]
