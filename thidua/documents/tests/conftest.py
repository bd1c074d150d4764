"""The decision and dossier of the document tests, shared with the template tests."""

from thidua.documents.tests.test_decision_docx import signed  # noqa: F401
from thidua.documents.tests.test_dossier_docs import dossier  # noqa: F401
