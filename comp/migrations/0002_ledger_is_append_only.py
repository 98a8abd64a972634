"""The ledger refuses UPDATE and DELETE in PostgreSQL itself, not only in the model layer.

TRUNCATE stays possible (Django's flush uses it); grant the application role no TRUNCATE on
comp_ledgerentry in production to close that too.
"""

from django.db import migrations

PROTECT = """
CREATE OR REPLACE FUNCTION comp_ledger_is_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'comp_ledgerentry is append-only: post a reversing entry instead';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER comp_ledger_no_update BEFORE UPDATE ON comp_ledgerentry
    FOR EACH ROW EXECUTE FUNCTION comp_ledger_is_append_only();
CREATE TRIGGER comp_ledger_no_delete BEFORE DELETE ON comp_ledgerentry
    FOR EACH ROW EXECUTE FUNCTION comp_ledger_is_append_only();
"""
UNPROTECT = """
DROP TRIGGER IF EXISTS comp_ledger_no_update ON comp_ledgerentry;
DROP TRIGGER IF EXISTS comp_ledger_no_delete ON comp_ledgerentry;
DROP FUNCTION IF EXISTS comp_ledger_is_append_only();
"""


def protect(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PROTECT)


def unprotect(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(UNPROTECT)


class Migration(migrations.Migration):
    dependencies = [("comp", "0001_initial")]

    operations = [migrations.RunPython(protect, unprotect)]
