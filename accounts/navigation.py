"""The main navigation, filtered by the access policy so each role sees only its own pages."""

from dataclasses import dataclass

from django.urls import reverse

from accounts.policies import allows


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    action: str
    section: str


NAVIGATION: tuple[NavItem, ...] = (
    NavItem("My handoffs", "ae:home", "portal.ae", "ae"),
    NavItem("My commission", "ae_comp:commission", "comp.own", "ae_comp"),
    NavItem("CS queue", "csm:home", "portal.csm", "csm"),
    NavItem("My variable", "csm_comp:variable", "comp.variable", "csm_comp"),
    NavItem("Overview", "revops:home", "portal.revops", "revops"),
    NavItem("Metrics", "metrics:page", "metrics.view", "metrics"),
    NavItem("Packets", "explorer:list", "explorer.view", "explorer"),
    NavItem("Comp", "comp:home", "comp.view", "comp"),
    NavItem("Integrations", "integrations:list", "integrations.view", "integrations"),
    NavItem("Team", "team:list", "team.view", "team"),
    NavItem("Drafting", "drafting:home", "drafting.view", "drafting"),
    NavItem("Success plans", "plans:list", "plans.list", "plans"),
    NavItem("Webhooks", "webhooks:list", "webhooks.view", "webhooks"),
    NavItem("Governance", "governance:home", "governance.view", "governance"),
)


def navigation_for(user, current_section: str) -> list[dict]:
    return [
        {
            "label": item.label,
            "url": reverse(item.url_name),
            "active": item.section == current_section,
        }
        for item in NAVIGATION
        if allows(user, item.action)
    ]
