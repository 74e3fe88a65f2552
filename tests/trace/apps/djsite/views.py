from django.http import HttpResponse


def index(request):
    return HttpResponse(request.headers.get("User-Agent", ""), content_type="text/plain")
