"""Reads a podcast feed with feedparser (an independent parser) and prints what it found as JSON.

Used by tests/cli_catalogue.rs: python3 feed_items.py FEED.xml
"""
import json
import sys
import time

import feedparser

feed = feedparser.parse(sys.argv[1])


def when(parsed):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", parsed) if parsed else None


print(json.dumps({
    "version": feedparser.__version__,
    "bozo": bool(feed.bozo),
    "bozo_exception": str(feed.get("bozo_exception", "")),
    "format": feed.version,
    "title": feed.feed.get("title"),
    "podcast_guid": feed.feed.get("podcast_guid"),
    "items": [
        {
            "title": e.get("title"),
            "link": e.get("link"),
            "guid": e.get("id"),
            "published": when(e.get("published_parsed")),
            "enclosures": [
                {"url": x.get("href"), "length": x.get("length"), "type": x.get("type")}
                for x in e.get("enclosures", [])
            ],
            "duration": e.get("itunes_duration"),
            "chapters": e.get("podcast_chapters"),
            "transcript": e.get("podcast_transcript"),
        }
        for e in feed.entries
    ],
}, indent=1))
