import pytest
from django.contrib.auth import get_user_model


@pytest.mark.parametrize(
    ("username", "message"),
    [
        ("", "error: username is required"),
        ("   ", "error: username is required"),
        ("dana smith", "error: username 'dana smith': Enter a valid username"),
        ("d" * 151, "error: username 'ddd"),
    ],
)
def test_it_refuses_a_bad_username_before_asking_for_a_password(cli, username, message):
    result = cli("createuser", username)
    assert result.exit_code == 2
    assert result.output.startswith(message) and result.output.count("\n") == 1, result.output
    assert not get_user_model().objects.exists()


def test_it_refuses_a_weak_password_for_a_new_user(cli, settings):
    settings.AUTH_PASSWORD_VALIDATORS = [{"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"}]
    result = cli("createuser", "dana", input="123\n123\n")
    assert result.exit_code == 2 and "error: password:" in result.output
    assert not get_user_model().objects.exists()


def test_it_creates_a_user_with_a_prompted_password(cli):
    result = cli("createuser", "dana", "--role", "owner", input="a-long-test-password\na-long-test-password\n")
    assert result.exit_code == 0, result.output
    assert get_user_model().objects.get(username="dana").check_password("a-long-test-password")


def test_adding_an_existing_user_to_a_workspace_asks_for_no_password(cli):
    get_user_model().objects.create_user(username="dana", password="a-long-test-password")
    result = cli("createuser", "dana", "--role", "viewer")
    assert result.exit_code == 0 and "dana is now viewer" in result.output
