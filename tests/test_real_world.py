"""Specs nobody here wrote: every construct a real spec uses generates a complete package.

Each file under ``tests/regressions/`` is a small reproducer of a construct that real public
specs use and that once made specgen refuse or crash (webhook-only documents, ``$ref``'d
bodies, percent-encoded refs, non-JSON bodies, every security scheme kind, colliding names,
minified JSON with control characters). Each must generate without ``strict``, import, and
keep every operation and every component schema.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest
from generator.config import one_off_config
from generator.output.writer import write_fileset
from generator.pipeline import build_api
from generator.schema.walk import iter_operations
from generator.spec.loader import load_spec

from conftest import (
    TEMPLATES_DIR,
    as_a_user_with_prism_on_path,
    models_text,
    models_text_of,
    mypy_strict,
    package_suite_forks,
    pooled_prism,
)
from forkserver import Finished

# Slow (every regression spec's package: imports, mypy, lint, its own tests):
# not in `make test-fast`; `make test` starts it first.
pytestmark = pytest.mark.slow(weight=5)

REGRESSIONS = Path(__file__).parent / "regressions"
SPECS = sorted(p for p in REGRESSIONS.iterdir() if p.suffix in (".yaml", ".json"))


# One xdist group per spec: its package is generated once, on the worker that runs its tests.
@pytest.fixture(
    scope="module",
    params=[pytest.param(p, id=p.stem, marks=pytest.mark.xdist_group(p.stem)) for p in SPECS],
)
def generated(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, Path, str]:
    spec_path: Path = request.param
    name = spec_path.stem
    built = build_api(one_off_config(spec_path, name), templates_dir=TEMPLATES_DIR, strict=False)
    out = tmp_path_factory.mktemp(name) / name
    write_fileset(built.files, out, output_root=out.parent)
    return spec_path, out, built.api.package


# Every module imported and every model class built (a name its annotations use that nothing
# binds fails here), then the package's own suite, in one process (a process each would start
# Python twice per spec): the import check first, so its failure is its own.
_IMPORT_EVERY_MODULE_THEN_TEST = """
import importlib, sys
for name in sys.argv[1:]:
    importlib.import_module(name)
models = importlib.import_module(sys.argv[1] + ".models")
for name in models.__all__:
    found = getattr(models, name)
    if hasattr(found, "model_rebuild"):
        found.model_rebuild()
