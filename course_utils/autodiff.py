"""A scalar automatic-differentiation engine in one screen, in the style of Karpathy's micrograd.

Every `Value` holds a number (`data`), the derivative of the final result with respect to it
(`grad`, filled in by `backward()`), and its `parents`: the Values it was computed from, each
paired with the *local* derivative d(this)/d(parent), evaluated when the operation runs.
`backward()` then applies the chain rule from the result back to the inputs. Works on single
numbers only; frameworks do the same with arrays.
"""
import math
from numbers import Real


def as_value(x):
    """x itself if it is a Value; a plain number becomes a constant Value (a leaf without parents)."""
    return x if isinstance(x, Value) else Value(x)


class Value:
    """One number in a computational graph, with its gradient and the edges to its parents."""

    def __init__(self, data, parents=()):
        if isinstance(data, bool) or not isinstance(data, Real):
            raise TypeError(f"a Value holds one real number; got {type(data).__name__} {data!r}.")
        self.data, self.grad = float(data), 0.0
        self.parents = tuple(parents)               # (parent Value, d self / d parent) pairs
        if not all(isinstance(p, Value) and isinstance(d, Real) for p, d in self.parents):
            raise TypeError("parents must be (Value, local derivative) pairs, e.g. [(a, 1.0)].")

    def __repr__(self):
        return f"Value(data={self.data:.6g}, grad={self.grad:.6g})"

    def __add__(self, other):                       # d(a + b)/da = 1, d(a + b)/db = 1
        other = as_value(other)
        return Value(self.data + other.data, [(self, 1.0), (other, 1.0)])

    def __mul__(self, other):                       # d(a * b)/da = b, d(a * b)/db = a
        other = as_value(other)
        return Value(self.data * other.data, [(self, other.data), (other, self.data)])

    def __pow__(self, k):                           # d(a**k)/da = k * a**(k - 1), k a number
        return Value(self.data ** k, [(self, k * self.data ** (k - 1))])

    def exp(self):                                  # d exp(a)/da = exp(a)
        e = math.exp(self.data)
        return Value(e, [(self, e)])

    def log(self):                                  # d log(a)/da = 1/a
        if self.data <= 0:
            raise ValueError(f"log needs a positive number; got {self.data!r}.")
        return Value(math.log(self.data), [(self, 1.0 / self.data)])

    def tanh(self):                                 # tanh' = 1 - tanh**2
        t = math.tanh(self.data)
        return Value(t, [(self, 1.0 - t * t)])

    def sigmoid(self):                              # sigma' = e / (1 + e)**2, e = exp(-|a|)
        e = math.exp(-abs(self.data))               # never overflows
        s = 1.0 / (1.0 + e) if self.data >= 0 else e / (1.0 + e)
        return Value(s, [(self, e / (1.0 + e) ** 2)])

    def relu(self):                                 # relu'(a) = 1 if a > 0 else 0 (also at 0)
        return Value(max(self.data, 0.0), [(self, 1.0 if self.data > 0 else 0.0)])

    # Everything else is built from the operations above.
    def __neg__(self): return self * -1.0
    def __sub__(self, other): return self + -as_value(other)
    def __truediv__(self, other): return self * as_value(other) ** -1
    def __radd__(self, other): return self + other
    def __rmul__(self, other): return self * other
    def __rsub__(self, other): return as_value(other) - self
    def __rtruediv__(self, other): return as_value(other) / self

    def backward(self):
        """Fill in .grad of every Value this one depends on: d(self)/d(that Value)."""
        order, seen = [], set()

        def visit(node):                            # depth first: parents before children
            if id(node) not in seen:
                seen.add(id(node))
                for parent, _ in node.parents:
                    visit(parent)
                order.append(node)

        visit(self)
        for node in order:
            node.grad = 0.0
        self.grad = 1.0
        for node in reversed(order):                # every child before its parents
            for parent, local in node.parents:
                parent.grad += local * node.grad    # chain rule; += sums over all paths
