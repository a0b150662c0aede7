"""What the tests share: the corpus of real alerts, the command line to
compare with, and generated inputs."""

import os
import pathlib
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
CORPUS = sorted((ROOT / "tests" / "data").glob("*.json"))


@pytest.fixture(scope="session")
def corpus():
    assert len(CORPUS) >= 10, CORPUS
    return CORPUS


@pytest.fixture(scope="session")
def cli():
    """The `msgraph-connections` binary: MSGRAPH_CONNECTIONS, or built here."""
    given = os.environ.get("MSGRAPH_CONNECTIONS")
    if given:
        return pathlib.Path(given)
    subprocess.run(
        ["cargo", "build", "--quiet", "--features", "cli", "--bin", "msgraph-connections"],
        cwd=ROOT,
        check=True,
    )
    return ROOT / "target" / "debug" / "msgraph-connections"


@pytest.fixture(scope="session")
def export(cli, tmp_path_factory):
    """Runs the command line's export of `inputs`; the Parquet file and its rejects."""

    def run(inputs, name="cli", options=()):
        out = tmp_path_factory.mktemp(name)
        parquet, rejects = out / "connections.parquet", out / "rejects.ndjson"
        command = [str(cli), "export", "--quiet", *options, *map(str, inputs), "-o", str(parquet)]
        done = subprocess.run(command + ["--rejects", str(rejects)], capture_output=True, text=True)
        assert done.returncode in (0, 1), done.stderr
        return parquet, rejects

    return run
