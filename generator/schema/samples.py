"""Example checking and schema-derived sample instances, for specs without (valid) examples.

Generated tests need a body to send and an answer to parse for every operation. A spec written
here carries examples, and they must match their schemas (``strict``). A published spec often
has none, or examples that break its own schema (strings for integers, a JSON *string* where an
object belongs). So every example is checked with the OpenAPI schema validator (3.0 ``nullable``
and 3.1 alike) plus pydantic's own reading of the formats the models enforce, and where no
valid example is left, :func:`sample` derives the smallest instance the schema accepts.

A derived instance is checked the same way; when none can be found (an unsatisfiable pattern, a
recursion with required fields), ``sample`` returns :data:`NO_SAMPLE` and tests that need one
are left out for that operation, with a warning.
"""

from __future__ import annotations

import contextvars
import datetime as _dt
import functools
import importlib
import re
import string
import uuid
import warnings
from collections.abc import Callable, Mapping
from typing import Any, Final, TypeVar, cast

from .constraints import type_allows
from .view import declared_type

__all__ = ["NO_SAMPLE", "TYPED_STRING_FORMATS", "ExampleChecker", "matches", "sample"]


class _NoSample:
    def __repr__(self) -> str:
        return "NO_SAMPLE"


NO_SAMPLE: Final = _NoSample()
"""What :func:`sample` returns when it cannot derive a valid instance."""

_MAX_DEPTH = 12

# Set by ExampleChecker.sample: does an instance satisfy a (sub)schema? (None: not checked.)
_BRANCH_CHECK: contextvars.ContextVar[Callable[[Any, Any], bool] | None] = contextvars.ContextVar(
    "specgen_branch_check", default=None
)


# The string formats the models give a Python type other than ``str``, as
# datamodel-code-generator maps them (decimal, integer and unix-time strings and ULIDs stay
# ``str``, see ``generator.models``; e-mail addresses and passwords too, see
# ``generator.ir.modeldoc``). The example checker reads them as the models do, and a string
# default on such a field would have the wrong type, so the models leave it out.
TYPED_STRING_FORMATS: Final = frozenset(
    {
        "binary",
        "date",
        "date-time",
        "date-time-local",
        "duration",
        "ipv4",
        "ipv4-network",
        "ipv6",
        "ipv6-network",
        "path",
        "time",
        "time-local",
        "timestamp with time zone",
        "uri",
        "uuid",
        "uuid1",
        "uuid2",
        "uuid3",
        "uuid4",
        "uuid5",
    }
)


def _format_types() -> dict[str, Any]:
    """The Python type of each of :data:`TYPED_STRING_FORMATS` but ``binary`` (bytes)."""
    import ipaddress
    import pathlib

    import pydantic

    return {
        "date": _dt.date,
        "date-time": _dt.datetime,
        "timestamp with time zone": _dt.datetime,
        "date-time-local": _dt.datetime,
        "time": _dt.time,
        "time-local": _dt.time,
        "duration": _dt.timedelta,
        "path": pathlib.Path,
        "uuid": uuid.UUID,
        "uuid1": pydantic.UUID1,
        "uuid2": uuid.UUID,
        "uuid3": pydantic.UUID3,
        "uuid4": pydantic.UUID4,
        "uuid5": pydantic.UUID5,
        "uri": pydantic.AnyUrl,
        "ipv4": ipaddress.IPv4Address,
        "ipv6": ipaddress.IPv6Address,
        "ipv4-network": ipaddress.IPv4Network,
        "ipv6-network": ipaddress.IPv6Network,
    }


@functools.cache
def _pydantic_format_checker() -> Any:
    """A format checker that reads a string's format the way the generated models do: as the
    Python type datamodel-code-generator gives that format, validated by pydantic. One per
    process (it holds nothing of a spec); each format's validator is built when a value of
    that format is first checked."""
    from jsonschema import FormatChecker

    checker = FormatChecker(formats=())
    for name in _format_types():

        def check(value: object, name: str = name) -> bool:
            import pydantic

            if not isinstance(value, str):
                return True
            try:
                _type_adapter(name).validate_python(value, strict=False)
            except pydantic.ValidationError:
                return False
            return True

        checker.checks(name)(check)
    return checker


