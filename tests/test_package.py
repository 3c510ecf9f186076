"""The package stays light: importing it (or its checks) never drags in TensorFlow, Keras,
Matplotlib or SciPy. (How long the import takes is measured by the benchmark, not here.)"""
import subprocess
import sys

import pytest

HEAVY = ("tensorflow", "keras", "matplotlib", "scipy", "ipywidgets")


@pytest.mark.parametrize("statement", [
    "import course_utils",
    "from course_utils import activations, gradcheck",
    "from course_utils import checks",
])
def test_import_does_not_load_heavy_libraries(statement):
    code = f"import sys; {statement}; print(sorted({{m.split('.')[0] for m in sys.modules}} & set({HEAVY!r})))"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == "[]", f"`{statement}` imported {loaded.strip()}"


def test_public_api():
    import course_utils

    for name in ("ACTIVATIONS", "softmax", "log_softmax", "softmax_jacobian"):
        assert hasattr(course_utils, name)
