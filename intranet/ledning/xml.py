"""One hardened lxml parser for XML that nobody here wrote: an editor's yEd upload, the XML inside
a Word or OpenDocument file attached to a governed document.

The parser resolves no entities, loads no DTD, never touches the network, refuses huge trees and
drops comments and processing instructions. A document type declaration, where the entity
tricks live (external entities, "billion laughs"), is refused outright, before parsing and again
after it; none of the formats read here needs one."""

from __future__ import annotations

import re

from lxml import etree

DOCTYPE = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


class DoctypeRefused(Exception):
    """The XML declares a document type or entities, or refers to an entity."""


def parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
        collect_ids=False,
    )


def parse(data: bytes) -> etree._Element:
    """The root element of untrusted XML. Raises DoctypeRefused for a DOCTYPE or an entity,
    etree.XMLSyntaxError for XML that is not well formed and ValueError for input lxml cannot
    take at all (e.g. a str with an encoding declaration, or nothing)."""
    if DOCTYPE.search(data):
        raise DoctypeRefused
    try:
        root = etree.fromstring(data, parser=parser())
    except etree.XMLSyntaxError as error:
        if "entity" in str(error).lower():
            raise DoctypeRefused from error
        raise
    if root is None:
        raise ValueError("no XML element")
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None:
        raise DoctypeRefused
    for element in root.iter():
        if not isinstance(element.tag, str):  # an unresolved entity reference
            raise DoctypeRefused
    return root
