"""Time csip against its baselines on synthetic plans of every style and check the targets.

Each command is timed as a whole process, start-up included, because that is what a council
officer waits for, in three states of csip's cache: cold (empty, so the run reads every file
and fills it), warm (the plan unchanged since the last run) and changed (one priority file
edited since). Peak memory is the child's own ru_maxrss from os.wait4, read in a small launcher
process so that the harness's own memory cannot leak into the figure (see Launcher).

Every figure is judged as a median of ratios: in each round every command and its baseline run
once, side by side, and the target compares the median over rounds of (command / baseline).

    .venv/bin/python bench/run.py                 # what `make bench` runs
    .venv/bin/python bench/run.py --runs 3 --sizes 240,10000 --styles flow,block

Exit status: 0 when every target passes, 1 when one fails or a csip command errors,
2 when the harness cannot run (csip missing, bad arguments).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shutil
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
SOURCE_DATE_EPOCH = "1795564800"  # 2026-11-25
MB = 1_000_000  # decimal megabytes: ru_maxrss is in KiB, so this errs on the strict side

PEER = "check-jsonschema"
FLOOR = "naive floor"
PYTHON = "python -c pass"
COMMANDS: dict[str, list[str]] = {
    "validate": ["validate"],
    "status": ["status", "--month", MONTH, "--format", "json"],
    "exception-report": ["exception-report", "--month", MONTH, "--format", "json"],
}
JSON_COMMANDS = ("status", "exception-report")
MODES = ("cold", "warm", "changed")

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
GROWTH_MODES = ("cold", "warm")


def csip_name(command: str, mode: str) -> str:
    return f"csip {command} ({mode})"


@dataclass(frozen=True)
class Target:
    """One cell of the issue's target table: a time ratio or a memory ceiling."""

    command: str
    mode: str | None  # None: every mode (memory ceilings)
    limit: float
    baseline: str | None = None  # None: a peak-memory ceiling in MB

    def describe(self) -> str:
        """The target as the issue writes it."""
        who = f"csip {self.command}" + (f" {self.mode}" if self.mode else "")
        if self.baseline is None:
            return f"{who} peak memory <= {self.limit:g} MB"
        return f"{who} <= {self.limit:g} x {self.baseline}"


def _targets() -> dict[int, list[Target]]:
    """The issue's table, keyed by plan size; sizes not listed are timed but not judged."""
    small = [Target("validate", "cold", 0.35, PEER), Target("validate", "warm", 0.25, PEER)]
    small += [Target(command, None, 60.0) for command in COMMANDS]
    table = {240: small}
    for size, changed, ceiling in ((10_000, 0.25, 200.0), (100_000, 0.15, 600.0)):
        rows = [Target(command, "cold", 1.0, FLOOR) for command in COMMANDS]
        rows += [Target(command, "warm", 0.10, FLOOR) for command in COMMANDS]
        rows += [Target(command, "changed", changed, FLOOR) for command in COMMANDS]
        rows += [Target(command, None, ceiling) for command in COMMANDS]
        table[size] = rows
    return table


TARGETS = _targets()


@dataclass
class Timing:
    """Every run of one command, in one state, on one plan."""

    argv: list[str]
    seconds: list[float | None] = field(default_factory=list)  # by round; None: not run
    peak_rss_mb: float = 0.0
    exit_codes: list[int] = field(default_factory=list)
    last_stderr: str = ""
    skipped: str | None = None  # why the command was not run at all, if it was not
    broken: bool = False  # it ran but failed (exit status, output): its figures prove nothing

    @property
    def times(self) -> list[float]:
        return [s for s in self.seconds if s is not None]

    @property
    def median(self) -> float | None:
        return statistics.median(self.times) if self.times else None


@dataclass
class Verdict:
    """A judged target."""

    target: str
    value: float | None
    passed: bool | None  # None: could not be judged (baseline missing)
    note: str = ""


@dataclass
class PlanResult:
    """Everything measured on one plan: one size, one style."""

    actions: int
    style: str
    plan_dir: str
    files: int
    megabytes: float
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

    def __init__(self, cache_dir: Path) -> None:
        """Start the launcher with the environment every measured command inherits."""
        env = dict(
            os.environ,
            NO_COLOR="1",
            TERM="dumb",
            CSIP_CACHE_DIR=str(cache_dir),
            # One "today" and one "made at" time, so that every run of a command prints the same.
            SOURCE_DATE_EPOCH=SOURCE_DATE_EPOCH,
        )
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


