"""Writes a longer manuscript from an interview: one title, the body (minus title and footer)
repeated, the footer once at the end.

    python3 bench/repeat_example.py SRC DST --times K
    python3 bench/repeat_example.py SRC DST --words N    # as many bodies as make about N words
"""
import argparse

ap = argparse.ArgumentParser()
ap.add_argument("src")
ap.add_argument("dst")
how = ap.add_mutually_exclusive_group(required=True)
how.add_argument("--times", type=int)
how.add_argument("--words", type=int)
a = ap.parse_args()

lines = open(a.src, encoding="utf-8").read().splitlines()
nonempty = [i for i, l in enumerate(lines) if l.strip()]
title, first_body, footer_start = nonempty[0], nonempty[1], nonempty[-2]
body = "\n".join(lines[first_body:footer_start]).strip()
footer = "\n".join(lines[footer_start:]).strip()
k = a.times if a.times is not None else max(1, round(a.words / len(body.split())))
parts = [lines[title]] + [body] * k + [footer]
open(a.dst, "w", encoding="utf-8").write("\n\n".join(parts) + "\n")
