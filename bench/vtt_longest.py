"""Prints the longest cue of a WebVTT transcript: its duration in seconds and its length in
characters (tags removed), e.g. `6.8 s, 81 chars`. Used by bench/shapes.sh."""
import re
import sys

TIME = re.compile(r"(\d+):(\d\d):(\d\d)\.(\d{3}) --> (\d+):(\d\d):(\d\d)\.(\d{3})")


def ms(h, m, s, milli):
    return ((int(h) * 60 + int(m)) * 60 + int(s)) * 1000 + int(milli)


longest, chars = 0, 0
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
for i, line in enumerate(lines):
    t = TIME.match(line)
    if t and i + 1 < len(lines):
        g = t.groups()
        longest = max(longest, ms(*g[4:]) - ms(*g[:4]))
        chars = max(chars, len(re.sub(r"<[^>]*>", "", lines[i + 1])))
print(f"{longest / 1000:.1f} s, {chars} chars")
