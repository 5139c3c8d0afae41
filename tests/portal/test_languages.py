import pytest
from django.core.exceptions import ValidationError

from portal.text.language_tags import text_direction, validate_language_tag


@pytest.mark.parametrize("tag", ["ar", "fa", "ur", "he", "ps", "ckb", "yi", "dv", "sd", "ug", "prs", "ar-EG", "ku-Arab", "pa-Arab"])
def test_right_to_left_languages_and_scripts(tag):
    assert text_direction(tag) == "rtl"


@pytest.mark.parametrize("tag", ["no", "en", "pl", "ti", "so", "uk", "ku", "ku-Latn", "sr-Cyrl", "az-Latn-AZ", "", "not a tag"])
def test_left_to_right_languages_and_scripts(tag):
    assert text_direction(tag) == "ltr"


@pytest.mark.parametrize("tag", ["", "a", "arabic", "ar_EG", "ar-", "ar-Arab-EG-x-private", "<script>"])
def test_malformed_tags_are_refused(tag):
    with pytest.raises(ValidationError):
        validate_language_tag(tag)


def test_every_language_of_the_projects_list_is_a_well_formed_tag(db):
    from organisations.models import Language

    for code in Language.objects.values_list("code", flat=True):
        validate_language_tag(code)
