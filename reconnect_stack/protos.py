"""Generate the Python code for ``protos/`` into the ``reconnect`` package.

``python -m reconnect_stack.protos`` regenerates; ``--check`` exits non-zero when the
committed code is stale. Compiled with ``-I protos`` so generated imports are
package-qualified (``from reconnect.events.v1 import ...``).
"""

from __future__ import annotations

import filecmp
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROTO_ROOT = ROOT / "protos"
PACKAGE = "reconnect"


def _proto_files() -> list[str]:
    return sorted(str(p.relative_to(PROTO_ROOT)) for p in PROTO_ROOT.rglob("*.proto"))


def generate(out_dir: Path) -> None:
    from grpc_tools import protoc

    include = Path(protoc.__file__).parent / "_proto"
    args = [
        "protoc",
        f"-I{PROTO_ROOT}",
        f"-I{include}",
        f"--python_out={out_dir}",
        f"--pyi_out={out_dir}",
        f"--grpc_python_out={out_dir}",
        *_proto_files(),
    ]
    if protoc.main(args) != 0:
        raise SystemExit("protoc failed")
    package = out_dir / PACKAGE
    for folder in [package, *[p for p in package.rglob("*") if p.is_dir()]]:
        init = folder / "__init__.py"
        if not init.exists():
            init.write_text('"""Generated from protos/ by reconnect_stack.protos; do not edit."""\n')


def _generated(tree: Path) -> dict[str, Path]:
    return {str(p.relative_to(tree)): p for p in (tree / PACKAGE).rglob("*") if p.is_file() and "__pycache__" not in p.parts}


def stale_files() -> list[str]:
    with tempfile.TemporaryDirectory() as tmp:
        fresh_root = Path(tmp)
        generate(fresh_root)
        fresh, committed = _generated(fresh_root), _generated(ROOT)
        names = set(fresh) | set(committed)
        return sorted(n for n in names if n not in fresh or n not in committed or not filecmp.cmp(fresh[n], committed[n], shallow=False))


def main() -> None:
    if "--check" in sys.argv:
        stale = stale_files()
        if stale:
            print("generated code is stale; run `make protos`:", *stale, sep="\n  ")
            raise SystemExit(1)
        print("generated code is up to date")
        return
    with tempfile.TemporaryDirectory() as tmp:
        generate(Path(tmp))
        shutil.rmtree(ROOT / PACKAGE, ignore_errors=True)
        shutil.copytree(Path(tmp) / PACKAGE, ROOT / PACKAGE)
    print(f"generated {len(_proto_files())} proto files into {PACKAGE}/")


if __name__ == "__main__":
    main()
