"""The portfolio page: balance meters, the what-if of ticked candidates, shortlisting them,
and the CSV of the meters. Organizers and the Expert sub-committee only."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import F, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from impact import csvsafe, roles
from impact.models import ConferenceEdition, User

from .. import workflow
from ..enums import AWAITING_DECISION, MergeRequestStatus
from ..models import CalibratedScore, MergeRequest, Proposal
from ..permissions import hidden_proposals, may_weigh_portfolio
from ..workflow import TransitionNotAllowed
from . import calibration, calibration_store, portfolio
from .forms import LettersForm

CANDIDATES_PER_PAGE = 50
MAX_TICKED = 500  # more is no longer a what-if; the rest are ignored
MAX_ID = 2**31 - 1  # PostgreSQL's integer: a larger "id" in the query would be a 500
LAST_GROUP = "portfolio_hold_key"  # the session's memory of the last release group used


def _ids(values) -> list[int]:
    found = {int(v) for v in values[:MAX_TICKED] if v.isascii() and v.isdigit()}
    return sorted(pk for pk in found if pk <= MAX_ID)


def _edition(request: HttpRequest) -> ConferenceEdition | None:
    slug = request.GET.get("edition") or request.POST.get("edition")
    if slug:
        found = ConferenceEdition.objects.filter(slug=slug).first()
        if found:
            return found
    return ConferenceEdition.objects.current()


def _hidden(request: HttpRequest) -> set[int]:
    """The proposals hidden from the user by a conflict of interest: one query, once a request
    (every list below leaves them out)."""
    found = getattr(request, "_portfolio_hidden", None)
    if found is None:
        found = set(hidden_proposals(request.user).values_list("proposal_id", flat=True))
        request._portfolio_hidden = found
    return found


def _candidates(request: HttpRequest, edition: ConferenceEdition):
    """The proposals awaiting a decision that the user may see."""
    return Proposal.objects.filter(edition=edition, status__in=AWAITING_DECISION).exclude(
        pk__in=sorted(_hidden(request))
    )


def _merges(request: HttpRequest, edition: ConferenceEdition) -> list[MergeRequest]:
    """The edition's pending merge requests whose every proposal the user may see."""
    return list(
        MergeRequest.objects.filter(
            status=MergeRequestStatus.PENDING, consents__proposal__edition=edition
        )
        .exclude(consents__proposal__in=Proposal.objects.exclude(edition=edition))
        .exclude(consents__proposal__in=sorted(_hidden(request)))
        .distinct()
        .prefetch_related(Prefetch("sources", queryset=Proposal.objects.only("pk", "title")))
        .order_by("pk")
    )


def _state(request: HttpRequest, data, edition: ConferenceEdition):
    """The ticked candidates and merge requests (only those the user may tick), the merge
    requests on offer, and the panel."""
    ticked = set(
        _candidates(request, edition)
        .filter(pk__in=_ids(data.getlist("tick")))
        .values_list("pk", flat=True)
    )
    offered = _merges(request, edition)
    chosen = set(_ids(data.getlist("merge")))
    merges = [m for m in offered if m.pk in chosen]
    return ticked, merges, offered, portfolio.panel(edition, ticked=ticked, merges=merges)


def _scores(proposal: Proposal) -> calibration.Calibrated | None:
    try:
        stored = proposal.calibration
    except CalibratedScore.DoesNotExist:
        return None
    return calibration.Calibrated(
        raw=stored.raw,
        calibrated=stored.score,
        uncertainty=stored.uncertainty,
        reviews=stored.reviews,
    )


def _require(request: HttpRequest) -> None:
    if not may_weigh_portfolio(request.user):
        raise PermissionDenied


