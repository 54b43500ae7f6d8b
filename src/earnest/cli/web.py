"""The web server and the daily digest email."""

from __future__ import annotations

import errno
import os
import re
import socket
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer

from earnest.domain.errors import DomainError

from .context import DEFAULT_BASE_URL, BaseUrlOpt, state, today, user_errors, workspace

LOCAL_HOSTS = {"0.0.0.0", "::", ""}
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}
# Secrets that travel in URL paths; the access log shows only their first characters.
_SECRET_PATHS = re.compile(r"(/(?:login|invite|feeds|password-reset/[^/\s]+)/)([^/\s?.]{4})[^/\s?.]*")
ACCESS_LOG_FORMAT = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms id=%({x-request-id}o)s'


def _link_host(host: str) -> str:
    if host in LOCAL_HOSTS:
        return "127.0.0.1"
    return f"[{host}]" if ":" in host else host


def _check_exposure(host: str) -> None:
    """Beyond loopback the server answers other machines: it must know its host names, and it warns
    when nothing in front of it speaks HTTPS (passwords and session cookies would cross the network)."""
    if host in LOOPBACK_HOSTS or host.startswith("127."):
        return
    if not os.environ.get("EARNEST_ALLOWED_HOSTS", "").strip():
        raise DomainError(
            f"--host {host} answers other machines: set EARNEST_ALLOWED_HOSTS to the host names "
            "people use (e.g. earnest.example.com), or keep the default --host 127.0.0.1"
        )
    if not os.environ.get("EARNEST_HTTPS"):
        print(
            f"Warning: listening on {host} without EARNEST_HTTPS=1: passwords and session cookies cross the "
            "network in plain text. Put a TLS proxy in front (README: Running earnest for a team).",
            file=sys.stderr,
            flush=True,
        )


def _check_port_free(host: str, port: int) -> None:
    """Refuse a port another program listens on before anything is printed or prepared: gunicorn would
    retry it for seconds and then stop with log lines of its own, after we had said where we run."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(
            host or None, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )[0]
    except socket.gaierror as exc:
        raise DomainError(f"--host {host}: no such address on this machine ({exc.strerror})") from None
    with socket.socket(family, kind, proto) as probe:
        # as gunicorn binds: a port left in TIME_WAIT by a server just stopped is free
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise DomainError(
                    f"port {port} on {host} is already in use (another earnest serve?): stop that server, "
                    f"or choose another port with --port, e.g. --port {port + 1 if port < 65535 else 8100}"
                ) from None
            raise DomainError(
                f"cannot listen on {host} port {port} ({exc.strerror}): choose another with --port or --host"
            ) from None


@user_errors
def serve_command(
    host: Annotated[
        str, typer.Option(help="Address to listen on. Beyond 127.0.0.1 it needs EARNEST_ALLOWED_HOSTS.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    workers: Annotated[int, typer.Option(min=1, max=64, help="Worker processes.")] = 2,
    threads: Annotated[int, typer.Option(min=1, max=64, help="Threads per worker.")] = 4,
) -> None:
    """Run the web app with gunicorn, migrating first; the first start prints a one-time login link.

    On the first start it creates the local owner account, makes it the owner of the
    workspace (see --workspace) and prints a one-time login link (valid for an hour), where
    you may also choose a password. Later starts print no link, so none lands in service
    logs: sign in with your password, or print a link with `earnest loginlink`.
    The address is printed once the server listens; a port already in use is refused
    before anything starts (choose another with --port).
    Requests and errors are logged to stderr; Django's debug pages are always off.

    Example: earnest serve --port 8000 --workers 2
    """
    _check_exposure(host)
    _check_port_free(host, port)
    # A long-lived server catches many stale verdicts up in the background (the setting, unless set).
    os.environ.setdefault("EARNEST_BACKGROUND_REFRESH", "1")
    from earnest.bootstrap import migrate_if_needed, setup

    setup(migrate=False)
    from django.conf import settings

    if settings.DEBUG:
        # Debug pages show settings and source to anyone who triggers an error: never on a server.
        print("EARNEST_DEBUG is ignored by earnest serve.", file=sys.stderr, flush=True)
        settings.DEBUG = False
    if migrate_if_needed():
        print("Database created or upgraded.", flush=True)
    ws = workspace()

    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)

    from earnest.accounts.services import login_token_create, owner_ensure

    user, created = owner_ensure(workspace=ws)
    base = f"http://{_link_host(host)}:{port}"
    # Said once gunicorn listens, so "running at" is never printed by a server that failed to start.
    lines = [f"earnest is running at {base}/w/{ws.slug}/"]
    if created:
        lines.append(f"Created the owner account {user.get_username()!r} for workspace {ws.slug!r}.")
        secret = login_token_create(user=user)
        lines.append(
            f"Sign in as {user.get_username()} with this one-time link (valid for an hour): {base}/login/{secret}"
        )
    else:
        lines.append(
            f"Sign in with your password, or print a one-time login link with: "
            f"earnest --workspace {ws.slug} loginlink --base-url {base}"
        )
    _run_gunicorn(host, port, workers, threads, on_ready=lambda: print("\n".join(lines), flush=True))


def redact_secrets(text: str) -> str:
    """A request line with login, invitation, feed and reset secrets cut to their first 4 characters."""
    return _SECRET_PATHS.sub(r"\1\2…", text)


def control_socket(home: Path, port: int) -> str | None:
    """gunicorn's control socket (gunicornc) for the server on `port`, in its own EARNEST_HOME.

    gunicorn's default is one path per user ($XDG_RUNTIME_DIR or ~/.gunicorn), so a second server on
    the machine took the first one's socket over, and removed it on stopping. None (no control socket)
    where the path would be too long for a Unix socket."""
    path = str(home / f"gunicorn-{port}.ctl")
    return path if len(os.fsencode(path)) < 100 else None


def gunicorn_settings(host: str, port: int, workers: int, threads: int, home: Path) -> dict[str, object]:
    """What `earnest serve` sets in gunicorn's configuration."""
    bind = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    settings: dict[str, object] = {
        "bind": bind,
        "workers": workers,
        "threads": threads,
        "worker_class": "gthread",
        "accesslog": "-",
        "errorlog": "-",
        "access_log_format": ACCESS_LOG_FORMAT,
        "loglevel": "info",
        "timeout": 60,
        "proc_name": "earnest",
    }
    ctl = control_socket(home, port)
    settings.update({"control_socket": ctl} if ctl else {"control_socket_disable": True})
    return settings


