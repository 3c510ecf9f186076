"""The lesson-04 explorer in JupyterLab in headless Chromium: in every view, each control a
student can see redraws the explorer's one plot (its pixels change).

A file of its own, so that pytest-xdist (--dist loadfile) can run it beside the lessons."""
import json

import pytest
from browser_checks import ROOT, check_explorers, notebooks

from course_utils.widgets import WIDGET_VIEW


def _stores_a_widget(path):
    cells = json.loads((ROOT / path).read_text(encoding="utf-8"))["cells"]
    return any(WIDGET_VIEW in output.get("data", {}) for cell in cells for output in cell.get("outputs", []))


@pytest.mark.parametrize("path", [p for p in notebooks("notebooks") if _stores_a_widget(p.values[0])])
def test_every_explorer_control_changes_the_plot(page, lab, path):
    check_explorers(page, lab, path)
