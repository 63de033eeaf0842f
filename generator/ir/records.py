"""The intermediate representation: what templates receive.

Records are frozen, slotted and hold only Python-ready values (identifiers, type strings,
sorted tuples). Templates never read the raw spec dict, so a template cannot depend on spec
ordering or on keys the parser did not check. Schemas are read through ``Api.schemas``, a
:class:`~generator.schema.view.SchemaReader` (the one reading of JSON Schema that the test
planner derives cases with), which answers with typed records and opaque schema handles.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from ..schema.view import SchemaReader, SchemaView

__all__ = [
    "BodyKind",
    "ModelBase",
    "ResponseKind",
    "RuleKind",
    "SchemeKind",
    "Api",
    "BodyField",
    "ClientCredentials",
    "CredentialArgument",
    "Example",
    "Operation",
    "Pagination",
    "Parameter",
    "Resource",
    "Response",
    "Rule",
    "SecurityScheme",
    "Server",
    "ServerVariable",
]


class SchemeKind(StrEnum):
    """How a client authenticates with a security scheme (see :class:`SecurityScheme`)."""

    BEARER = "bearer"
    """A token the caller supplies: HTTP bearer, OAuth2 flows that need a user, OpenID Connect."""
    LOGIN = "login"
    """A bearer token the client gets from the spec's own login operation."""
    BASIC = "basic"
    DIGEST = "digest"
    OAUTH2_CLIENT_CREDENTIALS = "oauth2_client_credentials"
    """A token the client fetches and refreshes itself from the token URL."""
    API_KEY = "api_key"
    """A key in a header, query parameter or cookie."""
    CUSTOM = "custom"
    """An HTTP scheme the client cannot build: the caller supplies the whole header value."""


class BodyKind(StrEnum):
    """How a request body is sent."""

    NONE = ""
    JSON = "json"
    FORM = "form"
    """``application/x-www-form-urlencoded``."""
    MULTIPART = "multipart"
    BINARY = "binary"
    TEXT = "text"


class ResponseKind(StrEnum):
    """How a response body is read."""

    JSON = "json"
    TEXT = "text"
    BINARY = "binary"
    EMPTY = "empty"


class ModelBase(StrEnum):
    """What a model class does with members its schema does not name (the runtime's base
    classes of the same names): the one reading of ``additionalProperties`` the models and the
    diff share (see :attr:`Api.model_bases`)."""

    REQUEST = "RequestModel"
    """Unknown members are rejected when a caller builds it (kept when read from an answer)."""
    RESPONSE = "ResponseModel"
    """Only in answers: unknown members are kept."""
    OPEN = "OpenModel"
    """``additionalProperties`` allows them (or, in a published spec, says nothing): kept."""


class RuleKind(StrEnum):
    """The conditional rules the models enforce (see :class:`Rule`)."""

    IF_THEN = "if_then"
    IF_ELSE = "if_else"
    ANY_OF = "any_of"
    ONE_OF = "one_of"
    DEPENDENT = "dependent"
    FORBID = "forbid"


_BODY_TYPES = {ResponseKind.TEXT: "str", ResponseKind.BINARY: "bytes", ResponseKind.EMPTY: "None"}


@dataclass(frozen=True, slots=True)
class ServerVariable:
    name: str
    python_name: str
    default: str
    enum: tuple[str, ...]
    description: str


@dataclass(frozen=True, slots=True)
class Server:
    """One entry of ``servers``; ``name`` is the environment name (``test``, ``production``)."""

    name: str
    url: str
    description: str
    variables: tuple[ServerVariable, ...]
    pointer: str = ""
    """Where the server is in the spec (``/servers/1``): ``Api.servers`` lists the default first."""
    token_url: str = ""
    """The OAuth2 token URL for this environment (``x-specgen-token-url``), ``""`` for the
    security scheme's own ``tokenUrl``."""
    is_default: bool = False
    """The environment a client uses when not told (``x-specgen-default``, else the first)."""

    @property
    def is_absolute(self) -> bool:
        """False for a URL relative to wherever the spec is served (``/v2``): no host to call."""
        return "://" in self.url


