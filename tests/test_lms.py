"""Where submissions come from: plain folders, Canvas and Moodle downloads (zip or folder).

Only names are read here; nothing is graded.
"""

from __future__ import annotations

import zipfile

import pytest

from grader.classroom import lms
from grader.classroom.lms import CANVAS, MOODLE, PLAIN


@pytest.mark.parametrize("name, student, lms_id, original, late, version", [
    ("smithjane_1234_5678_hw3_rmsprop.py", "smithjane_1234", "1234", "hw3_rmsprop.py",
     False, 0),
    ("smithjane_LATE_1234_5678_rmsprop.py", "smithjane_1234", "1234", "rmsprop.py", True, 0),
    ("smithjane_late_1234_5678_rmsprop-2.ipynb", "smithjane_1234", "1234", "rmsprop.ipynb",
     True, 2),
    ("doejohn_77_88_my_file_with_underscores.py", "doejohn_77", "77",
     "my_file_with_underscores.py", False, 0),
])
def test_canvas_names_are_parsed(name, student, lms_id, original, late, version):
    entry = lms.place(name)
    assert isinstance(entry, lms.Entry)
    assert (entry.student, entry.lms_id, entry.original, entry.late, entry.version,
            entry.layout) == (student, lms_id, original, late, version, CANVAS)


@pytest.mark.parametrize("member, student, name, original", [
    ("Jane Smith_4242_assignsubmission_file_/rmsprop.py", "Jane Smith_4242", "Jane Smith",
     "rmsprop.py"),
    ("Jane Smith_4242_assignsubmission_file_/hw3/adam.ipynb", "Jane Smith_4242",
     "Jane Smith", "adam.ipynb"),
    ("Zoë O_Brien_17_assignsubmission_file_hw3_rmsprop.py", "Zoë O_Brien_17", "Zoë O_Brien",
     "hw3_rmsprop.py"),
])
def test_moodle_names_are_parsed(member, student, name, original):
    entry = lms.place(member)
    assert isinstance(entry, lms.Entry)
    assert (entry.student, entry.name, entry.original, entry.layout) == \
        (student, name, original, MOODLE)


def test_plain_folders_and_files_outside_any_student():
    entry = lms.place("alice/hw3/rmsprop.py")
    assert (entry.student, entry.original, entry.layout, entry.lms_id) == \
        ("alice", "rmsprop.py", PLAIN, "")
    assert lms.place("README.md") == lms.Unplaced("README.md", "not in a student's folder")
    onlinetext = lms.place("Jane Smith_4242_assignsubmission_onlinetext_/onlinetext.html")
    assert isinstance(onlinetext, lms.Unplaced) and "onlinetext" in onlinetext.reason
    assert lms.place("../evil.py").reason == "unsafe path"


def test_resubmission_suffix():
    assert lms.split_resubmission("rmsprop-3.py") == ("rmsprop.py", 3)
    assert lms.split_resubmission("hw-3-rmsprop.py") == ("hw-3-rmsprop.py", 0)


def test_a_zip_is_read_like_a_folder_and_noise_is_ignored(tmp_path):
    archive = tmp_path / "canvas.zip"
    with zipfile.ZipFile(archive, "w") as handle:
        handle.writestr("smithjane_1234_5678_rmsprop.py", "x = 1\n")
        handle.writestr("__MACOSX/._smithjane_1234_5678_rmsprop.py", "junk")
        handle.writestr(".DS_Store", "junk")
        handle.writestr("notes.txt", "hello")
    inbox = lms.scan(archive)
    assert [entry.student for entry in inbox.entries] == ["smithjane_1234"]
    assert inbox.read_bytes(inbox.entries[0]) == b"x = 1\n"
    assert [item.member for item in inbox.unplaced] == ["notes.txt"]
    inbox.close()


def test_unusable_inputs_raise_inbox_error(tmp_path):
    with pytest.raises(lms.InboxError, match="no such folder"):
        lms.scan(tmp_path / "missing")
    broken = tmp_path / "broken.zip"
    broken.write_bytes(b"PK\x03\x04 this is not really a zip")
    with pytest.raises(lms.InboxError, match="not a readable zip"):
        lms.scan(broken)


def test_oversized_files_are_listed_not_read(tmp_path):
    (tmp_path / "alice").mkdir()
    (tmp_path / "alice" / "rmsprop.py").write_bytes(b"#" * (lms.MAX_MEMBER_BYTES + 1))
    inbox = lms.scan(tmp_path)
    assert not inbox.entries and "larger than" in inbox.unplaced[0].reason
