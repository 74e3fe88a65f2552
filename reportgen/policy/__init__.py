"""reportgen.policy"""
