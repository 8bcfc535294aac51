"""Time csip against its baselines on synthetic plans and check the performance targets.

Each command is timed as a whole process, start-up included, because that is what a council
officer waits for. Peak memory is the child's own ru_maxrss from os.wait4 (RUSAGE_CHILDREN of
the harness would only ever show the largest child so far), read in a small launcher process
so that the harness's own memory cannot leak into the figure (see Launcher).

    .venv/bin/python bench/run.py                 # what `make bench` runs
    .venv/bin/python bench/run.py --runs 3 --sizes 240,10000
    .venv/bin/python bench/run.py --csip /path/to/stand-in   # before the CLI exists

Exit status: 0 when every target passes, 1 when one fails or a csip command errors,
2 when the harness cannot run (csip missing, bad arguments).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import generate

BENCH_DIR = Path(__file__).resolve().parent
DEFAULT_WORKDIR = BENCH_DIR / ".work"
MONTH = "2017-01"
MB = 1_000_000  # decimal megabytes: ru_maxrss is in KiB, so this errs on the strict side

CSIP_VALIDATE = "csip validate"
CSIP_STATUS = "csip status"
CSIP_REPORT = "csip exception-report"
PEER = "check-jsonschema"
FLOOR = "naive floor"
PYTHON = "python -c pass"
CSIP_COMMANDS = (CSIP_VALIDATE, CSIP_STATUS, CSIP_REPORT)
JSON_COMMANDS = (CSIP_STATUS, CSIP_REPORT)

#: The floor: parse every YAML file of the plan with libyaml and do nothing else.
NAIVE_FLOOR = """\
import sys, pathlib, yaml
for path in sorted(pathlib.Path(sys.argv[1]).iterdir()):
    if path.suffix in (".yaml", ".yml"):
        yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
"""

#: A csip time may be at most this many times its 10,000-action time at 100,000 actions.
GROWTH_LIMIT = 11.0
GROWTH_SIZES = (10_000, 100_000)


@dataclass(frozen=True)
class Target:
    """One row of the issue's target table: a time ratio or a memory ceiling."""

    command: str
    limit: float
    baseline: str | None = None  # None: a peak-memory ceiling in MB

    def describe(self) -> str:
        """The target as the issue writes it."""
        if self.baseline is None:
            return f"{self.command} peak memory <= {self.limit:g} MB"
        return f"{self.command} <= {self.limit:g} x {self.baseline}"


def _targets() -> dict[int, list[Target]]:
    """The issue's table, keyed by plan size; sizes not listed are timed but not judged."""
    small = [Target(CSIP_VALIDATE, 0.35, PEER)]
    small += [Target(c, 0.40, PEER) for c in JSON_COMMANDS]
    medium = [Target(CSIP_VALIDATE, 0.10, PEER), Target(CSIP_VALIDATE, 0.8, FLOOR)]
    medium += [Target(c, 0.9, FLOOR) for c in JSON_COMMANDS]
    large = [Target(CSIP_VALIDATE, 0.5, FLOOR)]
    large += [Target(c, 0.6, FLOOR) for c in JSON_COMMANDS]
    for rows, ceiling in ((small, 60.0), (medium, 200.0), (large, 600.0)):
        rows += [Target(c, ceiling) for c in CSIP_COMMANDS]
    return {240: small, 10_000: medium, 100_000: large}


TARGETS = _targets()


@dataclass
class Timing:
    """Every run of one command on one plan."""

    argv: list[str]
    seconds: list[float] = field(default_factory=list)
    peak_rss_mb: float = 0.0
    exit_codes: list[int] = field(default_factory=list)
    last_stderr: str = ""
    skipped: str | None = None  # why the command was not run, if it was not
    broken: bool = False  # it ran but failed (exit status, output): its figures prove nothing

    @property
    def median(self) -> float | None:
        """Median wall time, the figure every target uses."""
        return statistics.median(self.seconds) if self.seconds else None


@dataclass
class Verdict:
    """A judged target."""

    target: str
    value: float | None
    passed: bool | None  # None: could not be judged (baseline missing)
    note: str = ""


@dataclass
class SizeResult:
    """Everything measured on one plan."""

    actions: int
    plan_dir: str
    files: int
    megabytes: float
    generate_seconds: float | None  # None when an identical plan was reused
    timings: dict[str, Timing]
    verdicts: list[Verdict] = field(default_factory=list)


