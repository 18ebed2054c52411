"""What every popflow process shares: config, models, database, broker, tokens, time."""
