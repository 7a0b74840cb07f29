from django.apps import AppConfig


class PageCacheConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "pagecache"
    verbose_name = "Page data cache"

    def ready(self):
        from pagecache import versions

        versions.connect_signals()
