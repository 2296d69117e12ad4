"""The PNG renderer: a valid image of the expected size for every kind, and a clear error
when matplotlib is missing.  Also: importing the charts data, the engine or the CLI never
imports matplotlib."""

from __future__ import annotations

import datetime as dt
import json
import os
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from fixtures_charts import make_chart_db
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.charts import (
    CHART_SIZE_PX,
    ChartsUnavailable,
    build_chart,
    charts_available,
    render_png,
)
from bot.reply import ChartRequest, Series

D = dt.date
REPO = Path(__file__).resolve().parents[1]
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from the IHDR chunk, after checking the signature and the chunk's CRC."""
    assert data[:8] == PNG_SIGNATURE
    length, kind = struct.unpack(">I4s", data[8:16])
    assert kind == b"IHDR" and length == 13
    body = data[16 : 16 + length]
    (crc,) = struct.unpack(">I", data[16 + length : 20 + length])
    assert zlib.crc32(kind + body) == crc
    width, height = struct.unpack(">II", body[:8])
    assert data[-12:] == b"\x00\x00\x00\x00IEND\xaeB`\x82"
    return width, height


REQUESTS = [
    pytest.param({"kind": "company_over_time", "companies": ["Amazon"]}, id="company-quarters"),
    pytest.param({"kind": "all_over_time", "companies": [], "start": D(2023, 1, 1), "end": D(2023, 12, 31)},
                 id="all-months"),  # fmt: skip
    pytest.param({"kind": "all_over_time", "companies": [], "start": D(2018, 1, 1), "bucket": "month"},
                 id="all-many-months"),  # fmt: skip
    pytest.param({"kind": "top_companies", "companies": [], "start": D(2023, 1, 1), "end": D(2023, 12, 31)},
                 id="top"),  # fmt: skip
    pytest.param({"kind": "compare", "companies": ["Meta", "Google"], "bucket": "year"}, id="compare-years"),
    pytest.param({"kind": "compare", "companies": ["Stripe"], "start": D(2024, 1, 1), "end": D(2024, 3, 31)},
                 id="empty"),  # fmt: skip
]


@pytest.mark.parametrize("kwargs", REQUESTS)
def test_render_png_is_a_valid_image_of_chat_size(kwargs):
    pytest.importorskip("matplotlib")
    chart = build_chart(make_chart_db(), **kwargs)
    data = render_png(chart)
    assert png_size(data) == CHART_SIZE_PX == (1200, 700)


def test_render_decodes_as_an_opaque_light_card():
    pytest.importorskip("matplotlib")
    image_mod = pytest.importorskip("PIL.Image")
    import io

    chart = build_chart(make_chart_db(), kind="top_companies", companies=[])
    image = image_mod.open(io.BytesIO(render_png(chart)))
    image.load()
    assert image.size == (1200, 700)
    rgba = image.convert("RGBA")
    assert rgba.getpixel((2, 2)) == (255, 255, 255, 255)  # opaque white corner: readable on dark themes
    # The bars use the first Okabe-Ito colour (#0072B2).
    assert (0, 114, 178, 255) in {rgba.getpixel((x, 350)) for x in range(0, 1200, 4)}


def test_hand_made_request_with_long_names_and_only_undisclosed():
    pytest.importorskip("matplotlib")
    chart = ChartRequest(
        kind="top_companies",
        title="A very long title " * 8,
        labels=["A company with a remarkably long legal name, Incorporated", "B"],
        series=[Series("Employees laid off", [1_234_567, 0], [3, 2])],
        subtitle="note " * 60,
        footnote="Source: test",
    )
    assert png_size(render_png(chart)) == (1200, 700)
    only_unknown = ChartRequest(
        kind="all_over_time", title="t", labels=["2023", "2024"], series=[Series("All", [0, 0], [0, 4])]
    )
    assert png_size(render_png(only_unknown)) == (1200, 700)
    many = ChartRequest(
        kind="compare", title="Nine companies " * 6, labels=["2022", "2023"],
        series=[Series(f"Company {i}", [i * 1000, 0], [0, i % 2]) for i in range(9)],
    )  # fmt: skip
    assert png_size(render_png(many)) == (1200, 700)
    money = ChartRequest(
        kind="top_companies", title="$1.2B charge, $ and $", labels=["$Co$", "_hidden"],
        series=[Series("_x", [5, 3, 99])], footnote="$$",  # a too-long series is cut to the labels
    )  # fmt: skip
    assert png_size(render_png(money)) == (1200, 700)


