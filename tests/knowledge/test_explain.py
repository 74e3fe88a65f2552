"""Expressions explained: OR picks the least restrictive option, AND adds up, WITH relaxes."""

from __future__ import annotations

import pytest

from reportgen.errors import InputError
from reportgen.knowledge import kb
from reportgen.knowledge.explain import explain


def test_single_license_uses_its_facts():
    x = explain("mit")
    assert x.expression == "MIT" and x.short == "MIT" and x.category == "permissive"
    assert x.description == kb.license_facts("MIT").description
    assert x.structure == {"license": "MIT"} and x.generic == ()


def test_or_chooses_the_least_restrictive_and_says_why():
    x = explain("GPL-3.0-only OR MIT")
    assert x.structure["op"] == "OR" and x.choice == "MIT" and x.category == "permissive"
    assert "least restrictive choice is MIT" in x.description
    assert "strong-copyleft" in x.description
    assert x.restrictions.startswith("If you choose MIT:")


def test_or_between_permissive_licenses_names_the_extra_conditions():
    x = explain("Apache-2.0 OR MIT")
    assert x.choice == "MIT"
    assert "state-changes" in x.description


def test_and_applies_all_and_takes_the_strictest_category():
    x = explain("MIT AND LGPL-2.1-or-later")
    assert x.structure["op"] == "AND"
    assert x.category == "weak-copyleft"
    assert "every one of them" in x.restrictions
    assert kb.license_facts("MIT").restrictions in x.restrictions
    assert kb.license_facts("LGPL-2.1-or-later").restrictions in x.restrictions


def test_nested_expression_keeps_parentheses():
    x = explain("(MIT AND BSD-3-Clause) OR GPL-2.0-only")
    assert x.short == "(MIT AND BSD-3-Clause) OR GPL-2.0"
    assert x.structure["args"][0]["op"] == "AND"
    assert x.choice == "MIT AND BSD-3-Clause"


def test_with_exception_relaxes_the_category():
    x = explain("GPL-2.0-only WITH Classpath-exception-2.0")
    assert x.structure == {"license": "GPL-2.0-only", "exception": "Classpath-exception-2.0"}
    assert x.category == "weak-copyleft"
    assert "relaxes" in x.restrictions
    assert [f.kind for f in x.licenses] == ["license", "exception"]


def test_plus_and_or_later_are_explained():
    x = explain("GPL-2.0+")
    assert x.expression == "GPL-2.0-or-later"
    assert any("any later version" in n for n in x.notes)
    assert kb.license_facts("GPL-2.0-or-later").later_versions


def test_deprecated_and_alias_spellings():
    assert explain("GPL-2.0").expression == "GPL-2.0-only"
    assert explain("Apache 2.0").expression == "Apache-2.0"
    assert kb.license_facts("LicenseRef-RSAL-2.0").spdx_id == "LicenseRef-scancode-rsalv2"


def test_valid_id_without_facts_is_generic():
    x = explain("Glide")
    assert x.generic == ("Glide",)
    facts = x.licenses[0]
    assert facts.generic and facts.category == "strong-copyleft"  # ScanCode: Copyleft
    assert "ScanCode" in facts.description and facts.sources


def test_source_available_choice_for_redis_8():
    x = explain("LicenseRef-scancode-rsalv2 OR SSPL-1.0 OR AGPL-3.0-only")
    assert x.choice == "AGPL-3.0" and x.category == "network-copyleft"


@pytest.mark.parametrize("bad", ["MTI", "Apache2", "GPL-2.0-ony"])
def test_unknown_ids_get_suggestions(bad):
    with pytest.raises(InputError) as info:
        explain(bad)
    assert "did you mean" in str(info.value)


def test_category_function():
    assert kb.category("AGPL-3.0-or-later") == "network-copyleft"
    assert kb.category("SSPL-1.0") == "source-available"
    assert kb.category("no-such-license") == "unknown"
