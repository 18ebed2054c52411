"""The notifier: composes e-mails and calendar invites from the outbox and delivers them."""
