"""The reader's pages are Jinja2 templates (``pages/jinja2/``): they render several times
faster than Django's, and a page is rendered on every public change. The admin and the
API's pages keep Django's templates."""

import functools

from django.template import defaultfilters
from django.templatetags.static import static
from django.urls import reverse
from jinja2 import Environment

from diplomacy.projection import path_template
from pages import wording


@functools.cache
def url(name: str, *args) -> str:
    """An address by its name, worked out once per process."""
    return reverse(name, args=args)


def page(slug: str, singular: str) -> str:
    """``actor.slug|page("actor")``: the record's page, its address worked out once per
    process."""
    return path_template(f"pages:{singular}").format(slug)


def truncatechars(text, length: int) -> str:
    """At most ``length`` characters, cut at a word, with an ellipsis when cut (Django's
    filter does the same at ten times the cost)."""
    text = str(text or "")
    if len(text) <= length:
        return text
    return text[: length - 1].rsplit(" ", 1)[0] + "…"


def environment(**options) -> Environment:
    env = Environment(**options)
    env.globals.update(static=functools.cache(static), url=url, interval=wording.interval)
    env.filters.update(
        label=lambda value, choices: wording.label(choices, value),
        page=page,
        date=defaultfilters.date,
        pluralize=defaultfilters.pluralize,
        truncatechars=truncatechars,
        capfirst=defaultfilters.capfirst,
    )
    return env
