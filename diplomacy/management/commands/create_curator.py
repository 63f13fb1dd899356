import getpass
import sys
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from knox.models import AuthToken


class Command(BaseCommand):
    help = (
        "Create (or reuse) a curator account in the 'curators' group and print a new API token. "
        "The token is shown once and stored only as a hash. To sign in to the admin, give a "
        "password at a prompt (--password) or on standard input (--password-stdin)."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--email", default="")
        parser.add_argument(
            "--can-publish", action="store_true", help="Also allow publishing and retracting."
        )
        parser.add_argument(
            "--can-delete", action="store_true", help="Also allow deleting records."
        )
        parser.add_argument("--hours", type=int, default=10, help="Token lifetime (default 10).")
        given = parser.add_mutually_exclusive_group()
        given.add_argument(
            "--password",
            action="store_true",
            help="Ask for the admin password at a prompt (twice, not echoed).",
        )
        given.add_argument(
            "--password-stdin",
            action="store_true",
            help="Read the admin password from standard input's first line.",
        )

    @transaction.atomic
    def handle(self, *args, username, email, can_publish, can_delete, hours, **options):
        password = self.password(options["password"], options["password_stdin"])
        try:
            group = Group.objects.get(name="curators")
        except Group.DoesNotExist:
            raise CommandError(
                "The 'curators' group is missing: run `manage.py migrate`."
            ) from None
        user, created = get_user_model().objects.get_or_create(
            username=username, defaults={"email": email, "is_staff": True}
        )
        if password is not None:
            try:
                validate_password(password, user)
            except ValidationError as refusal:
                raise CommandError(" ".join(refusal.messages)) from None
            user.set_password(password)
            user.save()
        elif created:
            user.set_unusable_password()  # token only, until a password is given
            user.save()
        user.groups.add(group)
        extra = []
        if can_publish:
            extra.append("publish_")
        if can_delete:
            extra.append("delete_")
        for prefix in extra:
            user.user_permissions.add(
                *Permission.objects.filter(
                    content_type__app_label="diplomacy", codename__startswith=prefix
                )
            )
        _, token = AuthToken.objects.create(user=user, expiry=timedelta(hours=hours))
        self.stderr.write(
            f"{'Created' if created else 'Reused'} curator {username}; token valid {hours} hours:"
        )
        self.stdout.write(token)

    def password(self, prompt: bool, stdin: bool) -> str | None:
        if stdin:
            given = sys.stdin.readline().rstrip("\n")
            if not given:
                raise CommandError("No password on standard input.")
            return given
        if prompt:
            first = getpass.getpass("Password: ")
            if first != getpass.getpass("Password (again): "):
                raise CommandError("The two passwords differ.")
            return first
        return None
