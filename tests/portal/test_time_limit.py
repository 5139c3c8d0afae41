"""The suite's time limit (tests/conftest.py): a test not marked slow fails the run when it uses
more CPU than --max-test-seconds, or holds its worker for three times as long; the time it spends
starved by tests running beside it is not counted."""

import textwrap
from pathlib import Path

import pytest

pytest_plugins = ["pytester"]

CONFTEST = (Path(__file__).resolve().parents[1] / "conftest.py").read_text()
TESTS = textwrap.dedent('''
    import subprocess
    import sys
    import time

    import pytest


    def burn(seconds):
        end = time.process_time() + seconds
        while time.process_time() < end:
            pass


    def test_burns_cpu():
        burn(0.6)


    def test_burns_cpu_in_a_child():
        subprocess.run([sys.executable, "-c", "import time\\nend = time.process_time() + 0.6\\nwhile time.process_time() < end: pass"], check=True)


    def test_waits_a_little():
        time.sleep(0.6)


    def test_waits_too_long():
        time.sleep(1.4)


    @pytest.mark.slow(reason="allowed")
    def test_marked_slow():
        burn(0.6)


    def test_quick():
        pass


    @pytest.mark.slow(reason="waits for its child")
    def test_starts_a_server(request):
        # A child that uses 0.6 s of CPU and ends; its end is waited for, but it is not reaped
        # (a zombie): the next test that waits for it has its CPU time added to its children's.
        server = subprocess.Popen([sys.executable, "-c", "import time\\nend = time.process_time() + 0.6\\nwhile time.process_time() < end: pass"])
        while open(f"/proc/{server.pid}/stat").read().rsplit(")", 1)[1].split()[0] != "Z":
            time.sleep(0.02)
        request.config.server = server


    def test_reaps_it(request):
        request.config.server.wait()
''')


@pytest.fixture
def suite(pytester):
    # The project's conftest alone, not Django's: what is under test is its time limit.
    start = CONFTEST.index("# --- Keeping the suite fast")
    pytester.makeconftest("import os\nimport resource\nimport time\n\nimport pytest\n" + CONFTEST[start:])
    pytester.makeini("[pytest]\nmarkers =\n    slow(reason): may take longer\n")
    pytester.makepyfile(test_timed=TESTS)
    return pytester


def test_cpu_over_the_limit_fails_the_run_and_waiting_counts_only_past_three_times_the_limit(suite):
    result = suite.runpytest("-p", "no:cacheprovider", "-p", "no:django", "--max-test-seconds=0.4")
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    verdicts = {line.split()[-1].split("::")[-1]: line for line in result.outlines if "::" in line and " s CPU " in line}
    too_slow = {name for name, line in verdicts.items() if "TOO SLOW" in line}
    # test_reaps_it reaps at once a child that used its 0.6 s before: not the test's own cost.
    assert too_slow == {"test_burns_cpu", "test_burns_cpu_in_a_child", "test_waits_too_long"}, result.outlines
    assert "allowed (marked slow)" in verdicts["test_marked_slow"]


def test_a_run_within_the_limit_passes(suite):
    result = suite.runpytest("-p", "no:cacheprovider", "-p", "no:django", "--max-test-seconds=5", "-k", "not too_long")
    assert result.ret == pytest.ExitCode.OK
    assert not any("TOO SLOW" in line for line in result.outlines)
