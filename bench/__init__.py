"""Benchmarks of the provider against the local SageMaker: ``make bench`` (``python -m bench``).

Each module measures one figure of ``bench/results.json``; ``__main__`` runs them all in one
process (and the fresh processes they start), prints a table and writes the results. Figures
are ratios or counts measured in the same run, so they hold on a shared or slow machine.
"""
