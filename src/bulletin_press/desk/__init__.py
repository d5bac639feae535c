"""The editor's tools around the pipeline: new issues, new articles, previews, watching."""
