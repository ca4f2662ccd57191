"""Repair dossiers that kept a live state after their title ended (docs/programs.md, "Titles").

Before the engine moved the dossier with its title, revoking a title on the title desk or the
daily expiry left an award application `awarded` and a zone in its demonstration states. This
moves them where the title's end now moves them: awards to revoked/expired, zones to
revoked (with the revocation's date and reason) or expired. The title's own transition log
already records the decision; no dossier log row is invented here.
"""

from django.db import migrations

LIVE_ZONE_STATES = ["recognized", "demonstration", "expiry_review"]


def repair(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Title = apps.get_model("titles", "Title")
    Revocation = apps.get_model("titles", "Revocation")
    AwardApplication = apps.get_model("awards", "AwardApplication")
    Zone = apps.get_model("brands", "Zone")
    award_type = ContentType.objects.filter(app_label="awards", model="awardapplication").first()
    zone_type = ContentType.objects.filter(app_label="brands", model="zone").first()
    for title in Title.objects.filter(state__in=["revoked", "expired"]):
        if award_type and title.content_type_id == award_type.pk:
            AwardApplication.objects.filter(pk=title.object_id, state="awarded").update(state=title.state)
        elif zone_type and title.content_type_id == zone_type.pk:
            zones = Zone.objects.filter(pk=title.object_id, state__in=LIVE_ZONE_STATES)
            if title.state == "expired":
                zones.update(state="expired")
                continue
            revocation = Revocation.objects.filter(title_id=title.pk).first()
            for zone in zones:
                Zone.objects.filter(pk=zone.pk).update(
                    state="revoked",
                    revoked_on=zone.revoked_on or (revocation.decided_on if revocation else None),
                    revocation_reason=zone.revocation_reason or (revocation.reason if revocation else ""),
                )


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0005_title_end_states"),
        ("brands", "0003_provincial_quota"),
        ("titles", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(repair, migrations.RunPython.noop)]