def prepare_plan(workdir: Path, actions: int, style: str, seed: int) -> Path:
    """Generate the plan, or reuse one written earlier by the same generator, style and seed."""
    plan_dir = workdir / f"plan-{actions}-{style}"
    stamp_path = workdir / f"plan-{actions}-{style}.stamp.json"
    stamp = {"actions": actions, "style": style, "seed": seed, "generator": generator_fingerprint()}
    if plan_dir.is_dir() and stamp_path.is_file():
        try:
            if json.loads(stamp_path.read_text(encoding="utf-8")) == stamp:
                return plan_dir
        except ValueError:
            pass
    stamp_path.unlink(missing_ok=True)
    warn(f"generating {actions:,} actions in the {style} style ...")
    generate.write_plan(plan_dir, actions, seed, style)
    stamp_path.write_text(json.dumps(stamp), encoding="utf-8")
    return plan_dir


def plan_files(plan_dir: Path) -> list[Path]:
    """Every YAML file of a plan, in name order."""
    return sorted(p for p in plan_dir.iterdir() if p.suffix in (".yaml", ".yml"))


def priority_files(plan_dir: Path) -> list[Path]:
    """The files check-jsonschema checks: all but plan.yaml and funding.yaml."""
    return [p for p in plan_files(plan_dir) if p.stem not in ("plan", "funding")]


def write_schema(csip: Path, workdir: Path, timeout: float) -> tuple[Path | None, str]:
    """Save `csip schema priority` for check-jsonschema; return (path, why not)."""
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


@dataclass
class Setup:
    """What every plan is timed with."""

    launcher: Launcher
    csip: Path
    python: Path
    peer: Path | None
    schema: Path | None
    peer_problem: str
    cache_dir: Path
    args: argparse.Namespace


def commands_for(plan_dir: Path, setup: Setup, size: int) -> dict[str, Timing]:
    """The commands timed on one plan; the ones that cannot run say why."""
    plan = str(plan_dir)
    timings: dict[str, Timing] = {}
    timings[FLOOR] = Timing([str(setup.python), "-c", NAIVE_FLOOR, plan])
    if setup.peer is None or setup.schema is None:
        timings[PEER] = Timing([], skipped=setup.peer_problem)
    elif size not in setup.args.peer_sizes:
        timings[PEER] = Timing([], skipped="not in --peer-sizes")
    else:
        files = [str(p) for p in priority_files(plan_dir)]
        timings[PEER] = Timing([str(setup.peer), "--schemafile", str(setup.schema), *files])
    timings[PYTHON] = Timing([str(setup.python), "-c", "pass"])
    for command, args in COMMANDS.items():
        for mode in MODES:
            timings[csip_name(command, mode)] = Timing([str(setup.csip), *args, "--plan", plan])
    return timings


def output_path(out_dir: Path, name: str) -> Path:
    return out_dir / (name.replace(" ", "_").replace("(", "").replace(")", "") + ".out")


def run_one(setup: Setup, timing: Timing, out: Path, record: bool = True) -> None:
    seconds, rss, code, tail = setup.launcher.run(timing.argv, out, setup.args.timeout)
    if not record:
        return
    timing.seconds.append(seconds)
    timing.peak_rss_mb = max(timing.peak_rss_mb, rss)
    timing.exit_codes.append(code)
    if code != 0:
        timing.last_stderr = tail


def clear_cache(cache_dir: Path) -> None:
    shutil.rmtree(cache_dir, ignore_errors=True)


def time_command(
    setup: Setup, plan_dir: Path, timings: dict[str, Timing], command: str, round_no: int
) -> None:
    """One round of one csip command: cold (empty cache), warm, then one priority file edited.

    The edit appends a comment, so the file must be read again though nothing in the plan
    changes; the file is put back afterwards, when the cache still holds its old entry.
    """
    out_dir = plan_dir.parent / f"out-{plan_dir.name}"
    clear_cache(setup.cache_dir)
    for mode in ("cold", "warm"):
        name = csip_name(command, mode)
        run_one(setup, timings[name], output_path(out_dir, name))
    edited = priority_files(plan_dir)[0]
    original = edited.read_bytes()
    edited.write_bytes(original + f"# edited for the benchmark, round {round_no}\n".encode())
    try:
        name = csip_name(command, "changed")
        run_one(setup, timings[name], output_path(out_dir, name))
    finally:
        edited.write_bytes(original)


