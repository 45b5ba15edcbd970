"""The Secretariat group: the least-privilege role of the people who moderate the portal."""

SECRETARIAT_GROUP = "Secretariat"


def grant_secretariat_permissions(apps, app_label: str, codenames: list[str]) -> None:
    """For data migrations: give the Secretariat group these permissions of one app.

    Permissions are normally created after `migrate` finishes, so they are created here
    when missing.
    """
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config(app_label)
    # create_permissions() skips app configs without a models module, as historical ones are.
    original = getattr(app_config, "models_module", None)
    app_config.models_module = original or True
    try:
        create_permissions(app_config, verbosity=0, apps=apps)
    finally:
        app_config.models_module = original

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=SECRETARIAT_GROUP)
    permissions = list(
        Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
    )
    missing = set(codenames) - {p.codename for p in permissions}
    if missing:
        raise LookupError(f"Unknown permissions for {app_label}: {sorted(missing)}")
    group.permissions.add(*permissions)
