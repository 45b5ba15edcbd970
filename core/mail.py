def single_line(text: str) -> str:
    """A mail subject from typed values: a line break must never reach a mail header.

    Django refuses to send a message whose header holds one (header injection), which would
    fail the request after the change it reports was saved.
    """
    return " ".join(text.split())
