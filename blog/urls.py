from django.urls import path

from . import feeds, views

app_name = "blog"

urlpatterns = [
    path("", views.PostListView.as_view(), name="post-list"),
    path("feed/atom/", feeds.AtomPostsFeed(), name="feed-atom"),
    path("feed/rss/", feeds.RssPostsFeed(), name="feed-rss"),
    path("author/<slug:slug>/", views.AuthorDetailView.as_view(), name="author-detail"),
    path("tag/<slug:slug>/", views.TagDetailView.as_view(), name="tag-detail"),
    path("<slug:slug>/", views.PostDetailView.as_view(), name="post-detail"),
]