def test_missing_matplotlib_raises_charts_unavailable(monkeypatch):
    # A None entry in sys.modules makes the import fail as if matplotlib were not installed.
    for name in [m for m in sys.modules if m == "matplotlib" or m.startswith("matplotlib.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    chart = ChartRequest(kind="all_over_time", title="t", labels=["2023"], series=[Series("All", [1])])
    with pytest.raises(ChartsUnavailable) as caught:
        render_png(chart)
    assert 'pip install -e ".[charts]"' in str(caught.value)
    assert isinstance(caught.value, RuntimeError)
    assert isinstance(caught.value, ImportError) and caught.value.name == "matplotlib"


def test_charts_available_does_not_import():
    code = "import sys, bot.charts; print(json.dumps([bot.charts.charts_available(), 'matplotlib' in sys.modules]))"
    result = _run(f"import json\n{code}")
    available, imported = json.loads(result)
    assert available is (charts_available())
    assert imported is False


def _run(code: str) -> str:
    env = {**os.environ, "LAYOFFBOT_DB": ":memory:"}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, env=env,
                          timeout=60, check=True)  # fmt: skip
    return done.stdout.strip().splitlines()[-1]


@pytest.mark.parametrize(
    "code",
    [
        pytest.param("import bot.charts.data", id="charts-data"),
        pytest.param("import bot.charts", id="charts-package"),
        pytest.param("import bot.engine, cli.main", id="engine-and-cli"),
        pytest.param(
            "import sys; sys.path.insert(0, 'tests')\n"
            "from fixtures_charts import make_chart_db\n"
            "from bot.charts import build_chart\n"
            "build_chart(make_chart_db(), kind='company_over_time', companies=['Amazon'])",
            id="build-chart",
        ),
        pytest.param(
            "import sys; sys.path.insert(0, 'tests')\n"
            "from fixtures_charts import make_chart_db\n"
            "from bot.engine import Engine\n"
            "Engine(make_chart_db()).answer('how many has Amazon cut?')",
            id="plain-answer",
        ),
    ],
)
def test_plain_paths_never_import_matplotlib(code):
    assert _run(f"{code}\nimport sys\nprint('matplotlib' in sys.modules)") == "False"


@st.composite
def chart_requests(draw):
    kind = draw(st.sampled_from(["company_over_time", "all_over_time", "top_companies", "compare"]))
    n_labels = draw(st.integers(min_value=0, max_value=40))
    n_series = 1 if kind != "compare" else draw(st.integers(min_value=1, max_value=9))
    labels = draw(st.lists(st.text(min_size=1, max_size=40), min_size=n_labels, max_size=n_labels))
    values = st.lists(st.integers(min_value=0, max_value=10_000_000), min_size=n_labels, max_size=n_labels)
    unknown = st.lists(st.integers(min_value=0, max_value=500), min_size=n_labels, max_size=n_labels)
    series = [Series(draw(st.text(max_size=30)), draw(values), draw(unknown)) for _ in range(n_series)]
    return ChartRequest(kind=kind, title=draw(st.text(max_size=200)), labels=labels, series=series,
                        subtitle=draw(st.text(max_size=300)), footnote=draw(st.text(max_size=120)))  # fmt: skip


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(chart=chart_requests())
def test_any_chart_request_renders(chart):
    """Whatever the core puts in a ChartRequest (odd labels, huge values, many series), a PNG."""
    pytest.importorskip("matplotlib")
    assert png_size(render_png(chart)) == (1200, 700)
