"""What a caller of a generated package can see, read from the generated source itself.

The truth side of the diff's self-consistency test (``test_consistency.py``): the package
``specgen generate`` builds, reduced with Python's own parser to what a caller's code depends
on, and judged by plain rules written here, independently of ``generator.diff``:

- the client: each method's parameters (name, annotation, required) and return annotation,
  the constructor's keyword arguments, the environments;
- the models: each class's bases and configuration, each field's annotation (its type,
  whether it admits ``None``, its ``Field(...)`` constraints) and default, the names its
  not-null check refuses ``None`` for, its validators (the conditional rules), enum members.

A change is *breaking* when code written against the old package can stop working: something
it names is gone, or something it passes is refused (input models, method arguments), or
something it reads may now be of another type or ``None`` (output models, return values).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

__all__ = ["Package", "Truth", "public_surface", "truth"]

# Field(...) arguments that document rather than constrain.
_DOCUMENTING = frozenset({"alias", "description", "examples", "title", "default", "deprecated"})
_LOWER_BOUNDS = frozenset({"ge", "gt", "min_length", "min_items"})
_UPPER_BOUNDS = frozenset({"le", "lt", "max_length", "max_items"})


@dataclass(frozen=True)
class Param:
    annotation: str
    required: bool
    default: str = ""


@dataclass(frozen=True)
class Method:
    params: dict[str, Param]
    returns: str


@dataclass(frozen=True)
class FieldInfo:
    wire: str
    type: str
    """The annotation without ``None`` and without ``Annotated`` metadata."""
    none: bool
    """Whether the annotation admits ``None``."""
    constraints: dict[str, str]
    has_default: bool
    default: str


@dataclass
class ModelClass:
    bases: str
    config: str = ""
    fields: dict[str, FieldInfo] = field(default_factory=dict)
    members: dict[str, str] = field(default_factory=dict)
    not_null: frozenset[str] = frozenset()
    validators: dict[str, str] = field(default_factory=dict)

    @property
    def is_enum(self) -> bool:
        return "Enum" in self.bases


@dataclass
class Package:
    methods: dict[str, Method] = field(default_factory=dict)
    init: dict[str, Param] = field(default_factory=dict)
    environments: dict[str, str] = field(default_factory=dict)
    classes: dict[str, ModelClass] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)
    checks: dict[str, dict[str, FieldInfo]] = field(default_factory=dict)
    """Method name → the argument checks made before sending (``_<Method>Parameters``)."""
    webhooks: dict[str, str] = field(default_factory=dict)
    """``parse_webhook`` names → payload class."""
    requirements: dict[str, frozenset[frozenset[str]]] = field(default_factory=dict)
    """Method name → the sets of schemes (keys of ``_AUTH``) any one of which authenticates
    its calls (``{frozenset()}``: sent without credentials)."""


def _strip_none(node: ast.expr) -> tuple[ast.expr | None, bool]:
    """``node`` without a ``None`` member of its union, and whether it had one."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        left, left_none = _strip_none(node.left)
        right, right_none = _strip_none(node.right)
        if left is None:
            return right, True
        if right is None:
            return left, True
        return ast.BinOp(left, ast.BitOr(), right), left_none or right_none
    if isinstance(node, ast.Constant) and node.value is None:
        return None, True
    return node, False


def _field(item: ast.AnnAssign) -> FieldInfo:
    annotation: ast.expr = item.annotation
    constraints: dict[str, str] = {}
    wire = ""
    if isinstance(annotation, ast.Subscript) and ast.unparse(annotation.value) == "Annotated":
        parts = annotation.slice.elts if isinstance(annotation.slice, ast.Tuple) else []
        annotation = parts[0]
        for meta in parts[1:]:
            if isinstance(meta, ast.Call):
                for keyword in meta.keywords:
                    if keyword.arg == "alias" and isinstance(keyword.value, ast.Constant):
                        wire = str(keyword.value.value)
                    elif keyword.arg and keyword.arg not in _DOCUMENTING:
                        constraints[keyword.arg] = ast.unparse(keyword.value)
    stripped, none = _strip_none(annotation)
    assert isinstance(item.target, ast.Name)
    return FieldInfo(
        wire=wire or item.target.id,
        type=ast.unparse(stripped) if stripped is not None else "None",
        none=none,
        constraints=constraints,
        has_default=item.value is not None,
        default=ast.unparse(item.value) if item.value is not None else "",
    )


