"""Läskvittens (read confirmation): staff confirm that they have read and understood an
approved change of substance, tied to the exact revision.

- models.py: the request (who is asked, by when, for which revision), the confirmations, and
  the reminders' outbox;
- selectors.py: who is asked (live: people who leave drop out), what a person has to read,
  the follow-up figures per workplace;
- services.py: opening a request when an approval with a läskvittens goes live (closing the
  previous one), confirming, reminders and the escalation digest;
- views.py (the staff's button), admin_views.py (the follow-up and its export), tasks.py,
  emails.py, templates/.
"""
