"""The bundled sample request: its statutory deadline with the agency's later dates beside it."""

from __future__ import annotations

import json


def test_the_sample_request_shows_2020_07_09_as_its_statutory_deadline_with_the_agencys_later_dates(
        cli, sqlite_url, sample_maildir):
    env = {"FOIA_INTAKE_DATABASE__URL": sqlite_url}
    code, _, err = cli("sync", "--once", "--maildir", str(sample_maildir), env=env)
    assert code == 0, err
    code, out, err = cli("requests", "list", "--json", env=env)
    assert code == 0, err
    (row,) = json.loads(out)
    assert row["due_date"] == row["statutory_due"] == "2020-07-09"
    lines = {line["kind"]: line for line in row["deadlines"]}
    statutory = lines["statutory_response"]
    assert statutory["state"].startswith("missed: determination of 2021-02-26")
    assert "skipping 2020-07-03 (Independence Day (observed))" in statutory["explanation"]
    assert "tolled" not in statutory["explanation"]  # the August fee notice came after the deadline
    assert (lines["respond_by"]["date"], lines["appeal"]["date"]) == ("2020-09-03", "2021-05-27")
    (late_fee,) = row["late_fee_notices"]
    assert late_fee["date"] == "2020-08-04" and "may not be charged" in late_fee["explanation"]

    code, out, err = cli("requests", "show", "1", env=env)
    assert code == 0, err
    assert "statutory response deadline (missed: determination of 2021-02-26" in out
    assert "fee notice after the statutory deadline: 2020-08-04" in out
