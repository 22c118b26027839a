from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.contrib.staticfiles.urls import staticfiles_urlpatterns
from django.urls import include, path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from intranet.ledning import urls as ledning_urls
from intranet.portal import media
from intranet.portal import urls as portal_urls
from intranet.portal.views import healthz
from intranet.staff import urls as staff_urls
from search import urls as search_urls

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    # One login form for the site (/logga-in/) and the admin's own: Wagtail's front-end login
    # form is not offered, and Django's admin is not served at all (nothing is registered there;
    # the Wagtail admin is the admin). Both forms are throttled (settings: AXES_*).
    path(
        "_util/login/",
        login_not_required(RedirectView.as_view(pattern_name="portal:login", query_string=True)),
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # The management system's routes share the prefix of its pages (the demo's start page has
    # the slug "ledningssystem"); they are served even where no page has that slug, and come
    # before Wagtail's catch-all. The addresses they had before redirect (301) to them.
    path("ledningssystem/", include(ledning_urls)),
    path("ledningssystemet/", include((ledning_urls.moved_urlpatterns, "ledning_moved"))),
    path("", include(portal_urls)),
    path("", include(staff_urls)),
    path("", include(search_urls)),
]

if settings.DEBUG:
    urlpatterns += staticfiles_urlpatterns()

# Media go through the app, never straight from MEDIA_ROOT or the bucket: documents only through
# Wagtail's document view above, images and renditions after a check of their collection's
# privacy (portal/media.py). A reverse proxy must not serve the media root (README, "Drift").
urlpatterns += [path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", media.serve, name="media")]

urlpatterns += [path("", include(wagtail_urls))]
