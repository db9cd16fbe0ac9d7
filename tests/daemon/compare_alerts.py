"""The notifications alertd sent against the single-engine oracle.

usage: compare_alerts.py NAME WANT_DIR PARTITIONS ALERTS
  WANT_DIR/want.P: what `alertc run` printed over events partition P, in order
  WANT_DIR/want.r.P.*: what it printed over partition P of alertd-repartition
    (one file per route: routed_oracle.py), if any
  ALERTS: the alerts topic read back, one notification a line

Compares all fields but alert_id and processing_time (source: topic,
partition and offset); a notification sent again after a restart or a
rebalance must have the alert_id it had the first time. Prints one line of
figures, then at most five problems; exits 1 on any.
"""
import glob
import json
import sys


def norm(n, topic=None, partition=None):
    n = dict(n)
    del n["alert_id"], n["processing_time"]
    if partition is not None:
        n["source"] = {"topic": topic, "partition": partition, "offset": n["source"]["offset"]}
    return json.dumps(n, sort_keys=True)


def main():
    name, want_dir, partitions, alerts = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
    want = {norm(json.loads(l), "events", p) for p in range(partitions) for l in open(f"{want_dir}/want.{p}")}
    for p in range(partitions):
        for f in glob.glob(f"{want_dir}/want.r.{p}.*"):
            want |= {norm(json.loads(l), "alertd-repartition", p) for l in open(f)}
    sent = [json.loads(l) for l in open(alerts)]
    got = {}
    problems = []
    for n in sent:
        key = norm(n)
        if got.setdefault(key, n["alert_id"]) != n["alert_id"]:
            problems.append(f"sent twice with two alert_ids: {key[:200]}")
    missing, extra = want - got.keys(), got.keys() - want
    if missing:
        problems.append(f"{len(missing)} notifications missing, e.g. {sorted(missing)[0][:300]}")
    if extra:
        problems.append(f"{len(extra)} notifications extra, e.g. {sorted(extra)[0][:300]}")
    print(f"{name}: {len(want)} notifications expected, {len(sent)} sent, {len(sent) - len(got)} of them again")
    for p in problems[:5]:
        print(f"{name}: FAIL:", p)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
