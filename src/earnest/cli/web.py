"""The web server and the daily digest email."""

from __future__ import annotations

from typing import Annotated

import typer

from earnest.domain.errors import DomainError

from .context import state, today, user_errors, workspace

LOCAL_HOSTS = {"0.0.0.0", "::", ""}


def _link_host(host: str) -> str:
    if host in LOCAL_HOSTS:
        return "127.0.0.1"
    return f"[{host}]" if ":" in host else host


@user_errors
def serve_command(
    host: Annotated[str, typer.Option(help="Address to listen on; 0.0.0.0 for every interface.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    workers: Annotated[int, typer.Option(min=1, max=64, help="Worker processes.")] = 2,
    threads: Annotated[int, typer.Option(min=1, max=64, help="Threads per worker.")] = 4,
) -> None:
    """Run the web app with gunicorn, migrating first; prints a one-time login link.

    On the first start it creates the local owner account and makes it the owner of the
    workspace (see --workspace). Every start prints a fresh login link that works once,
    for an hour.

    Example: earnest serve --port 8000 --workers 2
    """
    from earnest.bootstrap import migrate_if_needed, setup

    setup(migrate=False)
    if migrate_if_needed():
        print("Database created or upgraded.", flush=True)
    ws = workspace()

    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)

    from earnest.accounts.services import login_token_create, owner_ensure

    user, created = owner_ensure(workspace=ws)
    if created:
        print(f"Created the owner account {user.get_username()!r} for workspace {ws.slug!r}.", flush=True)
    secret = login_token_create(user=user)
    base = f"http://{_link_host(host)}:{port}"
    print(f"earnest is running at {base}/w/{ws.slug}/", flush=True)
    print(f"Sign in as {user.get_username()} with this one-time link (valid for an hour): "
          f"{base}/login/{secret}", flush=True)
    _run_gunicorn(host, port, workers, threads)


def _run_gunicorn(host: str, port: int, workers: int, threads: int) -> None:
    from gunicorn.app.base import BaseApplication

    from earnest.web.wsgi import application

    bind = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"

    class Server(BaseApplication):
        def load_config(self) -> None:
            for key, value in {"bind": bind, "workers": workers, "threads": threads,
                               "worker_class": "gthread", "accesslog": None, "errorlog": "-",
                               "loglevel": "warning", "timeout": 60, "proc_name": "earnest"}.items():
                self.cfg.set(key, value)

        def load(self):
            return application

    Server().run()


@user_errors
def digest_command(
    to: Annotated[list[str], typer.Option(
        "--to", help="Send to this address; repeat. Default: the workspace's members with an email.")] = [],  # noqa: B006
    base_url: Annotated[str, typer.Option(help="Where the web app lives, for the links.")] = "http://127.0.0.1:8000",
    sender: Annotated[str, typer.Option("--from", help="The sender address.")] = "earnest@localhost",
) -> None:
    """Email today's agenda (Django's email backend; the console by default), e.g. from cron each morning.

    Example: earnest digest --to me@example.com --base-url https://earnest.example.com
    """
    from django.core.mail import EmailMultiAlternatives
    from django.template.loader import render_to_string

    from earnest.ledger.models import Membership
    from earnest.webui.views.today import agenda_sections

    ws = workspace()
    recipients = list(to) or sorted({e for e in Membership.objects.filter(workspace=ws)
                                     .exclude(user__email="").values_list("user__email", flat=True)})
    if not recipients:
        raise DomainError("nobody to send the digest to: pass --to ADDRESS, or give a member an email")
    now = today()
    result, sections = agenda_sections(ws, now, shown=None)
    context = {"workspace": ws, "today": now, "sections": sections, "base": base_url.rstrip("/"),
               "total": sum(s[4] for s in sections)}
    subject = f"earnest · {ws.name} · {context['total']} thing{'s' if context['total'] != 1 else ''} today"
    message = EmailMultiAlternatives(subject, render_to_string("webui/email/digest.txt", context),
                                     sender, recipients)
    message.attach_alternative(render_to_string("webui/email/digest.html", context), "text/html")
    message.send()
    print(f"Sent the digest for {state.workspace_slug!r} to {', '.join(recipients)}.", flush=True)
