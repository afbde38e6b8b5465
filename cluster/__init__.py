"""tcpsleuth on Apache Spark: many sensors' capture sets as one Parquet dataset.

Run ``python3 -m cluster.job --help``; the README's "Many sensors" section says
how to run it on a cluster.
"""
