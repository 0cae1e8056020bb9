"""Evaluation: readers for gold data (``datasets``), metrics (``metrics``), runners that call the
pipeline (``run``) and the throughput benchmark (``bench``).

Import the submodules directly (``from eventscope.evaluate.run import eval_events``); nothing is
loaded here so that ``import eventscope.evaluate`` stays cheap.
"""

__all__ = ["bench", "datasets", "metrics", "run"]
