"""市民质量满意度测评: the citizens' quality-satisfaction survey of creating cities (docs/city-survey.md).

Its models are part of the cities app (imported by cities/models.py, so they migrate with it).
"""
