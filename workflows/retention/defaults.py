"""The default retention periods (docs/retention.md), loaded by migration; staff change them in the admin.

The texts are data in Chinese (the privacy page renders them; English comes from the catalogue).
"""

DEFAULTS = [
    (
        "applications",
        5,
        "申报最后一次流转（或创建）之时",
        "申报联系人姓名、联系电话、电子邮箱、承诺人姓名、补正意见，以及流转记录中经办人填写的说明",
        "清除上述个人信息；申报单位名称、编号、状态和流转记录的哈希保留，审计链仍可核验。持有有效称号的申报不清除",
    ),
    (
        "documents",
        5,
        "申报最后一次流转（或创建）之时",
        "申报单位上传的申报材料文件（可能含有人员姓名、证件号码、联系方式）",
        "从文件存储中删除文件，删除原文件名；文件的校验值和大小保留",
    ),
    (
        "expert_declarations",
        5,
        "专家作出回避声明之时",
        "评审专家回避声明中的文字说明",
        "清除文字说明，是否存在利害关系的结论保留",
    ),
    (
        "objections",
        3,
        "异议核查完成（或提交）之时",
        "异议人姓名、身份证号码、联系电话、联系地址、来源网络地址、异议内容、核查意见和证明材料",
        "清除上述个人信息，删除证明材料文件；回执编号、异议类型和核查结论保留",
    ),
    (
        "logs",
        2,
        "通知发送或文件查阅之时",
        "发送给用户的通知（收件邮箱、正文）和申报材料的查阅记录",
        "删除记录",
    ),
]


def load_default_periods(RetentionPeriod) -> None:
    """Create the periods that are missing; never overwrite what staff changed."""
    for record_class, years, counted_from, what, after in DEFAULTS:
        RetentionPeriod.objects.get_or_create(
            record_class=record_class,
            defaults={"years": years, "counted_from": counted_from, "what_is_kept": what, "after_expiry": after},
        )