@dataclass(frozen=True, slots=True)
class SecurityScheme:
    """A security scheme, reduced to what a client needs to authenticate.

    ``kind`` is one of ``bearer`` (also OAuth2 flows that need a user, and OpenID Connect: the
    caller supplies the access token), ``login``, ``basic``, ``digest``,
    ``oauth2_client_credentials``, ``api_key`` (header, query or cookie). ``options`` holds the
    kind's settings as sorted ``(key, value)`` pairs.
    """

    key: str
    kind: SchemeKind
    description: str
    options: tuple[tuple[str, str], ...]

    def option(self, name: str, default: str = "") -> str:
        return dict(self.options).get(name, default)

    @property
    def extra_arguments(self) -> tuple[str, ...]:
        """Arguments the scheme's templates name beyond the credentials (``domain`` in a
        Basic ``{password}@{domain}``, a token URL's placeholders)."""
        return tuple(self.option("args").split())

    @property
    def arguments(self) -> tuple[tuple[str, str], ...]:
        """``(name, type)`` of the client's credential arguments for this scheme, in the
        constructor's order (each also takes ``None``, its default)."""
        token = ("token", "str | Callable[[], str]")
        user = (("username", "str"), ("password", "str"))
        extra = tuple((name, "str") for name in self.extra_arguments)
        by_kind: dict[SchemeKind, tuple[tuple[str, str], ...]] = {
            SchemeKind.BEARER: (token,),
            SchemeKind.DIGEST: user,
            SchemeKind.LOGIN: (*user, token),
            SchemeKind.BASIC: (*user, *extra),
            SchemeKind.OAUTH2_CLIENT_CREDENTIALS: (
                ("client_id", "str"),
                ("client_secret", "str"),
                ("scope", "str"),
                ("token_url", "str"),
                *extra,
            ),
            SchemeKind.API_KEY: (("api_key", "str"),),
        }
        return by_kind.get(self.kind, ())

    @property
    def required_keys(self) -> tuple[str, ...]:
        """The credentials among :attr:`arguments` a client needs to authenticate with this
        scheme (a login's token, an OAuth2 scope or token URL are optional)."""
        by_kind: dict[SchemeKind, tuple[str, ...]] = {
            SchemeKind.BEARER: ("token",),
            SchemeKind.LOGIN: ("username", "password"),
            SchemeKind.BASIC: ("username", "password"),
            SchemeKind.DIGEST: ("username", "password"),
            SchemeKind.OAUTH2_CLIENT_CREDENTIALS: ("client_id", "client_secret"),
            SchemeKind.API_KEY: ("api_key",),
        }
        return (*by_kind.get(self.kind, ()), *self.extra_arguments)


@dataclass(frozen=True, slots=True)
class CredentialArgument:
    """A constructor argument carrying one credential: ``name`` as the caller writes it,
    ``key`` as the runtime reads it (``token``, ``api_key``, ``username`` ...)."""

    name: str
    key: str
    type: str


@dataclass(frozen=True, slots=True)
class ClientCredentials:
    """A scheme whose credentials the client takes, with the constructor arguments for them.

    The client scheme (:attr:`Api.client_scheme`) has the plain names (``token=``); another
    scheme's are prefixed with its key in snake_case (``app_token_api_key=``), so that a
    scheme added to a spec renames no other's arguments."""

    scheme: SecurityScheme
    arguments: tuple[CredentialArgument, ...]


@dataclass(frozen=True, slots=True)
class Parameter:
    """A path, query, header or cookie parameter."""

    name: str
    python_name: str
    location: str
    required: bool
    annotation: str
    description: str
    style: str
    explode: bool
    deprecated: bool
    example: Any = field(default=None, compare=False, hash=False)
    """A value for tests and docs: the spec's example, else the schema's example, default, first
    enum value, or a placeholder of the right type."""
    validation: str = "Any"
    """The annotation the client checks a value against before sending (the schema's type,
    enum and constraints as ``Literal``/``Annotated[..., Field(...)]``; see ``parameters.py``)."""
    invalid_example: Any = field(default=None, compare=False, hash=False)
    """A value the schema rejects (for the generated tests), ``None`` when specgen knows none."""
    example_valid: bool = True
    """Whether ``example`` satisfies the schema (False for a placeholder: specgen found no value
    of a pattern it cannot sample, say); tests that need every other argument valid skip."""
    members: tuple[str, ...] = ()
    """An object parameter's property names, sorted (exploded in the form style, each is a
    query key of its own)."""
    limits: tuple[str, ...] = ()
    """What the schema allows, in words (``at most 20 characters``, ``one of ``"a"```` ...,
    ``default ``10````): the method docstring's, spec text still raw."""

    @property
    def default_style(self) -> bool:
        """Serialised in its location's default style (query, cookie: form/explode; path,
        header: simple)."""
        if self.location in ("query", "cookie"):
            return self.style == "form" and self.explode
        return self.style == "simple" and not self.explode


