"""Tests of the normalizer: `bench/intelligibility/.venv/bin/python -m unittest` in this folder."""

import unittest

from normalize import normalize, unify_compounds


class NormalizeTest(unittest.TestCase):
    def same(self, a: str, b: str) -> None:
        self.assertEqual(normalize(a), normalize(b), f"{a!r} vs {b!r}")

    def test_years_and_numbers(self) -> None:
        self.same("the 2002 coup", "the two thousand two coup")
        self.same("the 2002 coup", "The two thousand and two coup.")
        self.same("in 1961", "in nineteen sixty-one")
        self.same("nearly 20,000 people", "nearly twenty thousand people")
        self.same("1,000,000 masks", "one million masks")
        self.same("nearly 6,000,000,000 masks", "nearly six billion masks")
        self.same("the 19th anniversary", "the nineteenth anniversary")
        self.same("$3,400 for", "three thousand four hundred dollars for")
        self.same("$320 billion", "three hundred twenty billion dollars")
        self.same("38%", "38 percent")
        self.same("1.2g", "one point two g")

    def test_quotes_apostrophes_hyphens(self) -> None:
        self.same("That\u2019s it", "that's it")
        self.same("\u2018Keep Almagro Out\u2019:", "keep almagro out")
        self.same("ALBA-TCP", "alba tcp")
        self.same("coup d\u2019\u00e9tat", "coup d'etat")
        self.same("U.S. officials", "US officials")
        self.same("lessons \u2014 and", "lessons, and")

    def test_contractions_are_written_out(self) -> None:
        self.same("We\u2019re here", "we are here")
        self.same("I'm sure we'll go", "I am sure we will go")
        self.same("they've", "they have")
        self.same("That's it, isn't it", "that is it is not it")
        self.same("can't", "cannot")
        self.same("won't", "will not")
        self.same("let's", "let us")
        self.assertEqual(normalize("Venezuela's defeat"), "venezuelas defeat")
        self.assertNotEqual(normalize("we're"), normalize("were"))

    def test_words_survive(self) -> None:
        self.assertEqual(normalize("Hello, World!  OK?"), "hello world okay")
        self.assertEqual(normalize("Bread and butter"), "bread and butter")
        self.assertNotEqual(normalize("one"), normalize("two"))

    def test_interjections_lose_drawn_out_letters(self) -> None:
        self.same("Ahh, Roger", "ah roger")
        self.same("Ohh", "oh")
        self.same("umm", "um")
        self.assertEqual(normalize("a hat"), "a hat")
        self.assertNotEqual(normalize("ahh"), normalize("a"))

    def test_units_as_ratios_are_read_out(self) -> None:
        self.same("about 35 ft/sec.", "about thirty five feet per second")
        self.same("30 km/h", "thirty kilometers per hour")
        self.assertEqual(normalize("and/or"), "and or")


class CompoundsTest(unittest.TestCase):
    def test_a_compound_is_spaced_as_the_reference_spaces_it(self) -> None:
        ref = normalize("Freedom Seven, Cap Com. Hello Cardfile. Lift-off.")
        self.assertEqual(
            unify_compounds(ref, normalize("freedom seven capcom hello card file liftoff")), ref
        )

    def test_other_words_are_left_alone(self) -> None:
        ref = normalize("read a new book, and another")
        self.assertEqual(unify_compounds(ref, "read anew book and an other"), ref)
        unrelated = "red an ewbook and a other"
        self.assertEqual(unify_compounds(ref, unrelated), unrelated)
        self.assertEqual(unify_compounds("any one", "anyone"), "any one")
        self.assertEqual(unify_compounds("anyone any one", "anyone"), "anyone")
        self.assertEqual(unify_compounds("in to into", "in to into"), "in to into")


if __name__ == "__main__":
    unittest.main()
