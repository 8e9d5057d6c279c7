#!/usr/bin/env python3
"""Start-to-first-order time and peak memory of a QuickStart binary, measured the same way for JIT and AOT.

usage: measure.py RUNS OUTDIR -- COMMAND [ARGS...]

For each run: the clock starts just before fork/exec; "first order" is when the tour prints its first
"order ... created" line on stdout (the HouseCanary order, after the sandbox and receiver have started);
"total" is when the process exits. Peak memory is the child's max resident set size from wait4 (ru_maxrss,
the same number /usr/bin/time -v prints as "Maximum resident set size"). Prints the median of each.
"""
import os, re, shutil, statistics, subprocess, sys, time

runs = int(sys.argv[1]); outdir = sys.argv[2]; cmd = sys.argv[sys.argv.index("--") + 1:]
first_order, total, rss = [], [], []
pattern = re.compile(r"\border \S+ .*created\b")
for i in range(runs):
    shutil.rmtree(outdir, ignore_errors=True)
    start = time.monotonic()
    proc = subprocess.Popen(cmd + ["--out", outdir], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    seen = None
    for line in proc.stdout:
        if seen is None and pattern.search(line):
            seen = time.monotonic() - start
    _, status, usage = os.wait4(proc.pid, 0)
    end = time.monotonic() - start
    if status != 0 or seen is None:
        sys.exit(f"run {i}: exit status {status}, first order seen: {seen is not None}")
    first_order.append(seen * 1000); total.append(end * 1000); rss.append(usage.ru_maxrss / 1024)
    print(f"run {i}: first order {seen*1000:.0f} ms, exit {end*1000:.0f} ms, max RSS {usage.ru_maxrss/1024:.1f} MB")
print(f"median of {runs}: first order {statistics.median(first_order):.0f} ms, "
      f"whole tour {statistics.median(total):.0f} ms, max RSS {statistics.median(rss):.1f} MB")
