"""reportgen.lint.rules"""
