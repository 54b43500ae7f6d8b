from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

MAX_LIMIT = 200
MAX_OFFSET = 10_000_000


class BoundedPagination(LimitOffsetPagination):
    """limit/offset paging whose bounds are part of the schema, so absurd values get a 422."""

    class Input(Schema):
        limit: int = Field(50, ge=1, le=MAX_LIMIT)
        offset: int = Field(0, ge=0, le=MAX_OFFSET)


class Mapped:
    """A queryset seen through a function, paged before the function runs.

    Handing a list to the paginator would load and convert every row of the workspace;
    this hands it a sequence that slices the queryset first.
    """

    def __init__(self, queryset, fn) -> None:
        self.queryset = queryset
        self.fn = fn

    def count(self) -> int:
        return self.queryset.count()

    __len__ = count

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self.fn(row) for row in self.queryset[index]]
        return self.fn(self.queryset[index])
