"""/api/v1/customers/: list (or exact e-mail lookup), create, retrieve, partial update."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response

from accounts import roles
from accounts.models import ApiToken
from helpdesk.api.base import ApiView, errors
from helpdesk.api.filters import CustomerLookupInput
from helpdesk.api.inputs import CustomerCreateInput, CustomerUpdateInput
from helpdesk.api.serializers import CustomerSerializer
from helpdesk.api_pagination import CodeCursorPagination
from helpdesk.models import Customer
from helpdesk.selectors.customers import customer_find_by_email, customer_get_for_agent, customers_visible_to
from helpdesk.selectors.search import search_customers
from helpdesk.services import customer_create, customer_update

SEARCH_LIMIT = 100


class CustomerApiView(ApiView):
    pagination_class = CodeCursorPagination
    serializer_class = CustomerSerializer
    read_scope = ApiToken.Scope.CUSTOMERS_READ
    write_scope = ApiToken.Scope.CUSTOMERS_WRITE
    write_role_check = staticmethod(roles.may_edit_customers)
    write_role_message = _("Your role may not create or change customers.")


@extend_schema(tags=["customers"])
class CustomerListView(CustomerApiView):
    @extend_schema(
        operation_id="customers_list",
        summary=_("List customers"),
        description=_(
            "Customers visible to the caller, newest first. With `email`, the one customer with exactly "
            "that address (case-insensitive), or an empty list."
        ),
        parameters=[CustomerLookupInput],
        responses={200: CustomerSerializer(many=True), **errors(400)},
    )
    def get(self, request):
        lookup = CustomerLookupInput(data=request.query_params)
        lookup.is_valid(raise_exception=True)
        queryset = customers_visible_to(request.user).select_related("organization")
        email, query = lookup.validated_data.get("email"), lookup.validated_data.get("q", "").strip()
        if email:
            page = self._found_by_email(queryset, email, query)
        else:
            if query:
                queryset = queryset.filter(pk__in=[customer.pk for customer in self._search(query)])
            page = self.paginate_queryset(queryset)
        searched = " ".join(part for part in (email, query) if part)
        self.log_read(
            action="search" if searched else "customer.list",
            target_type=Customer._meta.label,
            result_count=len(page),
            query=searched or None,
        )
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def _found_by_email(self, visible, email: str, query: str) -> list[Customer]:
        """The one customer with that address if the caller may see it (and the search matches it),
        found and scoped in one query, without a paged query after it."""
        match = customer_find_by_email(email, among=visible)
        if match is not None and query and match.pk not in {customer.pk for customer in self._search(query)}:
            match = None
        return self.paginator.paginate_found([] if match is None else [match], self.request)

    def _search(self, query: str) -> list[Customer]:
        return search_customers(user=self.request.user, query=query, limit=SEARCH_LIMIT)

    @extend_schema(
        operation_id="customers_create",
        summary=_("Create a customer"),
        request=CustomerCreateInput,
        responses={201: CustomerSerializer, **errors(400, 413, 415)},
    )
    def post(self, request):
        serializer = CustomerCreateInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        customer = customer_create(actor=request.user, **serializer.validated_data)
        return Response(self.get_serializer(customer).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["customers"])
class CustomerDetailView(CustomerApiView):
    @extend_schema(
        operation_id="customers_retrieve",
        summary=_("Get a customer"),
        responses={200: CustomerSerializer, **errors(404)},
    )
    def get(self, request, customer_id):
        customer = customer_get_for_agent(user=request.user, customer_id=customer_id)
        self.log_read(action="customer.view", target=customer)
        return Response(self.get_serializer(customer).data)

    @extend_schema(
        operation_id="customers_partial_update",
        summary=_("Change a customer"),
        request=CustomerUpdateInput,
        responses={200: CustomerSerializer, **errors(400, 404, 413, 415)},
    )
    def patch(self, request, customer_id):
        customer = customer_get_for_agent(user=request.user, customer_id=customer_id)
        serializer = CustomerUpdateInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        customer = customer_update(customer=customer, actor=request.user, **serializer.validated_data)
        return Response(self.get_serializer(customer).data)
