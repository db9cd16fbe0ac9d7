#!/usr/bin/env bash
# Compact events of 600 tenants, 10 ms apart, for the tests and benchmarks
# of several daemons: {"ts", "c" (the tenant), "s" (a sensor), "a" (an
# agent, one of 100, shared by the tenants), "v", "k" (a kind)}, about 68
# bytes each; one in 4,999 is not JSON.
# usage: events.sh COUNT [SEED]
awk -v n="$1" -v seed="${2:-1}" 'BEGIN { srand(seed); split("login logout upload view view", kinds, " ")
  for (i = 0; i < n; i++) {
    printf "{\"ts\":%.0f,\"c\":\"t%d\",\"s\":\"s%d\",\"a\":\"a%d\",\"v\":%d,\"k\":\"%s\"}\n",
      1700000000000 + i * 10, int(rand() * 600), int(rand() * 4), int(rand() * 100), int(rand() * 100),
      kinds[1 + int(rand() * 5)]
    if (i % 4999 == 4998) print "{\"broken\": "
  } }'
