"""The `baocao` command line: the top of the import graph.

It sits above every layer (it starts the web UI and runs evaluations), so it is its own
package rather than `assistant.cli`: `assistant` must not import `ui` or `evals`.
"""
