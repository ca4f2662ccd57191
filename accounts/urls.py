from django.contrib.auth import views as auth_views
from django.urls import path

from . import oidc, views

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("sso/login/", oidc.PortalLoginView.as_view(), name="sso_login"),
    path("sso/callback/", oidc.PortalCallbackView.as_view(), name="sso_callback"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("two-factor/", views.two_factor, name="two_factor"),
    path("register/", views.register, name="register"),
    path("verify/<str:token>/", views.verify_email, name="verify_email"),
    path("organisation/", views.organization_profile, name="organization_default"),
    path("organisation/<int:pk>/", views.organization_profile, name="organization"),
    path("", views.dashboard, name="dashboard"),
]
