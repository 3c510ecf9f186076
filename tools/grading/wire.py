"""How values cross between the grader and a submission's process: a pipe format that only
carries data, never code.

Pickle would let a submission's process run code in the grader when the grader reads its answer,
so this module encodes values itself: a JSON header plus raw bytes for NumPy arrays (numbers and
True/False only). What it cannot carry faithfully (a Keras model, a History, any other object)
crosses as a stand-in that keeps what the checks look at: the type's name and a few data
attributes; a Keras model crosses as a file in Keras' own format. Every message has a size cap.

A message on the wire: 4-byte length of the JSON header, the header, then for each buffer an
8-byte length and the bytes.
"""
import json
import math
import os
import struct
import types

import numpy as np

MAX_HEADER = 16 * 2**20        # bytes of JSON in one message
MAX_BUFFERS = 256 * 2**20      # bytes of array data in one message
MAX_DEPTH = 32                 # nesting of lists, tuples and dicts
MAX_ITEMS = 100_000            # elements of lists, tuples, dicts and sets, all told
MAX_TEXT = 100_000             # characters of one string
STANDIN_ATTRIBUTES = ("params", "history", "epoch")  # what checks read of a Keras History


_TYPES = {f"{t.__module__}.{t.__name__}": t for t in (
    int, float, complex, bool, str, list, tuple, dict, np.float16, np.float32, np.float64,
    np.longdouble, np.int8, np.int16, np.int32, np.int64, np.uint8, np.bool_)}


class WireError(Exception):
    """A message that is malformed, too large, or holds something that cannot cross."""


class StandIn:
    """An object that could not cross, represented by its type's name and a few attributes."""

    type_name = "object"

    def __repr__(self):
        return f"<{self.type_name}>"


def standin(type_name, attributes):
    """A StandIn whose type is named `type_name` (so messages and type checks by name read as the
    student's object would) with the given data attributes."""
    if not type_name.isidentifier():
        type_name = "object"
    cls = type(type_name, (StandIn,), {"type_name": type_name})
    obj = cls()
    for name, value in attributes.items():
        if name in STANDIN_ATTRIBUTES:
            setattr(obj, name, value)
    return obj


class _Encoder:
    def __init__(self, save_model=None, reference=None, origins=None, callbacks=None):
        self.buffers, self.items, self.save_model = [], 0, save_model
        self.callbacks = callbacks
        self.reference, self.origins = reference, origins or {}
        self.nodes = {}  # id(Value) -> its number in this message: a graph keeps its shape
        self.values = []  # the Values in that order

    def encode(self, value, depth=0):
        if depth > MAX_DEPTH:
            raise WireError("nested too deeply")
        self.items += 1
        if self.items > MAX_ITEMS:
            raise WireError("too many values")
        if value is None or type(value) is bool:
            return {"v": value}
        if type(value) is str:
            return {"str": value[:MAX_TEXT]}
        if type(value) is int:
            return {"int": str(value)} if abs(value) > 2**53 else {"v": value}
        if type(value) is float:
            return {"float": repr(value)} if not math.isfinite(value) else {"v": value}
        if type(value) is complex:
            return {"complex": [repr(value.real), repr(value.imag)]}
        if value is Ellipsis:
            return {"ellipsis": True}
        if isinstance(value, (np.ndarray, np.generic)) and value.dtype.kind in "biufc":
            data = np.asarray(value)
            self.buffers.append(data.tobytes(order="C"))
            kind = "array" if isinstance(value, np.ndarray) else "scalar"
            return {kind: len(self.buffers) - 1, "dtype": data.dtype.str, "shape": list(data.shape)}
        if type(value) in (list, tuple):
            return {type(value).__name__: [self.encode(v, depth + 1) for v in value]}
        if type(value) in (set, frozenset):
            return {"set": [self.encode(v, depth + 1) for v in value]}
        if type(value) is dict:
            return {"dict": [[self.encode(k, depth + 1), self.encode(v, depth + 1)]
                             for k, v in value.items()]}
        if type(value) is range:
            return {"range": [value.start, value.stop, value.step]}
        if isinstance(value, (types.GeneratorType, map, filter, zip)):
            return {"lazy": type(value).__name__}
        if _is_autodiff_value(value):
            return self._node(value, depth)
        reference = self.reference(value) if self.reference else None
        if reference:
            return {"course": reference}
        if isinstance(value, type) and value.__module__ in ("numpy", "builtins", "ml_dtypes"):
            return {"type": f"{value.__module__}.{value.__name__}"}
        if isinstance(value, np.dtype):
            return {"dtype": value.str}
        if self.save_model is not None and _is_keras_model(value):
            return {"keras": self.save_model(value)}
        if self.callbacks is not None and callable(value):
            self.callbacks.append(value)
            return {"callback": len(self.callbacks) - 1, "name": str(getattr(value, "__name__", ""))[:100],
                    "attributes": _plain_attributes(value)}
        attributes = {}
        for name in STANDIN_ATTRIBUTES:
            try:
                attribute = getattr(value, name)
                attributes[name] = self.encode(attribute, depth + 1)
            except Exception:  # noqa: BLE001 - an attribute that is absent or cannot cross
                continue
        return {"object": type(value).__name__[:100], "attributes": attributes}


    def _node(self, value, depth):
        """A course_utils.autodiff.Value: data, grad and parents, each node once per message;
        a node that came from the other side is named by its number there ("origin")."""
        if id(value) in self.origins:
            return {"origin": self.origins[id(value)]}
        if id(value) in self.nodes:
            return {"node": self.nodes[id(value)]}
        self.nodes[id(value)] = len(self.values)
        self.values.append(value)
        parents = [[self.encode(p, depth + 1), self.encode(float(d), depth + 1)] for p, d in value.parents]
        return {"node": self.nodes[id(value)], "data": repr(float(value.data)),
                "grad": repr(float(value.grad)), "parents": parents}


