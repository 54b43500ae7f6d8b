from django.contrib.auth import get_user_model


def test_it_prints_a_password_reset_link(cli):
    get_user_model().objects.create_user(username="dana", password="a-long-test-password")
    result = cli("resetlink", "dana", "--base-url", "https://earnest.example.com/")
    assert result.exit_code == 0
    assert result.output.startswith("https://earnest.example.com/password-reset/")


def test_it_refuses_an_unknown_user_or_a_bad_base_url(cli):
    assert cli("resetlink", "nobody").exit_code == 2
    get_user_model().objects.create_user(username="dana", password="a-long-test-password")
    assert cli("resetlink", "dana", "--base-url", "earnest.example.com").exit_code == 2