@dataclass(frozen=True, slots=True)
class Example:
    """A named example of a body; ``value`` is plain JSON data."""

    name: str
    summary: str
    value: Any = field(compare=False, hash=False)
    derived: bool = False
    """Made by specgen from the schema (the spec had no example that matches it)."""


@dataclass(frozen=True, slots=True)
class Response:
    """One documented response; ``model`` is the model class name, or ``""`` for no body."""

    status: str
    description: str
    model: str
    content_type: str
    examples: tuple[Example, ...]
    schema_pointer: str
    kind: ResponseKind = ResponseKind.JSON
    """How the body is read: ``json`` (``model``), ``text`` (``str``), ``binary`` (``bytes``) or
    ``empty`` (no body declared)."""
    annotation: str = ""
    """What a call returns when ``model`` is a root model: its value as a plain Python type
    (``list[models.Pet]``, ``dict[str, models.Pet]``); ``""`` otherwise."""
    empty_answer_valid: bool = True
    """Without ``examples``: whether ``{}`` (what generated tests answer then) matches the
    schema. If not, tests that check the parsed answer skip rather than assert an invalid one."""
    example_refused: bool = False
    """Whether the spec's first example (the answer a mock server such as Prism sends) does
    not match the schema: ``examples`` then holds only the others, or a derived one."""

    @property
    def is_success(self) -> bool:
        return self.status.startswith("2")

    @property
    def parse_type(self) -> str:
        """What the runtime parses the answer with: the model itself (a root model's value is
        unwrapped after validation), ``str`` or ``bytes`` for a text or binary body, ``None``
        for no body, ``Any`` for JSON without a schema."""
        if self.model:
            return f"models.{self.model}"
        return _BODY_TYPES.get(self.kind, "Any")

    @property
    def value_type(self) -> str:
        """What a call returns for this answer: a root model's value type, else
        :attr:`parse_type`."""
        return self.annotation or self.parse_type


@dataclass(frozen=True, slots=True)
class BodyField:
    """A top-level property of a request body model (for docs and idempotency keys)."""

    name: str
    required: bool


@dataclass(frozen=True, slots=True)
class Pagination:
    """How a list operation pages, for its ``<method>_all`` iterator (the runtime's
    ``Pagination`` says what each style does)."""

    style: str
    """``cursor``, ``next_url``, ``link``, ``offset`` or ``page``."""
    items: tuple[str, ...]
    """Wire names from the answer down to its list of items (``()``: the answer is it)."""
    item_type: str
    """The annotation of one item (``models.Pet``; ``Any`` where specgen cannot name it)."""
    parameter: str = ""
    """The argument (Python name) carrying the cursor, offset or page number; ``""``: none."""
    next: tuple[str, ...] = ()
    """Wire names down to the next cursor or URL (``cursor``, ``next_url``)."""
    total: tuple[str, ...] = ()
    """Wire names down to the total of items (``offset``) or pages (``page``); ``()``: none."""
    start: int = 0
    """The first offset (``0``) or page number (``1``, or the parameter's minimum)."""
    declared: bool = False
    """Whether the spec says so (``x-specgen-pagination``) rather than specgen recognising it."""
    item_example: Any = None
    """One item derived from the items' schema (``None``: none could be), for the tests."""


@dataclass(frozen=True, slots=True)
class Resource:
    """A namespace of the client (``client.repos``, ``client.repos.branches``) holding some of
    its operations' methods; it lives in a module of its own, loaded on first use."""

    path: tuple[str, ...]
    """Attribute names from the client down to this resource."""
    class_name: str
    """The sync class (``ReposBranchesResource``); the async one has an ``Async`` prefix."""
    module: str
    """Its module under the package's ``resources`` folder (``_repos_branches``)."""
    description: str
    """What its operations have in common (its tag's description, or its path segment)."""
    operations: tuple[str, ...]
    """The :attr:`Operation.python_name` of each method it holds itself, in spec order."""
    children: tuple[str, ...] = ()
    """The attribute names of the resources directly under it, sorted."""

    @property
    def attribute(self) -> str:
        return self.path[-1]