def _plain_attributes(value):
    """The public attributes of `value` that are plain numbers or strings (an activation's
    `name`, say), which a callable's stand-in carries."""
    found = {}
    for name in dir(value):
        if not name.startswith("_"):
            try:
                attribute = getattr(value, name)
            except Exception:  # noqa: BLE001 - a property that refuses
                continue
            if type(attribute) in (str, int, float, bool):
                found[name] = attribute
    return found


def _is_autodiff_value(value):
    return type(value).__name__ == "Value" and type(value).__module__.endswith("autodiff")


def _is_keras_model(value):
    return any(cls.__name__ in ("Model", "Sequential", "Functional") and
               cls.__module__.startswith("keras") for cls in type(value).__mro__)


def encode(value, save_model=None, reference=None, origins=None, callbacks=None):
    """(header, buffers, values) for `value`. `save_model(model) -> file name` lets Keras models
    cross; `reference(obj) -> "module:name"` names objects of the course both sides can import;
    `origins` maps id(Value) -> its number in the message it came in. `values`: the autodiff
    Values sent, in the order the other side numbers them. `callbacks`, a list, lets other
    callables cross: each is appended there, and the other side gets a stand-in that asks
    this side to call it (with values only)."""
    encoder = _Encoder(save_model, reference, origins, callbacks)
    header = encoder.encode(value)
    return header, encoder.buffers, encoder.values


def shifted(header, shift):
    """`header` with its buffer numbers moved up by `shift`, for several values in one message."""
    if isinstance(header, dict):
        return {k: (v + shift if k in ("array", "scalar") else shifted(v, shift))
                for k, v in header.items()}
    if isinstance(header, list):
        return [shifted(v, shift) for v in header]
    return header