def measure(setup: Setup, plan_dir: Path, timings: dict[str, Timing], size: int) -> None:
    """Every round runs each baseline and each csip command in every state, in rotating order."""
    out_dir = plan_dir.parent / f"out-{plan_dir.name}"
    out_dir.mkdir(exist_ok=True)
    for path in plan_files(plan_dir):  # the disk is not what is measured
        path.read_bytes()
    units = [FLOOR, PEER, PYTHON, *COMMANDS]
    for round_no in range(setup.args.runs):
        shift = round_no % len(units)
        for unit in units[shift:] + units[:shift]:
            if unit in COMMANDS:
                time_command(setup, plan_dir, timings, unit, round_no)
                continue
            timing = timings[unit]
            if timing.skipped is not None:
                continue
            if unit == PEER and size > 240 and round_no >= setup.args.peer_runs:
                timing.seconds.append(None)  # slow, and judged against nothing at this size
                continue
            run_one(setup, timing, output_path(out_dir, unit))


def warm_up(setup: Setup, plan_dir: Path, timings: dict[str, Timing]) -> None:
    """One untimed run of each cheap command so bytecode caches exist before timing starts."""
    out = plan_dir.parent / "warmup.out"
    for name in (FLOOR, PYTHON, csip_name("validate", "cold")):
        run_one(setup, timings[name], out, record=False)


def last_lines(timing: Timing, count: int = 6) -> str:
    """The last lines of a failed run's stderr, indented: enough to see why, not a flood."""
    lines = timing.last_stderr.strip().splitlines()[-count:]
    return "\n".join("    " + line for line in lines) or "    (no output)"


def check_outputs(result: PlanResult, out_dir: Path) -> list[str]:
    """Every way a command failed on this plan, each as one line naming the plan."""
    found: list[str] = []
    for command in COMMANDS:
        outputs: dict[str, bytes] = {}
        for mode in MODES:
            name = csip_name(command, mode)
            timing = result.timings[name]
            bad = sorted({c for c in timing.exit_codes if c != 0})
            trouble = ""
            if bad:
                codes = ", ".join(map(str, bad))
                trouble = f"{name} exited {codes}; the end of its stderr:\n{last_lines(timing)}"
            else:
                outputs[mode] = output_path(out_dir, name).read_bytes()
                if command in JSON_COMMANDS:
                    try:
                        json.loads(outputs[mode])
                    except ValueError:
                        trouble = f"{name} --format json did not print one JSON document"
            if trouble:
                timing.broken = True
                found.append(trouble)
        if len(set(outputs.values())) > 1:
            found.append(f"csip {command} printed different output cold, warm and changed")
            for mode in MODES:
                result.timings[csip_name(command, mode)].broken = True
    for name in (FLOOR, PYTHON):
        if any(result.timings[name].exit_codes):
            found.append(f"{name} failed:\n{last_lines(result.timings[name])}")
    return [f"{result.actions:,} actions, {result.style}: {line}" for line in found]


def median_ratio(timing: Timing, base: Timing) -> float | None:
    """The median over rounds of this command's time over its baseline's in the same round."""
    ratios = [
        mine / theirs
        for mine, theirs in zip(timing.seconds, base.seconds, strict=False)
        if mine is not None and theirs
    ]
    return statistics.median(ratios) if ratios else None


def judge(result: PlanResult) -> None:
    """Fill in the verdicts for this plan from the issue's target table.

    A command that failed on the plan fails its targets: a fast wrong answer is no answer.
    """
    for target in TARGETS.get(result.actions, []):
        modes = [target.mode] if target.mode else list(MODES)
        timings = [result.timings[csip_name(target.command, mode)] for mode in modes]
        if any(timing.broken for timing in timings):
            failed = f"csip {target.command} failed, see the errors below"
            result.verdicts.append(Verdict(target.describe(), None, False, failed))
            continue
        if target.baseline is None:
            value = max(timing.peak_rss_mb for timing in timings)
            result.verdicts.append(Verdict(target.describe(), value, value <= target.limit))
            continue
        base = result.timings[target.baseline]
        if base.skipped is not None:
            reason = f"{target.baseline} not run: {base.skipped}"
            result.verdicts.append(Verdict(target.describe(), None, None, reason))
            continue
        ratio = median_ratio(timings[0], base)
        passed = None if ratio is None else ratio <= target.limit
        result.verdicts.append(Verdict(target.describe(), ratio, passed))


