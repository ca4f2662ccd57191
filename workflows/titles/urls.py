app_name = "titles"
urlpatterns: list = []
