"""reportgen trace: record the real chain of calls from a request through the team's app.

The recorded trace is a human-readable YAML file saved next to the notes
(``reports/x.yaml`` -> ``reports/x.trace.yaml``); :mod:`reportgen.trace.model`
defines it.  Recording lives in the recorder modules; turning a trace into chain
steps, writing them into the notes, and the lint rule that compares a written
chain with the trace read only the model.
"""
