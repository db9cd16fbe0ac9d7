"""Writes the tables of bench/run_bench.sh into bench/RESULTS.md.

Usage: write_results.py RESULTS.ndjson EVENTS GENERATED_BYTES WIDE_BYTES RESULTS.md COMMAND
The section between the run_bench markers is replaced; the rest is kept.
"""
import datetime
import json
import statistics
import sys

results_path, events, generated_bytes, wide_bytes, markdown_path, command = sys.argv[1:7]
events = int(events)
sizes = {"generated": int(generated_bytes), "wide": int(wide_bytes)}
rows = [json.loads(line) for line in open(results_path)]
GOALS = {1: 1.0, 10: 1.0, 100: 2.0, 1000: 5.0}  # vs the baseline (issue 14)
ONDEMAND_GOAL = 0.8  # of the on-demand walk, at 1 to 100 rules


def seconds(workload, name, rules):
    runs = [r["seconds"] for r in rows if r.get("workload") == workload and r["name"] == name and r["rules"] == rules]
    return statistics.median(runs) if runs else None


def ratio(numerator, denominator):
    return f"{numerator / denominator:.2f}×" if numerator and denominator else "—"


def verdict(value, goal):
    return "met" if value >= goal else "**not met**"


lines = [
    "<!-- run_bench:begin -->",
    "## End to end: `alertc run` on NDJSON, whole process (`bench/run_bench.sh`)",
    "",
    f"Measured {datetime.date.today().isoformat()} with `{command}`: {events:,} events per workload, one core "
    "unless stated. Each figure is the median wall time of a whole process, start to exit: start-up, rule "
    "compilation and reading the file included. Ratios are taken within this run: **vs baseline** = baseline "
    "time / alertc time (above 1: alertc is faster), **of on-demand** = on-demand walk time / alertc time.",
]
for workload in ("generated", "wide"):
    size = sizes[workload]
    ondemand, dom = seconds(workload, "ondemand", 0), seconds(workload, "dom", 0)
    lines += [
        "",
        f"### Workload `{workload}` ({size / events:.0f} bytes an event on average, {size / 1e6:.0f} MB)",
        "",
        f"simdjson alone: the on-demand walk of every value {ondemand:.2f} s, the DOM parse {dom:.2f} s.",
        "",
        "| rules | baseline: DOM + JSON Pointer | `alertc run --counts` | vs baseline (goal) | of on-demand "
        f"(goal ≥ {ONDEMAND_GOAL}) | windowed `alertc run` | windowed vs baseline | interpreter |",
        "|---:|---:|---:|---|---|---:|---:|---:|",
    ]
    for n in (1, 10, 100, 1000):
        base, jit = seconds(workload, "baseline", n), seconds(workload, "jit", n)
        windowed, interp = seconds(workload, "windowed", n), seconds(workload, "interp", n)
        vs_base = base / jit
        of_ondemand = ondemand / jit
        ondemand_cell = f"{of_ondemand:.2f} ({verdict(of_ondemand, ONDEMAND_GOAL)})" if n <= 100 else f"{of_ondemand:.2f}"
        lines.append(
            f"| {n:,} | {base:.2f} s | {jit:.2f} s | {vs_base:.2f}× (≥ {GOALS[n]:g}×: {verdict(vs_base, GOALS[n])}) | "
            f"{ondemand_cell} | {windowed:.2f} s | {ratio(base, windowed)} | {interp:.2f} s |"
        )
    threads = seconds(workload, "jit-2-threads", 1000)
    if threads:
        lines += ["", f"`alertc run --counts --threads 2` at 1,000 rules: {threads:.2f} s "
                      f"({ratio(seconds(workload, 'baseline', 1000), threads)} the baseline)."]

memory = [r for r in rows if r["name"] == "memory"]
if memory:
    lines += ["", "Memory while streaming (`alert-gen events --count N | alertc run rules_1000 --events - --counts`, "
              "the generated workload; the rate is alert-gen's, which writes the events):", ""]
    lines += ["| events | peak RSS | events/s |", "|---:|---:|---:|"]
    for r in memory:
        lines.append(f"| {r['events']:,} | {r['peak_rss_bytes'] / 2**20:.0f} MiB | {r['events_per_second']:,.0f} |")
lines.append("<!-- run_bench:end -->")
section = "\n".join(lines) + "\n"

text = open(markdown_path).read()
begin, end = text.find("<!-- run_bench:begin -->"), text.find("<!-- run_bench:end -->")
if begin >= 0 and end >= 0:
    text = text[:begin] + section + text[end + len("<!-- run_bench:end -->") + 1 :]
else:
    text = text.rstrip("\n") + "\n\n" + section
open(markdown_path, "w").write(text)