@dataclass(frozen=True, slots=True)
class Operation:
    operation_id: str
    python_name: str
    method: str
    path: str
    summary: str
    description: str
    deprecated: bool
    parameters: tuple[Parameter, ...]
    body_model: str
    body_required: bool
    body_content_type: str
    body_examples: tuple[Example, ...]
    body_schema_pointer: str
    responses: tuple[Response, ...]
    security: tuple[str, ...]
    idempotency_key: str
    outcome_unknown_hint: str
    pointer: str
    body_kind: BodyKind = BodyKind.NONE
    """``""`` (no body), ``json``, ``form`` (urlencoded), ``multipart``, ``binary`` or ``text``."""
    body_is_object: bool = False
    """Whether every body the schema accepts is a JSON object (``extra_body=`` adds fields)."""
    body_nullable: bool = False
    """Whether a JSON body may be ``null`` (the method then takes ``None`` and sends it)."""
    body_alternative: str = "Mapping[str, Any]"
    """What a call accepts as the body besides ``models.<body_model>``: a mapping of its fields,
    or, for a root model, its value's type (``list[models.Pet]``), for an enum class, its
    values' (``str``)."""
    body_sample: str = ""
    """A text or binary body's value for the tests (a binary one sent as its UTF-8 bytes): the
    spec's example, or one derived from its schema."""
    body_fields: tuple[str, ...] = ()
    """The member names a form or multipart body's schema declares, sorted."""
    body_media_before: tuple[str, ...] = ()
    """The body's media types the spec lists before ``body_content_type`` (the one the client
    sends) whose schema differs from its, in the spec's order."""
    opts_out_of_auth: bool = False
    """The operation says ``security: []``: it is sent without credentials (a login call)."""
    required_headers_left_out: tuple[tuple[str, str], ...] = ()
    """Header parameters the spec requires that get no argument (the client or HTTP sets them,
    or OpenAPI says to ignore them): ``(name as the spec spells it, a value of its schema)``,
    sorted."""
    path_key: str = ""
    """The spec's path key when it differs from :attr:`path` (a query string written into it:
    see ``operations._without_query_placeholders``); ``""``: the same."""
    tags: tuple[str, ...] = ()
    """The operation's ``tags``, as the spec lists them (the first names its resource)."""
    pagination: Pagination | None = None
    """How the operation pages, if it is a list that does (its ``<method>_all`` iterator)."""
    resource: tuple[str, ...] = ()
    """The attribute path of the resource the method lives on (``("repos", "branches")``:
    ``client.repos.branches``); ``()``: on the client itself (see :class:`Resource`)."""
    attribute: str = ""
    """The method's name on its resource; ``""``: :attr:`python_name`."""
    security_alternatives: tuple[tuple[str, ...], ...] = ()
    """The security requirements as OpenAPI reads them: any one alternative (each the schemes
    it needs together, sorted) authenticates the call; in the spec's order. ``security`` is
    their keys, flattened."""

    @property
    def authenticated(self) -> bool:
        """Whether the client's credentials go with this operation: always, unless it opts out
        (``auth=`` is honoured even where the spec declares no security)."""
        return bool(self.security) or not self.opts_out_of_auth

    @property
    def method_name(self) -> str:
        """The method's name on its resource (or on the client)."""
        return self.attribute or self.python_name

    @property
    def access(self) -> str:
        """The method as reached from the client: ``repos.branches.get_branch``, or
        :attr:`python_name` for a method of the client itself."""
        return ".".join((*self.resource, self.method_name))

    @property
    def parameters_class(self) -> str:
        """The private ``TypedDict`` the client checks this operation's parameters with."""
        return (
            "_"
            + "".join(part[:1].upper() + part[1:] for part in self.python_name.split("_"))
            + "Parameters"
        )

    @property
    def styled_parameters(self) -> tuple[Parameter, ...]:
        """Parameters not in their location's default style (the runtime needs to know)."""
        return tuple(p for p in self.parameters if not p.default_style)

    @property
    def path_parameters(self) -> tuple[Parameter, ...]:
        return tuple(p for p in self.parameters if p.location == "path")

    @property
    def query_parameters(self) -> tuple[Parameter, ...]:
        return tuple(p for p in self.parameters if p.location == "query")

    @property
    def header_parameters(self) -> tuple[Parameter, ...]:
        return tuple(p for p in self.parameters if p.location == "header")

    @property
    def cookie_parameters(self) -> tuple[Parameter, ...]:
        return tuple(p for p in self.parameters if p.location == "cookie")

    @property
    def keyword_parameters(self) -> tuple[Parameter, ...]:
        """Query, header and cookie parameters: keyword-only arguments of the client method."""
        return tuple(p for p in self.parameters if p.location != "path")

    @property
    def arguments_valid(self) -> bool:
        """Whether every required or path parameter has an example its schema accepts: else
        no call the client lets through can be made (the spec's constraints contradict)."""
        return self.arguments_valid_but(None)

    def arguments_valid_but(self, parameter: Parameter | None) -> bool:
        """:attr:`arguments_valid`, ``parameter`` left out (a test that passes it a bad value
        needs every other argument valid)."""
        return all(
            p.example_valid
            for p in self.parameters
            if p is not parameter and (p.required or p.location == "path")
        )

    @property
    def content_type(self) -> str:
        """The body's media type where the client must send it as declared
        (``application/merge-patch+json``, ``image/png``, ``text/csv``); ``""`` where the body
        kind's default already says it, and for form and multipart bodies (their encoders set
        the type, boundary included) and wildcards (``*/*``, ``image/*``)."""
        defaults = {
            BodyKind.JSON: "application/json",
            BodyKind.BINARY: "application/octet-stream",
            BodyKind.TEXT: "text/plain",
        }
        default = defaults.get(self.body_kind)
        essence = self.body_content_type.split(";")[0].strip().lower()
        if default is None or not essence or essence == default or "*" in essence:
            return ""
        return self.body_content_type

    @property
    def accept(self) -> str:
        """The ``Accept`` header: the media types of the success answers (of the ``default``
        answer when no success is declared; JSON when none)."""
        types: list[str] = []
        answers = self.success_responses or tuple(
            r for r in self.responses if r.status == "default"
        )
        for response in answers:
            if response.content_type and response.content_type not in types:
                types.append(response.content_type)
        return ", ".join(types) if types else "application/json"

    @property
    def success_responses(self) -> tuple[Response, ...]:
        return tuple(r for r in self.responses if r.is_success)

    @property
    def return_type(self) -> str:
        """The method's return annotation: the union of its success answers' value types
        (``| None`` when one has no body), ``Any`` when one is any JSON or none is declared."""
        answers = self.success_responses
        types = list(dict.fromkeys(r.value_type for r in answers if r.value_type != "None"))
        if not answers or "Any" in types:
            return "Any"
        if not types:
            return "None"
        empty = any(r.kind == ResponseKind.EMPTY for r in answers)
        return " | ".join(types) + (" | None" if empty else "")

    @property
    def error_responses(self) -> tuple[Response, ...]:
        return tuple(r for r in self.responses if not r.is_success)


