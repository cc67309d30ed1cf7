from rest_framework.pagination import CursorPagination


class CodeCursorPagination(CursorPagination):
    """Cursor pagination: stable under inserts and constant-time at any depth."""

    ordering = "-created_at"
    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 100
