"""A citizens' satisfaction survey any program's case can carry (docs/surveys.md).

The program attaches it by registering `Program.survey` (workflows.programs.SurveyAttachment) and
giving its case model the `SurveyWindow` fields and `open_survey`/`close_survey` transitions.
"""
