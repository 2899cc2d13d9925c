"""Mail delivery: a log-only mailer for development and an SMTP mailer."""