def _run_gunicorn(host: str, port: int, workers: int, threads: int, *, on_ready: Callable[[], None]) -> None:
    from django.conf import settings as django_settings
    from gunicorn.app.base import BaseApplication
    from gunicorn.glogging import Logger

    from earnest.web.wsgi import application

    class AccessLogger(Logger):
        """gunicorn's logger: the access log on stderr, next to the errors, with secrets in URL paths cut."""

        def setup(self, cfg) -> None:
            super().setup(cfg)
            # accesslog "-" means stdout to gunicorn; a path like /dev/stderr fails under journald's socket.
            for handler in self.access_log.handlers:
                if getattr(handler, "stream", None) is sys.stdout:
                    handler.setStream(sys.stderr)

        def atoms(self, resp, req, environ, request_time):
            atoms = super().atoms(resp, req, environ, request_time)
            for key in ("r", "U"):
                if isinstance(atoms.get(key), str):
                    atoms[key] = redact_secrets(atoms[key])
            return atoms

    chosen = gunicorn_settings(host, port, workers, threads, Path(django_settings.EARNEST_HOME))

    class Server(BaseApplication):
        def load_config(self) -> None:
            for key, value in {
                **chosen,
                "logger_class": AccessLogger,
                "when_ready": lambda arbiter: on_ready(),  # the sockets are bound and listening
            }.items():
                # gunicorn before 25.1 has no control socket (nor its settings)
                if key in self.cfg.settings:
                    self.cfg.set(key, value)

        def load(self):
            return application

    Server().run()


@user_errors
def digest_command(
    to: Annotated[
        list[str],
        typer.Option("--to", help="Send to this address; repeat. Default: the workspace's members with an email."),
    ] = [],  # noqa: B006
    base_url: BaseUrlOpt = DEFAULT_BASE_URL,
    sender: Annotated[str, typer.Option("--from", help="The sender address.")] = "earnest@localhost",
) -> None:
    """Email today's agenda (Django's email backend; the console by default), e.g. from cron each morning.

    Example: earnest digest --to me@example.com --base-url https://earnest.example.com
    """
    from django.core.mail import EmailMultiAlternatives
    from django.template.loader import render_to_string

    from earnest.ledger.models import Membership
    from earnest.ledger.reads.experiments import experiments_changed
    from earnest.ledger.reads.today import agenda_sections
    from earnest.ledger.services.experiments import experiments_mark_reported

    ws = workspace()
    recipients = list(to) or sorted(
        {
            e
            for e in Membership.objects.filter(workspace=ws)
            .exclude(user__email="")
            .values_list("user__email", flat=True)
        }
    )
    if not recipients:
        raise DomainError("nobody to send the digest to: pass --to ADDRESS, or give a member an email")
    now = today()
    result, sections = agenda_sections(ws, now, shown=None)
    changed = experiments_changed(ws, now)
    context = {
        "workspace": ws,
        "today": now,
        "sections": sections,
        "base": base_url.rstrip("/"),
        "total": sum(s[4] for s in sections),
        "experiments": changed,
    }
    subject = f"earnest · {ws.name} · {context['total']} thing{'s' if context['total'] != 1 else ''} today"
    message = EmailMultiAlternatives(subject, render_to_string("webui/email/digest.txt", context), sender, recipients)
    message.attach_alternative(render_to_string("webui/email/digest.html", context), "text/html")
    message.send()
    # Said once: the next digest mentions an experiment again only when its status moves again.
    experiments_mark_reported(experiments=[(v.row, v.result.status.value) for v, _ in changed])
    print(f"Sent the digest for {state.workspace_slug!r} to {', '.join(recipients)}.", flush=True)
