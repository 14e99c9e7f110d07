"""sql_fuse: a derived table read once, by a statement that materialises, becomes a view."""
from __future__ import annotations

from dataclasses import dataclass, field

from policyengine.backends.sql_fuse import fuse_read_once


@dataclass
class _Step:
    statements: list[str]
    repeat: list[tuple[str, str]] = field(default_factory=list)


def _table(name: str, query: str) -> _Step:
    return _Step([f'CREATE OR REPLACE TEMP TABLE "{name}" AS {query}'])


def test_a_table_read_once_becomes_a_view_and_its_reader_reads_the_view():
    steps = [_table("d_a", "SELECT 1 AS c0"), _table("d_b", 'SELECT * FROM "d_a"')]
    assert fuse_read_once(steps, {'"d_b"'}) == {'"d_a"': '"v_a"'}
    assert steps[0].statements == ['CREATE OR REPLACE TEMP VIEW "v_a" AS SELECT 1 AS c0']
    assert steps[1].statements == ['CREATE OR REPLACE TEMP TABLE "d_b" AS SELECT * FROM "v_a"']


def test_a_chain_read_once_is_fused_to_the_kept_table():
    steps = [_table("d_a", "SELECT 1 AS c0"), _table("d_b", 'SELECT * FROM "d_a"'),
             _table("d_c", 'SELECT * FROM "d_b"')]
    assert fuse_read_once(steps, {'"d_c"'}) == {'"d_a"': '"v_a"', '"d_b"': '"v_b"'}
    assert steps[2].statements == ['CREATE OR REPLACE TEMP TABLE "d_c" AS SELECT * FROM "v_b"']


def test_what_stays_a_table():
    steps = [_table("d_twice", "SELECT 1 AS c0"),                      # read by two statements
             _table("d_self", "SELECT 1 AS c0"),                       # read twice by one
             _table("d_by_view", "SELECT 1 AS c0"),                    # read by a view
             _table("d_kept", "SELECT 1 AS c0"),                       # reported
             _table("d_in_fixpoint", "SELECT 1 AS c0"),                # read by a repeated query
             _table("d_quotient", "SELECT 10 / c0 AS c0 FROM t WHERE c0 <> 0"),   # a division
             _table("d_x", 'SELECT * FROM "d_twice", "d_self" s1, "d_self" s2, "d_kept", "d_quotient"'),
             _table("d_y", 'SELECT * FROM "d_twice"'),
             _Step(['CREATE OR REPLACE TEMP VIEW "v_z" AS SELECT * FROM "d_by_view"']),
             _Step(['CREATE OR REPLACE TEMP TABLE "d_r" (cid INTEGER)'],
                   [('"d_r"', 'SELECT * FROM "d_in_fixpoint" UNION SELECT * FROM "d_r"')])]
    assert fuse_read_once(steps, {'"d_kept"', '"d_x"', '"d_y"'}) == {}
    assert all(s.statements[0].startswith("CREATE OR REPLACE TEMP TABLE") for s in steps[:6])


def test_what_nothing_reads_is_not_made():
    """skip_unread: a union no rule reads any more (its readers read the partitions), then the
    partitions only it read; what a kept table or a fixpoint reads stays, and so does a kept one."""
    from policyengine.backends.sql_fuse import skip_unread
    steps = [_table("d_p__0", "SELECT 1 AS c0"), _table("d_p__1", "SELECT 2 AS c0"),
             _Step(['CREATE OR REPLACE TEMP VIEW "v_p" AS SELECT * FROM "d_p__0" UNION ALL SELECT * FROM "d_p__1"']),
             _table("d_q", 'SELECT * FROM "d_p__0"'),
             _table("d_for_fixpoint", "SELECT 3 AS c0"),
             _Step(['CREATE OR REPLACE TEMP TABLE "d_r" (c0 INTEGER)'],
                   [('"d_r"', 'SELECT * FROM "d_for_fixpoint" UNION SELECT * FROM "d_r"')]),
             _table("d_kept", "SELECT 4 AS c0")]
    left = skip_unread(steps, {'"d_q"', '"d_kept"'})
    assert [s.statements[0].split('"')[1] for s in left] == ["d_p__0", "d_q", "d_for_fixpoint", "d_r", "d_kept"]
