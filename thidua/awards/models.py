"""The models of the awards app live in the modules beside; Django finds them here."""

from thidua.awards.certificate_layout import CertificateLayout
from thidua.awards.dossiers import Dossier, Transition
from thidua.awards.fund import FundEntry
from thidua.awards.numbering import IssuedNumber
from thidua.awards.records import (
    Attachment,
    Attendance,
    Ballot,
    BallotCast,
    Council,
    CouncilMember,
    CouncilSession,
    Decision,
    DecisionAward,
    Nomination,
)
from thidua.awards.revocation import Revocation, RevokedAward
from thidua.awards.salary import BaseSalary

__all__ = [
    "Attachment",
    "Attendance",
    "Ballot",
    "BallotCast",
    "BaseSalary",
    "CertificateLayout",
    "Council",
    "CouncilMember",
    "CouncilSession",
    "Decision",
    "DecisionAward",
    "Dossier",
    "FundEntry",
    "IssuedNumber",
    "Nomination",
    "Revocation",
    "RevokedAward",
    "Transition",
]
