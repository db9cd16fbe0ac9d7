#!/usr/bin/env python3
"""CPU seconds (user + system) of a running process's threads, summed by
the name's stem (the thread name without a trailing number: alertd-work-0
and alertd-work-1 are alertd-work; librdkafka's rdk:broker1 is rdk:broker),
as JSON; the main thread carries the process's name. With --since FILE,
the figures already in FILE (an earlier reading) are subtracted.

usage: thread_cpu.py PID [--since FILE]
"""
import json
import os
import re
import sys

pid = sys.argv[1]
ticks = os.sysconf("SC_CLK_TCK")
cpu = {}
for tid in os.listdir(f"/proc/{pid}/task"):
    try:
        stat = open(f"/proc/{pid}/task/{tid}/stat").read()
    except OSError:
        continue  # the thread ended meanwhile
    name = stat[stat.index("(") + 1:stat.rindex(")")]
    fields = stat[stat.rindex(")") + 2:].split()
    stem = re.sub(r"-?\d+$", "", name)
    cpu[stem] = cpu.get(stem, 0.0) + (int(fields[11]) + int(fields[12])) / ticks
if len(sys.argv) > 3 and sys.argv[2] == "--since":
    before = json.load(open(sys.argv[3]))
    cpu = {k: v - before.get(k, 0.0) for k, v in cpu.items()}
print(json.dumps({k: round(v, 2) for k, v in sorted(cpu.items(), key=lambda kv: -kv[1])}))
