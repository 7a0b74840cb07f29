from django.urls import path

from reports import built_views, published_views, views

app_name = "reports"

urlpatterns = [
    path("board/", views.board, name="board"),
    path("board/report.css", views.stylesheet, name="stylesheet"),
    path("board/building/<int:job_id>/", built_views.building_progress, name="building"),
    path("board/files/<int:pk>/", built_views.built_file, name="built_file"),
    path("publish/", published_views.publish, name="publish"),
    path("publishing/<int:job_id>/", published_views.publishing_progress, name="publishing"),
    path("published/<int:pk>/", published_views.published_detail, name="published"),
    path("published/<int:pk>/<str:format_key>/", published_views.published_file, name="published_file"),
]
