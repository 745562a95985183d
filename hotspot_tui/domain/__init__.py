"""Pure rules of the work: models, time and calendar, pay, working time, budget.

Nothing here performs I/O or imports Textual or SQLite.
"""
