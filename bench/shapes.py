"""Writes texts of awkward shapes from the example interview (no downloads), for bench/shapes.sh.

    python3 bench/shapes.py SRC DIR [--words N]

Writes into DIR, each opening with the example's title:
  lines.txt        about N words (default 30000), one paragraph per line, no blank lines
                   (how word processors export .txt), speaker labels removed: an article
  paragraph.txt    about N/3 words in one paragraph (one line)
  urls.txt         300 web addresses, one per line, no blank lines, made from the text's words
  unpunctuated.txt about N/6 words in lower case without any punctuation (a raw transcript)
"""
import argparse
import re
from pathlib import Path

ap = argparse.ArgumentParser()
ap.add_argument("src")
ap.add_argument("dir")
ap.add_argument("--words", type=int, default=30000)
a = ap.parse_args()

LABEL = re.compile(r"^[A-Z]{1,4}:\s+")
lines = [l.strip() for l in open(a.src, encoding="utf-8").read().splitlines() if l.strip()]
title, body = lines[0], lines[1:-2]  # the last two lines are the site footer
body = [LABEL.sub("", l) for l in body]
body_words = sum(len(l.split()) for l in body)


def repeat(target):
    """Body paragraphs repeated until about `target` words."""
    out, n = [], 0
    while n < target:
        for l in body:
            out.append(l)
            n += len(l.split())
            if n >= target:
                break
    return out


out = Path(a.dir)
out.mkdir(parents=True, exist_ok=True)
(out / "lines.txt").write_text("\n".join([title] + repeat(a.words)) + "\n", encoding="utf-8")
(out / "paragraph.txt").write_text(
    title + "\n\n" + " ".join(repeat(a.words // 3)) + "\n", encoding="utf-8")

words = [w.lower() for w in re.findall(r"[A-Za-z]{4,}", " ".join(body))]
urls = []
for i in range(300):
    w = [words[(7 * i + k) % len(words)] for k in range(4)]
    urls.append(f"https://www.{w[0]}.org/{w[1]}/{w[2]}-{w[3]}-{i}.html")
(out / "urls.txt").write_text(
    "Links\n\nThe sources of this article:\n" + "\n".join(urls) + "\n", encoding="utf-8")

flat = re.sub(r"[^\w\s']", " ", " ".join(repeat(a.words // 6)).replace("’", "'")).lower().split()
(out / "unpunctuated.txt").write_text(title + "\n\n" + " ".join(flat) + "\n", encoding="utf-8")
