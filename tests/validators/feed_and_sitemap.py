#!/usr/bin/env python3
"""Outside checks of a built site's feed and sitemap, run by
tests/suite/validators.rs:

  python3 feed_and_sitemap.py --xsd sitemap.xsd SITE_DIR [SITE_DIR ...]

- atom.xml through feedparser (the parser most feed readers' authors test
  against): whether it is well-formed (`bozo`), and per entry its title,
  content, categories and whether its dates parsed;
- sitemap.xml against the sitemaps.org XSD with lxml (libxml2's XML Schema
  validator, the one `xmllint --schema` uses), its `xhtml:link` language
  alternates checked by rule.

Prints one JSON object: {SITE_DIR: {feed: {...}, sitemap_errors: [...]}}.
"""

import json
import sys

import feedparser
from lxml import etree


def check_feed(path):
    parsed = feedparser.parse(path)
    return {
        "bozo": int(parsed.bozo),
        "bozo_exception": str(parsed.get("bozo_exception", "")),
        "version": parsed.version,
        "entries": [
            {
                "title": e.get("title", ""),
                "content": [c.get("value", "") for c in e.get("content", [])],
                "content_types": [c.get("type", "") for c in e.get("content", [])],
                "categories": [t.get("term", "") for t in e.get("tags", [])],
                "updated_parsed": e.get("updated_parsed") is not None,
                "published_parsed": e.get("published_parsed") is not None,
            }
            for e in parsed.entries
        ],
    }


XHTML_LINK = "{http://www.w3.org/1999/xhtml}link"


def check_sitemap(path, schema):
    """The sitemaps.org XSD lets other namespaces in only where a schema
    declares them (a strict wildcard). The language alternates of a
    multilingual site are `xhtml:link` elements (the form search engines
    document), so those are checked here by rule, then taken out, and the
    rest goes through the XSD."""
    doc = etree.parse(path)
    errors = []
    for link in list(doc.iter(XHTML_LINK)):
        where = f"{link.sourceline}:0"
        if link.get("rel") != "alternate":
            errors.append(f"{where}: xhtml:link rel is not alternate")
        if not link.get("hreflang"):
            errors.append(f"{where}: xhtml:link has no hreflang")
        if not (link.get("href") or "").startswith(("http://", "https://")):
            errors.append(f"{where}: xhtml:link href is not an absolute URL")
        if link.getparent().tag != "{http://www.sitemaps.org/schemas/sitemap/0.9}url":
            errors.append(f"{where}: xhtml:link outside a <url>")
        link.getparent().remove(link)
    if not schema.validate(doc):
        errors += [f"{err.line}:{err.column}: {err.message}" for err in schema.error_log]
    return errors


def main(argv):
    if len(argv) < 3 or argv[0] != "--xsd":
        print(__doc__, file=sys.stderr)
        return 2
    schema = etree.XMLSchema(etree.parse(argv[1]))
    report = {}
    for site in argv[2:]:
        report[site] = {
            "feed": check_feed(f"{site}/atom.xml"),
            "sitemap_errors": check_sitemap(f"{site}/sitemap.xml", schema),
        }
    json.dump(report, sys.stdout, indent=2)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
