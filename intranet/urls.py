from django.conf import settings
from django.contrib import admin
from django.contrib.staticfiles.urls import staticfiles_urlpatterns
from django.urls import include, path
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
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("ledningssystemet/", include(ledning_urls)),
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
