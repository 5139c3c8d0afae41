from django.shortcuts import render

from portal.access import staff_required
from surveys import selectors


@staff_required
def survey_list(request):
    return render(request, "surveys/survey_list.html", {"surveys": selectors.survey_list()})
