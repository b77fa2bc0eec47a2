"""`python -m socialroi`: the whole product on one screen or two, as text or JSON, quick and strict."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from socialroi.__main__ import main


@pytest.fixture(scope="module")
def text() -> str:
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main([]) == 0
    return out.getvalue()


def test_every_section_is_shown(text):
    for title in (
        "What social media returned",
        "Month by month",
        "The funnel, month on month, against three SMART targets",
        "Which channels earned the conversions",
        "What a like and a follow are worth",
        "Next quarter's budget",
    ):
        assert f"\n{title}\n" in text


def test_roi_report_and_kpis(text):
    for word in ("ROAS", "ROI", "CPA", "CAC", "LTV:CAC", "engagement", "(shared)", "Channels by ROI"):
        assert word in text


def test_attribution_models_next_to_the_truth(text):
    header = next(line for line in text.splitlines() if line.startswith("channel    last touch"))
    assert header.split() == ["channel", "last", "touch", "linear", "40/20/40", "Markov", "Shapley", "true"]


def test_months_and_what_changed(text):
    assert "\nWhat changed in 2026-03 against 2026-02:\n  facebook revenue +57.2 % " in text
    roas = text.splitlines()[
        text.splitlines().index(
            "ROAS by month: revenue as the platforms report it, costs in the months they cover."
        )
        + 1
    ]
    assert roas.split() == [
        "period",
        "facebook",
        "instagram",
        "linkedin",
        "tiktok",
        "email",
        "search",
        "total",
    ]


def test_targets_valuation_and_budget(text):
    assert text.count("Target: ") == 3
    assert "never add them" in text
    assert "split 70/10/20" in text


def test_fits_in_two_screens(text):
    lines = text.splitlines()
    assert len(lines) <= 2 * 64
    assert max(map(len, lines)) <= 120


def test_json_is_deterministic_and_complete(capsys):
    assert main(["--format", "json", "--seed", "3", "--journeys", "2000"]) == 0
    first = json.loads(capsys.readouterr().out)
    assert main(["--format", "json", "--seed", "3", "--journeys", "2000"]) == 0
    assert json.loads(capsys.readouterr().out) == first
    assert len(first) == 6
    report = first["What social media returned"]
    assert report["total"]["investment"] > report["total"]["ad_spend"] > 0
    assert report["revenue_source"] == "attribution"
    assert set(first["Which channels earned the conversions"]["true_effects"]) >= {"facebook", "direct"}


@pytest.mark.parametrize(
    ("argv", "start"),
    [
        (["--format", "xml"], "python -m socialroi: argument --format: invalid choice"),
        (["--journeys", "0"], "python -m socialroi: argument --journeys: must be >= 1 (got 0)"),
        (["--seed", "x"], "python -m socialroi: argument --seed: invalid int value"),
    ],
)
def test_bad_options_exit_non_zero_with_one_line(capsys, argv, start):
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith(start)


def test_demo_as_a_subprocess():
    result = subprocess.run(
        [sys.executable, "-m", "socialroi", "--journeys", "3000"], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert "What social media returned" in result.stdout


def test_a_reader_that_stops_early_gets_no_traceback():
    # `python -m socialroi | head` closes the pipe before the demo is done writing
    command = [sys.executable, "-m", "socialroi", "--journeys", "3000"]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as process:
        assert process.stdout is not None and process.stderr is not None
        process.stdout.close()
        err = process.stderr.read()
        assert process.wait(timeout=120) == 1
    assert err == ""


def test_reads_as_a_client_report(text):
    lines = text.splitlines()
    start = lines.index("What social media returned")
    # the headline first: the total and which ROI it is, in percent
    assert lines[start + 3].startswith("In total: ")
    assert lines[start + 3].endswith("ROAS 2.25, ROI on gross profit -32.7 %.")
    # what "ROI + engagement" is, said plainly, right under the definition of ROI
    assert (
        "ROI + engagement = ROI with the engagement value added to revenue; that value is an estimate, not"
        in text
    )
    assert "0.576" not in text and " nan " not in text and "e-" not in text
    # the notes last, after every section
    notes = lines.index("Notes")
    assert notes > lines.index("Next quarter's budget")
    assert all(line.startswith(("- ", "  ")) for line in lines[notes + 2 :])
    assert (
        lines[notes + 2]
        == "- Revenue is the conversion value credited by markov (order 1, null) attribution."
    )
    assert not any(line.startswith("- ") for line in lines[:notes])


def test_shares_and_changes_are_percentages(text):
    assert "direct         14.1 %   6.8 %" in text
    assert "Target: CPA 34.55 USD by 2026-03-31 — now 37.88 USD, 45 % of the way: missed." in text
