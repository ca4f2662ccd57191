"""A form's errors as one flash message, for the pages that redirect after a refused post."""


def errors_in_one_line(form) -> str:
    """All of a form's messages on one line."""
    return " ".join(str(error) for errors in form.errors.values() for error in errors)
