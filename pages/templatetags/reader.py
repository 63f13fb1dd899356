from django import template

from diplomacy.projection import path_template
from pages import wording

register = template.Library()


@register.filter
def get_item(mapping, key):
    """``names|get_item:slug``: a value looked up by a key held in a variable."""
    if not mapping or key is None:
        return None
    return mapping.get(key)


@register.filter
def label(value, choices: str) -> str:
    """``participant.role|label:"role"``: the reader's word for a stored choice."""
    return wording.label(choices, value)


@register.simple_tag
def interval(start, end) -> str:
    return wording.interval(start, end)


@register.filter
def page(slug: str, singular: str) -> str:
    """``actor.slug|page:"actor"``: the record's page, its address worked out once per
    process (``{% url %}`` resolves it again on every link)."""
    return path_template(f"pages:{singular}").format(slug)