@dataclass(frozen=True, slots=True)
class Rule:
    """A conditional rule compiled from JSON Schema into a model validator.

    ``kind``: ``if_then`` (``when`` → ``require``/``forbid``), ``any_of`` / ``one_of``
    (``groups`` of required names), ``dependent`` (``when`` present → ``require``),
    ``forbid`` (``not: {required: ...}``). Names are wire names. ``message`` is what the user
    reads in the ``ValidationError``.
    """

    model: str
    kind: RuleKind
    method_name: str
    message: str
    pointer: str
    when: tuple[tuple[str, tuple[Any, ...]], ...] = ()
    when_required: tuple[str, ...] = ()
    negate: bool = False
    require: tuple[str, ...] = ()
    forbid: tuple[str, ...] = ()
    groups: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True, slots=True)
class Api:
    """Everything generated for one API."""

    name: str
    package: str
    distribution: str
    title: str
    version: str
    description: str
    spec_file: str
    regenerate_command: str
    """How to regenerate the package (``specgen generate <api>``, or with ``--spec``)."""
    package_dir: str
    """The package's folder in its README's commands (``generated/<api>``, or ``.``)."""
    unenforced_patterns: tuple[tuple[str, str], ...]
    """``(JSON pointer, pattern)`` of the patterns that need a backtracking regex engine, which
    the models and argument checks leave out (linear time on any input), sorted."""
    servers: tuple[Server, ...]
    security_schemes: tuple[SecurityScheme, ...]
    security: tuple[str, ...]
    operations: tuple[Operation, ...]
    rules: tuple[Rule, ...]
    models: tuple[str, ...]
    response_models: tuple[str, ...]
    package_version: str = "0.0.0"
    primary_operation: str = ""
    webhooks: tuple[tuple[str, str], ...] = ()
    """``(webhook name, payload model class)``, sorted: what ``parse_webhook`` accepts."""
    closed_objects: bool = True
    """Whether an object schema without ``additionalProperties`` rejects unknown members in
    requests. True for strict specs (ours: a typo must not vanish); a published spec's objects
    are open, as JSON Schema reads them, so its own examples with extra members still fit."""
    model_bases: tuple[tuple[str, ModelBase], ...] = ()
    """``(model class, base)`` of every component schema's class, sorted: whether the class
    rejects or keeps members its schema does not name. Inline classes take
    :attr:`default_model_base`."""
    credentials: tuple[ClientCredentials, ...] = ()
    """The schemes whose credentials the client takes: every declared scheme it can build
    auth from, :attr:`client_scheme` first (when it is one), then the spec's order; each
    operation is sent with the credentials of one of its requirements (see
    :meth:`requirement_for`)."""
    resources: tuple[Resource, ...] = ()
    """The client's namespaces, every level, sorted by path; ``()``: every method is the
    client's own (an API of up to :data:`~generator.ir.resources.FLAT_UP_TO` operations)."""
    schemas: SchemaReader = field(default_factory=lambda: SchemaView({}), compare=False, repr=False)
    """The spec's schemas, read one way (a :class:`SchemaView`; nullability in JSON Schema's
    terms, as the models read it): what the schema pointers in ``Operation`` resolve against,
    and what the test planner derives cases from. It answers with typed records and opaque
    :data:`~generator.schema.view.SchemaNode` handles: no later stage reads a schema."""

    def resource_operations(self, resource: Resource | None) -> tuple[Operation, ...]:
        """The operations whose methods ``resource`` (``None``: the client) holds itself."""
        path = resource.path if resource is not None else ()
        return tuple(op for op in self.operations if op.resource == path)

    def child_resources(self, resource: Resource | None) -> tuple[Resource, ...]:
        """The resources directly under ``resource`` (``None``: the client), sorted."""
        path = resource.path if resource is not None else ()
        return tuple(r for r in self.resources if r.path[:-1] == path)

    @property
    def default_model_base(self) -> ModelBase:
        """The base of a class whose schema says nothing of ``additionalProperties``."""
        return ModelBase.REQUEST if self.closed_objects else ModelBase.OPEN

    @property
    def server_variables(self) -> tuple[ServerVariable, ...]:
        """Every server's variables, one per client argument (the default server's first)."""
        seen: dict[str, ServerVariable] = {}
        for server in self.servers:
            for variable in server.variables:
                seen.setdefault(variable.python_name, variable)
        return tuple(seen.values())

    @property
    def environment_names(self) -> tuple[str, ...]:
        """The names ``environment=`` takes: the servers', or ``default`` without servers."""
        return tuple(server.name for server in self.servers) or ("default",)

    @property
    def default_server(self) -> Server | None:
        return self.servers[0] if self.servers else None

    @property
    def client_scheme(self) -> SecurityScheme | None:
        """The scheme whose credentials the client takes: the first the spec's top-level
        requirements name, in the spec's order (so an alternative added after it leaves the
        client's arguments as they were), else the first declared scheme."""
        by_key = {scheme.key: scheme for scheme in self.security_schemes}
        chosen = next((by_key[key] for key in self.security if key in by_key), None)
        return chosen or (self.security_schemes[0] if self.security_schemes else None)

    def requirement_for(self, op: Operation, held: set[str]) -> tuple[str, ...] | None:
        """The requirement of ``op`` a client holding the credentials of the schemes ``held``
        sends it with, as the runtime chooses (``_client_auth.SchemeAuths``): one met by them,
        one with the client's first scheme preferred, then one with any credentials, in the
        spec's order; ``None`` when none is met. No requirement listed: the first scheme."""
        if not self.credentials:
            return None
        first = self.credentials[0].scheme.key
        alternatives = op.security_alternatives or ((first,),)
        met = [keys for keys in alternatives if set(keys) <= held]
        preferred = [keys for keys in met if first in keys] or [keys for keys in met if keys]
        return next(iter(preferred or met), None)

    @property
    def primary(self) -> Operation | None:
        """The operation the README shows first: the create call."""
        return next(
            (op for op in self.operations if op.operation_id == self.primary_operation), None
        )
