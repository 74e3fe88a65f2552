"""reportgen.knowledge"""
