#!/usr/bin/env python3
"""Print the duration in seconds of WAV files (standard library only).

Reads the RIFF chunks directly, so integer PCM, float and WAVE_FORMAT_EXTENSIBLE files and files
with extra chunks (cue points, LIST, chapters) all work.  Usage: wavinfo.py FILE.wav [...]
"""

from __future__ import annotations

import struct
import sys


def duration(path: str) -> float:
    """Seconds of audio in the WAV file at ``path``."""
    with open(path, "rb") as f:
        head = f.read(12)
        if len(head) < 12 or head[:4] not in (b"RIFF", b"RF64") or head[8:12] != b"WAVE":
            raise ValueError(f"{path}: not a RIFF/WAVE file")
        byte_rate = None
        data_size = None
        ds64_data = None
        while True:
            chunk = f.read(8)
            if len(chunk) < 8:
                break
            cid, size = chunk[:4], struct.unpack("<I", chunk[4:])[0]
            if cid == b"ds64":
                body = f.read(size)
                ds64_data = struct.unpack("<Q", body[8:16])[0]
            elif cid == b"fmt ":
                body = f.read(size)
                byte_rate = struct.unpack("<I", body[8:12])[0]
            elif cid == b"data":
                data_size = ds64_data if size == 0xFFFFFFFF and ds64_data else size
                break
            else:
                f.seek(size + (size & 1), 1)
                continue
            if size & 1:
                f.seek(1, 1)
        if not byte_rate or data_size is None:
            raise ValueError(f"{path}: no fmt or data chunk")
        return data_size / byte_rate


def main(argv: list[str]) -> int:
    if not argv:
        print("usage: wavinfo.py FILE.wav [...]", file=sys.stderr)
        return 2
    for path in argv:
        try:
            print(f"{duration(path):.3f}")
        except (OSError, ValueError) as e:
            print(f"wavinfo: {e}", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
