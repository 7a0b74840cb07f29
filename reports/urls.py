from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("board/", views.board, name="board"),
    path("board/report.css", views.stylesheet, name="stylesheet"),
]
