#!/usr/bin/env python3
"""Run an nlpipe pipeline over a JSON-lines corpus with Apache Spark.

Each partition of the input is piped through `nlpipe run PIPELINE --stdin --stdout`, one
long-lived nlpipe process per partition; every output line is one document in the
`documents.jsonl` schema (failed documents carry an "error" object instead).

    scripts/release && tar -xzf .release/nlpipe-*.tar.gz -C /tmp
    spark-submit Examples/spark/nlpipe_spark.py \
        --binary /tmp/nlpipe-0.1.0-linux-x86_64/nlpipe --pipeline pipelines/news.yaml \
        --input corpus.jsonl --output out/spark --partitions 4

The binary, its resource bundle (nlpipe_Stages.resources, found next to the binary), its
lib/ folder and the pipeline file are shipped to the executors with SparkContext.addFile.
Ship the release tarball's binary: it has the Swift runtime linked in and finds the system
libraries in lib/, so nothing has to be installed on the cluster nodes (a plain
`swift build` binary needs the Swift runtime libraries on every node). `RDD.pipe` runs with checkCode=True: by default Spark
ignores a non-zero exit of the piped command and silently keeps whatever it printed.
"""
import argparse
import os
import shlex
import sys

from pyspark import SparkConf, SparkContext, SparkFiles


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", required=True, help="the nlpipe executable")
    parser.add_argument("--pipeline", required=True, help="the pipeline YAML file")
    parser.add_argument("--input", required=True, help='JSON lines: {"id", "text"|"html"}')
    parser.add_argument("--output", required=True, help="folder for the JSON-lines result")
    parser.add_argument("--partitions", type=int, default=4)
    parser.add_argument("--master", default=None, help="e.g. local[2]; default: spark-submit's")
    parser.add_argument("--jobs", type=int, default=1, help="nlpipe worker threads per partition")
    parser.add_argument(
        "--mode", choices=["adapter", "pipe"], default="adapter",
        help="adapter: resolve the shipped binary on each executor and report nlpipe's stderr "
        "on failure (works on clusters); pipe: plain RDD.pipe with checkCode=True (the "
        "command path is resolved on the driver, which is right in local mode)")
    args = parser.parse_args()

    conf = SparkConf().setAppName("nlpipe")
    if args.master:
        conf = conf.setMaster(args.master)
    sc = SparkContext(conf=conf)
    sc.setLogLevel("WARN")
    try:
        binary = os.path.abspath(args.binary)
        sc.addFile(binary)
        bundle = os.path.join(os.path.dirname(binary), "nlpipe_Stages.resources")
        if os.path.isdir(bundle):
            sc.addFile(bundle, recursive=True)
        # The release tarball's binary (scripts/release) finds its system libraries in lib/
        # next to it (rpath $ORIGIN/lib): ship them too, so nodes need neither Swift nor them.
        libraries = os.path.join(os.path.dirname(binary), "lib")
        if os.path.isdir(libraries):
            sc.addFile(libraries, recursive=True)
        sc.addFile(os.path.abspath(args.pipeline))

        binary_name = os.path.basename(binary)
        pipeline_name = os.path.basename(args.pipeline)

        def run_partition(_index, lines):
            # Resolved on the executor: SparkFiles.get gives the node-local copies.
            import subprocess
            import threading

            exe = SparkFiles.get(binary_name)
            os.chmod(exe, 0o755)
            command = [
                exe, "run", SparkFiles.get(pipeline_name), "--stdin", "--stdout", "--quiet",
                "--jobs", str(args.jobs),
            ]
            process = subprocess.Popen(
                command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"},
            )

            def feed():
                try:
                    for line in lines:
                        process.stdin.write(line.encode("utf-8") + b"\n")
                finally:
                    process.stdin.close()

            feeder = threading.Thread(target=feed)
            feeder.start()
            for out in process.stdout:
                yield out.decode("utf-8").rstrip("\n")
            feeder.join()
            code = process.wait()
            if code != 0:
                tail = process.stderr.read().decode("utf-8", "replace")[-2000:]
                raise RuntimeError(f"nlpipe exited with {code}: {tail}")

        source = sc.textFile(os.path.abspath(args.input), minPartitions=args.partitions)
        if args.mode == "pipe":
            # The plain RDD.pipe contract, with checkCode so a failing nlpipe fails the job.
            exe = SparkFiles.get(binary_name)
            command = [exe, "run", SparkFiles.get(pipeline_name), "--stdin", "--stdout",
                       "--quiet", "--jobs", str(args.jobs)]
            result = source.pipe(
                " ".join(shlex.quote(part) for part in command),
                env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"},
                checkCode=True,
            )
        else:
            # Resolves the shipped files on each executor; reports nlpipe's stderr on failure.
            result = source.mapPartitionsWithIndex(run_partition)
        result.saveAsTextFile(os.path.abspath(args.output))
    finally:
        sc.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
