from django.db import models

from .base import CuratedModel


class Topic(CuratedModel):
    """A term of the controlled vocabulary that records are tagged with."""

    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.name
