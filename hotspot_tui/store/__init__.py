"""The only code that speaks SQL: opening files, migrations, queries, the audit log."""
