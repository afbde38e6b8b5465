"""tcpsleuth over many sensors' capture sets on Apache Spark.

    python3 -m cluster.job --captures CAPTURES --out DATASET [--master URL]

CAPTURES holds one directory per sensor, each a rotated capture set (tcpdump
-C/-G files, in natural name order). One Spark task runs ``tcpsleuth conns``
per file; connections that cross a file boundary are stitched (see
cluster/stitch.py); the result is written as a Parquet dataset partitioned
by sensor and date (DATASET/conns/sensor=S/date=YYYY-MM-DD/), and the fleet
questions are answered with Spark SQL: failures by service, scanners seen by
several sensors, top talkers. --verify also runs tcpsleuth once per sensor
over its whole set on the driver and checks the stitched records equal it.
"""
import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone

from cluster import fleet, stitch
from cluster.pcapcount import count_packets

BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def natural_key(name):
    """Sort key putting piece2 before piece10, as tcpsleuth orders a set."""
    return [int(t) if t.isdigit() else t for t in re.split(r"(\d+)", name)]


def capture_sets(root):
    """{sensor: [file paths in set order]} for the sensor directories under ROOT."""
    sets = {}
    for sensor in sorted(os.listdir(root)):
        d = os.path.join(root, sensor)
        if not os.path.isdir(d):
            continue
        files = [os.path.join(d, f) for f in sorted(os.listdir(d), key=natural_key)]
        files = [f for f in files if os.path.isfile(f)]
        if files:
            sets[sensor] = files
    return sets


def run_conns(binary, read):
    """tcpsleuth conns over READ (a file or a set directory) as parsed JSON records."""
    if not os.access(binary, os.X_OK):
        os.chmod(binary, 0o755)
    out = subprocess.run([binary, "conns", "-r", read, "--format", "json"],
                         capture_output=True, text=True, check=False)
    # 1 means findings or partial input (a truncated last packet of a rotated
    # file): the records are still complete; 2 is fatal.
    if out.returncode not in (0, 1):
        raise RuntimeError(f"tcpsleuth conns -r {read}: exit {out.returncode}: {out.stderr.strip()}")
    return [json.loads(line) for line in out.stdout.splitlines() if line.strip()]


def analyse_file(binary_name, task):
    """Map task: (sensor, index, path) -> (sensor, index, packets, records)."""
    from pyspark import SparkFiles
    sensor, idx, path = task
    try:
        packets = count_packets(path)
    except ValueError:
        return (sensor, idx, None, [])  # not a capture: skipped, as tcpsleuth does
    return (sensor, idx, packets, run_conns(SparkFiles.get(binary_name), path))


