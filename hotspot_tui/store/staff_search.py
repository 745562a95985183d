"""The staff list: one page at a time, keyset-paged on (name, id) over idx_staff_name."""

from __future__ import annotations

import re
from typing import Any

from sqlite_utils import Database

PAGE_COLUMNS = """
    p.id, p.name, p.kind, p.rank, p.payroll_number, p.collar_number, p.active,
    p.employer_id, e.name AS employer_name, a.name AS home_area_name
"""


def _where(
    text: str | None, kind: str | None, employer_id: str | None, include_inactive: bool
) -> tuple[list[str], dict[str, Any]]:
    where: list[str] = []
    params: dict[str, Any] = {}
    text = (text or "").strip()
    if text:
        number = re.sub(r"\s+", "", text).upper()
        params.update(like=f"%{text}%", number=number, number_prefix=f"{number}%")
        where.append(
            "(p.name LIKE :like OR p.payroll_number LIKE :number_prefix"
            " OR p.collar_number LIKE :number_prefix)"
        )
    if kind:
        where.append("p.kind = :kind")
        params["kind"] = kind
    if employer_id:
        where.append("p.employer_id = :employer_id")
        params["employer_id"] = employer_id
    if not include_inactive:
        where.append("p.active = 1")
    return where, params


def search_page(
    db: Database,
    *,
    text: str | None = None,
    kind: str | None = None,
    employer_id: str | None = None,
    include_inactive: bool = False,
    after: tuple[str, str] | None = None,
    limit: int = 60,
) -> list[dict[str, Any]]:
    """People in name order (case-insensitive), starting after (name, id)."""
    where, params = _where(text, kind, employer_id, include_inactive)
    if after is not None:
        where.append(
            "p.name >= :after_name COLLATE NOCASE"
            " AND (p.name > :after_name COLLATE NOCASE OR p.id > :after_id)"
        )
        params.update(after_name=after[0], after_id=after[1])
    sql = (
        f"SELECT {PAGE_COLUMNS} FROM staff p INDEXED BY idx_staff_name"
        " JOIN employers e ON e.id = p.employer_id"
        " LEFT JOIN areas a ON a.id = p.home_area_id"
    )
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY p.name COLLATE NOCASE, p.id LIMIT :limit"
    params["limit"] = limit
    return list(db.query(sql, params))


def count_matching(
    db: Database,
    *,
    text: str | None = None,
    kind: str | None = None,
    employer_id: str | None = None,
    include_inactive: bool = False,
) -> int:
    where, params = _where(text, kind, employer_id, include_inactive)
    sql = "SELECT count(*) FROM staff p"
    if where:
        sql += " WHERE " + " AND ".join(where)
    return int(db.execute(sql, params).fetchone()[0])
