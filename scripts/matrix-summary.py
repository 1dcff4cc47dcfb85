#!/usr/bin/env python3
"""Summarizes one release's contract-test run (go test -json) and live spec.

  matrix-summary.py VERSION RUN.json SPEC.json SECONDS
"""
import json
import re
import sys

version, run, spec, secs = sys.argv[1:5]
tests = {}  # (package, test) -> action
absent = {}  # (package, test) -> operation
failed_pkgs, ok_pkgs = set(), set()
ABSENT = re.compile(r"absent as expected: (\w+) needs Vault")
with open(run) as f:
    for line in f:
        try:
            ev = json.loads(line)
        except ValueError:
            continue
        pkg, test, action = ev.get("Package", ""), ev.get("Test"), ev.get("Action")
        if test is None:
            if action == "fail":
                failed_pkgs.add(pkg)
            elif action == "pass":
                ok_pkgs.add(pkg)
            continue
        if action in ("pass", "fail", "skip"):
            tests[(pkg, test)] = action
        elif action == "output":
            m = ABSENT.search(ev.get("Output", ""))
            if m:
                absent[(pkg, test)] = m.group(1)
served = 0
try:
    with open(spec) as f:
        doc = json.load(f)
    for item in doc.get("paths", {}).values():
        served += sum(1 for m in item if m in ("get", "post", "put", "delete", "patch", "head"))
except (OSError, ValueError):
    served = -1
count = lambda a: sum(1 for k, v in tests.items() if v == a and k not in absent)
print("release %s: live operations %d; tests passed %d, failed %d, absent-as-expected %d, other skips %d; packages ok %d, failed %d; %ss"
      % (version, served, count("pass"), count("fail"), len(absent), count("skip"), len(ok_pkgs), len(failed_pkgs), secs))
for k in sorted(absent):
    print("  absent %s %s -> %s" % (k[0].replace("github.com/govault/govault/", ""), k[1], absent[k]))
for k in sorted(k for k, v in tests.items() if v == "fail"):
    print("  FAIL %s %s" % (k[0].replace("github.com/govault/govault/", ""), k[1]))
for p in sorted(failed_pkgs):
    print("  FAIL package %s" % p.replace("github.com/govault/govault/", ""))
