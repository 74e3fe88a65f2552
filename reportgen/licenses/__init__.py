"""License identification: installed metadata and license texts -> SPDX expression with evidence.

Public API (see docs/identification.md):

* ``identify.identify(dep)``, ``identify.identify_distribution(dist_info)``,
  ``identify.identify_npm(package_dir, manifest)``, ``identify.identify_metadata(fields, files)``
* ``expression.normalize / is_valid / equivalent / license_ids / from_alias`` and ``InvalidExpression``
"""
