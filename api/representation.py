"""The public projections (``diplomacy/shapes.py``) as the API documents them: a DRF serializer
per shape, which drf-spectacular turns into the OpenAPI schema and the exports read their
columns' types from. Nothing renders through these serializers: records render from the
shapes themselves (``diplomacy.projection``).
"""

import functools

from rest_framework import serializers

from diplomacy.projection import Doc, Field, Group, Nested, Reference, Shape

DOCUMENTED_KINDS = {
    "text": serializers.CharField,
    "url": serializers.URLField,
    "integer": serializers.IntegerField,
}


def documented(doc: Doc, **kwargs) -> serializers.Field:
    """The DRF field that documents a value of ``doc``'s kind."""
    options = {"read_only": True, "help_text": doc.help_text or None, **kwargs}
    if doc.kind == "text list":
        return serializers.ListField(child=serializers.CharField(), **options)
    if doc.nullable:
        options["allow_null"] = True
    return DOCUMENTED_KINDS[doc.kind](**options)


def document(field: Field) -> serializers.Field | None:
    """The DRF field that documents ``field``; None: the model field of its source does."""
    options = {"read_only": True, **field.schema_kwargs}
    if field.doc is not None:
        return documented(field.doc)
    if isinstance(field, Reference):
        if field.flat:
            return serializers.CharField(allow_null=True, **options)
        return serializer_of(field.shape)(**options)
    if isinstance(field, Nested):
        if field.flat:
            return serializers.ListField(child=serializers.CharField(), **options)
        return serializer_of(field.shape)(many=True, **options)
    if isinstance(field, Group):
        return serializer_of(field.shape)(**options)
    return None


def serializer_of(shape: Shape, detail: bool = False) -> type[serializers.ModelSerializer]:
    """The DRF serializer that documents ``shape``; built once, named as the shape."""
    return built_serializer(shape, detail and shape.has_detail_fields)


@functools.cache
def built_serializer(shape: Shape, detail: bool) -> type[serializers.ModelSerializer]:
    declared, extra_kwargs = {}, {}
    fields = shape.shown(detail)
    for field in fields:
        found = document(field)
        if found is not None:
            found.read_only, found.required = True, False
            declared[field.name] = found
        else:
            extra_kwargs[field.name] = {**field.schema_kwargs, "read_only": True}
    meta = type(
        "Meta",
        (),
        {
            "model": shape.model,
            "fields": [field.name for field in fields],
            "extra_kwargs": extra_kwargs,
        },
    )
    suffix = "Detail" if detail else ""
    return type(
        f"{shape.name}{suffix}Serializer",
        (serializers.ModelSerializer,),
        {**declared, "Meta": meta, "__doc__": shape.doc or None, "__module__": __name__},
    )
