"""Sessions written before councils had a composition: give each issuing unit a council whose
members are the accounts that sat on its sessions, plus seats "to be completed" up to the
largest total membership a session recorded; attendance follows the old record (the
accounts present voted on screen). Closed sessions keep their stored results."""

from django.db import migrations


def forwards(apps, schema_editor):
    Session = apps.get_model("awards", "CouncilSession")
    Council = apps.get_model("awards", "Council")
    Member = apps.get_model("awards", "CouncilMember")
    Attendance = apps.get_model("awards", "Attendance")
    Ballot = apps.get_model("awards", "Ballot")
    councils = {}
    for session in Session.objects.select_related("campaign__issuing_unit").order_by("pk"):
        unit = session.campaign.issuing_unit
        key = unit.pk if unit else None
        if key not in councils:
            name = "Hội đồng Thi đua – Khen thưởng" + (f" {unit.name}" if unit else "")
            councils[key] = Council.objects.create(issuing_unit=unit, name=name)
        council = councils[key]
        seats = []
        for user in session.members.order_by("pk"):
            seat = Member.objects.filter(council=council, user=user).first()
            if seat is None:
                seat = Member.objects.create(
                    council=council,
                    full_name=user.full_name or user.username,
                    role="uy_vien",
                    user=user,
                )
            seats.append(seat)
        others = list(Member.objects.filter(council=council, user__isnull=True).order_by("pk"))
        needed = session.total_members - len(seats)
        while len(others) < needed:
            others.append(
                Member.objects.create(
                    council=council,
                    full_name=f"Thành viên {len(others) + 1} (cần bổ sung họ tên)",
                    role="uy_vien",
                )
            )
        for seat in seats:
            Attendance.objects.create(session=session, member=seat, mode="may")
        for seat in others[: max(needed, 0)]:
            Attendance.objects.create(session=session, member=seat, mode="vang")
        session.council = council
        session.status = "da_ket_thuc" if session.closed_at else "du_kien"
        session.save(update_fields=["council", "status"])
        for ballot in Ballot.objects.filter(session=session, keyed_in=True):
            ballot.paper_approve = ballot.approve
            ballot.paper_reject = ballot.reject
            ballot.paper_abstain = ballot.abstain
            ballot.save(update_fields=["paper_approve", "paper_reject", "paper_abstain"])


class Migration(migrations.Migration):
    dependencies = [("awards", "0005_council_composition")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
