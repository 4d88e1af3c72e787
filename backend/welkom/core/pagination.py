from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, QuerySet, Window
from rest_framework import pagination


class PageNumberPagination(pagination.PageNumberPagination):
    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 100


class CountingPaginator(Paginator):
    """Reads a page of a queryset and the number of its rows in one query (``COUNT(*) OVER ()``)
    instead of a count and then the page: the same page and count, one round trip fewer. A page
    with no rows (an empty list, a number past the last page), a number that is not a whole number,
    orphans or a list are left to Django's ``Paginator``, which counts first."""

    def page(self, number: Any) -> Page:
        if (
            self.orphans
            or not isinstance(self.object_list, QuerySet)
            or "count" in self.__dict__
            or not isinstance(number, (int, str))
        ):
            return super().page(number)
        try:
            whole = int(number)
        except ValueError:
            return super().page(number)
        if whole < 1:
            return super().page(number)
        bottom = (whole - 1) * self.per_page
        counted = self.object_list.annotate(page_rows_counted=Window(Count("*")))
        rows = list(counted[bottom : bottom + self.per_page])
        if not rows:
            return super().page(number)
        self.__dict__["count"] = rows[0].page_rows_counted  # Paginator.count is a cached_property
        return Page(rows, whole, self)


class CountedPageNumberPagination(PageNumberPagination):
    """PageNumberPagination whose page and count come in one query (CountingPaginator)."""

    django_paginator_class = CountingPaginator
