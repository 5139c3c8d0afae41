from django.http import HttpResponse
from django.urls import path


def hello(request):
    return HttpResponse("<!doctype html><title>hello</title><p>hello")


urlpatterns = [path("", hello)]
