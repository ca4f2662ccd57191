"""What a case history calls each audit-log entry (docs/audit-chain.md, "Reading a history").

A state transition's name is declared with its label on the transition itself (`custom=on_desk(...)`
or `custom=labelled(...)`). Log entries that change no state — a credit screening, a conflict
override, a reminder — are declared here, or by a program with `declare` at import, and their
writers pass the returned name, so the name and its label live in one place.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

_LABELS: dict[str, object] = {}


def declare(name: str, label) -> str:
    """Declare a log entry that is not a transition; returns `name` for the writer to pass."""
    _LABELS[name] = label
    return name


def labelled(label) -> dict:
    """`custom=` for a transition no desk button performs: its label in histories."""
    return {"label": label}


def declared_label(name: str):
    return _LABELS.get(name)


CREDIT_SCREENING = declare("credit_screening", _("信用审查"))
CONFLICT_OVERRIDE = declare("review.conflict_override", _("回避例外认定"))
RELEASE_RESULTS = declare("review.release_results", _("发布评审结果"))
RELEASE_FEEDBACK = declare("review.feedback.release", _("发布反馈报告"))
SEAL_SUMMARY = declare("review.summary.seal", _("组长意见定稿"))
ESCALATE = declare("review.escalate", _("逾期上报"))
REPLACE_EXPERT = declare("review.replace", _("更换专家"))
REMIND = declare("review.remind", _("催办提醒"))
DRAW_INITIAL = declare("review.draw.initial", _("抽取专家"))
DRAW_REPLACEMENT = declare("review.draw.replacement", _("递补抽取专家"))
EXTEND_VALIDITY = declare("extend_validity", _("延长有效期"))
