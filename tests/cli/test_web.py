"""earnest digest and earnest serve (the server itself runs in the browser tests)."""

from django.core import mail


def test_it_emails_todays_agenda(cli, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert cli("demo").exit_code == 0
    result = cli("digest", "--to", "me@example.com", "--base-url", "https://earnest.example.com/")
    assert result.exit_code == 0, result.output
    message = mail.outbox[0]
    assert message.to == ["me@example.com"] and "things today" in message.subject
    assert "Overdue next steps" in message.body
    assert "https://earnest.example.com/w/cli-test/prospects/" in message.body
    html = message.alternatives[0][0]
    assert "<a href=\"https://earnest.example.com/w/cli-test/" in html


def test_it_needs_someone_to_send_the_digest_to(cli):
    result = cli("digest")
    assert result.exit_code == 2 and "nobody to send the digest to" in result.output


def test_it_documents_how_to_serve(cli):
    result = cli("serve", "--help")
    assert "--workers" in result.output and "one-time login link" in result.output
