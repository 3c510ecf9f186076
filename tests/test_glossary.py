"""course_utils.glossary: the entries' content, whole-word matching, anchors, and link checks that
work with any subset of the lessons present."""
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from course_utils import glossary
from course_utils.activations import ACTIVATIONS

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"


def entry(term):
    return next(e for e in glossary.ENTRIES if e.term == term)


def test_entries_are_unique_and_grouped():
    terms = [e.term for e in glossary.ENTRIES]
    assert len(terms) == len(set(terms))
    assert {e.group for e in glossary.ENTRIES} == set(glossary.GROUPS)
    assert all(e.sections and e.definition.strip() for e in glossary.ENTRIES)


@pytest.mark.parametrize("term", [
    "PReLU", "softsign", "arctan", "Adam", "spectral norm", "residual connection",
    "batch normalisation", "layer normalisation", "gradient clipping", "logistic regression",
    "chain rule", "bias shift", "machine epsilon", "sparsity", "hyperplane",
    "validation set", "test set", "ELU", "SELU", "GELU", "Mish", "softmax", "logit"])
def test_terms_the_course_uses_have_an_entry(term):
    assert glossary.entry_for(term) is not None, term


def test_matching_is_by_whole_words():
    assert glossary.entry_for("ELU").term == "ELU"
    assert glossary.entry_for("ReLU").term == "ReLU"
    assert glossary.entry_for("Leaky ReLU").term == "Leaky ReLU"
    assert glossary.entry_for("relus").term == "ReLU"
    assert glossary.entry_for("gradient clipping").term == "Gradient clipping"
    assert glossary.entry_for("GELU with He").term == "GELU"       # connectors around a term
    assert glossary.entry_for("frobnication") is None
    assert glossary.entry_for("ELU smoothing") is None               # an unknown word is not a connector
    assert not glossary.mentions("ReLU and Leaky ReLU", entry("ELU"))
    assert glossary.mentions("ReLU and ELU", entry("ELU"))


def test_corrected_claims_stay_corrected():
    layer = entry("Layer (dense layer)").definition
    assert "one *column*" in layer and "(n_in, n_out)" in layer and "row of W" not in layer
    monotonic = entry("Monotonic").definition
    assert "minimum" in monotonic and "tanh, ELU and SELU take negative values" in monotonic
    assert "used only to measure" not in entry("Validation set").definition
    assert "*choose*" in entry("Validation set").definition and "once" in entry("Test set").definition
    assert "C¹" in entry("ELU").definition and "second derivative jumps" in entry("ELU").definition
    saturation = entry("Saturation").definition
    assert "exactly 0 there" not in saturation and "8.5·10⁻¹⁷ at z = 37" in saturation


def test_the_saturation_numbers_are_the_course_code_s():
    grad = ACTIVATIONS["sigmoid"].grad
    assert float(grad(37.0)) == pytest.approx(8.5e-17, rel=0.01)
    assert float(grad(740.0)) > 0 and float(grad(746.0)) == 0.0


def test_anchors_follow_jupyterlab():
    assert glossary.heading_anchor("## 1. A neuron in two steps") == "1.-A-neuron-in-two-steps"
    assert glossary.heading_anchor("## 2 · Why `np.random.default_rng(42)` gives different numbers") == \
        "2-·-Why-np.random.default_rng(42)-gives-different-numbers"
    assert glossary.heading_anchor("## 3. What the 1/4 bound does *not* say") == "3.-What-the-1/4-bound-does-not-say"
    assert glossary.github_anchor("## 1. A neuron in two steps") == "1-a-neuron-in-two-steps"


def _nb(*markdown):
    return {"cells": [{"cell_type": "markdown", "source": m, "metadata": {}} for m in markdown]}


def test_sections_run_to_the_next_heading_of_the_same_level():
    sections = glossary.lesson_sections(_nb("## A\ntext a\n### B\ntext b", "## C\ntext c"))
    assert "text b" in sections["A"] and "text c" not in sections["A"]
    assert sections["B"].strip().endswith("text b") and "text c" in sections["C"]


def test_bold_candidates_skip_formulas_sentences_and_emphasis():
    text = ("**Frobnication** is **not** a term of **x**; **relu′(0) = 0**. "
            "**A gradient has the shape of its parameter.** **Practice.** **ReLU with He**")
    assert glossary.term_candidates(text) == ["Frobnication", "ReLU with He"]


def _folder(tmp_path, names):
    for name in names:
        shutil.copy(NOTEBOOKS / name, tmp_path / name)
    return tmp_path


def test_link_check_works_with_only_some_lessons(tmp_path):
    # The old check compared lesson numbers with file names and crashed in this situation.
    folder = _folder(tmp_path, ["03_math.ipynb", "09_dying_relu.ipynb"])
    report = glossary.check_links(folder)
    assert report.checked > 0 and "01_intuition.ipynb" in report.absent_lessons
    assert "03_math.ipynb" not in report.absent_lessons and not report.bad_anchors


def test_link_check_on_its_own_checks_nothing(tmp_path):
    report = glossary.check_links(tmp_path)
    assert report.checked == 0 and not report.bad_anchors and not report.not_mentioned
    assert glossary.unlisted_terms(tmp_path) == {}


def test_link_check_finds_a_renamed_section_and_a_missing_term(tmp_path):
    (tmp_path / "07_backward_pass.ipynb").write_text(json.dumps(_nb(
        "## 1 · One neuron, one example\nnothing relevant here", "### In float32\nmachine epsilon ε")))
    report = glossary.check_links(tmp_path)
    assert any(b.endswith("#Checking-with-finite-differences") for b in report.bad_anchors)
    assert any(m.startswith("Chain rule ->") for m in report.not_mentioned)
    assert not any(m.startswith("Machine epsilon") for m in report.not_mentioned)


def test_unlisted_terms_reports_new_bold_terms(tmp_path):
    (tmp_path / "05_worked_example.ipynb").write_text(json.dumps(_nb("A **Frobnicator** and **ReLU**.")))
    assert glossary.unlisted_terms(tmp_path) == {"05_worked_example.ipynb": ["Frobnicator"]}


def test_rendered_groups_link_every_section():
    text = "\n".join(glossary.render_glossary())
    for e in glossary.ENTRIES:
        assert f"**{e.term}**" in text
        for section in e.sections:
            assert f"]({section})" in text


def test_import_course_utils_does_not_load_the_glossary():
    code = "import sys, course_utils; print('course_utils.glossary' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
