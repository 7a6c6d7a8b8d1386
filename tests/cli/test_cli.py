"""The console commands, run as a script or a receiving office would run them."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run(*args, data_dir):
    env = {**os.environ, "APP_DATA_DIR": str(data_dir), "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, "-m", "app", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, encoding="utf-8", timeout=300)


def test_help_lists_the_commands_in_vietnamese(tmp_path):
    out = run("--help", data_dir=tmp_path)
    assert out.returncode == 0
    for name in ("demo", "stats", "self-test"):
        assert name in out.stdout
    assert "Tạo dữ liệu mẫu" in out.stdout


def test_stats_on_a_new_database_counts_zero(tmp_path):
    out = run("stats", "--json", data_dir=tmp_path)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout) == {"villages": 0, "households": 0, "persons": 0, "persons_alive": 0,
                                      "clans": 0, "units": 0}
    assert (tmp_path / "tthtcd.db").exists()


def test_demo_fills_an_empty_database_and_stats_counts_it(tmp_path):
    out = run("demo", "--households", "250", "--seed", "7", data_dir=tmp_path)
    assert out.returncode == 0, out.stderr
    assert "Đã tạo 250 hộ" in out.stderr
    stats = json.loads(run("stats", "--json", data_dir=tmp_path).stdout)
    assert stats["households"] == 250
    assert 600 < stats["persons"] < 1500
    assert stats["villages"] >= 2 and stats["clans"] >= 1 and stats["units"] >= 5
    again = run("demo", "--households", "10", data_dir=tmp_path)
    assert again.returncode == 1
    assert "chỉ tạo dữ liệu mẫu trên cơ sở dữ liệu trống" in again.stderr


def test_demo_with_the_same_seed_gives_the_same_commune(tmp_path):
    run("demo", "--households", "50", "--seed", "3", data_dir=tmp_path / "a")
    run("demo", "--households", "50", "--seed", "3", data_dir=tmp_path / "b")
    a = json.loads(run("stats", "--json", data_dir=tmp_path / "a").stdout)
    b = json.loads(run("stats", "--json", data_dir=tmp_path / "b").stdout)
    assert a == b


def test_self_test_passes_on_a_fresh_data_folder(tmp_path):
    out = run("self-test", data_dir=tmp_path)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "[OK] database" in out.stdout and "[OK] fonts" in out.stdout and "[OK] translations" in out.stdout


def test_a_database_from_a_newer_program_is_refused_with_a_clear_message(tmp_path):
    import sqlite3

    run("stats", data_dir=tmp_path)
    con = sqlite3.connect(tmp_path / "tthtcd.db")
    con.execute("UPDATE alembic_version SET version_num='9999_future'")
    con.commit()
    con.close()
    out = run("stats", data_dir=tmp_path)
    assert out.returncode == 3
    assert "phiên bản mới hơn" in out.stderr


def test_data_dir_argument_overrides_the_environment(tmp_path):
    out = run("--data-dir", str(tmp_path / "other"), "stats", data_dir=tmp_path / "env")
    assert out.returncode == 0
    assert (tmp_path / "other" / "tthtcd.db").exists()
    assert not (tmp_path / "env" / "tthtcd.db").exists()
