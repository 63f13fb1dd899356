import pytest
from django.db import connections, transaction

from diplomacy.models import Meeting
from diplomacy.routers import PrimaryReplicaRouter

pytestmark = pytest.mark.django_db


def test_lists_carry_an_etag_and_answer_304_when_unchanged(api):
    first = api.get("/api/v1/meetings/", {"actor": "wang-yi"})
    etag = first["ETag"]

    again = api.get("/api/v1/meetings/", {"actor": "wang-yi"}, HTTP_IF_NONE_MATCH=etag)

    assert again.status_code == 304 and again.content == b""
    Meeting.objects.filter(slug="wang-yi-cohen-call").update(summary="Changed.")
    assert (
        api.get("/api/v1/meetings/", {"actor": "wang-yi"}, HTTP_IF_NONE_MATCH=etag).status_code
        == 200
    )


@pytest.fixture
def with_replica(monkeypatch):
    """A second alias named replica, as DATABASE_REPLICA_URL would configure."""
    from django.conf import settings

    monkeypatch.setitem(settings.DATABASES, "replica", dict(settings.DATABASES["default"]))


def test_the_router_reads_from_the_replica_and_writes_to_the_primary(with_replica, monkeypatch):
    router = PrimaryReplicaRouter()
    # As in a request outside any transaction (each test runs inside one).
    monkeypatch.setattr(connections["default"], "in_atomic_block", False)
    assert router.db_for_read(Meeting) == "replica"
    assert router.db_for_write(Meeting) == "default"
    assert router.allow_migrate("replica", "diplomacy") is False
    assert router.allow_migrate("default", "diplomacy") is True


def test_reads_inside_a_write_transaction_stay_on_the_primary(with_replica):
    router = PrimaryReplicaRouter()
    with transaction.atomic():
        assert connections["default"].in_atomic_block
        assert router.db_for_read(Meeting) == "default"


def test_without_a_replica_everything_uses_the_primary(monkeypatch):
    from django.conf import settings

    assert "replica" not in settings.DATABASES
    # Outside any transaction, where a configured replica would take the read.
    monkeypatch.setattr(connections["default"], "in_atomic_block", False)
    assert PrimaryReplicaRouter().db_for_read(Meeting) == "default"
