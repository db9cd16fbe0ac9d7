"""An embedded Kafka and an alertd on it, for alertd's HTTP tests.

  with Harness(alertd, ["--rules", path, ...]) as h:
      h.produce("events", [(key, value), ...])    # kcat -P -K
      status, headers, body = h.request("GET", "/metrics")

The daemon's HTTP listens on a free port (--http 127.0.0.1:0), read from its
log; everything runs in a temporary directory removed at the end (kept, and
the logs printed, when the test failed).
"""
import http.client
import json
import os
import re
import shutil
import signal
import subprocess
import tempfile
import time


class Harness:
    def __init__(self, alertd, args, partitions=4):
        self.alertd, self.args, self.partitions = alertd, args, partitions
        self.work = tempfile.mkdtemp(prefix="alertd-http-")
        self.kafka = self.daemon = None
        self.failed = False

    def path(self, name):
        return os.path.join(self.work, name)

    def __enter__(self):
        self.kafka_log = open(self.path("kafka.err"), "w")
        self.kafka = subprocess.Popen([self.alertd, "embedded-kafka", "--partitions", str(self.partitions)],
                                      stdout=subprocess.PIPE, stderr=self.kafka_log, text=True)
        line = self.kafka.stdout.readline()
        if not line.startswith("bootstrap.servers="):
            raise RuntimeError("the embedded Kafka did not start: " + self.read(self.path("kafka.err")))
        self.bootstrap = line.strip().split("=", 1)[1]
        self.start_daemon()
        return self

    @staticmethod
    def read(path):
        with open(path) as f:
            return f.read()

    def start_daemon(self):
        self.log = self.path("alertd.err")
        self.daemon_log = open(self.log, "w")
        self.daemon = subprocess.Popen(
            [self.alertd, "-X", "bootstrap.servers=" + self.bootstrap, "-X", "session.timeout.ms=3000",
             "-X", "heartbeat.interval.ms=500", "--data-dir", self.path("data"), "--http", "127.0.0.1:0"] + self.args,
            stdout=subprocess.DEVNULL, stderr=self.daemon_log)
        deadline = time.time() + 30
        while time.time() < deadline:
            m = re.search(r"http: listening on ([0-9.]+):(\d+)", self.read(self.log))
            if m:
                self.host, self.port = m.group(1), int(m.group(2))
                break
            if self.daemon.poll() is not None:
                raise RuntimeError("alertd exited: " + self.read(self.log))
            time.sleep(0.05)
        else:
            raise RuntimeError("alertd's HTTP did not start: " + self.read(self.log))
        # The first answer of /readyz, before the group assigned partitions
        # (the mock's first join takes 3 s), is kept for the tests.
        self.first_readiness = None

        def ready():
            status, _, body = self.request("GET", "/readyz")
            if self.first_readiness is None:
                self.first_readiness = (status, json.loads(body))
            return status == 200
        self.wait_for(ready, "readiness", 30)

    def stop_daemon(self):
        self.daemon.send_signal(signal.SIGTERM)
        if self.daemon.wait(15) != 0:
            raise RuntimeError("alertd did not stop cleanly: " + self.read(self.log)[-2000:])
        self.daemon_log.close()
        os.rename(self.log, self.log + "." + str(time.time()))

    def __exit__(self, kind, value, traceback):
        failed = kind is not None or self.failed
        for process in (self.daemon, self.kafka):
            if process and process.poll() is None:
                process.send_signal(signal.SIGTERM)
                try:
                    process.wait(15)
                except subprocess.TimeoutExpired:
                    process.kill()
        for log in (self.daemon_log, self.kafka_log):
            log.close()
        if self.kafka:
            self.kafka.stdout.close()
        if failed:
            print("alertd's log (" + self.work + "):\n" + self.read(self.log)[-4000:])
        else:
            shutil.rmtree(self.work, ignore_errors=True)
        return False

    def request(self, method, path, body=None, token=None, headers=None, timeout=30):
        connection = http.client.HTTPConnection(self.host, self.port, timeout=timeout)
        all_headers = dict(headers or {})
        if token:
            all_headers["Authorization"] = "Bearer " + token
        if body is not None and not isinstance(body, bytes):
            body = body.encode()
        if body is None and method in ("POST", "PUT"):
            body = b""
        connection.request(method, path, body=body, headers=all_headers)
        response = connection.getresponse()
        data = response.read().decode()
        connection.close()
        return response.status, dict(response.getheaders()), data

    def json(self, method, path, body=None, token=None):
        status, _, data = self.request(method, path, body, token)
        return status, json.loads(data)

    def produce(self, topic, messages):
        """messages: (key, value) pairs, values without newlines."""
        text = "".join(f"{key}\t{value}\n" for key, value in messages)
        subprocess.run(["kcat", "-b", self.bootstrap, "-P", "-t", topic, "-K", "\t"], input=text.encode(), check=True)

    def read_topic(self, topic):
        out = subprocess.run(["kcat", "-b", self.bootstrap, "-C", "-t", topic, "-o", "beginning", "-e", "-q"],
                             capture_output=True, check=True, text=True).stdout
        return [line for line in out.split("\n") if line]

    @staticmethod
    def wait_for(predicate, what, seconds=30):
        deadline = time.time() + seconds
        while time.time() < deadline:
            if predicate():
                return
            time.sleep(0.1)
        raise AssertionError("timed out waiting for " + what)