#: The launcher every measured command is started from (see Launcher). It imports nothing
#: beyond built-in modules so that its own resident set stays at the interpreter's minimum.
LAUNCHER = r"""
import os, signal, sys, time
child = 0
def on_alarm(signum, frame):
    if child:
        os.kill(child, signal.SIGKILL)
signal.signal(signal.SIGALRM, on_alarm)
requests, replies = sys.stdin.buffer, sys.stdout.buffer
while True:
    header = requests.readline()
    if not header:
        break
    timeout, out_path, err_path, *argv = requests.read(int(header)).split(b"\0")
    fds = [os.open(os.devnull, os.O_RDONLY)]
    for path in (out_path, err_path):
        fds.append(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644))
    started = time.perf_counter()
    child = os.fork()
    if child == 0:
        try:
            for target, fd in enumerate(fds):
                os.dup2(fd, target)
            os.execv(argv[0], argv)
        except BaseException as exc:
            os.write(2, b"cannot run %s: %s\n" % (argv[0], str(exc).encode()))
        finally:
            os._exit(127)
    signal.setitimer(signal.ITIMER_REAL, float(timeout))
    _, status, usage = os.wait4(child, 0)
    elapsed = time.perf_counter() - started
    signal.setitimer(signal.ITIMER_REAL, 0)
    child = 0
    for fd in fds:
        os.close(fd)
    replies.write(b"%r %d %d\n" % (elapsed, usage.ru_maxrss, os.waitstatus_to_exitcode(status)))
    replies.flush()
"""


class Launcher:
    """A small long-lived process that starts, times and reaps every measured command.

    Why not Popen + os.wait4 straight from the harness: Linux carries the pre-exec address
    space's high-water mark into the child's ru_maxrss, and subprocess uses vfork, so every
    child would report at least the harness's own peak RSS (tens of MB once it has written the
    100,000-action plan). Forked from this launcher instead, the floor under every reading is
    the launcher's few MB, below what even `python -c pass` uses. Timing happens here too, so
    it includes only fork, exec and the command itself.
    """

    def __init__(self) -> None:
        """Start the launcher with the environment every measured command inherits."""
        env = dict(os.environ, NO_COLOR="1", TERM="dumb")
        self.proc = subprocess.Popen(
            [sys.executable, "-I", "-S", "-c", LAUNCHER],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=env,
        )

    def run(self, argv: list[str], stdout: Path, timeout: float) -> tuple[float, float, int, str]:
        """Run argv once; return (wall seconds, peak RSS in MB, exit code, stderr tail).

        Output goes to files, not pipes, so a chatty child cannot block or be slowed down.
        """
        assert self.proc.stdin is not None and self.proc.stdout is not None
        err_path = stdout.with_suffix(".err")
        fields = [str(timeout), str(stdout), str(err_path), *argv]
        request = b"\0".join(os.fsencode(f) for f in fields)
        self.proc.stdin.write(b"%d\n" % len(request) + request)
        self.proc.stdin.flush()
        reply = self.proc.stdout.readline().split()
        if len(reply) != 3:
            raise RuntimeError("the benchmark launcher stopped unexpectedly")
        elapsed, maxrss_kib, code = float(reply[0]), int(reply[1]), int(reply[2])
        tail = err_path.read_text(encoding="utf-8", errors="replace")[-2000:]
        if code < 0:
            tail += f"\n(killed by signal {-code}; timeout {timeout:g} s)"
        return elapsed, maxrss_kib * 1024 / MB, code, tail

    def close(self) -> None:
        """End the launcher: it exits when its input closes."""
        if self.proc.stdin is not None:
            self.proc.stdin.close()
        self.proc.wait()


def interpreter_of(script: Path) -> Path:
    """The Python a console script runs under (its #! line), so the floor uses the same one."""
    try:
        with script.open("rb") as handle:
            first = handle.readline(512).decode("utf-8", "replace").strip()
    except OSError:
        return Path(sys.executable)
    if first.startswith("#!"):
        candidate = Path(first[2:].split()[0]) if first[2:].split() else None
        if candidate and candidate.name.startswith("python") and os.access(candidate, os.X_OK):
            return candidate
    return Path(sys.executable)