print("IMPORTED", flush=True)
import pytest
sys.exit(pytest.main(["-q", "-p", "no:cacheprovider", "-x"]))
"""


@pytest.fixture(scope="module")
def package_run(generated: tuple[Path, Path, str]) -> Finished:
    """The package's modules imported one by one, then its own tests, as a user runs them
    (in a fork of a process that has imported pytest, httpx and pydantic)."""
    _spec, out, package = generated
    modules = sorted(
        ".".join((package, *p.relative_to(out / "src" / package).with_suffix("").parts))
        for p in (out / "src" / package).rglob("*.py")
        if p.name != "__init__.py"
    )
    return package_suite_forks().run(
        ["-c", _IMPORT_EVERY_MODULE_THEN_TEST, package, *modules],
        cwd=out,
        env=as_a_user_with_prism_on_path(out, prism=pooled_prism()),
        timeout=600,
    )


def test_every_module_imports(package_run: Finished) -> None:
    assert package_run.stdout.startswith("IMPORTED\n"), package_run.stderr[-3000:]


def test_nothing_is_skipped(generated: tuple[Path, Path, str]) -> None:
    """A method per operation, a class per component schema: never a silent omission."""
    spec_path, out, package = generated
    spec = load_spec(spec_path, validate=False)
    # The client's methods and its resources' (sync classes; a resource is a cached property).
    sources = [out / "src" / package / "client.py"]
    sources += sorted((out / "src" / package / "resources").glob("_*.py"))
    methods = []
    for source in sources:
        tree = ast.parse(source.read_text(encoding="utf-8"))
        for cls in tree.body:
            if not isinstance(cls, ast.ClassDef) or not cls.name.endswith(("Client", "Resource")):
                continue
            if cls.name.startswith("Async"):
                continue
            methods += [
                f"{cls.name}.{node.name}"
                for node in cls.body
                if isinstance(node, ast.FunctionDef)
                and not node.name.startswith("_")
                and not node.decorator_list
                and not node.name.endswith("_with_response")
                and node.name != "close"
            ]
    # A paginated operation's ``<method>_all`` iterator is no operation of its own.
    methods = [m for m in methods if not (m.endswith("_all") and m[: -len("_all")] in methods)]
    operations = list(iter_operations(spec.data))
    assert len(methods) == len(operations), sorted(methods)
    models = ast.parse(models_text_of(out / "src" / package))
    model_classes = {node.name for node in models.body if isinstance(node, ast.ClassDef)}
    schemas = (spec.data.get("components") or {}).get("schemas") or {}
    assert len(schemas) <= len(model_classes)
    manifest = json.loads((out / "specgen.json").read_text(encoding="utf-8"))
    assert manifest["files"]


def test_generated_source_is_mypy_strict(
    generated: tuple[Path, Path, str], mypy_cache: Path
) -> None:
    _spec, out, package = generated
    result = mypy_strict(package, cwd=out / "src", cache=mypy_cache, timeout=300)
    assert result.returncode == 0, result.stdout


def test_the_package_own_tests_pass(package_run: Finished) -> None:
    """The new-user path: a spec without examples or security still yields passing tests."""
    assert package_run.exit_code == 0, package_run.stdout[-3000:]
    assert " passed" in package_run.stdout


def test_generated_code_is_lint_clean(generated: tuple[Path, Path, str]) -> None:
    from test_lint_clean import check_lint_clean

    check_lint_clean(generated[1], black_in_process=True)


def test_a_model_named_like_the_package_own_names_gets_a_name_of_its_own(
    tmp_path: Path,
) -> None:
    spec = REGRESSIONS / "package_names.yaml"
    built = build_api(one_off_config(spec, "names"), templates_dir=TEMPLATES_DIR, strict=False)
    write_fileset(built.files, tmp_path / "names", output_root=tmp_path)
    code = (
        "import names_client as p\n"
        "assert p.APIError is p.errors.APIError and p.Client is p.client.Client\n"
        "assert p.APIErrorModel is p.models.APIErrorModel and p.models.ClientModel\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path / "names" / "src", capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


def test_unusable_arguments_are_left_to_the_client() -> None:
    """zuora: a ``Content-Type`` header parameter is ignored (OpenAPI says so; the client sets
    that header), and an operation whose path parameter no value satisfies is marked so its
    calls are left out of the generated tests; string formats keep their wire type."""
    spec = REGRESSIONS / "unusable_arguments.yaml"
    built = build_api(one_off_config(spec, "ua"), templates_dir=TEMPLATES_DIR, strict=False)
    upload = next(op for op in built.api.operations if op.operation_id == "uploadFile")
    assert [p.name for p in upload.parameters] == ["id"]
    assert any("'Content-Type' is ignored" in text for _where, text in built.warnings)
    records = json.loads(built.files["tests/cases.json"])["operations"]
    valid = {record["operation_id"]: record["arguments_valid"] for record in records}
    assert valid == {"createSchedule": True, "deleteJob": False, "uploadFile": True}
    models = models_text(built.files, "ua_client")
    assert "    amount: str\n" in models and "    count: str | None = None\n" in models


def test_identical_inline_schemas_share_a_class_and_optional_bodies_may_be_left_out(
    tmp_path: Path,
) -> None:
    """Stripe: an inline object or enum spelled out identically in several request bodies is
    one class, not one numbered class per copy; a one-value enum is a ``Literal``; an empty
    optional body is no argument, and an optional body may be left out."""
    spec = REGRESSIONS / "shared_inline_schemas.yaml"
    built = build_api(one_off_config(spec, "shared"), templates_dir=TEMPLATES_DIR, strict=False)
    write_fileset(built.files, tmp_path / "shared", output_root=tmp_path)
    models = models_text(built.files, "shared_client")
    tree = ast.parse(models)
    classes = {node.name for node in tree.body if isinstance(node, ast.ClassDef)}
    assert {"Address", "TaxExempt"} <= classes
    # One class for the three copies in request bodies (the response's identical copy is
    # datamodel-code-generator's to name; it reuses an identical class of the same name).
    assert {name for name in classes if name.startswith(("Address", "TaxExempt"))} == {
        "Address",
        "TaxExempt",
    }
    assert 'address: Address | Literal[""] | None = None' in models
    assert 'object: Literal["customer"] | None = None' in models
    listing = next(op for op in built.api.operations if op.operation_id == "listCustomers")
    assert listing.body_kind == "" and not listing.body_model
    code = """
import httpx, shared_client as p
sent = []
def handler(request):
    sent.append(request)
    if request.method == "GET":
        return httpx.Response(200, json=[{"id": "c1"}])
    return httpx.Response(200, json={"id": "c1", "address": {"city": "Lyon"}})
