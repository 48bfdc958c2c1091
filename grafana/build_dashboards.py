#!/usr/bin/env python3
"""Writes grafana/dashboards/*.json from the panel lists below: edit here, run it, commit
both. Every panel names its runbook; tests/e2e/monitoring_test.cc runs every panel's query
against the test stack's Prometheus and fails on one that errors or returns nothing.

    grafana/build_dashboards.py            write them
    grafana/build_dashboards.py --check    fail if the committed files differ
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DATASOURCE = {"type": "prometheus", "uid": "linkstream-prometheus"}
# Long-polls and bulk imports are slow by design; latency panels leave them out, as the
# LatencySpike alert does.
FAST_ROUTES = 'route!~"/logs|/events/stream|/users/bulk|/urls/bulk|/events/bulk"'


def panel(title, unit, targets, runbook, description, kind="timeseries"):
    return {"title": title, "type": kind, "description": description,
            "fieldConfig": {"defaults": {"unit": unit}, "overrides": []},
            "links": [{"title": f"Runbook: {runbook}", "url": "${runbook_base}/" + runbook,
                       "targetBlank": True}],
            "targets": [{"refId": chr(ord("A") + i), "datasource": DATASOURCE, "expr": expr,
                         "legendFormat": legend} for i, (expr, legend) in enumerate(targets)]}


def dashboard(uid, title, description, panels):
    for i, p in enumerate(panels):
        p["id"] = i + 1
        p["datasource"] = DATASOURCE
        p["gridPos"] = {"h": 8, "w": 12, "x": (i % 2) * 12, "y": (i // 2) * 8}
    return {
        "uid": uid, "title": title, "description": description, "tags": ["linkstream"],
        "timezone": "utc", "schemaVersion": 37, "version": 1, "refresh": "10s",
        "time": {"from": "now-1h", "to": "now"},
        # Panel links open ${runbook_base}/<runbook>.md: set it once to where the
        # repository's docs/runbooks/ is served (as LINKSTREAM_RUNBOOK_BASE for alerts).
        "templating": {"list": [{
            "name": "runbook_base", "label": "Runbooks at", "type": "textbox",
            "query": "docs/runbooks", "current": {"text": "docs/runbooks", "value": "docs/runbooks"},
            "description": "Where docs/runbooks/ of the linkstream repository is served."}]},
        "panels": panels,
    }


GOLDEN = dashboard("linkstream-golden-signals", "linkstream: Golden Signals",
                   "Latency, traffic, errors and saturation of linkstream-api and the projector.", [
    panel("Latency p50 / p99 (all fast routes)", "s", [
        (f'histogram_quantile(0.50, sum by (le) (rate(linkstream_http_request_duration_seconds_bucket{{{FAST_ROUTES}}}[1m])))', "p50"),
        (f'histogram_quantile(0.99, sum by (le) (rate(linkstream_http_request_duration_seconds_bucket{{{FAST_ROUTES}}}[1m])))', "p99")],
        "latency-spike.md", "The LatencySpike alert fires when p99 stays above 500 ms."),
    panel("Latency p99 by route", "s", [
        (f'histogram_quantile(0.99, sum by (le, route) (rate(linkstream_http_request_duration_seconds_bucket{{{FAST_ROUTES}}}[1m])))', "{{route}}")],
        "latency-spike.md", "Which route is slow."),
    panel("Traffic by route", "reqps", [
        ('sum by (route) (rate(linkstream_http_requests_total[1m]))', "{{route}}")],
        "high-error-rate.md", "Requests per second answered, by route template."),
    panel("Redirects per second", "reqps", [
        ('sum(rate(linkstream_redirects_total[1m]))', "302")],
        "click-spool-backlog.md", "Redirects answered; each records one click."),
    panel("Error ratio (5xx)", "percentunit", [
        ('(sum(rate(linkstream_http_requests_total{status=~"5.."}[1m])) or vector(0)) / sum(rate(linkstream_http_requests_total[1m]))', "5xx")],
        "high-error-rate.md", "The HighErrorRate alert fires above 5% for a minute."),
    panel("Errors by route and status", "reqps", [
        ('sum by (route, status) (rate(linkstream_http_requests_total{status=~"[45].."}[5m]))', "{{route}} {{status}}")],
        "high-error-rate.md", "4xx are the clients' mistakes; 5xx are ours."),
    panel("Saturation: requests in flight and PostgreSQL read errors", "short", [
        ('sum(linkstream_http_requests_in_flight)', "in flight"),
        ('sum(rate(linkstream_db_errors_total[5m]))', "PostgreSQL read errors/s")],
        "high-error-rate.md", "Requests being handled; reads PostgreSQL did not answer."),
    panel("Saturation: CPU", "percentunit", [
        ('rate(process_cpu_seconds_total{job=~"linkstream-.*"}[1m])', "{{job}}")],
        "latency-spike.md", "CPU seconds per second (1 = one core)."),
    panel("Saturation: memory", "bytes", [
        ('process_resident_memory_bytes{job=~"linkstream-.*"}', "{{job}}")],
        "latency-spike.md", "Resident memory; the api's view holds every user and URL."),
    panel("Saturation: open files", "percentunit", [
        ('process_open_fds{job=~"linkstream-.*"} / process_max_fds{job=~"linkstream-.*"}', "{{job}}")],
        "service-down.md", "Open file descriptors as a share of the limit."),
    panel("Up", "short", [
        ('up{job=~"linkstream-.*"}', "{{job}}")],
        "service-down.md", "1 while Prometheus can scrape the process; ServiceDown fires after 30 s at 0.",
        kind="stat"),
    panel("Alerts firing", "short", [
        ('sum by (alertname) (ALERTS{alertstate="firing"}) or vector(0)', "{{alertname}}")],
        "service-down.md", "Alerts Prometheus fires now (0: none)."),
])

PIPELINE = dashboard("linkstream-pipeline", "linkstream: Pipeline",
                     "From the api's writes and clicks through Kafka to the view and PostgreSQL.", [
    panel("Produce rate by stream and result", "ops", [
        ('sum by (stream, result) (rate(linkstream_log_appends_total[1m]))', "{{stream}} {{result}}")],
        "click-spool-backlog.md", "Events appended to Kafka: delivered, failed after queueing, refused."),
    panel("Click spool: unshipped bytes", "bytes", [
        ('sum by (instance) (linkstream_click_spool_unshipped_bytes)', "{{instance}}")],
        "click-spool-backlog.md", "Clicks written to the api's disk and not yet confirmed by Kafka."),
    panel("Click spool: age of the oldest unshipped click", "s", [
        ('max by (instance) (linkstream_click_spool_oldest_unshipped_age_seconds)', "{{instance}}")],
        "click-spool-backlog.md", "ClickSpoolBacklog fires above 60 s for a minute."),
    panel("Redirects refused: clicks the spool could not keep", "ops", [
        ('sum by (instance) (rate(linkstream_clicks_not_recorded_total[1m]))', "{{instance}}")],
        "clicks-refused.md", "Redirects answered 503 because the spool's disk refused the click; ClicksRefused fires after a minute of them."),
    panel("View lag and size", "short", [
        ('max by (instance) (linkstream_view_lag_events)', "lag {{instance}}"),
        ('max by (instance) (linkstream_view_serving_snapshot)', "serving snapshot {{instance}}")],
        "service-down.md", "Entity events not yet folded into the api's view; 1 while it serves its snapshot."),
    panel("View: users and URLs", "short", [
        ('max(linkstream_view_users)', "users"), ('max(linkstream_view_urls)', "URLs")],
        "service-down.md", "What the api's view holds."),
    panel("Projector lag by partition", "short", [
        ('max by (topic, partition) (linkstream_projector_lag_events)', "{{topic}}/{{partition}}")],
        "projector-lag-high.md", "End offset minus the offset committed in PostgreSQL; ProjectorLagHigh fires above 1000 for a minute."),
    panel("Projector throughput", "ops", [
        ('sum(rate(linkstream_projector_events_applied_total[1m]))', "applied/s")],
        "projector-lag-high.md", "Events written to the read tables per second."),
    panel("Projector batch duration p99", "s", [
        ('histogram_quantile(0.99, sum by (le) (rate(linkstream_projector_batch_duration_seconds_bucket[5m])))', "p99")],
        "projector-lag-high.md", "Time to write and commit one batch."),
    panel("Dead letters by reason", "short", [
        ('sum by (reason) (increase(linkstream_projector_dead_letters_total[1h]))', "{{reason}}")],
        "projector-lag-high.md", "Messages that were not events, sent to linkstream.deadletter."),
    panel("Voided events", "short", [
        ('sum(increase(linkstream_projector_events_voided_total[1h]))', "voided")],
        "projector-lag-high.md", "Events void where they stand in the log (lost races for an e-mail, a code)."),
    panel("Projector session failures by cause", "short", [
        ('sum by (cause) (increase(linkstream_projector_session_failures_total[1h]))', "{{cause}}")],
        "projector-lag-high.md", "Sessions ended by PostgreSQL, Kafka or other errors; each restarts."),
])


def main():
    check = sys.argv[1:] == ["--check"]
    stale = []
    for name, board in (("golden-signals.json", GOLDEN), ("pipeline.json", PIPELINE)):
        text = json.dumps(board, indent=2) + "\n"
        path = os.path.join(HERE, "dashboards", name)
        if check:
            with open(path) as committed:
                if committed.read() != text:
                    stale.append(name)
        else:
            with open(path, "w") as out:
                out.write(text)
    if stale:
        sys.exit(f"not what build_dashboards.py writes (run it and commit): {', '.join(stale)}")


if __name__ == "__main__":
    main()
