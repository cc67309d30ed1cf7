"""Cursor pagination for the API: stable under inserts, constant-time at any depth, strict on input."""

from contextlib import contextmanager

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import CursorPagination


class CodeCursorPagination(CursorPagination):
    """A bad `page_size` or a forged `cursor` is a 400 with a field error, never a silent default."""

    ordering = ("-created_at", "pk")
    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 100
    page_size_query_description = _("Results per page, 1 to 100 (default 25).")

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        if not raw.isdigit() or not 1 <= int(raw) <= self.max_page_size:
            message = _("Enter a whole number from 1 to %(max)d.") % {"max": self.max_page_size}
            raise ValidationError({self.page_size_query_param: [message]})
        return int(raw)

    def paginate_queryset(self, queryset, request, view=None):
        with self._strict_cursor():
            return super().paginate_queryset(queryset, request, view)

    def paginate_found(self, rows: list, request) -> list:
        """The page of rows an exact lookup found by itself (fewer than a page): `page_size` and
        `cursor` are checked as for any page, and the page links to no other."""
        with self._strict_cursor():
            self.decode_cursor(request)
        self.request, self.page_size = request, self.get_page_size(request)
        self.page, self.has_next, self.has_previous = list(rows)[: self.page_size], False, False
        return self.page

    @contextmanager
    def _strict_cursor(self):
        try:
            yield
        except (NotFound, DjangoValidationError, ValueError):
            # A cursor that does not decode, or whose position is not a value of the ordering field.
            message = _("Invalid cursor: pass the `next` or `previous` link of a page on unchanged.")
            raise ValidationError({self.cursor_query_param: [message]}) from None


class TicketCursorPagination(CodeCursorPagination):
    """Most recently updated first; the code breaks ties between tickets updated at the same instant."""

    ordering = ("-updated_at", "code")


class CommentCursorPagination(CodeCursorPagination):
    """A conversation reads oldest first."""

    ordering = ("created_at", "id")
