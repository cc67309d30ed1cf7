from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from helpdesk.selectors.tickets import tickets_visible_to


@login_required
def queue(request):
    tickets = tickets_visible_to(request.user).select_related("requester")[:25]
    return render(request, "helpdesk/queue.html", {"tickets": tickets})
