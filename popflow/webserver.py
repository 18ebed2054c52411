"""`popflow web`: the Flask app under gunicorn (production)."""

from __future__ import annotations

from gunicorn.app.base import BaseApplication
from gunicorn.glogging import Logger

from shared.config import Config
from shared.log_context import attach, redact


def _logger_class(log_format: str) -> type[Logger]:
    class PopflowLogger(Logger):
        """gunicorn's own lines (booting, worker timeouts, errors) in LOG_FORMAT like every
        other line of popflow; the access log keeps gunicorn's format, on stdout, with the
        tokens of personal links cut out of the request line, path, query and referrer."""

        def setup(self, cfg) -> None:
            super().setup(cfg)
            for handler in self.error_log.handlers:
                attach(handler, log_format)

        def atoms(self, resp, req, environ, request_time):
            return {
                key: redact(value) if isinstance(value, str) else value
                for key, value in super().atoms(resp, req, environ, request_time).items()
            }

    return PopflowLogger


class _Gunicorn(BaseApplication):
    def __init__(self, config: Config, options: dict) -> None:
        self.popflow_config = config
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        # Built in each gunicorn worker after fork: its own engine and broker connection.
        from intake.app import create_app
        from popflow.processes import declare_all_actors
        from shared.runtime import build_runtime

        runtime = build_runtime(self.popflow_config)
        declare_all_actors(runtime)
        return create_app(runtime)


def serve_gunicorn(config: Config, port: int, workers: int) -> None:
    _Gunicorn(
        config,
        {
            "bind": f"0.0.0.0:{port}",
            "workers": workers,
            "threads": 4,
            "worker_class": "gthread",
            "accesslog": "-",
            "graceful_timeout": 20,
            "logger_class": _logger_class(config.log_format),
        },
    ).run()
