"""One batch of a street-level file's rows checked, as an import checks it in process and
the second process (`rows_checked_ahead`) checks the files after the first."""

from __future__ import annotations

from hotspot_tui.domain.police_records import check_row, columns_pass
from hotspot_tui.services.street_csv import Batch
from hotspot_tui.store.police_data import TEXT_PLACES


def check_batch(batch: Batch, month: str, force: str) -> bool:
    """RowProblem unless every row of the batch is a record of the file's `month` and
    `force`: the domain's quick test over the batch's columns, else `check_row` a row at a
    time. Whether some value the records keep as text may have a space at an end (to
    trim)."""
    columns = batch.columns()
    if columns is None or not columns_pass(columns, batch.text(), batch.longest(), month, force):
        for row in batch.rows:
            check_row(row, month, force)
    return batch.spaced(TEXT_PLACES)