@login_required
def portfolio_page(request: HttpRequest) -> HttpResponse:
    """GET: the meters, with `tick`/`merge` in the query the what-if (also what the page's
    script fetches with `panel=1` to redraw the meters alone). POST: shortlist the ticked."""
    _require(request)
    edition = _edition(request)
    if edition is None:
        return render(request, "coalitions/review/portfolio.html", {"edition": None})
    data = request.POST if request.method == "POST" else request.GET
    ticked, merges, offered, panel = _state(request, data, edition)
    status = 200
    letters = _letters(request, data, edition)
    if request.method == "POST" and request.POST.get("do") == "shortlist":
        if ticked and letters.is_valid():
            return _shortlist(request, edition, ticked, hold_key=letters.key)
        if not ticked:
            messages.error(request, _("Tick at least one candidate to shortlist."))
        status = 400
    if request.GET.get("panel"):
        return render(request, "coalitions/review/_portfolio_panel.html", {"panel": panel})
    # Best calibrated score first (stored: `calibration_store`), unreviewed last, ties by id:
    # the page's ids ranked from the index and the scores alone, then its 50 rows (a subquery).
    best_first = (F("calibration__score").desc(nulls_last=True), "pk")
    ranked = _candidates(request, edition).order_by(*best_first).values_list("pk", flat=True)
    page = Paginator(ranked, CANDIDATES_PER_PAGE).get_page(data.get("page"))
    shown = (
        Proposal.objects.filter(pk__in=page.object_list)
        .select_related("calibration")
        .only("pk", "title", "calibration")
        .order_by(*best_first)
    )
    rows = [{"proposal": p, "scores": _scores(p), "ticked": p.pk in ticked} for p in shown]
    on_page = {r["proposal"].pk for r in rows}
    far = calibration_store.far(edition.pk) if roles.is_organizer(request.user) else []
    people = User.objects.in_bulk([r for r, _o in far]) if far else {}
    return render(
        request,
        "coalitions/review/portfolio.html",
        {
            "edition": edition,
            "editions": ConferenceEdition.objects.order_by("-starts_on"),
            "panel": panel,
            "rows": rows,
            "page": page,
            "ticked_elsewhere": sorted(ticked - on_page),
            "merges": offered,
            "letters": letters,
            "merges_ticked": {m.pk for m in merges},
            "far": [(people[r], offset) for r, offset in far if r in people],
            "csv_query": urlencode(
                {"edition": edition.slug, "tick": sorted(ticked), "merge": [m.pk for m in merges]},
                doseq=True,
            ),
        },
        status=status,
    )


def _letters(request: HttpRequest, data, edition: ConferenceEdition) -> LettersForm:
    """Send the shortlist's letters now or hold them: bound when shortlisting (without a
    choice, a client of the page before it had one, they go now), else the choice offered."""
    if request.method == "POST" and request.POST.get("do") == "shortlist":
        return LettersForm(request.POST if "letters" in request.POST else {"letters": "now"})
    default = _last_group(request, edition)
    return LettersForm(
        initial={
            "letters": data.get("letters") or "hold",
            "hold_key": data.get("hold_key", default)[:120],
        }
    )


def _last_group(request: HttpRequest, edition: ConferenceEdition) -> str:
    """The release group offered: the one this user last held letters in, else one named
    after the edition (no query: the session is already read)."""
    return request.session.get(LAST_GROUP) or f"{edition.slug}-decisions"[:120]


def _shortlist(request: HttpRequest, edition: ConferenceEdition, ticked: set[int], *, hold_key):
    done = 0
    for proposal in Proposal.objects.filter(pk__in=ticked).order_by("pk"):
        try:
            workflow.shortlist(proposal, actor=request.user, hold_key=hold_key)
            done += 1
        except TransitionNotAllowed as exc:
            messages.error(request, f"{proposal.title}: {exc}")
    if done and hold_key:
        request.session[LAST_GROUP] = hold_key
        messages.success(
            request,
            ngettext(
                "%(count)d proposal shortlisted; its letter is held in “%(key)s” until organizers "
                "release it.",
                "%(count)d proposals shortlisted; their letters are held in “%(key)s” until "
                "organizers release them.",
                done,
            )
            % {"count": done, "key": hold_key},
        )
    elif done:
        messages.success(
            request,
            ngettext("%(count)d proposal shortlisted.", "%(count)d proposals shortlisted.", done)
            % {"count": done},
        )
    return redirect(f"{reverse('coalitions:portfolio')}?{urlencode({'edition': edition.slug})}")


@login_required
def portfolio_csv(request: HttpRequest) -> HttpResponse:
    """The meters as CSV: one row per value, with the what-if's share when some are ticked."""
    _require(request)
    edition = _edition(request)
    if edition is None:
        raise PermissionDenied
    _ticked, _chosen, _offered, panel = _state(request, request.GET, edition)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="portfolio-{edition.slug}.csv"'
    writer = csvsafe.writer(response, bom=csvsafe.excel_requested(request))
    writer.writerow(
        ["dimension", "value", "label", "count", "of", "share_percent", "target_percent", "met"]
        + (["after_count", "after_of", "after_share_percent", "after_met"] if panel.after else [])
    )
    for dimension, _label, meters in panel.dimensions:
        for m in meters:
            row = [dimension, m.key, m.label, m.count, m.total, m.share, m.target, m.met]
            if panel.after:
                row += [m.after_count, m.after_total, m.after, m.after_met]
            writer.writerow(["" if v is None else v for v in row])
    return response
