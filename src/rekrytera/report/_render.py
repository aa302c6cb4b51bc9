"""Rendering the decision report: self-contained HTML with inline SVG, and Markdown."""

from __future__ import annotations

import re
from html import escape

from ._build import Report

__all__ = ["html", "markdown"]

_CSS = """
:root { --staff: #1f5fa8; --resident: #a3460f; --total: #333; }
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; max-width: 60rem;
       margin: 2rem auto; padding: 0 1rem; color: #222; line-height: 1.45; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; }
h2 { font-size: 1.25rem; border-bottom: 1px solid #ccc; padding-bottom: .2rem; margin-top: 2rem; }
h3 { font-size: 1.05rem; margin-bottom: .3rem; }
table { border-collapse: collapse; margin: .5rem 0 1rem; }
th, td { border: 1px solid #ccc; padding: .25rem .5rem; text-align: left; vertical-align: top; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.meta { color: #555; margin-top: 0; }
.staff { color: var(--staff); } .resident { color: var(--resident); }
.flag { font-weight: 600; }
.note { color: #555; font-size: .9rem; }
figure { margin: 1rem 0; } figcaption { font-weight: 600; margin-bottom: .3rem; }
svg { max-width: 100%; height: auto; }
.scroll { max-width: 100%; overflow-x: auto; }
body { overflow-wrap: anywhere; }
@media print { body { margin: 0; max-width: none; } h2 { break-after: avoid; }
               section, figure, table { break-inside: avoid; } }
"""


def _n(report: Report, value: float | None) -> str:
    return escape(report.num(value))


def _totals_chart(report: Report) -> str:
    rows = [
        r
        for r in report.rows
        if r.total is not None or r.staff is not None or r.resident is not None
    ]
    low, high = report.total_scale
    if high <= low:  # one candidate, or every total the same
        high = low + 1
    bar_h, gap, left, width = 12, 14, 170, 420
    height = len(rows) * (3 * bar_h + gap) + 30

    def x(value: float) -> float:
        return left + (value - low) / (high - low) * width

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{left + width + 60}" height="{height}" '
        f'viewBox="0 0 {left + width + 60} {height}" '
        f'role="img" aria-label="{escape(report.words["chart_totals"])}" font-size="11">'
    ]
    for tick in _ticks(low, high):
        parts.append(
            f'<line x1="{x(tick):.1f}" y1="0" x2="{x(tick):.1f}" y2="{height - 20}" stroke="#ddd"/>'
            f'<text x="{x(tick):.1f}" y="{height - 6}" text-anchor="middle">'
            f"{escape(_tick(report, tick))}</text>"
        )
    y = 4
    for row in rows:
        parts.append(
            f'<text x="{left - 8}" y="{y + 1.5 * bar_h + 4:.1f}" text-anchor="end">{escape(row.label)}</text>'
        )
        for value, colour, name in (
            (row.staff, "#1f5fa8", report.words["staff"]),
            (row.resident, "#a3460f", report.words["resident"]),
            (row.total, "#333333", report.words["total"]),
        ):
            if value is not None:
                parts.append(
                    f'<rect x="{left}" y="{y}" width="{max(x(value) - left, 1):.1f}" height="{bar_h - 1}" '
                    f'fill="{colour}"><title>{escape(name)}: {_n(report, value)}</title></rect>'
                    f'<text x="{x(value) + 4:.1f}" y="{y + bar_h - 1}">{_n(report, value)}</text>'
                )
            y += bar_h
        y += gap
    parts.append("</svg>")
    legend = (
        f'<p class="note"><span class="staff">■</span> {escape(report.words["staff"])} '
        f'<span class="resident">■</span> {escape(report.words["resident"])} '
        f"<span>■</span> {escape(report.words['total'])}</p>"
    )
    return "".join(parts) + legend


