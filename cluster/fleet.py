"""Fleet-wide questions over the conns dataset, in Spark SQL."""

# TCP attempts that never carried data both ways: rejected, unanswered, reset
# during the handshake, or one-sided.
FAILED_STATES = ("S0", "REJ", "RSTOS0", "RSTRH", "SH", "SHR")


def _service_column(conns):
    """Zeek's service where tcpsleuth recognised it, else proto/port."""
    port = "concat(proto, '/', CAST(`id.resp_p` AS STRING))"
    return f"coalesce(service, {port})" if "service" in conns.columns else port


def failures_by_service(spark, conns, top):
    states = ", ".join(f"'{s}'" for s in FAILED_STATES)
    return spark.sql(f"""
        SELECT {_service_column(conns)} AS service,
               sum(CASE WHEN conn_state IN ({states}) THEN 1 ELSE 0 END) AS failed,
               count(*) AS attempts,
               concat_ws(',', sort_array(collect_set(sensor))) AS sensors
        FROM conns WHERE proto = 'tcp'
        GROUP BY 1 HAVING failed > 0
        ORDER BY failed DESC, service LIMIT {top}""")


def scanners(spark, min_targets, top):
    """Sources that failed on many distinct (host, port) targets, on two or more sensors."""
    states = ", ".join(f"'{s}'" for s in FAILED_STATES)
    return spark.sql(f"""
        WITH per_sensor AS (
            SELECT sensor, `id.orig_h` AS source,
                   count(DISTINCT `id.resp_h`, `id.resp_p`) AS targets
            FROM conns WHERE proto = 'tcp' AND conn_state IN ({states})
            GROUP BY sensor, `id.orig_h` HAVING targets >= {min_targets})
        SELECT source, count(*) AS sensors_seen,
               concat_ws(',', sort_array(collect_list(sensor))) AS sensors,
               sum(targets) AS targets
        FROM per_sensor GROUP BY source HAVING sensors_seen >= 2
        ORDER BY sensors_seen DESC, targets DESC, source LIMIT {top}""")


def top_talkers(spark, top):
    return spark.sql(f"""
        SELECT host, sum(bytes) AS ip_bytes, count(*) AS connections,
               concat_ws(',', sort_array(collect_set(sensor))) AS sensors
        FROM (SELECT `id.orig_h` AS host, orig_ip_bytes + resp_ip_bytes AS bytes, sensor FROM conns
              UNION ALL
              SELECT `id.resp_h`, orig_ip_bytes + resp_ip_bytes, sensor FROM conns)
        GROUP BY host ORDER BY ip_bytes DESC, host LIMIT {top}""")


def _print(title, df):
    rows = df.collect()
    print(f"{title}: {len(rows)} row(s)")
    cols = df.columns
    for r in rows:
        print("  " + "  ".join(f"{c}={r[c]}" for c in cols))


def report(spark, conns, min_targets, top):
    """Prints the three fleet answers."""
    conns.createOrReplaceTempView("conns")
    _print("failures by service", failures_by_service(spark, conns, top))
    _print(f"scanners seen by several sensors (>= {min_targets} failed targets each)",
           scanners(spark, min_targets, top))
    _print("top talkers", top_talkers(spark, top))
