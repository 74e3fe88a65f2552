"""RG303 judges what a License Restrictions cell means, not whether it is one of a few phrases.

Every case is a real call through the rule (``lint(..., select=["RG303"])``) on notes loaded
from YAML text, so the license is looked up in the knowledge base as it is for a real report.
The phrasings were written by hand, the way students write the cell.
"""

import json

import pytest

from reportgen.lint import lint, restrictions
from reportgen.notes import load_text

#: (license, text) that deny any restriction and name no real condition: must be flagged.
UNDERSTATED = [
    ("MIT", "None"),
    ("MIT", "none."),
    ("MIT", "N/A"),
    ("MIT", "n/a"),
    ("MIT", "Nothing"),
    ("MIT", "-"),
    ("MIT", "No restriction."),
    ("MIT", "There are no restrictions to this license"),
    ("MIT", "There are no restrictions on this license."),
    ("MIT", "No restrictions for using this library."),
    ("MIT", "There aren't any restrictions."),
    ("MIT", "There isn't really any restriction with MIT."),
    ("MIT", "The license is not restricted in any way."),
    ("MIT", "It's unrestricted."),
    ("MIT", "You are free to do whatever you want with it."),
    ("MIT", "You're free to do anything with the code."),
    ("MIT", "You can do whatever you want."),
    ("MIT", "You can use it however you like, it's open source."),
    ("MIT", "No real restrictions"),
    ("MIT", "There are none."),
    ("MIT", "No limitations."),
    ("MIT", "We can use it for anything, there are no conditions."),
    ("MIT", "No obligations at all."),
    ("MIT", "The MIT license doesn't restrict what you do with the software."),
    ("MIT", "Nothing is prohibited."),
    ("MIT", "There is nothing you can't do with it."),
    ("MIT", "None. You don't even have to give credit to the authors."),
    ("MIT", "No restrictions. You do not need to share your source code."),
    ("BSD-3-Clause", "None, it's totally free"),
    ("BSD-3-Clause", "No restrictions on commercial use."),
    ("BSD-3-Clause", "The license places no restrictions on how we use it."),
    ("BSD-3-Clause", "Anything goes."),
    ("Apache-2.0", "No restrictions that we ran into."),
    ("Apache-2.0", "Free to use, modify and distribute however you want."),
    ("Apache-2.0", "There are not many restrictions."),
    ("Apache-2.0", "None really"),
    ("GPL-3.0-only", "None that I know of."),
    ("GPL-3.0-only", "No strings attached."),
    ("GPL-3.0-only", "It does not limit us in any way; free for any use."),
    ("GPL-3.0-only", "NA"),
    ("MIT", "Pretty much none"),
    ("MIT", "Restrictions: none"),
    ("MIT", "none (MIT)"),
    ("MIT", "Doesn't have any restrictions."),
    ("BSD-3-Clause", "Not restrictive at all"),
    ("Apache-2.0", "Unlimited use"),
    ("MIT", "It's open source so none"),
    ("MIT", "Without any restrictions."),
    ("GPL-3.0-only", "There are no real usage restrictions"),
]

#: (license, text) that name a real condition (or deny nothing): must not be flagged.
NAMES_A_CONDITION = [
    ("MIT", "None, except keeping the copyright notice."),
    ("MIT", "No restrictions besides including the license text."),
    ("MIT", "No restrictions as long as the copyright notice is kept in copies."),
    ("MIT", "Nothing, just keep the license file with the code."),
    ("MIT", "You can do whatever you want as long as you include the original license."),
    ("MIT", "Copies must keep the copyright notice and license text; no warranty."),
    ("MIT", "Not restricted apart from attribution."),
    ("MIT", "You can't remove the copyright notice."),
    ("MIT", "No restrictions other than giving credit to the original authors."),
    ("MIT", "Unrestricted use, but a copy of the license must be included."),
    ("MIT", "The license text has to stay with every copy."),
    ("BSD-3-Clause", "You cannot use the names of the contributors to endorse your product."),
    ("BSD-3-Clause", "No restrictions except keeping the disclaimer and not using their name to promote."),
    ("BSD-3-Clause", "Redistributions must retain the copyright notice."),
    ("BSD-3-Clause", "Attribution is required; otherwise no limits."),
    ("Apache-2.0", "Must state changes made to the files and keep the NOTICE file."),
    ("Apache-2.0", "No restrictions except the trademark clause: you cannot use their trademarks."),
    ("Apache-2.0", "Patent rights end if you sue a contributor over patents."),
    ("Apache-2.0", "No real restrictions; include the license and note your modifications."),
    ("Apache-2.0", "Trademark use; Liability; Warranty"),
    ("GPL-3.0-only", "Must disclose source under GPL."),
    ("GPL-3.0-only", "Derivative works have to be released under the same license."),
    ("GPL-3.0-only", "It is copyleft: you can't make a closed-source version of it."),
    ("GPL-3.0-only", "Anything you distribute that uses it must also be GPL and come with source code."),
    ("GPL-3.0-only", "Free to do anything, as long as you share your changes under the GPL."),
    ("MIT", "You cannot sell the software as your own without the copyright notice."),
    ("MIT", "Keep the MIT license in the project."),
    ("MIT", "No restrictions, just don't remove the license"),
    ("Apache-2.0", "None (apart from the NOTICE file)"),
    ("MIT", "There are no restrictions on private use, but distribution requires the license"),
    ("GPL-3.0-only", "Does not restrict use, but any distributed modification must be GPL"),
    ("GPL-3.0-only", "It's free software, no restrictions, but changes have to be open-sourced too."),
    # says there are restrictions, or something else entirely: not this rule's business
    ("MIT", "You may not use it without following the conditions of the license"),
    ("MIT", "There is no way around the restrictions"),
    ("MIT", "You cannot sublicense it."),
    ("MIT", "We only used it for the class project."),
]