def _not_null_names(function: ast.FunctionDef) -> frozenset[str]:
    names: set[str] = set()
    for call in ast.walk(function):
        if isinstance(call, ast.Call) and ast.unparse(call.func) == "check_not_null":
            for keyword in call.keywords:
                if keyword.arg == "names" and isinstance(keyword.value, ast.Tuple):
                    names.update(
                        str(e.value) for e in keyword.value.elts if isinstance(e, ast.Constant)
                    )
    return frozenset(names)


def _model_class(node: ast.ClassDef) -> ModelClass:
    model = ModelClass(bases=", ".join(ast.unparse(base) for base in node.bases))
    for item in node.body:
        if isinstance(item, ast.Assign) and len(item.targets) == 1:
            target = item.targets[0]
            if isinstance(target, ast.Name) and target.id == "model_config":
                model.config = ast.unparse(item.value)
            elif isinstance(target, ast.Name) and not target.id.startswith("_"):
                model.members[target.id] = ast.unparse(item.value)
        elif isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name):
            if not item.target.id.startswith("_") and item.target.id != "model_config":
                model.fields[item.target.id] = _field(item)
        elif isinstance(item, ast.FunctionDef):
            if item.name == "_not_null":
                model.not_null = _not_null_names(item)
            else:
                model.validators[item.name] = ast.unparse(item)
    return model


def _method(function: ast.FunctionDef | ast.AsyncFunctionDef) -> Method:
    arguments = function.args
    params: dict[str, Param] = {}
    positional = [*arguments.posonlyargs, *arguments.args][1:]  # without self
    first_default = len(positional) - len(arguments.defaults)
    for index, argument in enumerate(positional):
        annotation = ast.unparse(argument.annotation) if argument.annotation else ""
        params[argument.arg] = Param(annotation, required=index < first_default)
    for argument, default in zip(arguments.kwonlyargs, arguments.kw_defaults, strict=True):
        annotation = ast.unparse(argument.annotation) if argument.annotation else ""
        value = ast.unparse(default) if default is not None else ""
        params[argument.arg] = Param(annotation, required=default is None, default=value)
    return Method(params, ast.unparse(function.returns) if function.returns else "")


def _requirements(client: ast.Module) -> dict[str, frozenset[frozenset[str]]]:
    """What authenticates each method's calls, read from ``_AUTH`` and its ``OperationSpec``:
    its ``security`` alternatives, else the first scheme (none when not ``authenticated``)."""
    schemes: list[str] = []
    specs: dict[str, dict[str, ast.expr]] = {}
    for node in client.body:
        value = node.value if isinstance(node, (ast.Assign, ast.AnnAssign)) else None
        target = node.targets[0] if isinstance(node, ast.Assign) else getattr(node, "target", None)
        if not isinstance(target, ast.Name) or value is None:
            continue
        if target.id == "_AUTH" and isinstance(value, ast.Dict):
            schemes = [str(ast.literal_eval(key)) for key in value.keys if key is not None]
        elif isinstance(value, ast.Call) and getattr(value.func, "id", "") == "OperationSpec":
            specs[target.id[1:].lower()] = {k.arg: k.value for k in value.keywords if k.arg}
    found: dict[str, frozenset[frozenset[str]]] = {}
    for method, keywords in specs.items():
        authenticated = ast.literal_eval(keywords.get("authenticated", ast.Constant(True)))
        if not authenticated or not schemes:
            found[method] = frozenset({frozenset()})
        elif "security" in keywords:
            alternatives = ast.literal_eval(keywords["security"])
            found[method] = frozenset(frozenset(keys) for keys in alternatives)
        else:
            found[method] = frozenset({frozenset({schemes[0]})})
    return found