def generator_fingerprint() -> str:
    """Hash of generate.py: a reused plan must come from the same generator code."""
    return hashlib.sha256(Path(generate.__file__).read_bytes()).hexdigest()[:16]


def prepare_plan(workdir: Path, actions: int, seed: int) -> tuple[Path, float | None]:
    """Generate the plan, or reuse one written earlier by the same generator and seed."""
    plan_dir = workdir / f"plan-{actions}"
    stamp_path = workdir / f"plan-{actions}.stamp.json"
    stamp = {"actions": actions, "seed": seed, "generator": generator_fingerprint()}
    if plan_dir.is_dir() and stamp_path.is_file():
        try:
            if json.loads(stamp_path.read_text(encoding="utf-8")) == stamp:
                return plan_dir, None
        except ValueError:
            pass
    stamp_path.unlink(missing_ok=True)
    started = time.perf_counter()
    generate.write_plan(plan_dir, actions, seed)
    elapsed = time.perf_counter() - started
    stamp_path.write_text(json.dumps(stamp), encoding="utf-8")
    return plan_dir, elapsed


def plan_files(plan_dir: Path) -> list[Path]:
    """Every YAML file of a plan, in name order."""
    return sorted(p for p in plan_dir.iterdir() if p.suffix in (".yaml", ".yml"))


def priority_files(plan_dir: Path) -> list[Path]:
    """The files check-jsonschema checks: all but plan.yaml and funding.yaml."""
    return [p for p in plan_files(plan_dir) if p.stem not in ("plan", "funding")]


