"""Matchers, cheap ones first.  Each reports Evidence; the resolver weighs them."""

from __future__ import annotations

from reportgen.licenses.matchers import classifiers, license_expression, license_field, license_files

#: The pipeline for Python metadata.  A new matcher is one module plus one entry here.
PYTHON = (license_expression, license_field, classifiers, license_files)

__all__ = ["PYTHON", "classifiers", "license_expression", "license_field", "license_files"]