@functools.cache
def _type_adapter(format_name: str) -> Any:
    """The pydantic validator of the Python type of strings of ``format_name``."""
    import pydantic

    return pydantic.TypeAdapter(_format_types()[format_name])


@functools.lru_cache(maxsize=4096)
def _linear_pattern(pattern: str) -> Any:
    """``pattern`` compiled by pydantic-core's Rust engine (linear time, search semantics, as
    JSON Schema's ``pattern``); ``None`` when that engine cannot compile it."""
    import pydantic_core

    try:
        return pydantic_core.SchemaValidator(pydantic_core.core_schema.str_schema(pattern=pattern))
    except pydantic_core.SchemaError:
        return None


def matches(pattern: str, text: str) -> bool:
    """Whether ``text`` matches ``pattern``, in time linear in ``text`` (never backtracking).

    A spec's pattern is input we do not control: Python's ``re`` can take exponential time on
    some (``(a+)+$``). Patterns only Python can compile (lookarounds) are taken to match: they
    are not checked here rather than checked without a time bound.
    """
    import pydantic_core

    compiled = _linear_pattern(pattern)
    if compiled is None:
        return True
    try:
        compiled.validate_python(text)
    except pydantic_core.ValidationError:
        return False
    return True


def has_linear_engine(pattern: str) -> bool:
    """Whether ``matches`` really checks ``pattern`` (pydantic-core's engine compiles it)."""
    return _linear_pattern(pattern) is not None


# Python's re backtracks: on a value of n characters its time grows like n to the power of
# the variable repeats in sequence, and exponentially once a repeat holds another one or an
# alternation (``(a|a)+``, ``(x+x+)+``). Six plain repeats on 16 characters stay in the
# tens of thousands of steps.
_MAX_PLAIN_REPEATS = 6


@functools.lru_cache(maxsize=4096)
def python_re_is_bounded(pattern: str) -> bool:
    """Whether Python's ``re`` runs ``pattern`` on a short value in bounded time, by the
    pattern's shape alone (so the answer never depends on the machine): at most
    ``_MAX_PLAIN_REPEATS`` variable repeats, none holding another repeat or an alternation."""
    # The parser Python's re itself uses (not public API, hence looked up by name).
    sre = importlib.import_module("re._constants")
    sre_parse = importlib.import_module("re._parser")

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # FutureWarning on a "[[" Python may read later
            tree = sre_parse.parse(pattern)
    except Exception:  # whatever the parser refuses is not bounded
        return False
    repeats = 0
    stack: list[tuple[Any, bool]] = [(tree, False)]
    while stack:
        items, in_repeat = stack.pop()
        for op, argument in items:
            if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
                low, high, body = argument
                variable = low != high
                if variable and in_repeat:
                    return False
                repeats += variable
                stack.append((body, in_repeat or variable))
            elif op is sre.BRANCH:
                if in_repeat:
                    return False
                stack.extend((branch, in_repeat) for branch in argument[1])
            elif op is sre.SUBPATTERN:
                stack.append((argument[-1], in_repeat))
            elif op in (sre.ASSERT, sre.ASSERT_NOT):
                stack.append((argument[1], in_repeat))
            elif op is sre.ATOMIC_GROUP:
                stack.append((argument, in_repeat))
            elif op is sre.GROUPREF_EXISTS:
                stack.extend((part, in_repeat) for part in argument[1:] if part is not None)
    return repeats <= _MAX_PLAIN_REPEATS


