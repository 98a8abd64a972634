from django.urls import path

from handoffs.views import portals

ae_patterns = ([path("", portals.ae_home, name="home")], "ae")
csm_patterns = ([path("", portals.csm_home, name="home")], "csm")
