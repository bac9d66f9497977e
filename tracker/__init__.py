"""The application around the pipeline: reading inputs, batch runs, evaluation, benchmarks, the server."""
