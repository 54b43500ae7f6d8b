"""earnest digest and earnest serve (the server itself runs in the browser tests)."""

import re
import socket

import pytest
from django.core import mail


def test_it_emails_todays_agenda(cli, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert cli("demo").exit_code == 0
    result = cli("digest", "--to", "me@example.com", "--base-url", "https://earnest.example.com/")
    assert result.exit_code == 0, result.output
    message = mail.outbox[0]
    assert message.to == ["me@example.com"] and "things today" in message.subject
    assert "Meetings to debrief" in message.body and "Meetings to prepare" in message.body
    assert "https://earnest.example.com/w/cli-test/prospects/" in message.body
    html = message.alternatives[0][0]
    assert '<a href="https://earnest.example.com/w/cli-test/' in html


def test_it_needs_someone_to_send_the_digest_to(cli):
    result = cli("digest")
    assert result.exit_code == 2 and "nobody to send the digest to" in result.output


def test_it_documents_how_to_serve(cli):
    result = cli("serve", "--help")
    assert "--workers" in result.output and "one-time login link" in result.output and "loginlink" in result.output


# --- issue 17: what `earnest serve` prints, where it may listen, and the commands that replace the link ---


@pytest.fixture
def served(cli, monkeypatch, settings, tmp_path):
    """Runs `earnest serve ARGS` up to the point where gunicorn would start, and has gunicorn report
    that it listens unless `listening=False`; returns (result, the binds)."""
    from earnest.cli import web

    settings.STATIC_ROOT = str(tmp_path / "static")
    started = []

    def serve(*args, listening=True):
        def run_gunicorn(*bind, on_ready):
            started.append(bind)
            if listening:
                on_ready()

        monkeypatch.setattr(web, "_run_gunicorn", run_gunicorn)
        return cli("serve", *args), started

    return serve


def test_only_the_first_start_prints_a_login_link(served):
    """F8: every start used to print a fresh link, which ended up in service logs."""
    first, _ = served()
    assert first.exit_code == 0, first.output
    assert re.search(r"http://127\.0\.0\.1:8000/login/\S+", first.output)
    second, started = served()
    assert second.exit_code == 0 and "/login/" not in second.output and len(started) == 2
    assert "earnest --workspace cli-test loginlink" in second.output


def test_loginlink_prints_a_fresh_link_for_the_owner_that_signs_in_after_confirming(served, cli, client):
    served()
    result = cli("loginlink", "--base-url", "https://earnest.example.com/")
    link = result.output.strip()
    assert result.exit_code == 0 and link.startswith("https://earnest.example.com/login/")
    path = "/" + link.split("/", 3)[3]
    assert client.get(path).status_code == 200 and client.post(path).status_code == 302


def test_loginlink_points_at_the_server_named_by_earnest_base_url(served, cli, monkeypatch):
    """The trial: with the server on --port 8123 the link still pointed at port 8000."""
    served("--port", "8123")
    monkeypatch.setenv("EARNEST_BASE_URL", "http://127.0.0.1:8123")
    result = cli("loginlink")
    assert result.exit_code == 0 and result.output.startswith("http://127.0.0.1:8123/login/")
    result = cli("loginlink", "--base-url", "https://earnest.example.com")
    assert result.output.startswith("https://earnest.example.com/login/")


def test_loginlink_says_where_its_link_points(cli):
    help_text = " ".join(cli("loginlink", "--help").output.split())
    assert "EARNEST_BASE_URL" in help_text and "http://127.0.0.1:8000" in help_text and "--port 8123" in help_text


def test_loginlink_needs_an_owner_or_a_name(cli):
    result = cli("loginlink")
    assert result.exit_code == 2 and "has no owner yet" in result.output


def test_serve_refuses_every_interface_without_allowed_hosts(served, monkeypatch):
    """F10: --host 0.0.0.0 used to answer on every interface without a word."""
    monkeypatch.delenv("EARNEST_ALLOWED_HOSTS", raising=False)
    result, started = served("--host", "0.0.0.0")
    assert result.exit_code == 2 and "EARNEST_ALLOWED_HOSTS" in result.output and not started


def test_serve_warns_beyond_loopback_without_https(served, monkeypatch):
    monkeypatch.setenv("EARNEST_ALLOWED_HOSTS", "earnest.example.com")
    monkeypatch.delenv("EARNEST_HTTPS", raising=False)
    result, started = served("--host", "0.0.0.0")
    assert result.exit_code == 0 and started
    assert "without EARNEST_HTTPS=1" in result.output


def test_serve_never_runs_with_debug(served, settings):
    settings.DEBUG = True
    result, started = served()
    assert result.exit_code == 0 and started and settings.DEBUG is False
    assert "EARNEST_DEBUG is ignored" in result.output


def test_serve_refuses_a_busy_port_before_saying_it_runs(served):
    """The trial: `running at ...` came first, then gunicorn's own retries and a failure to boot."""
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result, started = served("--port", str(port))
    assert result.exit_code == 2 and not started
    assert f"port {port} on 127.0.0.1 is already in use" in result.output and "--port" in result.output
    assert "running at" not in result.output and "/login/" not in result.output


def test_serve_says_where_it_runs_only_once_it_listens(served):
    result, started = served("--port", "8123", listening=False)
    assert result.exit_code == 0 and started == [("127.0.0.1", 8123, 2, 4)]
    assert "running at" not in result.output and "/login/" not in result.output
    result, _ = served("--port", "8123")
    assert "earnest is running at http://127.0.0.1:8123/w/cli-test/" in result.output


def test_each_server_keeps_its_gunicorn_control_socket_in_its_own_home(tmp_path):
    """gunicorn's default (~/.gunicorn/gunicorn.ctl) is shared by every server a user runs on the machine."""
    from earnest.cli.web import gunicorn_settings

    a = gunicorn_settings("127.0.0.1", 8101, 2, 4, tmp_path / "a")
    b = gunicorn_settings("127.0.0.1", 8102, 2, 4, tmp_path / "a")
    c = gunicorn_settings("127.0.0.1", 8101, 2, 4, tmp_path / "c")
    assert a["control_socket"] == str(tmp_path / "a" / "gunicorn-8101.ctl")
    assert len({a["control_socket"], b["control_socket"], c["control_socket"]}) == 3
    # A Unix socket's path holds at most 107 bytes: a deeper home serves without one rather than fail.
    deep = gunicorn_settings("127.0.0.1", 8101, 2, 4, tmp_path / ("d" * 120))
    assert deep.get("control_socket_disable") is True and "control_socket" not in deep


def test_the_access_log_cuts_secrets_out_of_paths():
    from earnest.cli.web import redact_secrets

    line = redact_secrets(
        "GET /login/abcdEFGHsecret HTTP/1.1 /feeds/fd_1234567890.ics /invite/zyxwvut /password-reset/MQ/c3x9-token123/"
    )
    assert "EFGHsecret" not in line and "567890" not in line and "wvut" not in line and "token123" not in line
    assert "/login/abcd…" in line and "/feeds/fd_1…" in line


def test_deactivate_closes_an_account(cli):
    from django.contrib.auth import get_user_model

    assert cli("createuser", "dana", "--password", "a-long-test-password").exit_code == 0
    result = cli("deactivate", "dana")
    assert result.exit_code == 0 and not get_user_model().objects.get(username="dana").is_active
    assert cli("loginlink", "dana").exit_code == 2


def test_createuser_treats_a_fullwidth_look_alike_as_the_same_person(cli):
    from django.contrib.auth import get_user_model

    assert cli("createuser", "dana", "--password", "a-long-test-password").exit_code == 0
    result = cli("createuser", "ｄａｎａ", "--role", "viewer")
    assert result.exit_code == 0 and get_user_model().objects.count() == 1
