"""The one table the bench prints: every scenario with its figures, its target and whether
the target was met."""
from dataclasses import dataclass, field


@dataclass
class Row:
    scenario: str
    rate: str = "—"          # "51,234 req/s", "62,000 events/s", ...
    p50_ms: float = None
    p99_ms: float = None
    errors: int = None
    ratio: float = None      # to the nginx ceiling of the same run
    target: str = "—"
    measured: str = ""       # the figure the target is about, when it is not in the columns
    met: bool = None         # None: no target checked (the smoke run, or a reference row)
    notes: list = field(default_factory=list)


def http_row(scenario, load, ceiling=None, target="—", met=None, measured=""):
    return Row(scenario, f"{load.per_second:,.0f} req/s", load.p50_ms, load.p99_ms, load.errors,
               load.per_second / ceiling.per_second if ceiling else None, target, measured, met)


def verdict(row, smoke):
    if smoke or row.met is None:
        return "—"
    return "met" if row.met else "MISSED"


def render(rows, smoke):
    def ms(v):
        return "—" if v is None else ("∞" if v == float("inf") else f"{v:.2f}")

    header = ["scenario", "rate", "p50 ms", "p99 ms", "errors", "× ceiling", "target", "measured",
              "verdict"]
    table = [header] + [[
        r.scenario, r.rate, ms(r.p50_ms), ms(r.p99_ms), "—" if r.errors is None else str(r.errors),
        "—" if r.ratio is None else f"{r.ratio:.2f}x", r.target, r.measured or "—",
        verdict(r, smoke)] for r in rows]
    widths = [max(len(line[i]) for line in table) for i in range(len(header))]
    lines = []
    for n, line in enumerate(table):
        lines.append("| " + " | ".join(cell.ljust(w) for cell, w in zip(line, widths)) + " |")
        if n == 0:
            lines.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)