def write_schema(csip: Path, workdir: Path, timeout: float) -> tuple[Path | None, str]:
    """Save `csip schema priority` for check-jsonschema; return (path, why not) ."""
    path = workdir / "schema-priority.json"
    try:
        done = subprocess.run(
            [str(csip), "schema", "priority"], capture_output=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired:
        return None, "csip schema priority timed out"
    except OSError as exc:
        return None, f"csip schema priority failed: {exc.strerror}"
    if done.returncode != 0:
        return None, f"csip schema priority exited {done.returncode}"
    try:
        json.loads(done.stdout)
    except ValueError:
        return None, "csip schema priority did not print JSON"
    path.write_bytes(done.stdout)
    return path, ""


def commands_for(
    plan_dir: Path,
    *,
    csip: Path | None,
    peer: Path | None,
    schema: Path | None,
    python: Path,
    peer_skip: str | None,
) -> dict[str, Timing]:
    """The six commands timed on one plan; the ones that cannot run say why."""
    plan = str(plan_dir)
    timings: dict[str, Timing] = {}
    for name, args in (
        (CSIP_VALIDATE, ["validate", "--plan", plan]),
        (CSIP_STATUS, ["status", "--plan", plan, "--month", MONTH, "--format", "json"]),
        (CSIP_REPORT, ["exception-report", "--plan", plan, "--month", MONTH, "--format", "json"]),
    ):
        if csip is None:
            timings[name] = Timing([], skipped="csip missing")
        else:
            timings[name] = Timing([str(csip), *args])
    if peer is not None and schema is not None and peer_skip is None:
        files = [str(p) for p in priority_files(plan_dir)]
        timings[PEER] = Timing([str(peer), "--schemafile", str(schema), *files])
    else:
        timings[PEER] = Timing([], skipped=peer_skip or "check-jsonschema missing")
    timings[FLOOR] = Timing([str(python), "-c", NAIVE_FLOOR, plan])
    timings[PYTHON] = Timing([str(python), "-c", "pass"])
    return timings


def warm_page_cache(plan_dir: Path) -> None:
    """Read the plan once so no command pays for the disk and the first one is not penalised."""
    for path in plan_files(plan_dir):
        path.read_bytes()


def measure(
    launcher: Launcher, timings: dict[str, Timing], out_dir: Path, runs: int, timeout: float
) -> None:
    """Run every command `runs` times, interleaved and in rotating order to spread noise."""
    names = [n for n, t in timings.items() if t.skipped is None]
    for round_no in range(runs):
        shift = round_no % len(names) if names else 0
        for name in names[shift:] + names[:shift]:
            timing = timings[name]
            stdout = out_dir / (name.replace(" ", "_").replace("-", "_") + ".out")
            seconds, rss, code, tail = launcher.run(timing.argv, stdout, timeout)
            timing.seconds.append(seconds)
            timing.peak_rss_mb = max(timing.peak_rss_mb, rss)
            timing.exit_codes.append(code)
            if code != 0:
                timing.last_stderr = tail


def warm_up(launcher: Launcher, timings: dict[str, Timing], out_dir: Path, timeout: float) -> None:
    """One untimed run of each cheap command so bytecode caches exist before timing starts."""
    for name, timing in timings.items():
        if timing.skipped is None and name != PEER:
            launcher.run(timing.argv, out_dir / "warmup.out", timeout)


def last_lines(timing: Timing, count: int = 6) -> str:
    """The last lines of a failed run's stderr, indented: enough to see why, not a flood."""
    lines = timing.last_stderr.strip().splitlines()[-count:]
    return "\n".join("    " + line for line in lines) or "    (no output)"


def problems(name: str, timing: Timing, out_dir: Path) -> list[str]:
    """Correctness problems that make the timing meaningless (a csip command that failed)."""
    found: list[str] = []
    bad = sorted({c for c in timing.exit_codes if c != 0})
    if bad:
        codes = ", ".join(map(str, bad))
        found.append(f"{name} exited {codes}; the end of its stderr:\n{last_lines(timing)}")
    elif name in JSON_COMMANDS and timing.seconds:
        out = out_dir / (name.replace(" ", "_").replace("-", "_") + ".out")
        try:
            json.loads(out.read_bytes())
        except ValueError:
            found.append(f"{name} --format json did not print one JSON document")
    return found


def bench_size(
    launcher: Launcher,
    size: int,
    plan_dir: Path,
    timings: dict[str, Timing],
    *,
    warm: bool,
    args: argparse.Namespace,
) -> SizeResult:
    """Time every command on one plan; `warm` adds one untimed run of each first."""
    files = plan_files(plan_dir)
    out_dir = plan_dir.parent / f"out-{size}"
    out_dir.mkdir(exist_ok=True)
    warn(f"timing {size:,} actions ...")
    warm_page_cache(plan_dir)
    if warm:
        warm_up(launcher, timings, out_dir, args.timeout)
    measure(launcher, timings, out_dir, args.runs, args.timeout)
    return SizeResult(
        actions=size,
        plan_dir=str(plan_dir),
        files=len(files),
        megabytes=sum(p.stat().st_size for p in files) / MB,
        generate_seconds=None,
        timings=timings,
    )


def check_outputs(result: SizeResult, out_dir: Path) -> list[str]:
    """Every way a command failed on this plan, each as one line naming the plan size."""
    found: list[str] = []
    for name in CSIP_COMMANDS:
        trouble = problems(name, result.timings[name], out_dir)
        result.timings[name].broken = bool(trouble)
        found += trouble
    for name in (FLOOR, PYTHON):
        if any(result.timings[name].exit_codes):
            found.append(f"{name} failed:\n{last_lines(result.timings[name])}")
    return [f"{result.actions:,} actions: {line}" for line in found]


def judge(result: SizeResult) -> None:
    """Fill in the verdicts for this plan size from the issue's target table.

    A command that failed on the plan fails its targets: a fast wrong answer is no answer.
    """
    for target in TARGETS.get(result.actions, []):
        timing = result.timings[target.command]
        if timing.median is None:
            result.verdicts.append(Verdict(target.describe(), None, None, timing.skipped or ""))
            continue
        if timing.broken:
            failed = f"{target.command} failed, see the errors below"
            result.verdicts.append(Verdict(target.describe(), None, False, failed))
            continue
        if target.baseline is None:
            value = timing.peak_rss_mb
            result.verdicts.append(Verdict(target.describe(), value, value <= target.limit))
            continue
        base = result.timings[target.baseline]
        if base.median is None:
            reason = f"{target.baseline} not run: {base.skipped}"
            result.verdicts.append(Verdict(target.describe(), None, None, reason))
            continue
        ratio = timing.median / base.median
        result.verdicts.append(Verdict(target.describe(), ratio, ratio <= target.limit))


def growth(results: dict[int, SizeResult]) -> list[Verdict]:
    """Linear growth: 100,000-action time over 10,000-action time, for each csip command."""
    small, large = GROWTH_SIZES
    if small not in results or large not in results:
        return []
    verdicts: list[Verdict] = []
    for name in CSIP_COMMANDS:
        a, b = results[small].timings[name].median, results[large].timings[name].median
        label = f"{name} time({large:,}) / time({small:,}) <= {GROWTH_LIMIT:g}"
        if results[small].timings[name].broken or results[large].timings[name].broken:
            verdicts.append(Verdict(label, None, False, f"{name} failed"))
        elif a is None or b is None:
            verdicts.append(Verdict(label, None, None, "not run"))
        else:
            verdicts.append(Verdict(label, b / a, b / a <= GROWTH_LIMIT))
    return verdicts


def machine(python: Path) -> dict[str, str | int | None]:
    """CPU model, cores and the Python in use, so results from different boxes are not mixed."""
    model = platform.processor() or "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    version = subprocess.run(
        [str(python), "-c", "import sys; print(sys.version.split()[0])"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    return {
        "cpu": model,
        "cores": os.cpu_count(),
        "usable_cores": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "python": version or platform.python_version(),
        "python_path": str(python),
        "platform": platform.platform(),
    }


def warn(message: str) -> None:
    """Progress and setup messages go to stderr, keeping stdout for the results."""
    print(message, file=sys.stderr, flush=True)


def fmt(value: float | None, digits: int = 3) -> str:
    """A number for the tables, or a dash when there is none."""
    return "-" if value is None else f"{value:.{digits}f}"


def verdict_line(v: Verdict) -> str:
    """One target with its measured value and PASS/FAIL."""
    word = {True: "PASS", False: "FAIL", None: "SKIP"}[v.passed]
    note = f"  ({v.note})" if v.note else ""
    return f"  {v.target:<52} {fmt(v.value, 2):>9}  {word}{note}"


def print_size(result: SizeResult) -> None:
    """The table for one plan size, then its targets."""
    made = (
        "reused"
        if result.generate_seconds is None
        else f"generated in {result.generate_seconds:.2f} s"
    )
    print(
        f"\n== {result.actions:,} actions: {result.files} YAML files, "
        f"{result.megabytes:.1f} MB ({made}) =="
    )
    print(f"  {'command':<24} {'median s':>9} {'min s':>8} {'max s':>8} {'peak MB':>8}  runs")
    for name, t in result.timings.items():
        if t.skipped:
            print(f"  {name:<24} {'-':>9} {'-':>8} {'-':>8} {'-':>8}  not run: {t.skipped}")
            continue
        lo, hi = (min(t.seconds), max(t.seconds)) if t.seconds else (None, None)
        codes = sorted(set(t.exit_codes))
        extra = "" if codes == [0] else f"  exit {', '.join(map(str, codes))}"
        if name == PEER and codes != [0]:
            extra += " (check-jsonschema rejected the files; timed anyway)"
        print(
            f"  {name:<24} {fmt(t.median):>9} {fmt(lo):>8} {fmt(hi):>8} "
            f"{t.peak_rss_mb:>8.1f}  {len(t.seconds)}{extra}"
        )
    if result.verdicts:
        print("  targets:")
        for v in result.verdicts:
            print(verdict_line(v))
    else:
        print("  (no targets for this size)")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Command line of the harness."""
    parser = argparse.ArgumentParser(
        description="Time csip against check-jsonschema and a plain PyYAML load.",
    )
    parser.add_argument("--runs", type=int, default=5, help="timed runs per command (median)")
    parser.add_argument("--sizes", default="240,10000,100000", help="plan sizes in actions")
    parser.add_argument(
        "--workdir",
        type=Path,
        default=DEFAULT_WORKDIR,
        help="where plans and results go (default bench/.work, git-ignored)",
    )
    parser.add_argument("--seed", type=int, default=1, help="generator seed (default 1)")
    parser.add_argument(
        "--csip",
        type=Path,
        default=Path(sys.executable).parent / "csip",
        help="csip executable (default: next to this Python)",
    )
    parser.add_argument(
        "--check-jsonschema",
        dest="peer",
        type=Path,
        default=Path(sys.executable).parent / "check-jsonschema",
        help="check-jsonschema executable (default: next to this Python)",
    )
    parser.add_argument(
        "--peer-sizes",
        default="240,10000",
        help="sizes at which check-jsonschema is timed ('all' for every size); "
        "it takes minutes per run at 100,000 actions and no target needs it",
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=1800.0,
        help="seconds before a run is killed (default 1800)",
    )
    args = parser.parse_args(argv)
    try:
        args.sizes = sorted({int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()})
        args.peer_sizes = (
            set(args.sizes)
            if args.peer_sizes.strip() == "all"
            else {int(s.replace("_", "")) for s in args.peer_sizes.split(",") if s.strip()}
        )
    except ValueError:
        parser.error("--sizes and --peer-sizes take comma-separated whole numbers")
    if args.runs < 1 or not args.sizes or min(args.sizes) < 1:
        parser.error("--runs and every size must be at least 1")
    return args


def main(argv: list[str] | None = None) -> int:
    """Generate, measure, judge, print; exit 1 if any target fails."""
    args = parse_args(argv)
    workdir: Path = args.workdir.resolve()
    workdir.mkdir(parents=True, exist_ok=True)

    csip: Path | None = args.csip if os.access(args.csip, os.X_OK) else None
    python = interpreter_of(csip) if csip else Path(sys.executable)
    peer: Path | None = args.peer if os.access(args.peer, os.X_OK) else None
    schema: Path | None = None
    schema_problem = "no schema (csip missing)"
    if csip is None:
        warn(f"csip not found at {args.csip}: install the package or pass --csip")
    else:
        schema, schema_problem = write_schema(csip, workdir, args.timeout)
    if peer is None:
        warn(f"check-jsonschema not found at {args.peer}: its ratios are skipped")
    elif schema is None:
        warn(f"no schema for check-jsonschema: {schema_problem}")

    results: dict[int, SizeResult] = {}
    errors: list[str] = []
    launcher = Launcher()
    try:
        for size in args.sizes:
            peer_skip = None
            if peer is None:
                peer_skip = "check-jsonschema missing"
            elif schema is None:
                peer_skip = schema_problem
            elif size not in args.peer_sizes:
                peer_skip = "not in --peer-sizes"
            plan_dir, gen_seconds = prepare_plan(workdir, size, args.seed)
            timings = commands_for(
                plan_dir, csip=csip, peer=peer, schema=schema, python=python, peer_skip=peer_skip
            )
            first = size == args.sizes[0]
            result = bench_size(launcher, size, plan_dir, timings, warm=first, args=args)
            result.generate_seconds = gen_seconds
            errors += check_outputs(result, workdir / f"out-{size}")
            judge(result)
            results[size] = result
            print_size(result)
    finally:
        launcher.close()

    growth_verdicts = growth(results)
    if growth_verdicts:
        print("\n== linear growth ==")
        for v in growth_verdicts:
            print(verdict_line(v))
    info = machine(python)
    print(
        f"\nmachine: {info['cpu']}, {info['cores']} cores ({info['usable_cores']} usable), "
        f"Python {info['python']} ({info['python_path']}), {args.runs} runs per command"
    )
    if csip is not None and csip != Path(sys.executable).parent / "csip":
        print(f"csip: {csip} (override)")

    verdicts = [v for r in results.values() for v in r.verdicts] + growth_verdicts
    failed = [v for v in verdicts if v.passed is False]
    for message in errors:
        print(f"error: {message}")
    print(
        f"\n{sum(v.passed is True for v in verdicts)} passed, {len(failed)} failed, "
        f"{sum(v.passed is None for v in verdicts)} not judged, {len(errors)} errors"
    )
    sizes_report: dict[str, dict[str, object]] = {}
    for size, result in results.items():
        entry = asdict(result)
        for name, timing in result.timings.items():  # medians too, so readers need not recompute
            entry["timings"][name]["median"] = timing.median
        sizes_report[str(size)] = entry
    report = {
        "machine": info,
        "runs": args.runs,
        "seed": args.seed,
        "month": MONTH,
        "sizes": sizes_report,
        "growth": [asdict(v) for v in growth_verdicts],
        "errors": errors,
    }
    (workdir / "results.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
    print(f"results: {workdir / 'results.json'}")

    if csip is None:
        return 2
    return 1 if failed or errors else 0


if __name__ == "__main__":
    sys.exit(main())