def growth(results: dict[tuple[int, str], PlanResult]) -> list[Verdict]:
    """Linear growth: 100,000-action time over 10,000-action time, cold and warm, every style."""
    small, large = GROWTH_SIZES
    verdicts: list[Verdict] = []
    for style in dict.fromkeys(style for _, style in results):
        if (small, style) not in results or (large, style) not in results:
            continue
        for command in COMMANDS:
            for mode in GROWTH_MODES:
                name = csip_name(command, mode)
                a = results[(small, style)].timings[name]
                b = results[(large, style)].timings[name]
                label = f"{style}: {name} time({large:,}) / time({small:,}) <= {GROWTH_LIMIT:g}"
                if a.broken or b.broken:
                    verdicts.append(Verdict(label, None, False, "failed"))
                elif a.median is None or b.median is None:
                    verdicts.append(Verdict(label, None, None, "not run"))
                else:
                    ratio = b.median / a.median
                    verdicts.append(Verdict(label, ratio, ratio <= GROWTH_LIMIT))
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
        "load_average": " ".join(f"{load:.2f}" for load in os.getloadavg()),
    }


def warn(message: str) -> None:
    """Progress and setup messages go to stderr, keeping stdout for the results."""
    print(message, file=sys.stderr, flush=True)


def fmt(value: float | None, digits: int = 3) -> str:
    """A number for the tables, or a dash when there is none."""
    return "-" if value is None else f"{value:.{digits}f}"


def verdict_line(v: Verdict) -> str:
    """One target: its measured value beside its limit, and PASS/FAIL."""
    word = {True: "PASS", False: "FAIL", None: "SKIP"}[v.passed]
    note = f"  ({v.note})" if v.note else ""
    return f"  {v.target:<62} {fmt(v.value, 2):>8}  {word}{note}"