def analyse_span(binary_name, task):
    """Re-run task: one sensor's files FIRST..LAST as one set; its chains' records."""
    from pyspark import SparkFiles
    sensor, paths, offset, key_chains = task
    tmp = tempfile.mkdtemp(prefix="tcpsleuth-span-")
    try:
        for i, p in enumerate(paths):
            os.symlink(os.path.abspath(p), os.path.join(tmp, f"{i:06d}-{os.path.basename(p)}"))
        recs = run_conns(SparkFiles.get(binary_name), tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return [(sensor, stitch.shift_frames(r, offset)) for r in recs if stitch.in_chain(r, key_chains)]


def _package_zip():
    """This package as a zip for the workers' Python (they import cluster.stitch)."""
    here = os.path.dirname(os.path.abspath(__file__))
    base = os.path.join(tempfile.mkdtemp(prefix="tcpsleuth-job-"), "cluster")
    return shutil.make_archive(base, "zip", os.path.dirname(here), "cluster")


def fleet_uid(sensor, rec):
    """A uid unique across the fleet (tcpsleuth's are per-run connection numbers)."""
    h = int.from_bytes(hashlib.sha1(f"{sensor}|{rec.get('community_id')}|{rec['ts']!r}".encode()).digest()[:13], "big")
    s = "C"
    for _ in range(17):
        s += BASE62[h % 62]
        h //= 62
    return s


def to_row(sensor, rec):
    """The dataset row of one connection record, as a JSON line."""
    row = dict(rec)
    row["uid"] = fleet_uid(sensor, rec)
    row["sensor"] = sensor
    row["date"] = datetime.fromtimestamp(rec["ts"], timezone.utc).strftime("%Y-%m-%d")
    return json.dumps(row)


def parse_args(argv):
    p = argparse.ArgumentParser(prog="python3 -m cluster.job", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--captures", required=True, help="directory of sensor directories")
    p.add_argument("--out", required=True, help="output dataset directory (overwritten)")
    p.add_argument("--master", default=os.environ.get("SPARK_MASTER", "local[*]"),
                   help="Spark master URL (default local[*]; spark://, yarn, k8s://...)")
    p.add_argument("--tcpsleuth", default=shutil.which("tcpsleuth") or "target/release/tcpsleuth",
                   help="tcpsleuth binary, shipped to the workers (default: on PATH, else target/release)")
    p.add_argument("--scan-min-targets", type=int, default=20,
                   help="failed attempts to distinct ports/hosts that make a scanner (default 20)")
    p.add_argument("--top", type=int, default=10, help="rows of each fleet answer (default 10)")
    p.add_argument("--verify", action="store_true",
                   help="also run tcpsleuth over each sensor's whole set on the driver and compare")
    return p.parse_args(argv)


def spark_session(master):
    from pyspark.sql import SparkSession
    return (SparkSession.builder.master(master).appName("tcpsleuth-fleet")
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            .config("spark.sql.shuffle.partitions", os.environ.get("TCPSLEUTH_SHUFFLE_PARTITIONS", "8"))
            .getOrCreate())


def offsets_of(counts):
    """{(sensor, index): frames before that file in its set} from per-file packet counts."""
    offsets, running = {}, {}
    for sensor, idx, packets in sorted(counts):
        offsets[(sensor, idx)] = running.get(sensor, 0)
        running[sensor] = running.get(sensor, 0) + (packets or 0)
    return offsets


def fill_ends(ends):
    """Each file's last packet time, a file without connections taking the one before."""
    out, prev = [], float("-inf")
    for e in ends:
        prev = prev if e is None else max(prev, e)
        out.append(prev)
    return out


def find_chains(parts_rdd, file_ends):
    """(sensor, key, first, last, t_min, t_max) of every chain, collected on the driver."""
    return (parts_rdd.map(lambda p: ((p[0], stitch.flow_key(p[2])), (p[1], p[2])))
            .groupByKey()
            .flatMap(lambda kv: [(kv[0][0], kv[0][1]) + c
                                 for c in stitch.chains(list(kv[1]), file_ends.value[kv[0][0]])])
            .collect())


def rerun_tasks(chains, sets, offsets):
    """Re-run tasks (sensor, paths, frame offset, {key: chains}) covering every chain."""
    by_sensor = {}
    for chain in chains:
        by_sensor.setdefault(chain[0], []).append(chain[1:])
    return [(sensor, sets[sensor][first:last + 1], offsets[(sensor, first)], key_chains)
            for sensor, sensor_chains in sorted(by_sensor.items())
            for first, last, key_chains in stitch.plan_reruns(sensor_chains)]


def file_summaries(per_file, sets):
    """Frame offsets and last packet times of every file, from the map results."""
    summary = per_file.map(lambda r: (r[0], r[1], r[2], len(r[3]),
                                      max((stitch.last_packet(x) for x in r[3]), default=None))).collect()
    offsets = offsets_of([(s, i, n) for s, i, n, _, _ in summary])
    ends = {s: [None] * len(paths) for s, paths in sets.items()}
    for s, i, _, _, end in summary:
        ends[s][i] = end
    return summary, offsets, {s: fill_ends(e) for s, e in ends.items()}


def stitched_records(spark, sets, binary):
    """RDD of (sensor, record): every connection once, crossing ones stitched."""
    sc = spark.sparkContext
    sc.addFile(os.path.abspath(binary))
    sc.addPyFile(_package_zip())
    name = os.path.basename(binary)
    files = [(s, i, p) for s, paths in sets.items() for i, p in enumerate(paths)]
    per_file = sc.parallelize(files, len(files)).map(lambda t: analyse_file(name, t)).cache()
    summary, offsets, ends = file_summaries(per_file, sets)
    parts = per_file.flatMap(lambda r: [(r[0], r[1], rec) for rec in r[3]])
    chains = find_chains(parts, sc.broadcast(ends))
    key_chains = {}
    for sensor, key, _first, _last, lo, hi in chains:
        key_chains.setdefault(sensor, {}).setdefault(key, []).append((lo, hi))
    chains_bc = sc.broadcast(key_chains)
    kept = (parts.filter(lambda p: not stitch.in_chain(p[2], chains_bc.value.get(p[0], {})))
            .map(lambda p: (p[0], stitch.shift_frames(p[2], offsets[(p[0], p[1])]))))
    tasks = rerun_tasks(chains, sets, offsets)
    rerun = sc.parallelize(tasks, max(1, len(tasks))).flatMap(lambda t: analyse_span(name, t))
    stats = {"sensors": len(sets), "files": len(files),
             "captures": sum(1 for x in summary if x[2] is not None),
             "packets": sum(x[2] or 0 for x in summary), "parts": sum(x[3] for x in summary),
             "crossing": len(chains), "rerun_tasks": len(tasks),
             "rerun_files": sum(len(t[1]) for t in tasks)}
    # Few, larger partitions from here on: one per file would make every
    # later stage (schema, write, queries) schedule a task per file.
    return kept.union(rerun).coalesce(max(1, sc.defaultParallelism * 2)), stats


def verify(sets, binary, records):
    """Compares the stitched records with one tcpsleuth run per sensor (uids aside)."""
    def canon(rec):
        rec = dict(rec)
        rec.pop("uid", None)
        return json.dumps(rec, sort_keys=True)
    ok = True
    for sensor, paths in sets.items():
        whole = sorted(canon(r) for r in run_conns(binary, os.path.dirname(paths[0])))
        got = sorted(canon(r) for s, r in records if s == sensor)
        same = whole == got
        ok &= same
        missing = len(set(whole) - set(got))
        extra = len(set(got) - set(whole))
        print(f"verify: sensor {sensor}: whole-set run {len(whole)} connections, stitched {len(got)}: "
              + ("identical" if same else f"DIFFERENT ({missing} only in the whole-set run, {extra} only stitched)"))
    return ok


def main(argv=None):
    args = parse_args(argv)
    sets = capture_sets(args.captures)
    if not sets:
        print(f"{args.captures}: no sensor directories with files", file=sys.stderr)
        return 2
    if not os.path.isfile(args.tcpsleuth):
        print(f"{args.tcpsleuth}: no tcpsleuth binary (--tcpsleuth PATH)", file=sys.stderr)
        return 2
    started = time.time()
    spark = spark_session(args.master)
    try:
        records, stats = stitched_records(spark, sets, args.tcpsleuth)
        records = records.cache()
        rows = records.map(lambda sr: to_row(*sr)).cache()
        df = spark.read.json(rows)
        df.write.mode("overwrite").partitionBy("sensor", "date").parquet(os.path.join(args.out, "conns"))
        stats["connections"] = records.count()
        print("job: " + ", ".join(f"{k} {v}" for k, v in stats.items())
              + f", {time.time() - started:.1f} s on {args.master}")
        conns = spark.read.parquet(os.path.join(args.out, "conns"))
        fleet.report(spark, conns, args.scan_min_targets, args.top)
        ok = verify(sets, args.tcpsleuth, records.collect()) if args.verify else True
    finally:
        spark.stop()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
