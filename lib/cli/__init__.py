"""`python -m lib`: every computation from a shell, JSON out.

Each ``cmd_*.py`` module in this package adds one sub-command through its
``register(subparsers)`` function, so commands are added without editing a
central list.

Exit codes: 0 ok, 1 a gate failed, 2 bad input (one line on stderr; an input
too large for the memory free is bad input too), 3 an unexpected internal
error (one line on stderr; please report it).
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import re
import sys
import warnings
from collections.abc import Sequence

from lib import __version__
from lib.errors import InputError

EXIT_OK, EXIT_GATE_FAILED, EXIT_BAD_INPUT, EXIT_INTERNAL = 0, 1, 2, 3


class _OneLineParser(argparse.ArgumentParser):
    """Usage mistakes are bad input too: one line on stderr, exit 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        one_line = " ".join(message.split())  # a value typed with a newline must not break the one-line contract
        self.exit(EXIT_BAD_INPUT, f"error: {self.prog}: {one_line} (see --help)\n")


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser with every discovered sub-command."""
    parser = _OneLineParser(
        prog="python -m lib",
        description="Decision Desk from the command line: the app's computations, JSON out.",
        epilog="Exit codes: 0 ok, 1 a gate failed, 2 bad input, 3 internal error.",
    )
    parser.add_argument("--version", action="version", version=f"Decision Desk {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_OneLineParser)
    package_path = __path__
    for module_info in sorted(pkgutil.iter_modules(package_path), key=lambda m: m.name):
        if module_info.name.startswith("cmd_"):
            module = importlib.import_module(f"{__name__}.{module_info.name}")
            module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return EXIT_OK
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # warnings would break the one-line contract on stderr
            code = int(args.handler(args) or EXIT_OK)
            sys.stdout.flush()  # a closed pipe shows here, inside the handling below, not at exit
            return code
    except InputError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except MemoryError as error:
        # Too large for the memory free is a property of the input, not a fault of the program.
        print(f"error: not enough memory for this input: {_memory_detail(error)}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except RecursionError:
        # Only input nested without end (JSON thousands of levels deep) exhausts the stack; the reader should say so.
        print("error: the input is nested too deeply to read; expected at most a few dozen levels", file=sys.stderr)
        return EXIT_BAD_INPUT
    except OverflowError as error:
        # A number too large for the arithmetic or the store it reaches (a 400-digit id, 1e400 in a spec).
        print(f"error: a number in the input is too large to use ({_first(error)})", file=sys.stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError:
        # The reader stopped reading (e.g. `| head`); what it read was complete, so this is not an error.
        _silence_stdout()
        return EXIT_OK
    except OSError as error:
        if error.filename is None:
            print(f"error: unexpected {type(error).__name__}: {_first(error)}", file=sys.stderr)
            return EXIT_INTERNAL
        # A path the user typed that cannot be opened or written (too long, a folder, no permission).
        name = str(error.filename)
        shown = name if len(name) <= 80 else name[:77] + "..."
        print(f"error: file '{shown}': cannot be used ({error.strerror or type(error).__name__})", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return EXIT_INTERNAL
    except Exception as error:  # never a traceback: one line, distinct exit code
        print(f"error: unexpected {type(error).__name__}: {_first(error)}", file=sys.stderr)
        return EXIT_INTERNAL


def _first(error: BaseException) -> str:
    return (str(error).strip().splitlines() or [""])[0][:300]


def _memory_detail(error: MemoryError) -> str:
    """What ran out, in words, with the amount when the library said it (numpy does)."""
    amount = re.search(r"(\d+(?:\.\d+)?\s*[KMGTP]i?B)", str(error))
    needed = f" (one step alone asked for {amount.group(1)})" if amount else ""
    return (
        f"the work needed more memory than this machine has free{needed}; "
        "use a smaller file or fewer rows, or run it where more memory is free"
    )


def _silence_stdout() -> None:
    """Point stdout at nothing, so the interpreter's last flush cannot fail on the closed pipe again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # stdout is not a real file (a test's capture)
        pass
