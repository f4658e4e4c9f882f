"""The `caucasus-data` command: a thin layer over the Python API, one sub-command per module in ``commands/``.

No traceback ever reaches the user: an internal fault is one line on stderr and exit code 2. A reader that
closes the pipe early (``caucasus-data validate | head``) is not a fault: the output goes quiet and the exit
code is still the result's.

The installed command (:func:`run`) ends the process once Python's own exit work is done, without the native
libraries' static destructors: pyarrow's thread pools can still hold a live worker thread then, and
destroying it aborts the process with "terminate called without an active exception" and exit code 134
after the command has finished and printed its result (apache/arrow#34314; seen here in about one run in
twenty of `fmt --check` and `cite` on a loaded machine). :func:`main` stays an ordinary function for callers
in the same process.

The installed command also runs without transparent huge pages (Linux), which it asks for before anything
large is allocated. A validation holds a little over a gigabyte at a million rows, all of it fresh memory, and
with huge pages the kernel zeroes and compacts each 2 MB page as it is first touched: measured on this
project's machine, five alternated runs of `validate` on the million-row package took 2.1 to 2.5 s of system
time with them and 0.9 to 1.1 s without, 5.10 s against 4.69 s of wall time (medians) and 1.36 GB against
1.24 GB at the peak (``docs/benchmarks.md``). A one-off process gains nothing from fewer TLB misses later.
The setting is the process's own (and its children's); the library never changes it in a caller's process.
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import os
import sys
from typing import NoReturn

from .exit_codes import EXIT_CANNOT_RUN

PR_SET_THP_DISABLE = 41  # prctl(2): no transparent huge pages for this process and the children it starts


def small_pages() -> None:
    """Ask Linux for no transparent huge pages in this process (see the module's docstring); elsewhere, nothing."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_THP_DISABLE, 1, 0, 0, 0)
    except (ImportError, OSError, AttributeError):  # no ctypes, no C library, or no prctl: the default pages serve
        pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_CANNOT_RUN, f"caucasus-data: {message} (see `caucasus-data --help`)\n")


def build_parser() -> tuple[argparse.ArgumentParser, dict]:
    from . import __version__
    from .commands import discover

    parser = _Parser(
        prog="caucasus-data",
        description="Validate, format, compare, build, fetch, list, show and cite the caucasus-data package.",
    )
    parser.add_argument("--version", action="version", version=f"caucasus-data {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser, metavar="COMMAND")
    runners = {}
    for module in discover():
        command = sub.add_parser(
            module.NAME,
            help=module.HELP,
            description=module.HELP,
            epilog=getattr(module, "EXAMPLES", None),
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        module.add_arguments(command)
        runners[module.NAME] = module.run
    return parser, runners


class _Stdout:
    """``sys.stdout`` that, once its reader has gone, sends what is left to the null device instead of raising."""

    def __init__(self, stream) -> None:
        self._stream = stream
        self.reader_gone = False

    def _gone(self) -> None:
        self.reader_gone = True
        try:  # so that the interpreter's own flush at exit finds nothing to complain about
            null = os.open(os.devnull, os.O_WRONLY)
            os.dup2(null, self._stream.fileno())
            os.close(null)
        except (OSError, ValueError, AttributeError):
            pass

    def write(self, text: str) -> int:
        if not self.reader_gone:
            try:
                return self._stream.write(text)
            except BrokenPipeError:
                self._gone()
        return len(text)

    def flush(self) -> None:
        if not self.reader_gone:
            try:
                self._stream.flush()
            except BrokenPipeError:
                self._gone()

    def __getattr__(self, name: str):
        return getattr(self._stream, name)


def main(argv: list[str] | None = None) -> int:
    stdout = sys.stdout
    sys.stdout = _Stdout(stdout)
    try:
        return _main(argv)
    finally:
        sys.stdout.flush()
        sys.stdout = stdout


def _main(argv: list[str] | None) -> int:
    try:
        parser, runners = build_parser()
        args = parser.parse_args(argv)
        return runners[args.command](args)
    except BrokenPipeError:  # the reader went away (`caucasus-data show events | head`): nothing left to say
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_CANNOT_RUN
    except KeyboardInterrupt:
        print("caucasus-data: interrupted", file=sys.stderr)
        return EXIT_CANNOT_RUN
    except SystemExit as exc:  # --help, --version and usage errors
        return exc.code if isinstance(exc.code, int) else EXIT_CANNOT_RUN
    except Exception as exc:
        print(f"caucasus-data: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return EXIT_CANNOT_RUN


def run() -> NoReturn:
    """The console entry point: :func:`main`, then an exit that skips native static destructors (see above)."""
    outcome = [EXIT_CANNOT_RUN]
    # Registered before anything else, so it runs after every other exit function (they run last in, first out):
    # thread joins, temporary-file finalizers and the like still happen.
    atexit.register(_end_process, outcome)
    small_pages()
    outcome[0] = main()
    sys.exit(outcome[0])


def _end_process(outcome: list[int]) -> None:
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a reader that closed the pipe, or a closed stream
            stream.flush()
    os._exit(outcome[0])


if __name__ == "__main__":
    run()
