"""reportgen.sources"""
