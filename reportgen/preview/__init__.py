"""``reportgen preview``: a live page of each report that redraws when its notes are saved.

:mod:`reportgen.preview.state` builds one notes file (lint + render),
:mod:`reportgen.preview.markers` places the findings beside the table rows and chain steps,
:mod:`reportgen.preview.server` serves the pages and pushes each rebuild to them.
Needs the ``preview`` extra (aiohttp, watchfiles).
"""
