"""The application around the pipeline, one subpackage per job.

io/       reading inputs into Statements; the RecordSink protocol and its sinks (JSON Lines, terminal)
batch/    batch runs (resume, errors file, progress) and the engines that extract
server/   the HTTP API and the page
measure/  gold files, scoring, benchmarks
"""
