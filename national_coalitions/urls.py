app_name = "national_coalitions"

urlpatterns: list = []
