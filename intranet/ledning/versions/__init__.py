"""The versions of a governed document: the version in force and the ones before it.

- ``services``: the approval path records a version when a change of substance to a governed
  document goes live (governance/services/approval.py calls ``record_version``);
- ``selectors``: the versions of a document, the one in force on a given day;
- ``views``: an earlier version's own page and file, the permanent file address of the version
  in force, and the JSON answer to "which version applied on date D".

The model, ``DocumentVersion``, is in ledning/models/documents.py next to the document.
"""
