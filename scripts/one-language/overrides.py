"""Hand decisions the split cannot make. text -> (zh, en) | None (leave it) | "ZH_ONLY" (plain Chinese, no gettext).

For f-strings the key is the text with %(name)s placeholders as the script names them (see LEFT.txt)."""

PLAIN_FILES: list[str] = []
SKIP_FILES: list[str] = []
# django-ninja/pydantic build the OpenAPI document from plain str: those labels are Chinese only.
PLAIN_KEYWORDS: dict[str, set[str]] = {"api/v1.py": {"summary", "description", "title"}}

OVERRIDES: dict = {
    # placeholders the two halves named differently
    "统一社会信用代码不能包含字母 %(letters)s。The credit code cannot contain the letters %(join)s.":
        ("统一社会信用代码不能包含字母 %(letters)s。", "The credit code cannot contain the letters %(letters)s."),
    "推荐公示至%(until)s，期满后方可推荐。The recommendation notice runs until %(until2)s; recommend after it has ended.":
        ("推荐公示至%(until)s，期满后方可推荐。", "The recommendation notice runs until %(until)s; recommend after it has ended."),
    "逾期提交：公示期已于%(last_day)s24时结束。Late: the notice period ended at 24:00 on %(last_day2)s.":
        ("逾期提交：公示期已于%(last_day)s24时结束。", "Late: the notice period ended at 24:00 on %(last_day)s."),
    "具备所需专业（%(join)s）且无回避情形的可用专家只有%(eligible)s人，少于所需的%(needed)s人。Only %(eligible)s available experts without conflicts have the required specialty (%(join2)s); %(needed)s are needed.":
        ("具备所需专业（%(join)s）且无回避情形的可用专家只有%(eligible)s人，少于所需的%(needed)s人。",
         "Only %(eligible)s available experts without conflicts have the required specialty (%(join)s); %(needed)s are needed."),
    "文件“%(name)s”是空文件（0 字节），请检查后选择有内容的文件。The file “%(name)s” is empty (0 bytes); choose a file with content.":
        ("文件“%(name)s”是空文件（0 字节），请检查后选择有内容的文件。", "The file “%(name)s” is empty (0 bytes); choose a file with content."),
    "参数类型错误 wrong type for %(name)s: expected %(name2)s":
        ("参数类型错误：%(name)s 应为 %(name2)s", "Wrong type for %(name)s: expected %(name2)s"),
    "索引已切换 Alias now points to %(name)s: %(total)s documents in %(elapsed)s s.":
        ("索引已切换到 %(name)s：%(total)s 条文档，用时 %(elapsed)s 秒。", "Alias now points to %(name)s: %(total)s documents in %(elapsed)s s."),
    "自评分 Self-score (0–%(max)s)": ("自评分（0–%(max)s）", "Self-score (0–%(max)s)"),
    # emails: one language, the greeting and the link in both
    "%(value)s，您好：\n\n请打开以下链接完成注册：\n%(link)s\n\nOpen the link above to finish your registration. It is valid for 3 days.":
        ("%(value)s，您好：\n\n请打开以下链接完成注册（3天内有效）：\n%(link)s\n",
         "Dear %(value)s,\n\nOpen this link to finish your registration (it is valid for 3 days):\n%(link)s\n"),
    "%(name)s：\n\n您的申报（%(title)s）状态已更新为：%(after)s。\nThe status of your application has changed to: %(after)s.\n":
        ("%(name)s：\n\n您的申报（%(title)s）状态已更新为：%(after)s。\n",
         "%(name)s:\n\nThe status of your application (%(title)s) has changed to: %(after)s.\n"),
    "\n补正事项 Defects:\n%(reason)s\n": ("\n补正事项：\n%(reason)s\n", "\nDefects to correct:\n%(reason)s\n"),
    "您在“%(panel)s”中尚有%(assignments)s份评审未提交（%(codes)s），截止时间 %(deadline)s。\n%(assignments)s review(s) of yours in %(panel)s are not yet submitted (%(codes)s); deadline %(deadline)s.":
        ("您在“%(panel)s”中尚有%(assignments)s份评审未提交（%(codes)s），截止时间 %(deadline)s。",
         "%(assignments)s review(s) of yours in %(panel)s are not yet submitted (%(codes)s); deadline %(deadline)s."),
    # English words that are field names inside the Chinese sentence
    "计算规则须指明 type 与 metric。The spec needs a known type and metric.":
        ("计算规则须指明 type 与 metric。", "The spec needs a known type and metric."),
    "阈值规则须有 steps。A threshold spec needs steps.": ("阈值规则须有 steps。", "A threshold spec needs steps."),
    "比例规则须有 target。This spec needs a target.": ("比例规则须有 target。", "This spec needs a target."),
    "网站中没有“公示公告”栏目（slug 为 notices），无法发布公示。The site has no notices section (slug “notices”) to publish the notice in.":
        ("网站中没有“公示公告”栏目（slug 为 notices），无法发布公示。", "The site has no notices section (slug “notices”) to publish the notice in."),
    "PDF、JPG、PNG、Word、Excel，可多选。PDF, JPG, PNG, Word or Excel; several allowed.":
        ("PDF、JPG、PNG、Word、Excel，可多选。", "PDF, JPG, PNG, Word or Excel; several allowed."),
    '列表：[{"slot": "代码", "label": "名称"}]。A list of {"slot", "label"}.':
        ('列表：[{"slot": "代码", "label": "名称"}]。', 'A list of {"slot": "code", "label": "name"}.'),
    "曾对该申报单位初审或推荐 did the applicant's 初审 or recommended it":
        ("曾对该申报单位初审或推荐", "Did the applicant's preliminary review or recommended it"),
    # stored data: a published notice's body and a transition log's reason are in the site's language
    "有效期届满 validity ended": "ZH_ONLY",
    "<p>经%(escape)s决定（%(escape2)s，%(decided_on)s），撤销%(escape3)s“%(escape4)s%(escape5)s”称号，收回证书（编号 %(escape6)s）和奖牌，追回奖金。撤销事由：%(escape7)s。%(escape8)s</p><p>The title awarded to %(escape3)s has been revoked (decision %(escape2)s, %(decided_on2)s).</p>": "ZH_ONLY",
    "<p>经%(escape)s决定（%(escape2)s，%(decided_on)s），对%(escape3)s（创建主体：%(escape4)s）予以摘牌，撤销其“%(escape5)s”示范称号，示范期终止，收回牌匾和证书（编号 %(escape6)s）。摘牌事由：%(escape7)s。%(escape8)s</p><p>%(escape3)s has been delisted: its demonstration status under %(escape5)s is withdrawn and its demonstration period has ended (decision %(escape2)s, %(decided_on2)s).</p>": "ZH_ONLY",
    # polyglot.py's MESSAGE is a str.format template: patches/polyglot.patch
    "文件结构异常：{zh}。请上传由办公软件直接导出的文件。The file's structure is not that of a plain {kind} file: {en}. Please upload a file exported directly.": None,

    # English that dropped a named argument (msgfmt wants every one)
    "自评未完成：%(code)s %(title)s。Self-assessment missing for %(code)s.":
        ("自评未完成：%(code)s %(title)s。", "Self-assessment missing for %(code)s %(title)s."),
    "自评分超出范围：%(code)s（0–%(max_points)s）。Score out of range for %(code)s.":
        ("自评分超出范围：%(code)s（0–%(max_points)s）。", "Score out of range for %(code)s (0–%(max_points)s)."),
    "补正期限已于%(localtime)s届满。The correction window has ended.":
        ("补正期限已于%(localtime)s届满。", "The correction window ended on %(localtime)s."),
    "以下条件尚未审查：%(names)s。Some rules have not been reviewed yet.":
        ("以下条件尚未审查：%(names)s。", "These rules have not been reviewed yet: %(names)s."),
    "由“%(name)s”中非数据计算的指标生成。Derived: the expert-scored part.":
        ("由“%(name)s”中非数据计算的指标生成。", "Derived from the expert-scored part of “%(name)s”."),
    "筹建期于 %(localtime)s 届满，未申请验收 (creation deadline passed without an acceptance application)":
        ("筹建期于 %(localtime)s 届满，未申请验收", "The creation period ended on %(localtime)s without an acceptance application"),
    "自 %(starts_on)s 起 %(editions_count)s 届 the next %(editions_count)s edition(s)":
        ("自 %(starts_on)s 起 %(editions_count)s 届", "%(editions_count)s edition(s) from %(starts_on)s"),
    "主体类型不符（%(get_kind_display)s）。Entity type not admitted.":
        ("主体类型不符（%(get_kind_display)s）。", "Entity type not admitted (%(get_kind_display)s)."),
    "该组织处于禁止申报期（%(describe_end)s）：%(reason)s。This organisation is banned from applying (%(describe_end)s).":
        ("该组织处于禁止申报期（%(describe_end)s）：%(reason)s。", "This organisation is banned from applying (%(describe_end)s): %(reason)s."),
    "获奖后%(years)s年内不得再次申报（%(eligible_from)s起可申报）。Cool-down after winning: may apply again from %(eligible_from)s.":
        ("获奖后%(years)s年内不得再次申报（%(eligible_from)s起可申报）。",
         "No new application within %(years)s years of winning: may apply again from %(eligible_from)s."),
    "同一集团本届已有申报（%(join)s）。Another member of the group has applied.":
        ("同一集团本届已有申报（%(join)s）。", "Another member of the group has applied in this edition (%(join)s)."),
    "匿名异议不予受理（%(missing)s）。Anonymous objections are not accepted.":
        ("匿名异议不予受理（%(missing)s）。", "Anonymous objections are not accepted (%(missing)s)."),
    "<p>%(escape)s组织开展了%(escape2)s评审工作。经评审委员会审议，拟授奖名单如下，现予以公示，公示期%(notice_length)s%(unit)s，至%(last_day)s24时（北京时间）止。</p><p>对公示对象有异议的，可在公示期内通过本页面以实名方式提出书面异议并附证明材料。个人须提供真实姓名、身份证号码和联系电话；单位须提供单位名称、统一社会信用代码并上传加盖公章的异议书。逾期或匿名的异议不予受理。异议人身份信息予以保密。</p><p>Objections must be filed under the objector's real name within the notice period, with evidence. Late or anonymous objections are not accepted; the objector's identity is kept confidential.</p>": "ZH_ONLY",
    # templates (keys with {{ expr }} as in the template)
    "3天内有效。We sent a verification link to {{ email }}; it is valid for 3 days.": ("RAW", "3天内有效。", []),
    "{{ page_obj.paginator.count }} 个 zones": ("{{ page_obj.paginator.count }} 个", "{{ page_obj.paginator.count }} zones"),
    "#{{ oid }}: 极差 spread {{ spread }}": ("#{{ oid }}：极差 {{ spread }}", "#{{ oid }}: spread {{ spread }}"),
    "进行中 In progress {{ conclusion_form.outcome }} {{ conclusion_form.memo }}":
        ("RAW", '{% translate "进行中" %} {{ conclusion_form.outcome }} {{ conclusion_form.memo }}', [("进行中", "In progress")]),
    '已完成 Done {{ t.completed_at|date:"Y-m-d" }} {{ t.note }}':
        ("RAW", '{% translate "已完成" %} {{ t.completed_at|date:"Y-m-d" }} {{ t.note }}', [("已完成", "Done")]),
    "<p>%(escape)s组织开展了%(escape2)s评审工作。经评审委员会审议，%(get)s如下，现予以公示，公示期%(notice_length)s%(unit)s，至%(last_day)s24时（北京时间）止。</p><p>对公示对象有异议的，可在公示期内通过本页面以实名方式提出书面异议并附证明材料。个人须提供真实姓名、身份证号码和联系电话；单位须提供单位名称、统一社会信用代码并上传加盖公章的异议书。逾期或匿名的异议不予受理。异议人身份信息予以保密。</p><p>Objections must be filed under the objector's real name within the notice period, with evidence. Late or anonymous objections are not accepted; the objector's identity is kept confidential.</p>": "ZH_ONLY",
    # demo content (a criteria table in a seeded page body): data, not a label
    "<table border='1'><tr><th>条款</th><th>名称</th><th>分值</th></tr>%(rows)s</table>": None,
}
