"""A second, minimal Wagtail project that installs intranet.ledning as any host site would."""
