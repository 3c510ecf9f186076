"""Self-checks for the exercise notebooks: one call per task, with messages that teach.

In an exercise notebook::

    from course_utils.checks import math as check

    check.sigmoid_derivative(sigmoid_derivative)   # pass your function itself, not its result

- right answer: prints "✔ sigmoid derivative: passed (checked 203 points)";
- function not written yet (it still raises NotImplementedError): prints "sigmoid derivative:
  not done yet — ...", without an error;
- wrong answer: raises AssertionError saying what is wrong (the worst input, what your function
  gave and what was expected) and a "Hint:" line aimed at the usual mistake.

There is one module per lesson, named after the lesson's slug (`math` for 03_math, ...). They
are built on `course_utils.checks._core`. Importing this package loads none of them, nor
TensorFlow or Matplotlib.
"""
from ._core import progress  # noqa: E402 - progress(check): the last cell of every exercise notebook
