"""Tests of the combined table: `python3 -m unittest test_table` in this folder (standard library)."""

import contextlib
import io
import json
import tempfile
import unittest
from pathlib import Path

from table import main


def window(mos):
    return {"start": 0.0, "seconds": 8.0, "silent_share": 0.0, "mos": mos}


class TableTest(unittest.TestCase):
    def run_table(self, wer: list[dict] | None, mos: list[dict] | None) -> tuple[str, dict]:
        with tempfile.TemporaryDirectory() as d:
            d = Path(d)
            (d / "m.tsv").write_text("sys\tshort\ta.wav\tr\nsys\tlong\tb.wav\tr\n", encoding="utf-8")
            args = [str(d / "m.tsv"), "--json", str(d / "c.json")]
            if wer is not None:
                (d / "w.json").write_text(json.dumps(wer), encoding="utf-8")
                args += ["--wer", str(d / "w.json")]
            if mos is not None:
                (d / "s.json").write_text(json.dumps({"files": mos}), encoding="utf-8")
                args += ["--mos", str(d / "s.json")]
            out = io.StringIO()
            with contextlib.redirect_stdout(out):
                self.assertEqual(main(args), 0)
            return out.getvalue(), json.loads((d / "c.json").read_text(encoding="utf-8"))

    def test_mean_counts_texts_and_pooled_counts_words_and_windows(self) -> None:
        wer = [
            # 1 error in 10 words, 10 errors in 1,000 words
            {"system": "sys", "text": "short", "wer": 0.1, "ref_words": 10,
             "substitutions": 1, "deletions": 0, "insertions": 0},
            {"system": "sys", "text": "long", "wer": 0.01, "ref_words": 1000,
             "substitutions": 4, "deletions": 3, "insertions": 3},
        ]
        mos = [
            {"system": "sys", "text": "short", "mos_mean": 2.0, "mos_p10": 2.0,
             "windows": [window(2.0)]},
            {"system": "sys", "text": "long", "mos_mean": 4.0, "mos_p10": 4.0,
             "windows": [window(4.0), window(4.0), window(4.0), window(None)]},
        ]
        text, combined = self.run_table(wer, mos)
        self.assertIn("| **sys** | **mean (2)** | **5.5 %** | **3.00** | **3.00** | |", text)
        self.assertIn("| sys | pooled (2) | 1.1 % | 3.50 | | |", text)
        (avg,) = combined["means"]
        self.assertAlmostEqual(avg["pooled_wer"], 11 / 1010)
        self.assertAlmostEqual(avg["pooled_mos"], 3.5)

    def test_a_judge_not_run_gives_dashes(self) -> None:
        text, combined = self.run_table(None, None)
        self.assertIn("| sys | pooled (2) | — | — | | |", text)
        self.assertIsNone(combined["means"][0]["pooled_wer"])


if __name__ == "__main__":
    unittest.main()
