"""Is the change real? Statistical process control and significance against a comparator. Plain Python, no Django.

- ``spc``: XmR charts and special-cause rules as NHS England's *Making Data Count* (MDC) uses them, with the
  variation and assurance judgements.
- ``intervals``: confidence intervals as Public Health England's Fingertips profiles compute them (Byar's method
  and the exact Poisson method for counts and rates, Wilson's score method for proportions).
- ``compare``: an area against a comparator (significantly better / not significantly different / worse) and
  funnel-plot limits.

Standard library only (``statistics.NormalDist`` for z): a whole dashboard's analysis runs in a few
milliseconds, where a DataFrame per indicator would cost more than the budget (see scripts/bench_analysis.py).
"""
