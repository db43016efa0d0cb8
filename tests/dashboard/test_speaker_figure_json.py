"""A speaker page's figure built as plain data is the figure Plotly builds."""
from __future__ import annotations

import pytest

from pipeline.dashboard.charts import speaker_figure, speaker_figure_json
from pipeline.dashboard.render import _colors, dashboard_data, label_order
from tests.dashboard.fixtures import gaps_warehouse, sample_warehouse


@pytest.mark.parametrize("build", [sample_warehouse, lambda: sample_warehouse(hostile=True), gaps_warehouse])
def test_plain_data_figure_equals_plotlys(build):
    con = build()
    data, order = dashboard_data(con), label_order()
    colors = _colors(data, order)
    assert data["speakers"]
    for page in data["speakers"]:
        assert speaker_figure_json(page["claims"], colors, order["topic"]) == \
            speaker_figure(page["claims"], colors, order["topic"]).to_plotly_json(), page["name"]
    con.close()


def test_a_speaker_without_dated_claims():
    colors = _colors({"daily": [], "claims": []}, label_order())
    assert speaker_figure_json([], colors, []) == speaker_figure([], colors, []).to_plotly_json()