def _ticks(low: float, high: float) -> list[float]:
    """Gridlines for the totals chart: whole numbers, or quarters on a short scale."""
    span = high - low
    step = 0.25 if span <= 1 else max(1, round(span / 8))
    count = int(span / step + 1e-9)
    return [low + i * step for i in range(count + 1)]


def _tick(report: Report, value: float) -> str:
    return str(int(value)) if float(value).is_integer() else report.num(value)


def _heat_colour(value: float, low: int, high: int) -> str:
    share = (value - low) / (high - low)
    # From pale yellow (low) to deep green (high): readable in greyscale print too.
    r = int(247 - share * (247 - 35))
    g = int(244 - share * (244 - 132))
    b = int(185 - share * (185 - 67))
    return f"#{r:02x}{g:02x}{b:02x}"


def _text_colour(background: str) -> str:
    """Black or white, whichever reads at 4.5:1 or better on *background* (WCAG)."""
    channels = [int(background[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return "#000000" if (luminance + 0.05) / 0.05 >= 4.5 else "#ffffff"


def _scroll(html_text: str, label: str) -> str:
    """Every table in a scrollable region, so a narrow screen never scrolls sideways."""
    count = 0

    def region(_: object) -> str:
        nonlocal count
        count += 1
        return (
            f'<div class="scroll" role="region" tabindex="0" '
            f'aria-label="{escape(label)} {count}"><table>'
        )

    return re.sub(r"<table>", region, html_text).replace("</table>", "</table></div>")


def _heat_chart(report: Report) -> str:
    low, high = report.scale
    columns = report.rows
    longest = max((len(row.label) for row in columns), default=0)
    cell, left, top = 44, 230, 20 + int(longest * 4.8)
    width = left + cell * len(columns) + 10
    height = top + cell * len(report.heat) + 10
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(report.words["chart_heat"])}" font-size="11">'
    ]
    for j, row in enumerate(columns):
        cx = left + j * cell + cell / 2
        parts.append(
            f'<text transform="translate({cx:.1f},{top - 6}) rotate(-45)">{escape(row.label)}</text>'
        )
    for i, (competence, values) in enumerate(report.heat):
        cy = top + i * cell
        parts.append(
            f'<text x="{left - 8}" y="{cy + cell / 2 + 4:.1f}" text-anchor="end">{escape(competence)}</text>'
        )
        for j, value in enumerate(values):
            cx = left + j * cell
            if value is None:
                parts.append(
                    f'<rect x="{cx}" y="{cy}" width="{cell - 2}" height="{cell - 2}" fill="#f3f3f3" stroke="#ccc"/>'
                )
                continue
            parts.append(
                f'<rect x="{cx}" y="{cy}" width="{cell - 2}" height="{cell - 2}" '
                f'fill="{_heat_colour(value, low, high)}"><title>{escape(competence)}, '
                f"{escape(columns[j].label)}: {_n(report, value)}</title></rect>"
                f'<text x="{cx + cell / 2 - 1:.1f}" y="{cy + cell / 2 + 4:.1f}" text-anchor="middle" '
                f'fill="{_text_colour(_heat_colour(value, low, high))}">'
                f"{_n(report, value)}</text>"
            )
    parts.append("</svg>")
    return "".join(parts)


def html(report: Report) -> str:
    """The report as one self-contained HTML document: no network, no JavaScript."""
    w = report.words
    out: list[str] = [
        "<!DOCTYPE html>",
        f'<html lang="{report.lang}"><head><meta charset="utf-8"/>',
        '<meta name="viewport" content="width=device-width, initial-scale=1"/>',
        f"<title>{escape(w['title'])}: {escape(report.title)}</title>",
        f"<style>{_CSS}</style></head><body>",
        f"<h1>{escape(w['title'])}: {escape(report.title)}</h1>",
        '<p class="meta">'
        + " · ".join(f"{escape(k)}: {escape(v)}" for k, v in report.subtitle if v)
        + "</p>",
    ]
    if not report.names_shown:
        out.append(f'<p class="note">{escape(w["names_hidden"])}</p>')

    out += [
        '<section id="ranking">',
        f"<h2>{escape(w['ranking'])}</h2>",
        f"<p>{escape(report.intro)}</p>",
    ]
    out.append(
        "<table><thead><tr>"
        f'<th class="num">{escape(w["rank"])}</th><th>{escape(w["candidate"])}</th>'
        f'<th class="num">{escape(w["total"])}</th><th class="num staff">{escape(w["staff"])}</th>'
        f'<th class="num resident">{escape(w["resident"])}</th><th>{escape(w["flags"])}</th>'
        f"<th>{escape(w['missing'])}</th></tr></thead><tbody>"
    )
    for row in report.rows:
        out.append(
            f'<tr><td class="num">{escape(row.rank)}</td><td>{escape(row.label)}</td>'
            f'<td class="num">{_n(report, row.total)}</td><td class="num">{_n(report, row.staff)}</td>'
            f'<td class="num">{_n(report, row.resident)}</td><td class="flag">{escape(row.flags)}</td>'
            f"<td>{escape(row.missing)}</td></tr>"
        )
    out.append("</tbody></table>")
    out.append(
        f"<figure><figcaption>{escape(w['chart_totals'])}</figcaption>{_totals_chart(report)}</figure>"
    )
    if report.explanations:
        out.append(f"<h3>{escape(w['explanations'])}</h3><ul>")
        for who, sentences in report.explanations:
            out.append(f"<li><strong>{escape(who)}</strong>: {escape(' '.join(sentences))}</li>")
        out.append("</ul>")
    for remark in report.remarks:
        out.append(f'<p class="note">{escape(remark)}</p>')
    out.append(f'<p class="note">{escape(report.method_note)}</p>')
    for note in report.notes:
        out.append(f'<p class="note">{escape(w["notes"])}: {escape(note)}</p>')
    out.append("</section>")

    if report.rankings:
        out += [
            '<section id="own-rankings">',
            f"<h2>{escape(w['own_rankings'])}</h2>",
            f"<p>{escape(w['own_rankings_intro'])}</p>",
            f"<table><thead><tr><th>{escape(w['panelist'])}</th><th>{escape(w['order'])}</th>"
            f"<th>{escape(w['comment'])}</th></tr></thead><tbody>",
        ]
        for who, order, comment in report.rankings:
            out.append(
                f"<tr><td>{escape(who)}</td><td>{escape(order)}</td><td>{escape(comment)}</td></tr>"
            )
        out.append("</tbody></table></section>")

    if report.heat or report.breakdowns:
        out += [
            '<section id="breakdown">',
            f"<h2>{escape(w['breakdown'])}</h2>",
        ]
        if report.heat:
            out.append(
                f"<figure><figcaption>{escape(w['chart_heat'])}</figcaption>"
                f"{_heat_chart(report)}</figure>"
            )
        for b in report.breakdowns:
            out.append(f"<h3>{escape(b.label)}</h3><table><thead><tr>")
            out.append(
                f"<th>{escape(w['competence'])}</th><th>{escape(w['assessed_at'])}</th>"
                f'<th class="num staff">{escape(w["staff"])}</th><th class="num resident">{escape(w["resident"])}</th>'
                f'<th class="num">{escape(w["total"])}</th></tr></thead><tbody>'
            )
            for competence, stage, staff, resident, value in b.rows:
                out.append(
                    f"<tr><td>{escape(competence)}</td><td>{escape(stage)}</td>"
                    f'<td class="num">{_n(report, staff)}</td><td class="num">{_n(report, resident)}</td>'
                    f'<td class="num">{_n(report, value)}</td></tr>'
                )
            for stage, value in b.stages:
                out.append(
                    f"<tr><th>{escape(w['stage_score'])}</th><td>{escape(stage)}</td><td></td><td></td>"
                    f'<td class="num">{_n(report, value)}</td></tr>'
                )
            out.append("</tbody></table>")
        out.append("</section>")

    if report.suggestions:
        out += [
            '<section id="suggestions">',
            f"<h2>{escape(w['suggestions'])}</h2><p>{escape(w['suggestions_intro'])}</p>",
            f"<table><thead><tr><th>{escape(w['panelist'])}</th><th>{escape(w['concerns'])}</th>"
            f"<th>{escape(w['suggestion'])}</th><th>{escape(w['outcome'])}</th></tr></thead><tbody>",
        ]
        out += [
            f"<tr><td>{escape(who)}</td><td>{escape(what)}</td><td>{escape(text)}</td>"
            f"<td>{escape(outcome)}</td></tr>"
            for who, what, text, outcome in report.suggestions
        ]
        out.append("</tbody></table></section>")

    out += ['<section id="agreement">', f"<h2>{escape(w['agreement'])}</h2>"]
    out += [f"<p>{escape(sentence)}</p>" for sentence in report.agreement]
    out.append("</section>")

    if report.need:
        out += ['<section id="need">', f"<h2>{escape(w['need'])}</h2><dl>"]
        out += [f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in report.need]
        out.append("</dl></section>")

    out += ['<section id="profile">', f"<h2>{escape(w['post'])}</h2>"]
    out.append(
        f"<p>{escape(w['scale'])}: {report.scale[0]}–{report.scale[1]}. {escape(w['stages'])}: "
        + ", ".join(f"{escape(s)} {escape(v)}" for s, v in report.stages)
        + ".</p>"
    )
    if report.requirements:
        out.append(f"<h3>{escape(w['requirements'])}</h3><ul>")
        for label, basis in report.requirements:
            extra = f" ({escape(w['basis'])}: {escape(basis)})" if basis else ""
            out.append(f"<li>{escape(label)}{extra}</li>")
        out.append("</ul>")
    out.append(
        f"<h3>{escape(w['competences'])}</h3><table><thead><tr><th>{escape(w['competence'])}</th>"
        f'<th class="num">{escape(w["weight"])}</th><th>{escape(w["assessed_at"])}</th></tr></thead><tbody>'
    )
    for label, weight, stages in report.competences:
        out.append(
            f'<tr><td>{escape(label)}</td><td class="num">{escape(weight)}</td><td>{escape(stages)}</td></tr>'
        )
    out.append("</tbody></table></section>")

    if report.decision:
        out += ['<section id="decision">', f"<h2>{escape(w['decision'])}</h2><ul>"]
        out += [f"<li>{escape(k) + ': ' if k else ''}{escape(v)}</li>" for k, v in report.decision]
        out.append("</ul></section>")
    out.append("</body></html>")
    return _scroll("\n".join(out) + "\n", w["table"])


#: Characters Markdown gives a meaning to; each is shown literally after a backslash.
_MD_PUNCT = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>])")


