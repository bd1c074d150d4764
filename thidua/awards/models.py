"""The models of the awards app live in the modules beside; Django finds them here."""

from thidua.awards.dossiers import Dossier, Transition
from thidua.awards.salary import BaseSalary

__all__ = ["BaseSalary", "Dossier", "Transition"]
