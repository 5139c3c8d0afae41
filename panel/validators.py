"""Attachments to the minutes are judged by their content and their name together: a renamed
executable must not pass as a PDF, and a PDF-looking file named .html must not pass at all."""

from portal.files import validate_private_upload


def validate_attachment(uploaded):
    validate_private_upload(uploaded)
