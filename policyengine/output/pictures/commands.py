"""What `nsr why --format svg|html` and `nsr timeline` hand back: the picture as text."""
from __future__ import annotations


def why_picture(evaluation, args, graph, roots) -> str:
    from .page import why_page
    from .why import why_svg
    if args.format == "html":  # the page leads with the short answer in words, as `nsr why` prints it
        from ...explain.narrative import explanations, explanations_text
        summary = explanations_text(explanations(evaluation, args.obligation, args.trigger))
        return why_page(evaluation, args.obligation, args.trigger, graph, roots, summary=summary)
    return why_svg(graph, roots, label=f"why {args.obligation}, case {evaluation.case.id}")


def subject_picture(evaluation, subject: str, form: str) -> str:
    """`nsr why CASE tier|mappa --format svg|html`: the tiering grid or the MAPPA criteria drawn."""
    from ...explain.derived import explain_subject
    from .page import subject_page
    from .why import why_svg
    graph, roots = explain_subject(evaluation, subject)
    if form == "html":
        return subject_page(evaluation, graph, roots)
    return why_svg(graph, roots, label=f"why {subject}, case {evaluation.case.id}")


def timeline_picture(evaluation, args) -> str:
    from .timeline import timeline_html, timeline_svg
    if args.format == "html":
        return timeline_html(evaluation, args.all)
    return timeline_svg(evaluation, args.all)
