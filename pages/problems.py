"""A problem answered as a page: the reader's pages' 400, 404, 429, 500 and 503."""

from django.http import HttpResponse
from django.template.loader import render_to_string


def problem_page(request, status: int, detail: str, errors=None) -> HttpResponse:
    messages = []
    for name, problems in (errors or {}).items():
        messages += [f"{name}: {problem}" for problem in problems]
    page = render_to_string(
        "pages/problem.html",
        {"status": status, "detail": detail, "problems": messages, "title": detail},
        request=request,
    )
    return HttpResponse(page, status=status)
