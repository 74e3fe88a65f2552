"""reportgen.lint"""
