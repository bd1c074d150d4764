from django.db import migrations, models


def keep_one_per_decision(apps, schema_editor):  # type: ignore[no-untyped-def]
    """A decision published twice before the constraint: the first publication (published
    ones first) keeps it; the others are withdrawn and detached from the decision."""
    Publication = apps.get_model("portal", "Publication")
    seen: set[int] = set()
    honor = Publication.objects.filter(kind="bang_vang").exclude(decision=None)
    for publication in honor.order_by("decision_id", "status", "pk"):
        # "da_cong_bo" sorts before "da_go" and "du_thao": the published one comes first
        if publication.decision_id in seen:
            publication.decision_id = None
            publication.status = "da_go"
            publication.save(update_fields=["decision", "status"])
        else:
            seen.add(publication.decision_id)


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(keep_one_per_decision, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="publication",
            constraint=models.UniqueConstraint(
                condition=models.Q(("kind", "bang_vang")),
                fields=("decision",),
                name="portal_honor_once_per_decision",
                violation_error_message="Quyết định này đã được công bố trên bảng vàng.",
            ),
        ),
    ]
