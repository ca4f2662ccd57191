"""A download of an erased document answers with a page, not a store error (docs/retention.md)."""

from django.shortcuts import render

from .services import DocumentRemoved


class RemovedDocumentMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DocumentRemoved):
            return render(request, "documents/removed.html", {"removed_at": exception.document.removed_at}, status=410)
        return None
