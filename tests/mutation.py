"""Mutation testing of the modules that guard the record (tests/MUTATION.md), with mutmut.

    python -m tests.mutation run           every mutant of [tool.mutmut] only_mutate, afresh
    python -m tests.mutation sample [N]    N mutants drawn at random (CLAIMTRACK_MUTATION_SAMPLE)
    python -m tests.mutation report        scores per module from the results left in mutants/

run fails when a module kills fewer than TARGET of its mutants, sample when its draw does.
A survivor that tests/MUTATION.md does not name is printed as unexplained.
"""

import argparse
import json
import math
import os
import random
import shutil
import subprocess
import sys
import time
import tomllib
from collections import Counter
from pathlib import Path

from mutmut.mutation.file_mutation import mutate_file_contents
from mutmut.stats import status_by_exit_code

ROOT = Path(__file__).resolve().parent.parent
MUTANTS = ROOT / "mutants"
LOG = MUTANTS / "mutmut.log"
NOTES = ROOT / "tests" / "MUTATION.md"
TARGET = 0.90
DEFAULT_SAMPLE = 40
KILLED = frozenset({"killed", "timeout", "caught by type check"})


def scoped_modules() -> list[str]:
    """The source files mutmut mutates, as configured in pyproject.toml."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    modules: list[str] = config["tool"]["mutmut"]["only_mutate"]
    return modules


def module_name(path: str) -> str:
    """app/units/parse.py -> app.units.parse, the prefix of its mutants' names."""
    return path.removesuffix(".py").replace("/", ".")


def mutant_names(path: str) -> list[str]:
    """The names mutmut gives the mutants of one source file."""
    mutated = mutate_file_contents(path, (ROOT / path).read_text())
    return [f"{module_name(path)}.{name}" for name in mutated.mutant_names]


def statuses() -> dict[str, str]:
    """Every mutant's status from the last run ("not checked" when it did not run)."""
    found: dict[str, str] = {}
    for meta in MUTANTS.glob("app/**/*.py.meta"):
        codes = json.loads(meta.read_text())["exit_code_by_key"]
        found.update({name: status_by_exit_code[code] for name, code in codes.items()})
    return found


def explained() -> str:
    """The text of tests/MUTATION.md, where each accepted survivor is named."""
    return NOTES.read_text() if NOTES.exists() else ""


def score(counts: Counter[str]) -> tuple[int, int]:
    """Killed and checked mutants among counts of statuses."""
    checked = sum(n for status, n in counts.items() if status != "not checked")
    return sum(counts[status] for status in KILLED), checked


def report(only: set[str] | None = None) -> dict[str, Counter[str]]:
    """Print killed / checked per module (of the mutants in only, if given) and the survivors."""
    found = statuses()
    if only is not None:
        found = {name: status for name, status in found.items() if name in only}
    by_module: dict[str, Counter[str]] = {}
    for path in scoped_modules():
        prefix = module_name(path) + "."
        mine = [status for name, status in found.items() if name.startswith(prefix)]
        by_module[path] = Counter(mine)
    print(f"\n{'module':36} {'killed':>6} / {'total':<5} {'score':>6}  other")
    for path, counts in by_module.items():
        killed, checked = score(counts)
        other = ", ".join(f"{n} {s}" for s, n in sorted(counts.items()) if s not in KILLED)
        rate = f"{100 * killed / checked:5.1f}%" if checked else "    - "
        print(f"{path:36} {killed:>6} / {checked:<5} {rate}  {other}")
    killed, checked = score(sum(by_module.values(), Counter()))
    print(f"{'all':36} {killed:>6} / {checked:<5} {100 * killed / max(checked, 1):5.1f}%")
    _print_survivors(found)
    return by_module


def _print_survivors(found: dict[str, str]) -> None:
    notes = explained()
    lost = sorted(n for n, s in found.items() if s not in KILLED and s != "not checked")
    unexplained = [name for name in lost if f"`{name}`" not in notes]
    if unexplained:
        print(f"\n{len(unexplained)} survivor(s) not explained in tests/MUTATION.md:")
        for name in unexplained:
            print(f"  {name}: {found[name]}")
        print("see one with: .venv/bin/mutmut show NAME")


