"""Every HTML page `nsr` writes is rendered here, from the Jinja2 templates in `templates/`.

Autoescape is on for every template, so a value from a case file or a rule file is always
written as text; the only markup passed in is an SVG drawing, which `pictures/svg.py` wrote
with every text escaped (`picture`).  Each page extends `base.html` and carries the one
stylesheet, `page.css`, inline: a page is a single file with no scripts and no links, so it can
be mailed, attached to a case record or opened offline and look the same.
"""
from __future__ import annotations

import functools

import jinja2
from markupsafe import Markup

from .dates import day, month

STATUS_TONES = {
    "met_on_time": "ok", "met": "ok", "judged_met": "ok", "met_late": "late",
    "overdue": "bad", "missed": "bad", "judged_not_met": "bad",
    "pending": "warn", "needs_judgement": "warn", "missing_data": "warn", "not_applicable": "muted",
}


@functools.cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.PackageLoader("policyengine.output", "templates"), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters.update(day=day, month=month, tone=lambda status: STATUS_TONES.get(status, "muted"))
    return env


def picture(svg: str) -> Markup:
    """An inline SVG drawing from `pictures/`, whose writer escaped every text and attribute."""
    return Markup(svg)


def render(template: str, **context: object) -> str:
    """One complete page; `context` holds plain values (escaped on output) and `picture`s."""
    return environment().get_template(template).render(**context)
