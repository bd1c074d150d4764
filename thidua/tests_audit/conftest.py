"""The council tests' fixtures: a district campaign, dossiers before the council, three
nominations."""

from thidua.awards.tests.test_council import campaign, dossiers, nominations  # noqa: F401
