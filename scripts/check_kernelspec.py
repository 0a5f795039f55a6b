"""Checks that the venv's Jupyter resolves kernel NAME to this checkout's binary.

Usage: python scripts/check_kernelspec.py NAME BINARY

Jupyter prefers a kernelspec in the user's data directory (for example one left
by an earlier `gonlm install --user`) over the one `make setup` puts into .venv,
so `make lab` could start a different gonlm. This prints what Jupyter resolves and,
when it is not BINARY, how to remove the shadowing kernelspec. Exits 1 then.
"""

import os
import sys

from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel


def main():
    name, binary = sys.argv[1], os.path.realpath(sys.argv[2])
    try:
        spec = KernelSpecManager().get_kernel_spec(name)
    except NoSuchKernel:
        print(f"kernelspec: Jupyter finds no kernel {name!r}; run make setup")
        return 1
    used = os.path.realpath(spec.argv[0])
    if used == binary:
        print(f"kernelspec: Jupyter runs kernel {name!r} as {binary} ({spec.resource_dir})")
        return 0
    print(f"kernelspec: error: Jupyter resolves kernel {name!r} to {spec.resource_dir},\n"
          f"  which runs {spec.argv[0]}, not {binary}.\n"
          f"  Remove it with: {spec.argv[0]} install --uninstall --user   (or delete {spec.resource_dir})")
    return 1


if __name__ == "__main__":
    sys.exit(main())
