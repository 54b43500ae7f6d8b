from typing import Any

from django.db.models import QuerySet
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

from earnest.ledger.derived.read_cache import cached_count

from .common import today

MAX_LIMIT = 200
MAX_OFFSET = 10_000_000


class BoundedPagination(LimitOffsetPagination):
    """limit/offset paging whose bounds are part of the schema, so absurd values get a 422."""

    class Input(Schema):
        limit: int = Field(50, ge=1, le=MAX_LIMIT)
        offset: int = Field(0, ge=0, le=MAX_OFFSET)

    def paginate_queryset(self, queryset: Any, pagination: Any, request: Any, **params: Any) -> Any:
        offset, limit = pagination.offset, min(pagination.limit, self.max_limit)
        return {self.items_attribute: queryset[offset : offset + limit], "count": self._count(queryset, request)}

    @staticmethod
    def _count(items: Any, request: Any) -> int:
        # Every list is one workspace's, so its total holds until the workspace changes.
        rows = items.queryset if isinstance(items, Mapped) else items
        workspace = getattr(request, "workspace", None)
        if isinstance(rows, QuerySet):
            return cached_count(workspace, today(), rows) if workspace is not None else rows.count()
        return len(items)


class Mapped:
    """A queryset seen through a function, paged before the function runs.

    Handing a list to the paginator would load and convert every row of the workspace;
    this hands it a sequence that slices the queryset first.
    """

    def __init__(self, queryset, fn) -> None:
        self.queryset = queryset
        self.fn = fn

    def __len__(self) -> int:
        return self.queryset.count()

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self.fn(row) for row in self.queryset[index]]
        return self.fn(self.queryset[index])


class MappedMany(Mapped):
    """`Mapped` for a function of a whole page of rows at once (one batch of queries per page)."""

    def __getitem__(self, index):
        if isinstance(index, slice):
            return self.fn(list(self.queryset[index]))
        return self.fn([self.queryset[index]])[0]
