"""reportgen.licenses"""