def public_surface(files: Mapping[str, str], package: str) -> Package:
    """The surface of the package whose rendered files are ``files`` (path -> text)."""
    root = f"src/{package}"
    surface = Package()
    client = ast.parse(files[f"{root}/client.py"])
    surface.requirements = _requirements(client)
    for node in client.body:
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            if node.target.id == "ENVIRONMENTS" and isinstance(node.value, ast.Dict):
                for key, value in zip(node.value.keys, node.value.values, strict=True):
                    if isinstance(key, ast.Constant):
                        surface.environments[str(key.value)] = ast.unparse(value)
        if isinstance(node, ast.ClassDef) and re.fullmatch(r"_\w+Parameters", node.name):
            camel = node.name[1 : -len("Parameters")]
            method = re.sub(r"(?<!^)([A-Z])", r"_\1", camel).lower()
            surface.checks[method] = {
                item.target.id: _field(item)
                for item in node.body
                if isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name)
            }
        if isinstance(node, ast.ClassDef) and node.name == "Client":
            for item in node.body:
                if isinstance(item, ast.FunctionDef) and item.name == "__init__":
                    surface.init = _method(item).params
                elif isinstance(item, ast.FunctionDef) and not item.name.startswith("_"):
                    surface.methods[item.name] = _method(item)
    webhooks = files.get(f"{root}/webhooks.py")
    for node in ast.parse(webhooks).body if webhooks else []:
        # _PAYLOADS: webhook name → payload class name (WEBHOOKS looks each class up in models)
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Dict):
            for key, value in zip(node.value.keys, node.value.values, strict=True):
                if isinstance(key, ast.Constant) and isinstance(value, ast.Constant):
                    surface.webhooks[str(key.value)] = f"models.{value.value}"
    models = "\n".join(
        text for path, text in sorted(files.items()) if path.startswith(f"{root}/models/")
    )
    for node in ast.parse(models).body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
            if isinstance(target, ast.Name) and not target.id.startswith("_"):
                surface.aliases[target.id] = ast.unparse(node.value)
        elif isinstance(node, ast.ClassDef) and not node.name.startswith("_"):
            surface.classes[node.name] = _model_class(node)
    return surface


# --------------------------------------------------------------------------- the judgement


@dataclass(frozen=True)
class Truth:
    """What changed for a caller: ``symbol -> breaking?`` (symbols as the diff names them,
    without the package: ``Client.create_contract``, ``models.Customer.initials``)."""

    changes: dict[str, bool]
    causes: dict[str, frozenset[str]] = field(default_factory=dict)
    """Symbol → the model classes its old and new types mention: a field whose type changed
    because a class it uses changed is reported at that class."""

    @property
    def breaking(self) -> bool:
        return any(self.changes.values())


def _names_in(annotation: str) -> set[str]:
    try:
        tree = ast.parse(annotation, mode="eval")
    except SyntaxError:
        return set()
    names = {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}
    return names | {node.attr for node in ast.walk(tree) if isinstance(node, ast.Attribute)}


def _names_in_types(text: str) -> set[str]:
    return set(re.findall(r"[A-Za-z_]\w*", text))


def _roles(surface: Package) -> dict[str, tuple[bool, bool]]:
    """``class -> (input, output)``: reachable from a method's arguments and/or its return
    value; a class reachable from neither is judged as both (a caller may build and read it)."""
    inputs = {
        n
        for m in surface.methods.values()
        for p in m.params.values()
        for n in _names_in(p.annotation)
    }
    outputs = {n for m in surface.methods.values() for n in _names_in(m.returns)}

    def closure(roots: set[str]) -> set[str]:
        seen: set[str] = set()
        todo = [name for name in roots if name in surface.classes]
        while todo:
            name = todo.pop()
            if name in seen:
                continue
            seen.add(name)
            model = surface.classes[name]
            mentioned = _names_in(model.bases)
            for info in model.fields.values():
                mentioned |= _names_in(info.type)
            todo += [n for n in mentioned if n in surface.classes]
        return seen

    ins, outs = closure(inputs), closure(outputs)
    return {
        name: (name in ins or name not in outs, name in outs or name not in ins)
        for name in surface.classes
    }


