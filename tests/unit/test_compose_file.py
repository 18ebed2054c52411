"""docker-compose.yml stays in step with the code: its commands are commands the CLI
accepts, its variables are ones popflow reads, and the production shape holds (one
tick, migrations first, healthy database and broker before anything starts)."""

from __future__ import annotations

from pathlib import Path

import click
import pytest
import yaml

from popflow.cli import main
from shared.config import ENV_NAMES, Config

COMPOSE = yaml.safe_load((Path(__file__).resolve().parents[2] / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]
POPFLOW = {name: service for name, service in SERVICES.items() if (service.get("command") or [""])[0] == "popflow"}


def _option(command: click.Command, token: str) -> click.Option:
    for param in command.params:
        if isinstance(param, click.Option) and token in (*param.opts, *param.secondary_opts):
            return param
    raise AssertionError(f"{command.name} has no option {token}")


def resolve(argv: list[str]) -> tuple[click.Command, dict]:
    """Walk the click tree as `popflow ARGS` would: the command reached and its option values,
    each converted by its own type (a port that is no number fails here)."""
    assert argv[0] == "popflow"
    command: click.Command = main
    ctx = click.Context(main, info_name="popflow")
    values: dict = {}
    positional: list[str] = []
    tokens = iter(argv[1:])
    for token in tokens:
        if token.startswith("-"):
            name, _eq, inline = token.partition("=")
            option = _option(command, name)
            if option.is_flag:
                assert not inline, token
                values[option.name] = name in option.opts
            else:
                raw = inline or next(tokens)
                values[option.name] = option.type.convert(raw, option, ctx)
        elif isinstance(command, click.Group):
            sub = command.get_command(ctx, token)
            assert sub is not None, f"no command {token!r} under {command.name}"
            command, ctx, values = sub, click.Context(sub, info_name=token, parent=ctx), {}
        else:
            positional.append(token)
    assert not isinstance(command, click.Group), f"{argv} stops at a group"
    arguments = [p for p in command.params if isinstance(p, click.Argument)]
    assert len(positional) == len(arguments), f"{argv}: arguments {positional} for {[a.name for a in arguments]}"
    return command, values


def test_the_services_of_the_production_shape_are_there():
    assert {"postgres", "rabbitmq", "migrate", "web", "workflow-worker", "notify-worker", "tick", "mailpit"} <= set(
        SERVICES
    )
    assert SERVICES["tick"]["deploy"]["replicas"] == 1  # exactly one scheduler
    assert "replicas" not in SERVICES["notify-worker"].get("deploy", {})  # scaled with --scale
    assert resolve(SERVICES["migrate"]["command"])[0].name == "upgrade"
    # Two gunicorn workers count the per-client limits in one shared store, not each its own.
    assert "--workers" in SERVICES["web"]["command"]
    assert SERVICES["web"]["environment"]["LIMITER_STORAGE_URL"].startswith("redis://redis:")
    assert "redis" in SERVICES


@pytest.mark.parametrize("name", sorted(POPFLOW))
def test_every_command_is_one_the_cli_accepts(name):
    command, values = resolve(POPFLOW[name]["command"])
    assert command.callback is not None
    if command.name == "worker":
        assert values["metrics_port"] == 9100 and values["metrics_host"] == "0.0.0.0"
        assert set(values["queues"].split(",")) <= {"workflow", "notify"}


def test_the_walk_refuses_what_click_would_refuse():
    with pytest.raises(AssertionError, match="no option --metric-port"):
        resolve(["popflow", "worker", "--metric-port", "9100"])
    with pytest.raises(click.BadParameter):
        resolve(["popflow", "worker", "--metrics-port", "ninety"])
    with pytest.raises(AssertionError, match="no command"):
        resolve(["popflow", "wroker"])
    with pytest.raises(AssertionError, match="stops at a group"):
        resolve(["popflow", "db"])


def _click_envvars(command: click.Command) -> set[str]:
    found = {p.envvar for p in command.params if isinstance(p.envvar, str)}
    for sub in getattr(command, "commands", {}).values():
        found |= _click_envvars(sub)
    return found


def test_every_variable_set_is_one_popflow_reads():
    readable = ENV_NAMES | _click_envvars(main)
    for name, service in POPFLOW.items():
        env = service["environment"]
        assert set(env) <= readable, (name, set(env) - readable)
        assert {"DATABASE_URL", "BROKER_URL", "SECRET_KEY", "SMTP_URL", "BASE_URL"} <= set(env), name
        assert env["LOG_FORMAT"] == "json"


def test_env_names_are_exactly_what_config_reads():
    """ENV_NAMES is not a list kept by hand: each name changes the Config it is given to."""
    samples = {
        "TICK_SECONDS": "7.5",
        "WORKER_THREADS": "3",
        "LINK_MAX_AGE_DAYS": "9",
        "RETENTION_PRIVATE_MONTHS": "2",
        "RETENTION_PLAN_YEARS": "2",
        "POPFLOW_DEV": "1",
        "LOG_FORMAT": "json",
        "REPUBLISH_AFTER_SECONDS": "9",
        "CLAIM_TIMEOUT_SECONDS": "9",
        "MAIL_RETRY_SECONDS": "9",
        "API_TOKEN_DAYS": "30",
        "PROXY_HOPS": "1",
        "INBOUND_INTERNAL_HOPS": "1",
        "ORG_ACCENT": "#123456",
        "HR_REPLY_TO": "hr@voorbeeld.nl",
        "ORG_LOGO": str(Path(__file__).resolve().parents[2] / "intake" / "static" / "favicon.svg"),
    }
    samples["INBOUND_REQUIRE_AUTH"] = "dkim"
    default = Config.from_env({}, secret_key="k")
    for name in ENV_NAMES - {"POPFLOW_VAR", "SECRET_KEY"}:  # POPFLOW_VAR: read once, at import
        changed = Config.from_env({name: samples.get(name, "x")}, secret_key="k")
        assert changed != default, f"{name} is in ENV_NAMES but Config ignores it"
    assert Config.from_env({"SECRET_KEY": "mine"}).secret_key == "mine"


def test_everything_waits_for_migrations_and_healthy_backends():
    for name, service in POPFLOW.items():
        if name == "migrate":
            assert service["depends_on"]["postgres"]["condition"] == "service_healthy"
            continue
        needs = {dep: spec["condition"] for dep, spec in service["depends_on"].items()}
        assert needs == {
            "migrate": "service_completed_successfully",
            "postgres": "service_healthy",
            "rabbitmq": "service_healthy",
        }, name
    for name in ("postgres", "rabbitmq", "web", "workflow-worker", "notify-worker"):
        assert SERVICES[name]["healthcheck"]["test"], name
    assert "/healthz" in " ".join(SERVICES["web"]["healthcheck"]["test"])
    assert "9100" in " ".join(SERVICES["notify-worker"]["healthcheck"]["test"])


def test_data_lives_in_named_volumes_and_only_the_web_port_is_public():
    named = set(COMPOSE["volumes"])
    for name in ("postgres", "rabbitmq"):
        for volume in SERVICES[name]["volumes"]:
            assert volume.split(":")[0] in named, volume
    public = {name for name, service in POPFLOW.items() if service.get("ports")}
    assert public <= {"web", "inbound"}  # never a worker's metrics port
    assert SERVICES["web"]["ports"] == ["8000:8000"]
