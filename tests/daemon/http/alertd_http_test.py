#!/usr/bin/python3
"""alertd's HTTP API, end to end: every endpoint and its errors (bad JSON, an
unknown rule, a wrong token, another tenant's token, an oversized body, a
slow client), and GET /metrics parsed by Prometheus's own exposition parser
and checked against a known run.

usage: alertd_http_test.py ALERTD   (Debian's python3: prometheus_client)
"""
import json
import os
import socket
import sys
import time
import unittest

from prometheus_client.parser import text_string_to_metric_families

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from daemon_harness import Harness  # noqa: E402

ALERTD = sys.argv.pop(1) if len(sys.argv) > 1 else os.environ.get("ALERTD", "alertd")
ADMIN, ACME, GLOBEX = "admin-secret-1", "acme-secret-2", "globex-secret-3"

RULES = """rule zoom {
  when $.application == "Zoom"
}

rule teams_twice {
  when $.application == "Teams"
  group by $.customerId
  window tumbling 1m
  fire when count() >= 2
}
"""


def metrics(h):
    """The metrics page as {name: [(labels, value)]} (samples by their own names)."""
    status, headers, text = h.request("GET", "/metrics")
    assert status == 200, status
    assert headers["Content-Type"].startswith("text/plain; version=0.0.4"), headers
    out = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            out.setdefault(sample.name, []).append((sample.labels, sample.value))
    return out


def value(m, name, **labels):
    for sample_labels, v in m.get(name, []):
        if all(sample_labels.get(k) == want for k, want in labels.items()):
            return v
    raise AssertionError(f"no sample {name} {labels} in the metrics")


class HttpTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.h = Harness(ALERTD, [], partitions=4)
        work = cls.h.work
        with open(os.path.join(work, "rules.alert"), "w") as f:
            f.write(RULES)
        with open(os.path.join(work, "alertd.toml"), "w") as f:
            f.write(f"""checkpoint_interval_ms = 200
max_event_bytes = 2000
max_depth = 8
tokens = [
  {{ name = "ops", token = "{ADMIN}" }},
  {{ name = "acme-team", token = "{ACME}", tenant = "acme" }},
  {{ name = "globex-team", token = "{GLOBEX}", tenant = "globex" }},
]
""")
        cls.h.args = ["--rules", os.path.join(work, "rules.alert"), "--config", os.path.join(work, "alertd.toml")]
        cls.h.__enter__()

    @classmethod
    def tearDownClass(cls):
        cls.h.__exit__(None, None, None)

    def run(self, result=None):
        result = super().run(result)
        if result and (result.failures or result.errors):
            self.h.failed = True
        return result

    def put(self, tenant, rule, source, token, query=""):
        return self.h.json("PUT", f"/rules/{tenant}/{rule}{query}", source, token)

    # -- health ------------------------------------------------------------
    def test_health(self):
        self.assertEqual(self.h.json("GET", "/healthz"), (200, {"status": "ok"}))
        self.assertEqual(self.h.json("GET", "/readyz"), (200, {"status": "ready"}))
        status, body = self.h.first_readiness  # before the group assigned the partitions
        self.assertEqual((status, body["status"]), (503, "not ready"))
        self.assertIn("waiting for the consumer group alertd", body["reason"])

    def test_unknown_path_and_method(self):
        status, body = self.h.json("GET", "/nothing")
        self.assertEqual(status, 404)
        self.assertIn("no such path", body["error"])
        status, body = self.h.json("POST", "/healthz", "")
        self.assertEqual(status, 405)
        self.assertIn("GET", body["error"])

    # -- alerts ------------------------------------------------------------
    def test_alerts(self):
        teams = lambda tenant, ts: (tenant, json.dumps({"customerId": tenant, "application": "Teams", "ts": ts}))
        self.h.produce("events", [teams("acme", 60000), teams("acme", 60001), teams("globex", 60002),
                                  teams("globex", 60003)])

        def firing(token, query=""):
            status, body = self.h.json("GET", "/alerts" + query, token=token)
            self.assertEqual(status, 200, body)
            return sorted((a["tenant"], a["rule"], a["state"], a["notification"]["key"][0]) for a in body["alerts"])
        self.h.wait_for(lambda: len(firing(ADMIN)) == 2, "two firing alerts")
        self.assertEqual(firing(ADMIN, "?state=firing"), [("acme", "teams_twice", "firing", "acme"),
                                                           ("globex", "teams_twice", "firing", "globex")])
        self.assertEqual(firing(ADMIN, "?state=resolved"), [])
        self.assertEqual(firing(ADMIN, "?tenant=globex&rule=teams_twice"),
                         [("globex", "teams_twice", "firing", "globex")])
        self.assertEqual(firing(ADMIN, "?rule=zoom"), [])
        self.assertEqual(firing(ACME), [("acme", "teams_twice", "firing", "acme")])
        self.assertEqual(self.h.json("GET", "/alerts")[0], 401)
        self.assertEqual(self.h.json("GET", "/alerts?tenant=acme", token=GLOBEX)[0], 403)
        self.assertEqual(self.h.json("GET", "/alerts?state=maybe", token=ADMIN)[0], 400)
        status, body = self.h.json("GET", "/alerts", token=ACME)
        self.assertEqual(body["alerts"][0]["notification"]["values"], {"count()": 2})
        # The states are part of the checkpoint: a restart shows them again.
        self.h.stop_daemon()
        self.h.start_daemon()
        self.assertEqual(firing(ADMIN), [("acme", "teams_twice", "firing", "acme"),
                                         ("globex", "teams_twice", "firing", "globex")])

    # -- reading rules -----------------------------------------------------
    def test_rules_listed(self):
        status, body = self.h.json("GET", "/rules")
        self.assertEqual(status, 200)
        zoom = [r for r in body["rules"] if r["rule_id"] == "zoom"]
        self.assertEqual(len(zoom), 1)
        self.assertEqual(zoom[0]["tenant"], None)
        self.assertEqual(zoom[0]["status"], "active")
        self.assertIn('$.application == "Zoom"', zoom[0]["source"])
        status, one = self.h.json("GET", "/rules/_/zoom")
        self.assertEqual((status, one["rule_id"], one["version"]), (200, "zoom", 1))

    def test_unknown_rule(self):
        status, body = self.h.json("GET", "/rules/_/nope")
        self.assertEqual(status, 404)
        self.assertIn("nope", body["error"])
        status, body = self.h.json("DELETE", "/rules/acme/nope", token=ACME)
        self.assertEqual(status, 404)

    # -- validate ----------------------------------------------------------
    def test_validate(self):
        status, body = self.h.json("POST", "/rules/validate", "rule r {\n  whn $.a == 1\n}")
        self.assertEqual(status, 200)
        self.assertEqual(body["errors"], 1)
        self.assertFalse(body["files"][0]["ok"])
        d = body["files"][0]["diagnostics"][0]
        self.assertEqual((d["line"], d["column"], d["severity"]), (2, 3, "error"))
        self.assertIn("did you mean 'when'", d["message"])
        status, body = self.h.json("POST", "/rules/validate", 'rule r { when $.a == 1 }')
        self.assertTrue(body["files"][0]["ok"])
        self.assertEqual(body["files"][0]["rules"], ["r"])
        self.assertEqual((body["errors"], body["warnings"]), (0, 0))
        self.assertIn("when", body["explain"][0]["text"])

    # -- changes, tokens, audit ---------------------------------------------
    def test_tokens_refused_and_nothing_changes(self):
        before = len(self.h.read_topic("control"))
        status, body = self.put("acme", "t1", "rule t1 { when $.a == 1 }", None)
        self.assertEqual(status, 401)
        self.assertIn("Authorization", body["error"])
        status, body = self.put("acme", "t1", "rule t1 { when $.a == 1 }", "wrong")
        self.assertEqual(status, 401)
        status, body = self.put("acme", "t1", "rule t1 { when $.a == 1 }", GLOBEX)
        self.assertEqual(status, 403)
        self.assertIn("globex-team", body["error"])
        status, body = self.put("_", "t1", "rule t1 { when $.a == 1 }", ACME)
        self.assertEqual(status, 403)
        status, body = self.h.json("POST", "/rules/_/zoom/pause", "", ACME)
        self.assertEqual(status, 403)
        self.assertEqual(len(self.h.read_topic("control")), before, "a refused change reached the control topic")
        self.assertEqual(self.h.json("GET", "/rules/acme/t1")[0], 404)
        m = metrics(self.h)
        self.assertGreaterEqual(value(m, "alertd_http_unauthorized_total"), 5)
        self.assertGreaterEqual(value(m, "alertd_http_responses_total", code="401"), 2)

    def test_change_lifecycle_and_audit(self):
        status, answer = self.put("acme", "logins", 'rule logins { when $.eventType == "login" }', ACME)
        self.assertEqual((status, answer["status"], answer["version"]), (200, "active", 1))
        status, answer = self.put("acme", "logins", 'rule logins { when $.eventType == "logout" }', ACME)
        self.assertEqual((status, answer["version"]), (200, 2))
        status, answer = self.put("acme", "logins", 'rule logins { when $.x == 1 }', ACME, "?version=2")
        self.assertEqual((status, answer["status"]), (422, "rejected"))
        self.assertIn("not above", answer["message"])
        status, answer = self.put("acme", "logins", 'rule logins { when $.x == }', ACME)
        self.assertEqual((status, answer["status"]), (422, "rejected"))
        self.assertTrue(answer["diagnostics"])
        status, answer = self.put("acme", "logins", 'rule other { when $.x == 1 }', ACME)
        self.assertEqual(status, 422)
        self.assertEqual(self.put("acme", "logins", "  \n", ACME)[0], 400)
        self.assertEqual(self.put("acme", "logins", "rule logins { when $.x == 1 }", ACME, "?version=x")[0], 400)
        status, answer = self.h.json("POST", "/rules/acme/logins/pause", "", ACME)
        self.assertEqual((status, answer["status"]), (200, "paused"))
        self.assertEqual(self.h.json("GET", "/rules/acme/logins")[1]["status"], "paused")
        status, answer = self.h.json("POST", "/rules/acme/logins/resume", "", ADMIN)
        self.assertEqual((status, answer["status"]), (200, "active"))
        status, answer = self.h.json("DELETE", "/rules/acme/logins", token=ACME)
        self.assertEqual((status, answer["status"]), (200, "deleted"))
        self.assertEqual(self.h.json("GET", "/rules/acme/logins")[0], 404)
        # After a delete the next version is above the deleted one.
        status, answer = self.put("acme", "logins", 'rule logins { when $.x == 1 }', ACME)
        self.assertEqual((status, answer["version"]), (200, 3))
        self.assertEqual(self.h.json("DELETE", "/rules/acme/logins", token=ACME)[0], 200)

        self.assertEqual(self.h.json("GET", "/audit")[0], 401)
        self.assertEqual(self.h.json("GET", "/audit", token=ACME)[0], 403)
        status, audit = self.h.json("GET", "/audit", token=ADMIN)
        self.assertEqual(status, 200)
        mine = [e for e in audit["entries"] if e["rule_id"] == "logins"]
        self.assertEqual([e["action"] for e in mine],
                         ["upsert", "upsert", "upsert", "upsert", "upsert", "pause", "resume", "delete", "upsert", "delete"])
        self.assertEqual([e["token"] for e in mine][:2], ["acme-team", "acme-team"])
        self.assertEqual(mine[6]["token"], "ops")
        self.assertEqual((mine[1]["old_version"], mine[1]["new_version"]), (1, 2))
        self.assertEqual(mine[2]["answer"]["status"], "rejected")
        self.assertEqual(mine[7]["answer"]["status"], "deleted")
        self.assertEqual(self.h.json("GET", "/audit?limit=2", token=ADMIN)[1]["entries"], audit["entries"][-2:])
        self.assertEqual(self.h.json("GET", "/audit?limit=0", token=ADMIN)[0], 400)

    # -- try ---------------------------------------------------------------
    def test_try(self):
        events = "\n".join([
            '{"customerId":"a","eventType":"add","ts":"2026-12-01T10:00:00Z"}',
            '{"customerId":"a","eventType":"add","ts":"2026-12-01T10:10:00Z"}',
            "{broken",
            '{"customerId":"a","eventType":"other","ts":"2026-12-01T10:20:00Z"}',
        ])
        source = ('rule admin { when $.eventType == "add" group by $.customerId window tumbling 1h '
                  'fire when count() > 1 }')
        status, body = self.h.json("POST", "/try", json.dumps({"source": source, "events": events}))
        self.assertEqual(status, 200, body)
        self.assertTrue(body["ok"])
        self.assertEqual([e.get("matched") for e in body["events"]], [["admin"], ["admin"], None, []])
        self.assertIn("invalid JSON", body["events"][2]["error"])
        self.assertEqual([(n["rule"], n["state"], n["source"]["offset"]) for n in body["notifications"]],
                         [("admin", "firing", 1)])
        self.assertEqual(body["counts"]["malformed"], 1)
        # A JSON array of events is the same.
        array = [json.loads(line) for line in events.split("\n") if line != "{broken"]
        status, body = self.h.json("POST", "/try", json.dumps({"source": source, "events": array}))
        self.assertEqual((status, len(body["notifications"])), (200, 1))
        # A rule with errors: its diagnostics, no run.
        status, body = self.h.json("POST", "/try", json.dumps({"source": "rule r { wen $.a == 1 }", "events": []}))
        self.assertEqual((status, body["ok"]), (200, False))
        self.assertTrue(body["diagnostics"])

    def test_try_errors(self):
        status, body = self.h.json("POST", "/try", "{not json")
        self.assertEqual(status, 400)
        self.assertIn("JSON", body["error"])
        self.assertEqual(self.h.json("POST", "/try", json.dumps({"events": []}))[0], 400)
        self.assertEqual(self.h.json("POST", "/try", json.dumps({"source": "rule r { when $.a == 1 }"}))[0], 400)
        many = [{"a": i} for i in range(10001)]
        status, body = self.h.json("POST", "/try", json.dumps({"source": "rule r { when $.a == 1 }", "events": many}))
        self.assertEqual(status, 413)
        self.assertIn("10000", body["error"])
        status, body = self.h.json("POST", "/try", json.dumps({"source": "rule r { when $.a == 1 }", "events": [],
                                                               "settings": {"no_such": "1"}}))
        self.assertEqual(status, 400)

    def test_oversized_body(self):
        status, _, data = self.h.request("POST", "/rules/validate", b"x" * (1024 * 1024 + 1))
        self.assertEqual(status, 413)
        self.assertIn("1 MiB", json.loads(data)["error"])

    def test_slow_client(self):
        slow = socket.create_connection((self.h.host, self.h.port))
        slow.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")  # and never the end of the headers
        start = time.time()
        self.assertEqual(self.h.json("GET", "/healthz")[0], 200)  # others are served meanwhile
        slow.settimeout(15)
        try:
            data = slow.recv(4096)
        except (ConnectionResetError, socket.timeout):
            data = b""
        took = time.time() - start
        slow.close()
        self.assertLess(took, 12, "a slow client held its connection")
        self.assertNotIn(b"200 OK", data)

    # -- metrics against a known run ---------------------------------------
    def test_metrics_of_a_known_run(self):
        before = metrics(self.h)
        base_events = value(before, "alertd_events_total")
        base_fired = value(before, "alertd_alerts_fired_total")
        messages = []
        for i in range(30):
            messages.append((f"t{i % 3}", json.dumps({"customerId": f"t{i % 3}", "application": "Zoom", "ts": 1000 + i})))
        for i in range(5):
            messages.append(("t0", json.dumps({"customerId": "t0", "application": "Slack", "ts": 2000 + i})))
        messages += [("t1", "{not json"), ("t1", "[1,2"), ("t2", "nope")]
        messages.append(("t0", json.dumps({"customerId": "t0", "pad": "x" * 3000})))
        messages.append(("t0", "[" * 20 + "]" * 20))
        self.h.produce("events", messages)

        def settled():
            m = metrics(self.h)
            lags = [v for _, v in m.get("alertd_consumer_lag", [])]
            return value(m, "alertd_events_total") == base_events + 40 and lags and max(lags) == 0
        self.h.wait_for(settled, "the 40 events in the metrics, and no lag", 30)
        m = metrics(self.h)
        self.assertEqual(value(m, "alertd_alerts_fired_total") - base_fired, 30)
        self.assertEqual(sum(v for _, v in m["alertd_rule_matches_total"]), value(m, "alertd_events_matched_total"))
        self.assertEqual(value(m, "alertd_rule_matches_total", rule="zoom", tenant="") -
                         value(before, "alertd_rule_matches_total", rule="zoom", tenant=""), 30)
        self.assertEqual(value(m, "alertd_events_malformed_total", reason="invalid_json"), 3)
        self.assertEqual(value(m, "alertd_events_malformed_total", reason="oversized"), 1)
        self.assertEqual(value(m, "alertd_events_malformed_total", reason="too_deep"), 1)
        self.assertEqual(value(m, "alertd_dead_letters_total"), 5)
        self.assertEqual(len(self.h.read_topic("dead-letter")), 5)
        self.assertEqual(value(m, "alertd_alert_latency_seconds_count"), value(m, "alertd_notifications_total"))
        self.assertEqual(value(m, "alertd_alert_latency_seconds_bucket", le="+Inf"),
                         value(m, "alertd_alert_latency_seconds_count"))
        self.assertEqual(value(m, "alertd_assigned_partitions"), 4)
        self.assertEqual(value(m, "alertd_up"), 1)
        self.assertEqual(value(m, "alertd_build_info", version="0.1.0"), 1)
        self.assertGreater(value(m, "alertd_checkpoints_total"), 0)
        self.assertEqual(value(m, "alertd_checkpoint_failures_total"), 0)
        self.assertLess(value(m, "alertd_last_checkpoint_age_seconds"), 30)
        self.assertGreater(value(m, "alertd_rule_compile_seconds", rule="zoom", tenant=""), 0)
        self.assertGreater(value(m, "process_resident_memory_bytes"), 1 << 20)
        self.assertGreater(value(m, "process_open_fds"), 3)
        self.assertLess(abs(value(m, "process_start_time_seconds") - time.time()), 3600)
        self.assertGreater(value(m, "process_cpu_seconds_total"), 0)


if __name__ == "__main__":
    unittest.main(verbosity=2)
