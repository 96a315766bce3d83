"""Follow-ups: the rules, the hooks that schedule them, lot recall, the queue people
work and the e-mail delivery that beat's sweep runs."""