#: (license, text) that name only the warranty / liability disclaimer.  The disclaimer is a real
#: term, so these do not deny restrictions (no "understates" error); but MIT and BSD also ask that the
#: copyright and permission notice be kept, which these never say: the omission warning.
NAMES_ONLY_THE_DISCLAIMER = [
    ("MIT", "You may not hold the authors liable."),
    ("MIT", "There are no restrictions, but the software comes with no warranty."),
    ("MIT", "Provided 'as is'; the authors are not liable for damages."),
    ("MIT", "The authors give no guarantee it works."),
    ("MIT", "Liability. Warranty."),
    ("MIT", "The license restrictions are Liability and warranty."),
    ("MIT", "No warranty and/or liability. Copyright owners are not held responsible for any claim."),
    ("BSD-3-Clause", "Flask is not liable if we use their code and it breaks anything. No warranty."),
]

#: Descriptions that state the notice condition (the omission warning is not given) and ones that
#: do not, or even say credit is not needed (it is).
DESCRIPTION_STATES_NOTICE = [
    "Use, copy and modify it, so long as the copyright notice and the permission notice are included.",
    "Permissive: keep the license text with every copy.",
]
DESCRIPTION_SILENT = [
    "You may use, copy, modify, merge, publish and sell copies of the software.",
    "Free for commercial and private use. No citations or credits are required.",
]

#: Licenses that really ask (almost) nothing: "None" is right for them.
NOTHING_ASKED = ["CC0-1.0", "Unlicense", "0BSD", "WTFPL", "MIT-0", "MIT OR CC0-1.0"]


def rg303(license_type: str, text: str, description: str = "A license."):
    notes = load_text(
        "technology: Something\n"
        "general:\n"
        "  code_repository: https://github.com/example/something\n"
        f"  license_type: {json.dumps(license_type)}\n"
        f"  license_description: {json.dumps(description)}\n"
        f"  license_restrictions: {json.dumps(text)}\n",
        "notes.yaml",
    )
    assert notes.general.license_restrictions == text
    return lint([notes], select=["RG303"]).findings


def test_enough_hand_written_cases():
    assert len(UNDERSTATED) >= 30 and len(NAMES_A_CONDITION) >= 30
    assert len({t for _, t in UNDERSTATED + NAMES_A_CONDITION}) == len(UNDERSTATED) + len(NAMES_A_CONDITION)


@pytest.mark.parametrize("license_type, text", UNDERSTATED)
def test_denial_without_a_condition_is_flagged(license_type, text):
    found = rg303(license_type, text)
    assert [(f.code, f.field, f.line) for f in found] == [("RG303", "general.license_restrictions", 6)], text
    assert f"understates {license_type}" in found[0].message


@pytest.mark.parametrize("license_type, text", NAMES_A_CONDITION)
def test_a_named_condition_is_not_flagged(license_type, text):
    assert rg303(license_type, text) == [], text


@pytest.mark.parametrize("license_type", NOTHING_ASKED)
@pytest.mark.parametrize("text", ["None", "There are no restrictions to this license", "You can do whatever you want."])
def test_licenses_that_ask_nothing_are_not_flagged(license_type, text):
    assert rg303(license_type, text) == []


def test_message_names_what_the_license_asks():
    (gpl,) = rg303("GPL-3.0-only", "No restrictions.")
    assert "share the source" in gpl.message and "same license" in gpl.message
    (mit,) = rg303("MIT", "You are free to do whatever you want with it, and with any copies you make of it, forever.")
    assert "copyright notice" in mit.message
    assert "..." in mit.message  # a long cell is quoted shortened


def test_judgement_pieces():
    assert restrictions.normalise("It Can\u2019t  be   restricted") == "it can not be restricted"
    assert restrictions.conditions_named("No need to share source; keep the copyright notice") == ["notice"]
    assert restrictions.conditions_named("You do not have to release your source code") == []
    assert not restrictions.understated("")


@pytest.mark.parametrize("license_type, text", NAMES_ONLY_THE_DISCLAIMER)
def test_naming_only_the_disclaimer_is_an_omission_warning_not_a_denial(license_type, text):
    found = rg303(license_type, text)
    assert [(f.code, f.severity, f.field) for f in found] == [("RG303", "warning", "general.license_restrictions")]
    assert "names only the warranty disclaimer" in found[0].message and "understates" not in found[0].message
    assert "keep the copyright notice" in found[0].message
    assert found[0].fix.startswith(" ".join(text.split()).rstrip(".")) and "keep the copyright notice" in found[0].fix
    assert not restrictions.understated(text)  # the denial judgement is unchanged: a disclaimer is a real term


@pytest.mark.parametrize("description", DESCRIPTION_STATES_NOTICE)
def test_no_omission_warning_when_the_description_states_the_notice(description):
    assert rg303("MIT", "Liability. Warranty.", description) == []


@pytest.mark.parametrize("description", DESCRIPTION_SILENT)
def test_omission_warning_when_the_description_does_not_state_it(description):
    assert [f.severity for f in rg303("MIT", "Liability. Warranty.", description)] == ["warning"]


def test_omission_warning_names_every_condition_left_out():
    (bsd,) = rg303("BSD-3-Clause", "Liability. Warranty.")
    assert "copyright notice" in bsd.message and "names to promote" in bsd.message
    assert rg303("MIT-0", "Liability. Warranty.") == []  # asks no notice: nothing left out
    assert rg303("MIT", "Liability. Warranty. Keep the copyright notice.") == []
