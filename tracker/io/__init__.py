"""Reading inputs (`inputs`) and writing outputs: the `RecordSink` protocol and its sinks (`sinks`, `pretty`)."""
