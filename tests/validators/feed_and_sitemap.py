#!/usr/bin/env python3
"""Outside checks of a built site's feed and sitemap, run by
tests/suite/validators.rs:

  python3 feed_and_sitemap.py --xsd sitemap.xsd SITE_DIR [SITE_DIR ...]

- atom.xml through feedparser (the parser most feed readers' authors test
  against): whether it is well-formed (`bozo`), and per entry its title,
  content, categories and whether its dates parsed;
- sitemap.xml against the sitemaps.org XSD with lxml (libxml2's XML Schema
  validator, the one `xmllint --schema` uses).

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


def check_sitemap(path, schema):
    doc = etree.parse(path)
    if schema.validate(doc):
        return []
    return [f"{err.line}:{err.column}: {err.message}" for err in schema.error_log]


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