client = p.Client(base_url="https://shop.example.test", http_client=httpx.Client(transport=httpx.MockTransport(handler)))
assert [c.id for c in client.list_customers()] == ["c1"]
assert client.update_customer("c1").id == "c1"
assert client.update_customer("c1", {"shipping": {"address": {"city": "Lyon"}}}).id == "c1"
client.create_customer({"address": "", "tax_exempt": "exempt"})
assert [r.content for r in sent[:2]] == [b"", b""], sent
assert "content-type" not in sent[1].headers
assert sent[2].content == b'{"shipping":{"address":{"city":"Lyon"}}}'
assert sent[3].content == b"address=&tax_exempt=exempt"
try:
    client.update_customer("c1", {"shipping": {"address": {"town": "Lyon"}}})
except Exception as exc:
    assert "town" in str(exc)
else:
    raise AssertionError("an unknown member of the shared class was accepted")
"""
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path / "shared" / "src",
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


def test_other_generators_extensions_and_a_byte_order_mark_are_handled() -> None:
    """A JSON spec saved with a BOM loads, and its package describes itself as generated with
    ``--spec``; code-generation directives written for other tools
    (``customTypePath``, ``x-python-type``) are ignored with a warning instead of importing
    modules that do not exist; enum descriptions written as a map are kept, in enum order; a
    body declared with examples but no schema is any JSON."""
    spec = REGRESSIONS / "bom_and_foreign_extensions.json"
    built = build_api(one_off_config(spec, "quirks"), templates_dir=TEMPLATES_DIR, strict=False)
    warnings = [text for _where, text in built.warnings]
    assert "customTypePath is ignored" in warnings and "x-python-type is ignored" in warnings
    models = models_text(built.files, "quirks_client")
    assert "vendor_types" not in models
    assert "A small thing" in models and "A large thing" in models
    note = next(op for op in built.api.operations if op.operation_id == "createNote")
    assert note.body_schema_pointer == ""
    # Generated with --spec: the package names its spec by the file's name, and says how to
    # regenerate and install it from where it is (no specs/ or generated/ of a project).
    regenerate = (
        "specgen generate --spec bom_and_foreign_extensions.json --name quirks "
        "--output <this folder>"
    )
    readme = built.files["README.md"]
    assert "specs/" not in readme and "generated/" not in readme
    assert f"run `{regenerate}`" in readme and "pip install .\n" in readme
    assert built.files["src/quirks_client/client.py"].startswith(
        f"# Generated by specgen from bom_and_foreign_extensions.json. Do not edit: change the "
        f"spec and run `{regenerate}`.\n"
    )


def test_each_call_carries_the_credentials_its_operation_needs(tmp_path: Path) -> None:
    """vtex: one requirement names two API keys (both go together), another operation takes a
    bearer token instead; the client takes all three and sends each call only what its
    operation needs, and refuses by name a call it holds no credentials for."""
    spec = REGRESSIONS / "keys_together.yaml"
    built = build_api(one_off_config(spec, "kt"), templates_dir=TEMPLATES_DIR, strict=False)
    write_fileset(built.files, tmp_path / "kt", output_root=tmp_path)
    code = """
import httpx, pytest, kt_client as p
sent = []
def handler(request):
    sent.append(request.headers)
    if request.url.path == "/orders":
        return httpx.Response(200, json=[])
    return httpx.Response(200, json={"orderId": "1"})
def client(**credentials):
    transport = httpx.MockTransport(handler)
    return p.Client(http_client=httpx.Client(transport=transport), **credentials)
full = client(api_key="k", app_token_api_key="t", bearer_token="b")
full.get_order("1")
full.cancel_order("1")
(get, cancel) = sent
assert (get["X-VTEX-API-AppKey"], get["X-VTEX-API-AppToken"]) == ("k", "t")
assert "Authorization" not in get
assert cancel["Authorization"] == "Bearer b"
assert "X-VTEX-API-AppKey" not in cancel and "X-VTEX-API-AppToken" not in cancel
keys_only = client(api_key="k", app_token_api_key="t")
keys_only.get_order("1")
with pytest.raises(ValueError, match="cancelOrder needs credentials .* pass bearer_token="):
    keys_only.cancel_order("1")
with pytest.raises(ValueError, match="pass api_key= and app_token_api_key= to the client"):
    client(bearer_token="b").get_order("1")
with pytest.raises(ValueError, match="pass api_key=; or app_token_api_key=; or bearer_token="):
    client()
assert len(sent) == 3, sent
one_token = client(oauth_token="o")  # Google's two OAuth2 schemes "together": either token
one_token.list_orders()
assert sent[-1]["Authorization"] == "Bearer o"
doc = p.Client.__doc__
assert "``app_token_api_key=``, sent in the ``X-VTEX-API-AppToken`` header" in doc, doc
"""
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path / "kt" / "src", capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
