"""How a person (a user of the app) is named wherever the app shows one: one rule."""


def display_name(user) -> str:
    """Full name, else the username; "" for nobody (an unassigned row, a system action)."""
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()
