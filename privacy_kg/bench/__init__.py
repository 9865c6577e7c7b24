"""The benchmark harness behind `privacy-kg bench` (issue 5): see benchmarks/README.md.

It lives in the package (not in `benchmarks/`) so that the installed command runs it from any
folder; `benchmarks/` holds its README, the hand-written analysis and the ingest article.
Entry points: `harness.run(BenchConfig, Settings, say)`. Nothing is imported here, because
`engines` and `children` also run as `python -m` modules.
"""