def _pattern_keyword(validator: Any, pattern: Any, instance: Any, schema: Any) -> Any:
    from jsonschema import ValidationError

    if isinstance(pattern, str) and isinstance(instance, str) and not matches(pattern, instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


def _pattern_properties_keyword(validator: Any, patterns: Any, instance: Any, schema: Any) -> Any:
    """jsonschema's ``patternProperties``, its names matched in linear time (see ``matches``)."""
    if not validator.is_type(instance, "object") or not isinstance(patterns, Mapping):
        return
    for pattern, subschema in patterns.items():
        for key, value in instance.items():
            if isinstance(key, str) and matches(str(pattern), key):
                yield from validator.descend(value, subschema, path=key, schema_path=pattern)


def _required_keyword(validator: Any, required: Any, instance: Any, schema: Any) -> Any:
    """``required`` as the models read it: every name listed, ``readOnly`` and ``writeOnly``
    members included (openapi-schema-validator's 3.0 validator lets those be missing, and an
    answer it judged valid failed against the model that requires them)."""
    from jsonschema import ValidationError

    if not validator.is_type(instance, "object") or not isinstance(required, list):
        return
    for name in required:
        if isinstance(name, str) and name not in instance:
            yield ValidationError(f"{name!r} is a required property")


def _implied_object(validator: Any, instance: Any, schema: Any) -> Any:
    """An error when ``schema`` is an object only by its members (no ``type``: see
    :func:`~.view.declared_type`) and ``instance`` is not one: the models make such a schema a
    class, which JSON Schema's reading (members apply to objects only) would let anything
    pass."""
    from jsonschema import ValidationError

    if declared_type(schema) == "object" and "type" not in schema:
        if not validator.is_type(instance, "object"):
            yield ValidationError(f"{instance!r} is not of type 'object'")


def _implying_object(check: Any) -> Any:
    """The keyword function ``check`` (jsonschema's ``properties``), with
    :func:`_implied_object` first."""

    def keyword(validator: Any, value: Any, instance: Any, schema: Any) -> Any:
        yield from _implied_object(validator, instance, schema)
        yield from check(validator, value, instance, schema)

    return keyword


def _additional_properties_keyword(validator: Any, extra: Any, instance: Any, schema: Any) -> Any:
    """jsonschema's ``additionalProperties``, telling members ``patternProperties`` covers in
    linear time (jsonschema's own test joins the patterns into one ``re`` search)."""
    from jsonschema import ValidationError

    if "properties" not in schema:  # else ``properties`` said it
        yield from _implied_object(validator, instance, schema)
    if not validator.is_type(instance, "object"):
        return
    declared = schema.get("properties") or {}
    patterns = [str(pattern) for pattern in schema.get("patternProperties") or {}]
    extras = sorted(
        (
            key
            for key in instance
            if key not in declared
            and not (isinstance(key, str) and any(matches(p, key) for p in patterns))
        ),
        key=str,
    )
    if validator.is_type(extra, "object"):
        for key in extras:
            yield from validator.descend(instance[key], extra, path=key)
    elif extra is False and extras:
        names = ", ".join(repr(key) for key in extras)
        verb = "was" if len(extras) == 1 else "were"
        yield ValidationError(f"Additional properties are not allowed ({names} {verb} unexpected)")


class ExampleChecker:
    """Validates instances against schemas of one spec (refs resolved within the document)."""

    def __init__(self, document: Mapping[str, Any], openapi_version: str) -> None:
        from jsonschema.validators import extend
        from openapi_schema_validator import OAS30Validator, OAS31Validator
        from referencing import Registry
        from referencing.jsonschema import DRAFT4, DRAFT202012

        is_30 = openapi_version.startswith("3.0")
        base = OAS30Validator if is_30 else OAS31Validator
        # Spec patterns in linear time: jsonschema's own checks use ``re`` (see ``matches``).
        self._validator_cls: Any = cast(Any, extend)(
            base,
            {
                "pattern": _pattern_keyword,
                "patternProperties": _pattern_properties_keyword,
                "additionalProperties": _additional_properties_keyword,
                "properties": _implying_object(base.VALIDATORS["properties"]),
                "required": _required_keyword,
            },
        )
        specification = DRAFT4 if is_30 else DRAFT202012
        self._root = "urn:specgen:spec"
        resource = specification.create_resource(_discriminated(document))
        self._registry: Any = Registry().with_resource(self._root, resource)
        self._format_checker = _pydantic_format_checker()
        self._document = document

    def errors(self, schema: Any, instance: Any) -> list[str]:
        """Why ``instance`` does not match ``schema`` (empty: it does); at most three reasons."""
        if not isinstance(schema, (Mapping, bool)):
            return []
        schema = self._rebased(_discriminated(schema))
        try:
            validator = self._validator_cls(
                schema, registry=self._registry, format_checker=self._format_checker
            )
            found = []
            for error in validator.iter_errors(instance):
                where = "/".join(str(p) for p in error.absolute_path) or "(root)"
                found.append(f"{where}: {' '.join(str(error.message).split())[:160]}")
                if len(found) >= 3:
                    break
            return found
        except RecursionError:
            return ["the schema nests too deeply to check"]
        except Exception as exc:  # an unreadable schema: no example can be trusted against it
            return [f"cannot check: {' '.join(str(exc).split())[:160]}"]

    def _rebased(self, node: Any) -> Any:
        """A copy of ``node`` whose local ``$ref``s point into the spec document's resource."""
        if isinstance(node, Mapping):
            copied = {key: self._rebased(value) for key, value in node.items()}
            ref = copied.get("$ref")
            if isinstance(ref, str) and ref.startswith("#"):
                copied["$ref"] = self._root + ref
            return copied
        if isinstance(node, list):
            return [self._rebased(value) for value in node]
        return node

    def sample(self, schema: Any) -> Any:
        """A valid instance of ``schema`` (see :func:`sample`), checked; or :data:`NO_SAMPLE`.

        While it runs, a ``oneOf``/``anyOf`` branch is taken only if its instance satisfies
        the whole composition (a minimal instance of one branch often matches two, which
        ``oneOf`` forbids), so the next branch gets its turn.
        """
        token = _BRANCH_CHECK.set(lambda part, value: not self.errors(part, value))
        try:
            value = sample(schema, self._document)
        finally:
            _BRANCH_CHECK.reset(token)
        if value is NO_SAMPLE or self.errors(schema, value):
            return NO_SAMPLE
        return value


def _discriminated(node: Any, depth: int = 0) -> Any:
    """``node`` with every ``oneOf`` that has a ``discriminator`` read as ``anyOf``.

    In OpenAPI the discriminator's tag picks the branch, so an instance that two branches'
    schemas both accept (``{"kind": "cat"}`` for Cat and Dog, each extending Pet) is valid;
    plain JSON Schema ``oneOf`` would reject it. Unchanged parts are shared, not copied.
    """
    if depth > 200:
        return node
    if isinstance(node, Mapping):
        changed = {key: _discriminated(value, depth + 1) for key, value in node.items()}
        if "discriminator" in changed and isinstance(changed.get("oneOf"), list):
            changed["anyOf"] = changed.pop("oneOf")
        same = len(changed) == len(node) and all(
            key in node and changed[key] is node[key] for key in changed
        )
        return node if same else changed
    if isinstance(node, list):
        items = [_discriminated(value, depth + 1) for value in node]
        return node if all(a is b for a, b in zip(items, node)) else items
    return node


def _resolve(document: Mapping[str, Any], ref: str) -> Any:
    from .pointer import ref_pointer, resolve_pointer

    try:
        return resolve_pointer(document, ref_pointer(ref))
    except (KeyError, IndexError, ValueError, TypeError):
        return None


def sample(schema: Any, document: Mapping[str, Any], depth: int = 0) -> Any:
    """The simplest instance of ``schema``: required properties only, lower bounds, first enum.

    Deterministic (no randomness), so generated tests are byte-identical run to run.
    """
    if depth > _MAX_DEPTH:
        return NO_SAMPLE
    if schema is True or schema == {}:
        return "sample"
    if not isinstance(schema, Mapping):
        return NO_SAMPLE
    if isinstance(schema.get("$ref"), str):
        target = _resolve(document, schema["$ref"])
        return NO_SAMPLE if target is None else sample(target, document, depth + 1)
    declared = schema.get("type")
    for key in ("example", "default"):
        # nytimes' year, ``{type: integer, default: "2016", minimum: 1851}``: a value of
        # another type is no instance (the limits give one below).
        if key in schema and schema[key] is not None:
            if not isinstance(declared, str | list) or type_allows(declared, schema[key]):
                return schema[key]
    if isinstance(schema.get("examples"), list) and schema["examples"]:
        return schema["examples"][0]
    if "const" in schema:
        return schema["const"]
    if isinstance(schema.get("enum"), list) and schema["enum"]:
        return next((v for v in schema["enum"] if v is not None), schema["enum"][0])
    if isinstance(schema.get("allOf"), list):
        flat = _flattened_object(schema, document, depth)
        if flat is not None:
            # One object: a name one part requires and another declares gets the declared type.
            return _object(flat, document, depth)
        merged: dict[str, Any] = {}
        for part in schema["allOf"]:
            value = sample(part, document, depth + 1)
            if value is NO_SAMPLE:
                return NO_SAMPLE
            if isinstance(value, Mapping):
                merged.update(value)
            elif len(schema["allOf"]) == 1:
                return value
        return merged
    for key in ("oneOf", "anyOf"):
        branches = schema.get(key)
        if isinstance(branches, list):
            check = _BRANCH_CHECK.get()
            fallback: Any = NO_SAMPLE
            for branch in branches:
                if isinstance(branch, Mapping) and branch.get("type") == "null":
                    continue
                value = sample(branch, document, depth + 1)
                if value is NO_SAMPLE:
                    continue
                if check is None or check(schema, value):
                    return value
                if fallback is NO_SAMPLE:
                    fallback = value  # the first branch's, as without a check
                # The minimal instance fits several branches (``[]`` fits every array): one
                # with an item tells them apart.
                fuller = _with_an_item(branch, document, depth + 1)
                if fuller is not NO_SAMPLE and check(schema, fuller):
                    return fuller
            if fallback is not NO_SAMPLE:
                return fallback
            return None if branches else NO_SAMPLE
    kind = schema.get("type")
    if isinstance(kind, list):
        kinds = [k for k in kind if k != "null"]
        kind = kinds[0] if kinds else "null"
    if kind is None:
        kind = "object" if ("properties" in schema or "required" in schema) else "string"
    return _SCALAR_SAMPLERS.get(str(kind), _no_sample)(schema, document, depth)


def _with_an_item(schema: Any, document: Mapping[str, Any], depth: int) -> Any:
    """An instance of array schema ``schema`` with (at least) one item, or :data:`NO_SAMPLE`."""
    if isinstance(schema, Mapping) and isinstance(schema.get("$ref"), str):
        schema = _resolve(document, schema["$ref"])
    if not isinstance(schema, Mapping) or schema.get("type") != "array":
        return NO_SAMPLE
    return sample({**schema, "minItems": max(1, _get(schema, "minItems", int, 0))}, document, depth)


def _flattened_object(
    schema: Mapping[str, Any], document: Mapping[str, Any], depth: int
) -> dict[str, Any] | None:
    """An ``allOf`` of object schemas as one object schema (properties and required merged,
    later parts winning); ``None`` when a part is not an object schema."""
    if depth > _MAX_DEPTH:
        return None
    properties: dict[str, Any] = {}
    required: list[str] = []
    parts = [{k: v for k, v in schema.items() if k != "allOf"}, *schema["allOf"]]
    for part in parts:
        if isinstance(part, Mapping) and isinstance(part.get("$ref"), str):
            part = _resolve(document, part["$ref"])
        if not isinstance(part, Mapping):
            return None
        if isinstance(part.get("allOf"), list):
            part = _flattened_object(part, document, depth + 1)
            if part is None:
                return None
        kind = part.get("type")
        if kind not in (None, "object") or any(k in part for k in ("oneOf", "anyOf", "enum")):
            return None
        if isinstance(part.get("properties"), Mapping):
            properties.update(part["properties"])
        required += [name for name in part.get("required") or [] if isinstance(name, str)]
    return {"type": "object", "properties": properties, "required": list(dict.fromkeys(required))}


_T = TypeVar("_T")


def _get(schema: Mapping[str, Any], key: str, kind: type[_T], default: _T) -> _T:
    """``schema[key]`` when it is a ``kind``, else ``default`` (a malformed keyword is ignored)."""
    value = schema.get(key)
    return value if isinstance(value, kind) else default


def _no_sample(schema: Mapping[str, Any], document: Mapping[str, Any], depth: int) -> Any:
    return NO_SAMPLE


def _object(schema: Mapping[str, Any], document: Mapping[str, Any], depth: int) -> Any:
    properties: dict[str, Any] = _get(schema, "properties", dict, {})
    required = [r for r in _get(schema, "required", list, []) if isinstance(r, str)]
    result: dict[str, Any] = {}
    for name in required:
        value = sample(properties.get(name, {}), document, depth + 1)
        if value is NO_SAMPLE:
            return NO_SAMPLE
        result[name] = value
    for name in sorted(set(properties) - set(result)):
        # A one-value tag ("type": "track") costs nothing and is what a discriminated union
        # (and datamodel-code-generator's Literal field for it) needs to tell the branches apart.
        target = properties[name]
        if isinstance(target, Mapping) and isinstance(target.get("$ref"), str):
            target = _resolve(document, target["$ref"])
        if isinstance(target, Mapping):
            if "const" in target:
                result[name] = target["const"]
            elif isinstance(target.get("enum"), list) and len(target["enum"]) == 1:
                result[name] = target["enum"][0]
    minimum = schema.get("minProperties")
    if isinstance(minimum, int) and len(result) < minimum:
        for name in sorted(set(properties) - set(result)):
            value = sample(properties[name], document, depth + 1)
            if value is not NO_SAMPLE:
                result[name] = value
            if len(result) >= minimum:
                break
    return result


def _array(schema: Mapping[str, Any], document: Mapping[str, Any], depth: int) -> Any:
    count = _get(schema, "minItems", int, 0)
    prefix = _get(schema, "prefixItems", list, [])
    items: list[Any] = []
    for part in prefix:
        value = sample(part, document, depth + 1)
        if value is NO_SAMPLE:
            return NO_SAMPLE
        items.append(value)
    while len(items) < count:
        value = sample(schema.get("items", {}), document, depth + 1)
        if value is NO_SAMPLE:
            return NO_SAMPLE
        items.append(value)
    return items


def _number(schema: Mapping[str, Any], document: Mapping[str, Any], depth: int) -> Any:
    integer = schema.get("type") == "integer" or (
        isinstance(schema.get("type"), list) and "integer" in schema["type"]
    )
    low = schema.get("minimum")
    exclusive = schema.get("exclusiveMinimum")
    if isinstance(exclusive, (int, float)) and not isinstance(exclusive, bool):
        low = exclusive + (1 if integer else 0.5)
    elif exclusive is True and isinstance(low, (int, float)):
        low = low + (1 if integer else 0.5)
    high = schema.get("maximum")
    value: float = low if isinstance(low, (int, float)) else 1
    if isinstance(high, (int, float)) and value > high:
        value = high
    step = schema.get("multipleOf")
    if isinstance(step, (int, float)) and step > 0 and not isinstance(step, bool):
        value = step * max(1, -(-value // step))
    if integer:
        return int(value)
    return value


_FORMAT_SAMPLES: Final[dict[str, str]] = {
    "date": "2024-01-31",
    "date-time": "2024-01-31T12:00:00Z",
    "timestamp with time zone": "2024-01-31T12:00:00Z",
    "time": "12:00:00",
    "uuid": "123e4567-e89b-12d3-a456-426614174000",
    "uuid1": "123e4567-e89b-12d3-a456-426614174000",
    "uuid2": "123e4567-e89b-22d3-a456-426614174000",
    "uuid3": "123e4567-e89b-32d3-a456-426614174000",
    "uuid4": "123e4567-e89b-42d3-a456-426614174000",
    "uuid5": "123e4567-e89b-52d3-a456-426614174000",
    "date-time-local": "2024-01-31T12:00:00",
    "time-local": "12:00:00",
    "decimal": "30.15",
    "integer": "1",
    "unixtime": "1706702400",
    "ipv4-network": "192.0.2.0/24",
    "ipv6-network": "2001:db8::/32",
    "email": "user@example.com",
    "idn-email": "user@example.com",
    "uri": "https://example.com/",
    "url": "https://example.com/",
    "uri-reference": "https://example.com/",
    "iri": "https://example.com/",
    "hostname": "example.com",
    "ipv4": "192.0.2.1",
    "ipv6": "2001:db8::1",
    "byte": "c2FtcGxl",
    "duration": "P1D",
    "ulid": "01ARZ3NDEKTSV4RRFFQ69G5FAV",
}


def _string(schema: Mapping[str, Any], document: Mapping[str, Any], depth: int) -> Any:
    fmt = schema.get("format")
    candidates = [_FORMAT_SAMPLES[fmt]] if isinstance(fmt, str) and fmt in _FORMAT_SAMPLES else []
    low = _get(schema, "minLength", int, 0)
    given = schema.get("maxLength")
    high = given if isinstance(given, int) else None
    candidates += ["sample", "A" * max(low, 1), "1" * max(low, 1), "a" * max(low, 1)]
    pattern = schema.get("pattern")
    for text in candidates:
        if len(text) < low:
            text = text + "a" * (low - len(text))
        if high is not None and len(text) > high:
            text = text[:high]
        if isinstance(pattern, str) and not matches(pattern, text):
            continue
        return text
    if isinstance(pattern, str):
        found = _pattern_sample(pattern, low, high)
        if found is not None:
            return found
    return NO_SAMPLE


# A pattern asking for thousands of repetitions is not worth a sample (nor the memory).
_HUGE_REPEAT = re.compile(r"\{\s*\d{4,}")


def _pattern_sample(pattern: str, low: int, high: int | None) -> str | None:
    """A string matching ``pattern`` within the length bounds, made by rstr's ``xeger`` from a
    fixed seed (the same string on every run and machine); ``None`` when it cannot make one."""
    if len(pattern) > 1000 or _HUGE_REPEAT.search(pattern):
        return None
    import random

    import rstr

    # ``.`` as letters and digits, not rstr's default of every printable character: a control
    # character such as ``\r`` matches ``.`` in Python but not in JavaScript (Prism), and
    # has no place in a header or query value anyway.
    generator = rstr.Rstr(random.Random(0), printable=string.ascii_letters + string.digits)
    for _attempt in range(8):
        try:
            text = generator.xeger(pattern)
        except Exception:  # a construct rstr cannot invert (lookarounds, backreferences ...)
            return None
        if low <= len(text) <= (high if high is not None else 10_000) and matches(pattern, text):
            return text
    return None


def _boolean(schema: Mapping[str, Any], document: Mapping[str, Any], depth: int) -> Any:
    return True


def _null(schema: Mapping[str, Any], document: Mapping[str, Any], depth: int) -> Any:
    return None


_SCALAR_SAMPLERS: Final[dict[str, Any]] = {
    "object": _object,
    "array": _array,
    "integer": _number,
    "number": _number,
    "string": _string,
    "boolean": _boolean,
    "null": _null,
}


def bad_schema_examples(
    data: dict[str, Any], checker: ExampleChecker
) -> list[tuple[str, dict[str, Any], str, str]]:
    """Schema-level examples that break their own schema, as ``(pointer, schema, key, reason)``.

    ``key`` is ``example`` or ``examples``. A schema's example is where generated tests and
    derived instances look first, so one that breaks the schema's own rules (``maxLength: 2``
    beside ``"Doe"``) would make the package's own tests fail.
    """
    from .walk import all_schema_roots, iter_schemas

    found: list[tuple[str, dict[str, Any], str, str]] = []
    seen: set[int] = set()
    for root_pointer, root in all_schema_roots(data):
        for pointer, schema in iter_schemas(root, root_pointer):
            if id(schema) in seen or not ("example" in schema or "examples" in schema):
                continue
            seen.add(id(schema))
            bare = {k: v for k, v in schema.items() if k not in ("example", "examples")}
            values = []
            if schema.get("example") is not None:
                values.append(("example", schema["example"]))
            if isinstance(schema.get("examples"), list):
                values += [("examples", value) for value in schema["examples"]]
            for key, value in values:
                problems = checker.errors(bare, value)
                if problems:
                    found.append((f"{pointer}/{key}", schema, key, problems[0]))
                    break
    return found
