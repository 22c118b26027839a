"""The accessibility statement (tillgänglighetsredogörelse, required by the law on accessible
digital public services, DOS-lagen) and its feedback form.

- ``models``: the statement page (edited in the admin), a piece of feedback and its outbox rows;
- ``selectors``: the live statement page, whether a person may send more feedback now;
- ``services``: writing feedback with one delivery per LS-administrator, and sending them
  through governance's outbox (claimed, sent in batches, each marked once);
- ``forms``, ``views``, ``emails``, ``tasks``: the form, its thin view, what the e-mail says,
  and the Celery task queued on commit.
"""
