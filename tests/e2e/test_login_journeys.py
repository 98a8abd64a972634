"""Each role signs in through the form and lands on its own portal."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_an_ae_lands_on_my_handoffs(page, log_in, ae):
    log_in(ae.email)

    expect(page).to_have_url(re.compile(r"/ae/$"))
    expect(page.get_by_role("heading", name="My handoffs")).to_be_visible()
    expect(page.get_by_text("Maya Chen", exact=True)).to_be_visible()


def test_a_csm_lands_on_the_cs_queue(page, log_in, csm):
    log_in(csm.email)

    expect(page).to_have_url(re.compile(r"/csm/$"))
    expect(page.get_by_role("heading", name="CS queue")).to_be_visible()


def test_cs_ops_lands_on_the_revops_overview(page, log_in, cs_ops):
    log_in(cs_ops.email)

    expect(page).to_have_url(re.compile(r"/revops/$"))
    expect(page.get_by_role("heading", name="Overview")).to_be_visible()


def test_a_revops_admin_lands_on_the_revops_overview_and_logs_out(page, log_in, revops_admin):
    log_in(revops_admin.email)
    expect(page).to_have_url(re.compile(r"/revops/$"))

    page.get_by_role("button", name="Log out").click()

    expect(page).to_have_url(re.compile(r"/accounts/login/"))


def test_a_wrong_password_keeps_the_user_on_the_login_page(page, log_in, ae):
    log_in(ae.email, "not-my-password")

    expect(page.get_by_role("alert")).to_contain_text("not correct")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))


def test_an_ae_visiting_the_csm_portal_sees_the_friendly_403(page, log_in, ae, base_url):
    log_in(ae.email)
    expect(page).to_have_url(re.compile(r"/ae/$"))

    page.goto(f"{base_url}/csm/")

    expect(page.get_by_role("heading", name="This page isn't part of your portal")).to_be_visible()
    page.get_by_role("link", name="Go to my portal").click()
    expect(page).to_have_url(re.compile(r"/ae/$"))
