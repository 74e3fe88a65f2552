"""reportgen.project"""
