"""The reviewers' proposal change list: `{% proposal_result_list cl %}`, the admin's
`{% result_list cl %}` with its rows built once per page (coalitions/review/admin/rows.py), and
`{% proposal_filters cl %}`, its filters from the cache (coalitions/review/admin/sidebar.py)."""

from django import template
from django.contrib.admin.templatetags.base import InclusionAdminNode

from ..review.admin import rows, sidebar

register = template.Library()


@register.tag(name="proposal_result_list")
def proposal_result_list(parser, token):
    return InclusionAdminNode(
        parser,
        token,
        func=rows.result_list,
        template_name="change_list_results.html",
        takes_context=False,
    )


@register.simple_tag
def proposal_filters(cl):
    return sidebar.filters_html(cl)
