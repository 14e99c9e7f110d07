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
    from ..report import trees_text
    from .page import _meta, html_page
    from .svg import esc
    from .why import why_svg
    graph, roots = explain_subject(evaluation, subject)
    heading = graph.nodes[roots[0]]["label"] if roots else subject
    if form == "svg":
        return why_svg(graph, roots, label=f"why {subject}, case {evaluation.case.id}")
    sections = ["<h2>How it was worked out</h2>",
                f'<div class="picture">{why_svg(graph, roots, standalone=False, label=heading)}</div>',
                "<details><summary>Text version</summary>", f"<pre>{esc(trees_text(graph, roots))}</pre>",
                "</details>"]
    return html_page(f"{evaluation.case.id}: {subject}", heading, _meta(evaluation), sections)


def timeline_picture(evaluation, args) -> str:
    from .timeline import timeline_html, timeline_svg
    if args.format == "html":
        return timeline_html(evaluation, args.all)
    return timeline_svg(evaluation, args.all)
