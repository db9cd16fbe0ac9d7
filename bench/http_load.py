#!/usr/bin/env python3
"""HTTP load on a running alertd, for bench/alertd_bench.sh, one kind per
process: `scrape` GETs /metrics every 100 ms, `try` POSTs /try back to back
(one windowed rule, 100 sample events each), until SIGTERM; then prints
what it did as JSON, with the CPU seconds it used itself.

usage: http_load.py HOST:PORT scrape|try
"""
import http.client
import json
import resource
import signal
import sys
import threading
import time

address, kind = sys.argv[1], sys.argv[2]
host, port = address.rsplit(":", 1)
stop = threading.Event()
done = {"scrape": "scrapes", "try": "tries"}[kind]
counts = {done: 0, "errors": 0}
events = "\n".join(json.dumps({"customerId": f"c{i % 7}", "application": "Zoom" if i % 3 else "Slack",
                               "ts": 1700000000000 + i * 1000}) for i in range(100))
TRY = json.dumps({"source": 'rule load { when $.application == "Zoom" group by $.customerId '
                            'window tumbling 1m fire when count() > 3 }', "events": events})


def call(method, path, body=None):
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    try:
        connection.request(method, path, body=body)
        response = connection.getresponse()
        response.read()
        return response.status == 200
    except OSError:
        return False
    finally:
        connection.close()


def scrape():
    while not stop.is_set():
        start = time.monotonic()
        counts["scrapes" if call("GET", "/metrics") else "errors"] += 1
        stop.wait(max(0.0, 0.1 - (time.monotonic() - start)))


def tries():
    while not stop.is_set():
        counts["tries" if call("POST", "/try", TRY) else "errors"] += 1


signal.signal(signal.SIGTERM, lambda *_: stop.set())
worker = threading.Thread(target=scrape if kind == "scrape" else tries)
worker.start()
while not stop.is_set():
    stop.wait(0.1)
worker.join()
usage = resource.getrusage(resource.RUSAGE_SELF)
counts["cpu_seconds"] = round(usage.ru_utime + usage.ru_stime, 2)
print(json.dumps(counts))
