"""The commands merge, unlink, confirm, reject and undo end to end on the demo case."""

from __future__ import annotations

import re

import pandas as pd

from reconstruct.store import open_store
from tests.store.test_commands import cli  # noqa: F401 (the fixture)


def _table(case_dir, db) -> pd.DataFrame:
    with open_store(case_dir, db) as store:
        return store.events()


def test_merge_unlink_and_undo(cli, case_dir, db):  # noqa: F811
    table = _table(case_dir, db)
    dup = table[table["duplicate_of"].notna()].iloc[0]
    a, b = table["event_id"].iloc[30], table["event_id"].iloc[31]
    code, out, _ = cli("merge", b, "--into", a)
    assert code == 0 and f"{b}: dubbel van {a} (versie 1)" in out
    code, out, _ = cli("unlink", dup["event_id"])
    assert code == 0 and "ontkoppeld" in out
    code, _, err = cli("unlink", dup["event_id"])
    assert code == 1 and "niet als dubbel gekoppeld" in err
    code, _, err = cli("merge", a, "--into", a)
    assert code == 2 and "zichzelf" in err
    code, _, err = cli("merge", a, "--into", "ev-0000000000000000")
    assert code == 2
    code, out, _ = cli("history", b)
    assert re.search(r"dubbel van\s+\(leeg\)\s+->\s+" + a, out)
    assert re.search(r"anna\s+merge\s+duplicate_of:\s+\(leeg\) -> " + a, out)
    code, out, _ = cli("undo", "--steps", "2")
    assert code == 0
    assert out.splitlines() == [
        f"ongedaan gemaakt: ontkoppeld ({dup['event_id']})",
        f"ongedaan gemaakt: samengevoegd als dubbel ({b})",
    ]
    assert _table(case_dir, db).equals(table)
    code, _, err = cli("undo")
    assert code == 1 and "niets (meer) ongedaan" in err


def test_confirm_reject_and_a_refused_undo(cli, case_dir, db):  # noqa: F811
    table = _table(case_dir, db)
    sug = table[
        table["suggested_event_type"].notna()
        & (table["suggested_event_type"] != table["event_type"])
        & table["suggested_severity"].notna()
    ].iloc[0]
    eid = sug["event_id"]
    code, out, _ = cli("confirm", eid)
    assert code == 0 and f"suggestie overgenomen: {sug['suggested_event_type']}" in out
    code, out, _ = cli("reject", eid, "--expect-version", "1", "--user", "bert")
    assert code == 0 and "afgewezen (versie 2)" in out
    code, out, _ = cli("history", eid)
    assert "Suggestie (lexicon)" in out and "(afgewezen)" in out
    code, _, err = cli("undo")  # anna's confirm: bert has rejected since
    assert code == 1 and "bert heeft" in err and "niets ongedaan" in err
    code, _, err = cli("reject", eid, "--expect-version", "0")
    assert code == 1 and "intussen gewijzigd" in err
    plain = table[table["suggested_event_type"].isna()]["event_id"].iloc[0]
    code, _, err = cli("confirm", plain)
    assert code == 1 and "geen voorgestelde soort" in err