def mutmut(*names: str) -> None:
    """Run mutmut (all mutants, or the named ones) with its chatter sent to mutants/mutmut.log."""
    MUTANTS.mkdir(exist_ok=True)
    command = [str(Path(sys.executable).parent / "mutmut"), "run", *names]
    started = time.monotonic()
    with LOG.open("w") as log:
        # CPU work runs in threads: mutmut learns which tests reach a function, and switches a
        # mutant on, inside the test process; a worker process would hide both from it.
        env = {**os.environ, "CLAIMTRACK_CPU_WORKERS": "0"}
        done = subprocess.run(
            command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, check=False
        )
    print(f"mutmut ran {time.monotonic() - started:.0f} s (its output: {LOG.relative_to(ROOT)})")
    if done.returncode != 0:
        print(LOG.read_text()[-3000:])
        sys.exit(f"mutmut failed with exit code {done.returncode}")


def below_target(counts: Counter[str]) -> bool:
    """Whether fewer than TARGET of the checked mutants were killed."""
    killed, checked = score(counts)
    return checked > 0 and killed < TARGET * checked


def run_all() -> int:
    """Every mutant afresh; 1 when a module misses the target."""
    shutil.rmtree(MUTANTS, ignore_errors=True)
    mutmut()
    missed = [path for path, counts in report().items() if below_target(counts)]
    for path in missed:
        print(f"{path} kills fewer than {TARGET:.0%} of its mutants")
    return 1 if missed else 0


# A sample of 40 from a scope that kills exactly 90 % still misses 90 % one time in five by
# chance alone; the sample fails only when it shows the scope below TARGET with this confidence.
SAMPLE_CONFIDENCE = 0.99


def clearly_below_target(killed: int, checked: int) -> bool:
    """Whether so few kills would come from a scope at TARGET less than 1 % of the time.

    The number killed in a random draw is binomial(checked, TARGET) if the scope kills TARGET
    of its mutants: a one-sided test of that at SAMPLE_CONFIDENCE.
    """
    chance = sum(
        math.comb(checked, k) * TARGET**k * (1 - TARGET) ** (checked - k) for k in range(killed + 1)
    )
    return checked > 0 and chance < 1 - SAMPLE_CONFIDENCE


def run_sample(size: int, seed: int) -> int:
    """size mutants drawn with seed; 1 when they show the scope below TARGET (see above)."""
    shutil.rmtree(MUTANTS, ignore_errors=True)
    every = [name for path in scoped_modules() for name in mutant_names(path)]
    drawn = random.Random(seed).sample(every, min(size, len(every)))
    print(f"sample of {len(drawn)} of {len(every)} mutants, seed {seed}")
    mutmut(*drawn)
    counts = sum(report(set(drawn)).values(), Counter())
    killed, checked = score(counts)
    if clearly_below_target(killed, checked):
        print(
            f"the sample kills {killed} of {checked}: the scope kills fewer than {TARGET:.0%} "
            f"of its mutants ({SAMPLE_CONFIDENCE:.0%} confidence)"
        )
        return 1
    return 0


def main() -> int:
    """Parse the command line and run one of run, sample, report."""
    os.chdir(ROOT)  # mutmut reads its configuration from ./pyproject.toml
    parser = argparse.ArgumentParser(prog="python -m tests.mutation", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("run")
    commands.add_parser("report")
    sample = commands.add_parser("sample")
    default_size = int(os.environ.get("CLAIMTRACK_MUTATION_SAMPLE", DEFAULT_SAMPLE))
    sample.add_argument("size", type=int, nargs="?", default=default_size)
    default_seed = int(os.environ.get("CLAIMTRACK_MUTATION_SEED", time.time_ns() % 10**6))
    sample.add_argument("--seed", type=int, default=default_seed)
    arguments = parser.parse_args()
    if arguments.command == "run":
        return run_all()
    if arguments.command == "sample":
        return run_sample(arguments.size, arguments.seed)
    report()
    return 0


if __name__ == "__main__":
    sys.exit(main())