def print_plan(result: PlanResult) -> None:
    """The table for one plan, then its targets."""
    print(
        f"\n== {result.actions:,} actions, {result.style} style: {result.files} YAML files, "
        f"{result.megabytes:.1f} MB =="
    )
    print(f"  {'command':<34} {'median s':>9} {'min s':>8} {'max s':>8} {'peak MB':>8}  runs")
    for name, t in result.timings.items():
        if t.skipped:
            print(f"  {name:<34} {'-':>9} {'-':>8} {'-':>8} {'-':>8}  not run: {t.skipped}")
            continue
        times = t.times
        lo, hi = (min(times), max(times)) if times else (None, None)
        codes = sorted(set(t.exit_codes))
        extra = "" if codes == [0] else f"  exit {', '.join(map(str, codes))}"
        print(
            f"  {name:<34} {fmt(t.median):>9} {fmt(lo):>8} {fmt(hi):>8} "
            f"{t.peak_rss_mb:>8.1f}  {len(times)}{extra}"
        )
    if result.verdicts:
        print("  targets (medians of ratios in the same round; memory: the highest peak):")
        for v in result.verdicts:
            print(verdict_line(v))


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Command line of the harness."""
    parser = argparse.ArgumentParser(
        description="Time csip, cold and warm, against check-jsonschema and a plain PyYAML load.",
    )
    parser.add_argument("--runs", type=int, default=3, help="timed rounds per plan (median)")
    parser.add_argument("--sizes", default="240,10000,100000", help="plan sizes in actions")
    parser.add_argument(
        "--styles", default=",".join(generate.STYLES), help="plan styles (see generate.py)"
    )
    parser.add_argument(
        "--workdir",
        type=Path,
        default=DEFAULT_WORKDIR,
        help="where plans, csip's cache and results go (default bench/.work, git-ignored)",
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
        help="sizes at which check-jsonschema is timed ('all' for every size)",
    )
    parser.add_argument(
        "--peer-runs",
        type=int,
        default=1,
        help="rounds that time check-jsonschema above 240 actions, where no target uses it "
        "and one run takes most of a minute (default 1)",
    )
    parser.add_argument(
        "--timeout", type=float, default=1800.0, help="seconds before a run is killed"
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
    args.styles = [s.strip() for s in args.styles.split(",") if s.strip()]
    unknown = [s for s in args.styles if s not in generate.STYLES]
    if unknown:
        parser.error(f"unknown style {unknown[0]!r}: one of {', '.join(generate.STYLES)}")
    if args.runs < 1 or not args.sizes or min(args.sizes) < 1 or not args.styles:
        parser.error("--runs and every size must be at least 1, and give a style")
    return args


def main(argv: list[str] | None = None) -> int:
    """Generate, measure, judge, print; exit 1 if any target fails."""
    args = parse_args(argv)
    workdir: Path = args.workdir.resolve()
    workdir.mkdir(parents=True, exist_ok=True)
    if not os.access(args.csip, os.X_OK):
        warn(f"csip not found at {args.csip}: install the package or pass --csip")
        return 2
    csip: Path = args.csip
    python = interpreter_of(csip)
    peer: Path | None = args.peer if os.access(args.peer, os.X_OK) else None
    schema, schema_problem = write_schema(csip, workdir, args.timeout)
    peer_problem = "check-jsonschema missing" if peer is None else schema_problem
    if peer_problem:
        warn(f"check-jsonschema will not be timed: {peer_problem}")

    cache_dir = workdir / "csip-cache"
    launcher = Launcher(cache_dir)
    setup = Setup(launcher, csip, python, peer, schema, peer_problem, cache_dir, args)
    results: dict[tuple[int, str], PlanResult] = {}
    errors: list[str] = []
    started = time.perf_counter()
    try:
        for size in args.sizes:
            for style in args.styles:
                plan_dir = prepare_plan(workdir, size, style, args.seed)
                timings = commands_for(plan_dir, setup, size)
                warn(f"timing {size:,} actions, {style} style ...")
                if not results:
                    warm_up(setup, plan_dir, timings)
                measure(setup, plan_dir, timings, size)
                files = plan_files(plan_dir)
                result = PlanResult(
                    size,
                    style,
                    str(plan_dir),
                    len(files),
                    sum(p.stat().st_size for p in files) / MB,
                    timings,
                )
                errors += check_outputs(result, plan_dir.parent / f"out-{plan_dir.name}")
                judge(result)
                results[(size, style)] = result
                print_plan(result)
    finally:
        launcher.close()
        clear_cache(cache_dir)

    growth_verdicts = growth(results)
    if growth_verdicts:
        print("\n== linear growth (medians) ==")
        for v in growth_verdicts:
            print(verdict_line(v))
    info = machine(python)
    print(
        f"\nmachine: {info['cpu']}, {info['cores']} cores ({info['usable_cores']} usable), "
        f"Python {info['python']} ({info['python_path']}), {args.runs} rounds per plan, "
        f"load average {info['load_average']} at the end, "
        f"{(time.perf_counter() - started) / 60:.0f} minutes"
    )
    verdicts = [v for r in results.values() for v in r.verdicts] + growth_verdicts
    failed = [v for v in verdicts if v.passed is False]
    for message in errors:
        print(f"error: {message}")
    print(
        f"\n{sum(v.passed is True for v in verdicts)} passed, {len(failed)} failed, "
        f"{sum(v.passed is None for v in verdicts)} not judged, {len(errors)} errors"
    )
    plans: dict[str, dict[str, object]] = {}
    for (size, style), result in results.items():
        entry = asdict(result)
        for name, timing in result.timings.items():  # medians too, so readers need not recompute
            entry["timings"][name]["median"] = timing.median
        plans[f"{size}-{style}"] = entry
    report = {
        "machine": info,
        "runs": args.runs,
        "seed": args.seed,
        "month": MONTH,
        "plans": plans,
        "growth": [asdict(v) for v in growth_verdicts],
        "errors": errors,
    }
    (workdir / "results.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
    print(f"results: {workdir / 'results.json'}")
    return 1 if failed or errors else 0


if __name__ == "__main__":
    sys.exit(main())
