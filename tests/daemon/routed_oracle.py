"""The single-engine oracle of a repartition partition, one input per route.

usage: routed_oracle.py MESSAGES OUT ROUTE...
  MESSAGES: the partition read back, `kcat -f '%o\\t%h\\t%s\\n'` lines
  ROUTE: the alertjit.route header text of one route
Writes OUT.<i> for the i-th route: the partition's messages, one line each
(so that a line's number is its offset), for `alertc run` with that route's
rules. The daemon's engine there takes every message for its time but
decides a route's rules on that route's messages only, and skips a message
its source partition sent again after a restart (at or below the last
offset taken from that source on that route). So, per route, a message of
another route becomes an event with only its time and tenant ({"ts": …,
"c": …}: no rule of these tests matches it), and a repeat becomes a line that is not JSON (skipped, as the
daemon skips it, without moving the watermark). Prints the number of repeats.
"""
import json
import re
import sys

HEADER = re.compile(r"alertjit\.(route|partition|offset)=(.*?)(?=,alertjit\.|$)")


def main():
    messages, out, routes = sys.argv[1], sys.argv[2], sys.argv[3:]
    files = [open(f"{out}.{i}", "w") for i in range(len(routes))]
    taken = {}
    expected = repeats = 0
    for line in open(messages):
        offset, headers, value = line.rstrip("\n").split("\t", 2)
        if int(offset) != expected:
            sys.exit(f"routed_oracle: offset {offset} where {expected} was expected (the mock dropped messages)")
        expected += 1
        h = dict(HEADER.findall(headers))
        source, at = (h["partition"], h["route"]), int(h["offset"])
        repeat = at <= taken.get(source, -1)
        if not repeat:
            taken[source] = at
        repeats += repeat
        for route, f in zip(routes, files):
            if repeat:
                f.write("repeat\n")
            elif h["route"] == route:
                f.write(value + "\n")
            else:
                event = json.loads(value)
                f.write(json.dumps({k: event[k] for k in ("ts", "c") if k in event}) + "\n")
    for f in files:
        f.close()
    print(repeats)


if __name__ == "__main__":
    main()
