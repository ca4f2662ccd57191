"""What the expert review needs to know about demonstration-zone dossiers (discovered by workflows.review)."""

from workflows.review.recommenders import register_recommender_source

from .models import Zone

# The provincial recommending body's transitions: its people must not score the zones they handled.
register_recommender_source(Zone, transitions=("start_provincial_review", "recommend", "not_recommend"))
