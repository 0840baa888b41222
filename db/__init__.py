"""The database: models, migrations, sessions and queries."""
