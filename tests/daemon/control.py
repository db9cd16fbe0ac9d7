#!/usr/bin/env python3
"""Control messages for alertd's tests, one per line as KEY<TAB>JSON (kcat -K'\t').

  control.py upsert RULES_FILE [--version N] [--only NAME]... [--except NAME]...
      one upsert per rule of the file (each rule starts with `rule NAME {` at
      the start of a line and ends at the next `}` alone at the start of a
      line); the tenant is the rule's `scope tenant "T"`, if any.
  control.py text RULES_FILE [--only NAME]... [--except NAME]...
      the same rules as a rule file (for alertc, the tests' oracle)
  control.py OP RULE_ID [--tenant T]      OP: delete, pause, resume
"""
import argparse
import json
import re
import sys


def rules_of(path):
    text = open(path).read()
    for m in re.finditer(r'^rule\s+(\w+)\s*\{.*?^\}', text, re.M | re.S):
        source = m.group(0)
        scope = re.search(r'^\s*scope\s+tenant\s+"([^"]*)"', source, re.M)
        yield m.group(1), (scope.group(1) if scope else None), source


def main():
    p = argparse.ArgumentParser()
    p.add_argument("op", choices=["upsert", "text", "delete", "pause", "resume"])
    p.add_argument("target")
    p.add_argument("--version", type=int, default=1)
    p.add_argument("--tenant")
    p.add_argument("--only", action="append", default=[])
    p.add_argument("--except", dest="skip", action="append", default=[])
    a = p.parse_args()
    chosen = lambda name: (not a.only or name in a.only) and name not in a.skip
    if a.op == "text":
        sys.stdout.write("".join(source + "\n\n" for name, _, source in rules_of(a.target) if chosen(name)))
        return
    if a.op != "upsert":
        messages = [(a.tenant, {"op": a.op, "tenant": a.tenant, "rule_id": a.target})]
    else:
        messages = [(tenant, {"op": "upsert", "tenant": tenant, "rule_id": name, "version": a.version,
                              "source": source})
                    for name, tenant, source in rules_of(a.target)
                    if chosen(name)]
    for tenant, message in messages:
        sys.stdout.write(f"{tenant or ''}/{message['rule_id']}\t{json.dumps(message)}\n")


main()
