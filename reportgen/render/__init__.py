"""reportgen.render"""