def _literal_members(annotation: str) -> set[str] | None:
    try:
        tree = ast.parse(annotation, mode="eval").body
    except SyntaxError:
        return None
    if isinstance(tree, ast.Subscript) and ast.unparse(tree.value) == "Literal":
        elements = tree.slice.elts if isinstance(tree.slice, ast.Tuple) else [tree.slice]
        return {ast.unparse(e) for e in elements}
    return None


def _type_change_breaks(old: str, new: str, *, on_input: bool, on_output: bool) -> bool:
    """A type changed: only a ``Literal`` widened (input) or narrowed (output) is safe."""
    before, after = _literal_members(old), _literal_members(new)
    if before is not None and after is not None:
        return (on_input and not before <= after) or (on_output and not after <= before)
    if (old, new) == ("int", "float"):
        return on_output  # every int is a valid float; readers may now get 1.5
    if (old, new) == ("float", "int"):
        return on_input
    return True


def _tightened(name: str, old: str | None, new: str | None) -> bool:
    if new is None:
        return False
    if old is None:
        return True
    try:
        before, after = float(ast.literal_eval(old)), float(ast.literal_eval(new))
    except (ValueError, TypeError, SyntaxError):
        return old != new
    if name in _LOWER_BOUNDS:
        return after > before
    if name in _UPPER_BOUNDS:
        return after < before
    return old != new  # a pattern, a multiple_of ...


def _field_breaks(
    old: FieldInfo,
    new: FieldInfo,
    old_model: ModelClass,
    new_model: ModelClass,
    *,
    on_input: bool,
    on_output: bool,
) -> bool:
    if old.type != new.type and _type_change_breaks(
        old.type, new.type, on_input=on_input, on_output=on_output
    ):
        return True
    if on_input:
        if old.has_default and not new.has_default:
            return True  # now required
        accepted = old.none and old.wire not in old_model.not_null
        if accepted and not (new.none and new.wire not in new_model.not_null):
            return True  # None refused now
        if any(
            _tightened(name, old.constraints.get(name), new.constraints.get(name))
            for name in set(old.constraints) | set(new.constraints)
        ):
            return True
    if on_output and new.none and not old.none:
        return True  # readers may now get None
    return False


def _model_changes(
    name: str, old: ModelClass, new: ModelClass, role: tuple[bool, bool]
) -> Iterator[tuple[str, bool]]:
    on_input, on_output = role
    prefix = f"models.{name}"
    if old.is_enum != new.is_enum:
        yield prefix, True
    if old.bases != new.bases or old.config != new.config:
        closed = "RequestModel" in new.bases or "forbid" in new.config
        was_closed = "RequestModel" in old.bases or "forbid" in old.config
        yield prefix, on_input and closed and not was_closed
    for member in sorted(set(old.members) | set(new.members)):
        if old.members.get(member) != new.members.get(member):
            yield f"{prefix}.{member}", member not in new.members
    for attribute in sorted(set(old.fields) | set(new.fields)):
        before, after = old.fields.get(attribute), new.fields.get(attribute)
        if before == after:
            continue
        symbol = f"{prefix}.{attribute}"
        if after is None:
            yield symbol, True
        elif before is None:
            yield symbol, on_input and not after.has_default
        else:
            yield symbol, _field_breaks(
                before, after, old, new, on_input=on_input, on_output=on_output
            )
    existing = {info.wire for info in old.fields.values()}
    if (new.not_null - old.not_null) & existing:
        yield prefix, on_input  # an explicit null refused now
    for validator in sorted(set(old.validators) | set(new.validators)):
        if old.validators.get(validator) != new.validators.get(validator):
            yield prefix, on_input and validator in new.validators


def _method_breaks(old: Method, new: Method) -> bool:
    if old.returns != new.returns:
        return True
    for name, param in new.params.items():
        before = old.params.get(name)
        if before is None:
            if param.required:
                return True
        elif param.required and not before.required:
            return True
        elif param.annotation != before.annotation and _type_change_breaks(
            before.annotation, param.annotation, on_input=True, on_output=False
        ):
            return True
    return bool(set(old.params) - set(new.params))


