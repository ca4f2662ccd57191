"""Re-key the existing transition log with the audit key (HMAC) and sign the chain head.

Rows written before this migration were chained with plain SHA-256. The old chain is checked
first; a broken one stops the migration instead of being blessed with new keyed hashes.
"""

import hashlib

from django.db import migrations

from workflows.audit_signing import canonical, sign


def _payload(row, prev: str) -> dict:
    return {
        "prev": prev,
        "ct": row.content_type_id,
        "obj": str(row.object_id),
        "transition": row.transition,
        "from": row.from_state,
        "to": row.to_state,
        "actor": row.actor_id,
        "at": row.at.isoformat(),
        "reason": row.reason,
        "attachments": row.attachments,
    }


def rekey(apps, schema_editor):
    TransitionLog = apps.get_model("workflows", "TransitionLog")
    AuditChainHead = apps.get_model("workflows", "AuditChainHead")
    old_previous = new_previous = ""
    count = 0
    for row in TransitionLog.objects.order_by("id").iterator(chunk_size=2000):
        old_hash = hashlib.sha256(canonical(_payload(row, old_previous))).hexdigest()
        if row.prev_hash != old_previous or row.row_hash != old_hash:
            raise RuntimeError(f"transition log row {row.pk} does not match its SHA-256 chain; not re-keying it")
        old_previous = row.row_hash
        new_hash = sign(_payload(row, new_previous))
        TransitionLog.objects.filter(pk=row.pk).update(prev_hash=new_previous, row_hash=new_hash)
        new_previous = new_hash
        count += 1
    head, _ = AuditChainHead.objects.get_or_create(pk=1)
    head.last_hash = new_previous
    head.row_count = count
    head.signature = sign({"kind": "head", "count": count, "hash": new_previous}) if count else ""
    head.save()


class Migration(migrations.Migration):
    dependencies = [("workflows", "0005_audit_chain_keys_and_checkpoints")]
    operations = [migrations.RunPython(rekey, migrations.RunPython.noop)]