def decode(header, buffers, load_model=None, resolve=None, originals=(), received=None,
           callback=None):
    """The value that `encode` described; raises WireError on anything malformed.
    `resolve("module:name")` finds a course object; `originals`: the Values this side sent
    (what "origin" numbers name); `received`, a dict, collects id(Value) -> number for the
    Values rebuilt here, so that sending them back names them as origins.
    `callback(number, name)` makes the stand-in for a callable of the other side."""
    items, nodes = [0], {}

    def build(node, depth):
        items[0] += 1
        if depth > MAX_DEPTH or items[0] > MAX_ITEMS or not isinstance(node, dict) or not node:
            raise WireError("malformed value")
        kind, payload = next(iter(node.items()))
        if kind == "v" and (payload is None or isinstance(payload, (bool, int, float))):
            return payload
        if kind == "str" and isinstance(payload, str):
            return payload
        if kind == "int" and isinstance(payload, str) and len(payload) < 5000:
            return int(payload)
        if kind == "float" and payload in ("nan", "inf", "-inf"):
            return float(payload)
        if kind == "complex":
            return complex(float(payload[0]), float(payload[1]))
        if kind == "ellipsis":
            return Ellipsis
        if kind in ("array", "scalar"):
            return _array(node, buffers, kind)
        if kind in ("list", "tuple", "set") and isinstance(payload, list):
            values = [build(v, depth + 1) for v in payload]
            return {"list": list, "tuple": tuple, "set": set}[kind](values)
        if kind == "dict" and isinstance(payload, list):
            return {build(k, depth + 1): build(v, depth + 1) for k, v in payload}
        if kind == "range":
            values = range(*(int(v) for v in payload))
            if len(values) > MAX_ITEMS:
                raise WireError("a range too long")
            return values
        if kind == "lazy":
            return {"map": map(abs, ()), "filter": filter(None, ()), "zip": zip()}.get(
                payload, (_ for _ in ()))
        if kind == "node":
            return _value_node(node, nodes, build, depth, received)
        if kind == "type" and payload in _TYPES:
            return _TYPES[payload]
        if kind == "type" and payload in ("ml_dtypes.bfloat16", "ml_dtypes.float8_e4m3fn",
                                          "ml_dtypes.float8_e5m2"):
            import ml_dtypes
            return getattr(ml_dtypes, payload.partition(".")[2])
        if kind == "dtype" and isinstance(payload, str):
            dtype = np.dtype(payload)
            if dtype.kind not in "biufc":
                raise WireError("only numeric dtypes cross")
            return dtype
        if kind == "callback" and callback is not None:
            attributes = {str(k): v for k, v in node.get("attributes", {}).items()
                          if str(k).isidentifier() and type(v) in (str, int, float, bool)}
            return callback(int(payload), str(node.get("name", "")), attributes)
        if kind == "origin":
            return originals[int(payload)]
        if kind == "course" and resolve is not None and isinstance(payload, str):
            return resolve(payload)
        if kind == "keras" and load_model is not None and isinstance(payload, str):
            return load_model(payload)
        if kind == "object" and isinstance(payload, str):
            attributes = node.get("attributes", {})
            return standin(payload, {k: build(v, depth + 1) for k, v in attributes.items()})
        raise WireError(f"malformed value of kind {kind!r}")

    try:
        return build(header, 0)
    except WireError:
        raise
    except (TypeError, ValueError, KeyError, IndexError, OverflowError, RecursionError) as err:
        raise WireError(f"malformed value ({type(err).__name__})") from None


def _value_node(node, nodes, build, depth, received):
    number = int(node["node"])
    if "data" not in node:
        return nodes[number]
    from course_utils.autodiff import Value
    value = Value(float(node["data"]))
    nodes[number] = value
    if received is not None:
        received[id(value)] = number
    value.grad = float(node["grad"])
    parents = [(build(p, depth + 1), build(d, depth + 1)) for p, d in node["parents"]]
    value.parents = tuple((p, float(d)) for p, d in parents if isinstance(p, Value))
    return value


def _array(node, buffers, kind):
    dtype = np.dtype(node["dtype"])
    if dtype.kind not in "biufc" or dtype.hasobject:
        raise WireError("arrays may hold only numbers")
    shape = tuple(int(n) for n in node["shape"])
    data = buffers[node[kind]]
    if any(n < 0 for n in shape) or math.prod(shape) * dtype.itemsize != len(data):
        raise WireError("array data of the wrong size")
    array = np.frombuffer(data, dtype=dtype).reshape(shape).copy()
    return array if kind == "array" else array[()]


# --- messages on file descriptors ---------------------------------------------------------------

def send(fd, message, buffers=(), write=os.write):
    """Write one message (a JSON-able dict and byte buffers) to the file descriptor;
    `write(fd, bytes) -> count` may wait with a deadline."""
    header = json.dumps(message, allow_nan=False).encode()
    parts = [struct.pack("<I", len(header)), header]
    parts += [p for b in buffers for p in (struct.pack("<Q", len(b)), b)]
    parts.insert(2, struct.pack("<I", len(buffers)))
    write_all(fd, b"".join(parts), write)


def write_all(fd, data, write=os.write):
    view = memoryview(data)
    while view:
        view = view[write(fd, view):]


def _read_exactly(read, size):
    chunks, left = [], size
    while left:
        chunk = read(left)
        if not chunk:
            raise EOFError("the other process closed the pipe")
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def receive(read):
    """Read one message with `read(n) -> bytes` (which may raise TimeoutError); return
    (message, buffers). Raises WireError for an oversized or malformed message, EOFError when
    the pipe closed."""
    (size,) = struct.unpack("<I", _read_exactly(read, 4))
    if size > MAX_HEADER:
        raise WireError("message header too large")
    try:
        message = json.loads(_read_exactly(read, size))
    except (ValueError, RecursionError):  # not UTF-8, not JSON, or a number too long
        raise WireError("message header is not JSON") from None
    (count,) = struct.unpack("<I", _read_exactly(read, 4))
    buffers, total = [], 0
    if count > MAX_ITEMS or not isinstance(message, dict):
        raise WireError("malformed message")
    for _ in range(count):
        (length,) = struct.unpack("<Q", _read_exactly(read, 8))
        total += length
        if total > MAX_BUFFERS:
            raise WireError("message data too large")
        buffers.append(_read_exactly(read, length))
    return message, buffers