def _client_changes(old: Package, new: Package) -> Iterator[tuple[str, bool]]:
    for name in sorted(set(old.methods) | set(new.methods)):
        before, after = old.methods.get(name), new.methods.get(name)
        if before != after:
            breaks = after is None or (before is not None and _method_breaks(before, after))
            yield f"Client.{name}", breaks
    for name in sorted(set(old.init) | set(new.init)):
        was, now = old.init.get(name), new.init.get(name)
        if was == now:
            continue
        accepted_before = was is not None and was.annotation != "None"
        refused_now = now is None or now.annotation == "None" or now.required
        # Client() left at its default now does something else (another environment).
        redefaulted = was is not None and now is not None and was.default != now.default
        newly_required = was is None and now is not None and now.required
        yield f"Client({name}=)", (accepted_before and refused_now) or redefaulted or newly_required
    for name in sorted(set(old.checks) | set(new.checks)):
        before_checks, after_checks = old.checks.get(name, {}), new.checks.get(name, {})
        for argument in sorted(set(before_checks) & set(after_checks)):
            if before_checks[argument] != after_checks[argument]:
                breaks = _field_breaks(
                    before_checks[argument],
                    after_checks[argument],
                    ModelClass(""),
                    ModelClass(""),
                    on_input=True,
                    on_output=False,
                )
                yield f"Client.{name}", breaks
    for name in sorted(set(old.environments) | set(new.environments)):
        if old.environments.get(name) != new.environments.get(name):
            yield f"ENVIRONMENTS[{name!r}]", name not in new.environments
    for name in sorted(set(old.webhooks) | set(new.webhooks)):
        if old.webhooks.get(name) != new.webhooks.get(name):
            yield f"parse_webhook({name!r}, …)", name in old.webhooks
    for name in sorted(set(old.requirements) & set(new.requirements)):
        before, after = old.requirements[name], new.requirements[name]
        if before != after:
            # Breaking when credentials that authenticated a call before meet no requirement now.
            stranded = any(not any(now <= was for now in after) for was in before)
            yield f"Client.{name}", stranded


def _combined_roles(old: Package, new: Package) -> dict[str, tuple[bool, bool]]:
    """Each class's sides in either version (the stricter judgement applies)."""
    old_roles, new_roles = _roles(old), _roles(new)
    neither = (False, False)
    return {
        name: (
            old_roles.get(name, neither)[0] or new_roles.get(name, neither)[0],
            old_roles.get(name, neither)[1] or new_roles.get(name, neither)[1],
        )
        for name in set(old_roles) | set(new_roles)
    }


def _models_changes(old: Package, new: Package) -> Iterator[tuple[str, bool]]:
    for name in sorted(set(old.aliases) | set(new.aliases)):
        if old.aliases.get(name) != new.aliases.get(name):
            yield f"models.{name}", True
    roles = _combined_roles(old, new)
    for name in sorted(set(old.classes) | set(new.classes)):
        before, after = old.classes.get(name), new.classes.get(name)
        if before is None or after is None:
            yield f"models.{name}", after is None
        else:
            yield from _model_changes(name, before, after, roles[name])


def _causes(old: Package, new: Package) -> dict[str, frozenset[str]]:
    """``models.Class.field`` → the classes its old and new types mention."""
    causes: dict[str, frozenset[str]] = {}
    for name in set(old.classes) & set(new.classes):
        before, after = old.classes[name].fields, new.classes[name].fields
        for attribute in set(before) & set(after):
            mentioned = _names_in_types(before[attribute].type + " " + after[attribute].type)
            causes[f"models.{name}.{attribute}"] = frozenset(
                n for n in mentioned if n in old.classes or n in new.classes
            )
    return causes


def truth(old: Package, new: Package) -> Truth:
    """Every symbol that changed from ``old`` to ``new``, and whether the change breaks."""
    changes: dict[str, bool] = {}
    for symbol, breaks in [*_client_changes(old, new), *_models_changes(old, new)]:
        changes[symbol] = changes.get(symbol, False) or breaks
    return Truth(changes, _causes(old, new))
