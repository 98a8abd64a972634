from accounts.navigation import navigation_for


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"navigation": []}
    match = getattr(request, "resolver_match", None)
    section = match.namespace if match else ""
    return {"navigation": navigation_for(user, section)}
