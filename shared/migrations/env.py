"""Alembic environment: the URL comes from the caller (shared/migrate.py), never a file."""

from alembic import context
from sqlalchemy import create_engine

from shared.db import make_engine
from shared.models import Base

config = context.config
url = config.get_main_option("sqlalchemy.url")
connection = config.attributes.get("connection")


def run(conn) -> None:
    context.configure(
        connection=conn, target_metadata=Base.metadata, render_as_batch=conn.dialect.name == "sqlite", compare_type=True
    )
    with context.begin_transaction():
        context.run_migrations()


if connection is not None:
    run(connection)
else:
    engine = make_engine(url) if url else create_engine("sqlite://")
    with engine.connect() as conn:
        run(conn)
    engine.dispose()
