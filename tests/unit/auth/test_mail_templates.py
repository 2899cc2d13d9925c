from application.services.mail_templates import confirmation_mail, password_reset_mail

NOW_MS = 1_700_000_000_000  # 2023-11-14


def test_confirmation_mail_names_the_app_year_and_link() -> None:
    mail = confirmation_mail(
        to="a@example.com",
        app_name="Parley",
        base_url="https://chat.example/",
        user_id=42,
        token="tok",
        now_ms=NOW_MS,
    )

    assert mail.subject == "Email confirmation"
    assert mail.link == "https://chat.example/app/confirmation/42/tok"
    assert 'href="https://chat.example/app/confirmation/42/tok"' in mail.html
    assert "Welcome to Parley" in mail.html
    assert "2023 Parley" in mail.html


def test_reset_mail_links_to_the_recovery_route() -> None:
    mail = password_reset_mail(
        to="a@example.com",
        app_name="Parley",
        base_url="https://chat.example",
        user_id=7,
        token="tok",
        now_ms=NOW_MS,
    )

    assert mail.subject == "Password reset"
    assert mail.link == "https://chat.example/app/recovery/7/tok"
    assert mail.link in mail.html


def test_configuration_values_are_escaped() -> None:
    mail = confirmation_mail(
        to="a@example.com",
        app_name="<b>Evil</b> & co",
        base_url='https://x.example/"><script>',
        user_id=1,
        token="tok",
        now_ms=NOW_MS,
    )

    assert "<b>" not in mail.html
    assert "<script>" not in mail.html
    assert "&lt;b&gt;Evil&lt;/b&gt; &amp; co" in mail.html
    assert "&quot;&gt;&lt;script&gt;" in mail.html
