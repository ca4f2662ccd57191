"""Raw SQL in the search migrations: the full-text tables, triggers and indexes differ per database."""


def for_vendors(statements_by_vendor: dict[str, list[str]]):
    """A RunPython function that executes the statements listed for the migrating database's vendor
    (none for a vendor not listed)."""

    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run
