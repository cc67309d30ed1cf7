"""Role gates of the staff screens."""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404


def role_required(allows: Callable[[str], bool]):
    """Signed in with a role that `allows` accepts; everyone else gets 404, as if the page did not exist."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not allows(request.user.role):
                raise Http404("Not available to this role")
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