def _md(text: str) -> str:
    """*text* as Markdown shows it literally: on one line, no HTML, no Markdown syntax.

    Names, labels and notes are untrusted input: a candidate named
    ``<script>`` or ``[x](javascript:…)`` must come out as those characters.
    """
    text = " ".join(text.split())
    text = text.replace("&", "&amp;").replace("<", "&lt;")
    return _MD_PUNCT.sub(r"\\\1", text)


def markdown(report: Report) -> str:
    """The report as Markdown: the same content as the HTML, without the charts.

    Every text that comes from the recruitment or a plugin is escaped.
    """
    w = report.words
    n = report.num
    out = [f"# {w['title']}: {_md(report.title)}", ""]
    out.append(" · ".join(f"{k}: {_md(v)}" for k, v in report.subtitle if v))
    out.append("")
    if not report.names_shown:
        out += [f"*{w['names_hidden']}*", ""]
    out += [f"## {w['ranking']}", "", _md(report.intro), ""]
    out.append(
        f"| {w['rank']} | {w['candidate']} | {w['total']} | {w['staff']} | {w['resident']} "
        f"| {w['flags']} | {w['missing']} |"
    )
    out.append("|---:|---|---:|---:|---:|---|---|")
    for row in report.rows:
        out.append(
            f"| {_md(row.rank)} | {_md(row.label)} | {n(row.total)} | {n(row.staff)} | "
            f"{n(row.resident)} | {_md(row.flags)} | {_md(row.missing)} |"
        )
    out.append("")
    if report.explanations:
        out += [f"### {w['explanations']}", ""]
        out += [
            f"- **{_md(who)}**: {_md(' '.join(sentences))}"
            for who, sentences in report.explanations
        ]
        out.append("")
    out += [f"*{_md(remark)}*" for remark in report.remarks]
    out += [f"*{_md(report.method_note)}*", ""]
    out += [f"*{w['notes']}: {_md(note)}*" for note in report.notes]
    if report.rankings:
        out += [f"## {w['own_rankings']}", "", w["own_rankings_intro"], ""]
        out += [f"| {w['panelist']} | {w['order']} | {w['comment']} |", "| --- | --- | --- |"]
        out += [
            f"| {_md(who)} | {_md(order)} | {_md(comment)} |"
            for who, order, comment in report.rankings
        ]
        out.append("")
    if report.suggestions:
        out += [f"## {w['suggestions']}", "", w["suggestions_intro"], ""]
        out += [
            f"| {w['panelist']} | {w['concerns']} | {w['suggestion']} | {w['outcome']} |",
            "| --- | --- | --- | --- |",
        ]
        out += [
            f"| {_md(who)} | {_md(what)} | {_md(text)} | {_md(outcome)} |"
            for who, what, text, outcome in report.suggestions
        ]
        out.append("")
    out += [f"## {w['breakdown']}", ""] if report.breakdowns else []
    for b in report.breakdowns:
        out += [f"### {_md(b.label)}", ""]
        out.append(
            f"| {w['competence']} | {w['assessed_at']} | {w['staff']} | {w['resident']} | {w['total']} |"
        )
        out.append("|---|---|---:|---:|---:|")
        for competence, stage, staff, resident, value in b.rows:
            out.append(
                f"| {_md(competence)} | {_md(stage)} | {n(staff)} | {n(resident)} | {n(value)} |"
            )
        for stage, value in b.stages:
            out.append(f"| **{w['stage_score']}** | {_md(stage)} | | | {n(value)} |")
        out.append("")
    out += [f"## {w['agreement']}", ""]
    for sentence in report.agreement:
        out += [_md(sentence), ""]
    if report.need:
        out += [f"## {w['need']}", ""]
        out += [f"- **{_md(k)}**: {_md(v)}" for k, v in report.need]
        out.append("")
    out += [f"## {w['post']}", ""]
    out.append(
        f"{w['scale']}: {report.scale[0]}–{report.scale[1]}. {w['stages']}: "
        + ", ".join(f"{_md(s)} {_md(v)}" for s, v in report.stages)
        + "."
    )
    out.append("")
    if report.requirements:
        out += [f"### {w['requirements']}", ""]
        out += [
            f"- {_md(label)}" + (f" ({w['basis']}: {_md(basis)})" if basis else "")
            for label, basis in report.requirements
        ]
        out.append("")
    out += [
        f"### {w['competences']}",
        "",
        f"| {w['competence']} | {w['weight']} | {w['assessed_at']} |",
        "|---|---:|---|",
    ]
    out += [
        f"| {_md(label)} | {_md(weight)} | {_md(stages)} |"
        for label, weight, stages in report.competences
    ]
    out.append("")
    if report.decision:
        out += [f"## {w['decision']}", ""]
        out += [f"- {_md(k) + ': ' if k else ''}{_md(v)}" for k, v in report.decision]
        out.append("")
    return "\n".join(out)
