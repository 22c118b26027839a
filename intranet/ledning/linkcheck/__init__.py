"""Link checking that reads the content itself.

- ``urls``: what a link's address is (internal target, external URL, mailto:, malformed …);
- ``extract``: every link in every live page and governed document, with where it stands;
- ``internal``: internal targets checked in the database (pages, files, images, anchors);
- ``http``: external links over HTTP with httpx and asyncio, politely and safely;
- ``services``: a full run (extract, check, store) and the JSON results;
- ``digest``: the e-mail to the LS-administrators and to each owner;
- ``admin``: the report view in the Wagtail admin.
"""
