"""Where a class's submissions come from: a folder or zip, in one of three layouts.

`scan(path)` reads a folder or a zip and returns an Inbox: one Entry per file, each
tagged with the student it belongs to, plus the files that belong to nobody. It reads
names only; nothing here runs or even opens student code.

Layouts understood (each file is recognised on its own, so a mixed folder works):

    plain    alice/rmsprop.py, alice/hw3/adam.ipynb        one folder per student
    Canvas   smithjane_1234_5678_hw3_rmsprop.py            <name>_<id>_<subid>_<original>
             smithjane_LATE_1234_5678_rmsprop-1.py         late; "-1" = resubmission 1
             anon_aB3dE_5678_rmsprop.py                    anonymous grading: <anonymous id>
             LATE_anon_aB3dE_5678_rmsprop.py               ... late
    Moodle   Jane Smith_4242_assignsubmission_file_/rmsprop.py    one folder per student
             Jane Smith_4242_assignsubmission_file_rmsprop.py     flat ("not in folders")

Canvas's number is the student's Canvas user id (the gradebook's `ID` column); with
anonymous grading Canvas names the student only by an anonymous id (kept as the LMS id,
the student being `anon_<id>`, layout CANVAS_ANONYMOUS). Moodle's number is the
assignment's participant number (its grading worksheet's "Participant 4242").
Dot files, `__MACOSX/` and `__pycache__/` are ignored; every other file that is not in
a recognised place is listed in `Inbox.unplaced`, never dropped silently: symbolic links
(never followed) and other non-regular files included, with the reason.

Names may hold any bytes the filesystem or zip allows. `Entry.member` and
`Unplaced.member` are the exact path (a folder's undecodable bytes kept as surrogate
escapes, see os.fsdecode) and are only for reading the file; everything shown or written
goes through `shown()`, which writes undecodable bytes and control characters as
`\\xNN` and bidi controls as `\\uNNNN`. Student keys and names are already `shown()`.
"""

from __future__ import annotations

import dataclasses
import datetime
import os
import re
import stat
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from grader.errors import UserInputError
from grader.reports.class_results import CANVAS, CANVAS_ANONYMOUS, MOODLE, PLAIN
from grader.reports.display import shown

MAX_MEMBER_BYTES = 5 * 1024 * 1024  # as grader.engine.submission.MAX_FILE_BYTES

# <name>_[LATE_]<user id>_<submission id>_<original name>; Canvas names are lower-case
# letters (last name then first), without spaces or underscores.
_CANVAS = re.compile(r"^(?P<name>[^_/]+?)_(?:(?P<late>late)_)?(?P<id>\d+)_(?P<subid>\d+)_"
                     r"(?P<original>.+)$", re.IGNORECASE)
# Canvas with anonymous grading: [LATE_]anon_<anonymous id>[_<submission id>]_<original>
_CANVAS_ANONYMOUS = re.compile(r"^(?P<late>late_)?anon_(?P<id>[A-Za-z0-9]{1,40})"
                               r"(?:_(?P<subid>\d+))?_(?P<original>.+)$", re.IGNORECASE)
# <Full Name>_<participant id>_assignsubmission_<plugin>_[<original name>]
_MOODLE = re.compile(r"^(?P<name>.+?)_(?P<id>\d+)_assignsubmission_(?P<plugin>[a-z]+)_"
                     r"(?P<original>.*)$")
_RESUBMISSION = re.compile(r"-(?P<n>\d+)(?P<suffix>\.[A-Za-z0-9]+)$")  # Canvas: "x-2.py"
_IGNORED_PARTS = ("__MACOSX", "__pycache__")
_ZIP_UTF8 = 0x800  # zip general-purpose flag: the name is UTF-8


class InboxError(UserInputError):
    """The submissions cannot be read at all (one-line message)."""


@dataclass(frozen=True)
class Entry:
    """One file of one student.

    `student` is the key used everywhere (folder names, gradebook rows): the folder name
    for plain layouts, `<name>_<id>` for LMS downloads. `original` is the file's name as
    the student uploaded it (Canvas's resubmission suffix removed, `version` keeps it).
    `member` is the file's path inside the folder or zip.
    """

    student: str
    name: str
    lms_id: str
    original: str
    member: str
    layout: str
    late: bool = False
    version: int = 0
    time: float | None = None  # the file's modification time (POSIX), when known


@dataclass(frozen=True)
class Unplaced:
    """A file that belongs to no student, or cannot be used, and why."""

    member: str
    reason: str


@dataclass
class Inbox:
    """What `scan` found: the files of each student, and the rest."""

    root: Path
    entries: list[Entry] = field(default_factory=list)
    unplaced: list[Unplaced] = field(default_factory=list)
    sizes: dict[str, int] = field(default_factory=dict)

    _archive: zipfile.ZipFile | None = None
    _infos: dict[str, zipfile.ZipInfo] = field(default_factory=dict)

    @property
    def is_zip(self) -> bool:
        return self.root.is_file()

    def read_bytes(self, entry: Entry) -> bytes:
        """The bytes of `entry`, at most MAX_MEMBER_BYTES + 1 of them (InboxError if the
        file or zip member cannot be read)."""
        return self.read_member(entry.member)

    def read_member(self, member: str) -> bytes:
        """The bytes of the file at `member` (listed or not, e.g. a dot file), at most
        MAX_MEMBER_BYTES + 1; never through a symbolic link or from a special file.
        InboxError if it cannot be read."""
        try:
            if self.is_zip:
                if self._archive is None:
                    self._archive = zipfile.ZipFile(self.root)
                with self._archive.open(self._infos.get(member, member)) as handle:
                    return handle.read(MAX_MEMBER_BYTES + 1)
            return _read_regular_file(self.root / member)
        except (OSError, zipfile.BadZipFile, KeyError, RuntimeError, EOFError) as error:
            raise InboxError(f"{shown(member)}: cannot be read "
                             f"({shown(str(error))})") from None

    def close(self) -> None:
        if self._archive is not None:
            self._archive.close()
            self._archive = None


def _read_regular_file(path: Path) -> bytes:
    """A regular file's first MAX_MEMBER_BYTES + 1 bytes: a link or a FIFO put in its
    place after the scan is refused, not followed or waited on."""
    descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    with open(descriptor, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise OSError(f"{path.name} is not a regular file")
        return handle.read(MAX_MEMBER_BYTES + 1)


def scan(path: str | Path) -> Inbox:
    """Read the names in the folder or zip at `path`; InboxError if it is unusable."""
    root = Path(path)
    if not root.exists():
        raise InboxError(f"{root}: no such folder or zip file")
    inbox = Inbox(root=root)
    members: Mapping[str, tuple[int, float | None]]
    if root.is_file():
        members, inbox._infos, skipped = _zip_members(root)
    else:
        members, skipped = _folder_members(root)
    inbox.unplaced += [item for item in skipped if not _ignored(item.member)]
    for member, (size, time) in sorted(members.items()):
        if _ignored(member):
            continue
        inbox.sizes[member] = size
        placed = place(member)
        if isinstance(placed, Unplaced):
            inbox.unplaced.append(placed)
        elif size > MAX_MEMBER_BYTES:
            inbox.unplaced.append(Unplaced(member, f"larger than {MAX_MEMBER_BYTES >> 20} MiB"))
        else:
            inbox.entries.append(dataclasses.replace(placed, time=time))
    return inbox


def place(member: str) -> Entry | Unplaced:
    """Which student the file at relative path `member` (posix) belongs to."""
    parts = PurePosixPath(member).parts
    if ".." in parts or PurePosixPath(member).is_absolute():
        return Unplaced(member, "unsafe path")
    moodle = _MOODLE.match(parts[0])
    if moodle:
        return _moodle_entry(member, moodle, parts)
    if len(parts) == 1:
        anonymous = _CANVAS_ANONYMOUS.match(parts[0])
        if anonymous:
            return _canvas_entry(member, anonymous, name=f"anon_{anonymous['id']}")
        canvas = _CANVAS.match(parts[0])
        if canvas:
            return _canvas_entry(member, canvas, name=canvas["name"])
        return Unplaced(member, "not in a student's folder")
    return Entry(student=shown(parts[0]), name=shown(parts[0]), lms_id="", original=parts[-1],
                 member=member, layout=PLAIN)


def _canvas_entry(member: str, match: re.Match, name: str) -> Entry:
    original, version = split_resubmission(match["original"])
    anonymous = match.re is _CANVAS_ANONYMOUS
    student = name if anonymous else f"{name}_{match['id']}"
    return Entry(student=shown(student), name=shown(name), lms_id=match["id"],
                 original=original, member=member,
                 layout=CANVAS_ANONYMOUS if anonymous else CANVAS,
                 late=bool(match["late"]), version=version)


def _moodle_entry(member: str, match: re.Match, parts: tuple[str, ...]) -> Entry | Unplaced:
    if match["plugin"] != "file":
        return Unplaced(member, f"Moodle '{match['plugin']}' submission, not a file")
    original = parts[-1] if len(parts) > 1 else match["original"]
    if not original:
        return Unplaced(member, "Moodle entry without a file name")
    return Entry(student=shown(f"{match['name']}_{match['id']}"), name=shown(match["name"]),
                 lms_id=match["id"], original=original, member=member, layout=MOODLE)


def split_resubmission(name: str) -> tuple[str, int]:
    """Canvas renames the n-th resubmission `x-n.py`: -> ("x.py", n); else (name, 0)."""
    match = _RESUBMISSION.search(name)
    if not match:
        return name, 0
    return name[:match.start()] + match["suffix"], int(match["n"])


def _ignored(member: str) -> bool:
    parts = PurePosixPath(member).parts
    return any(part.startswith(".") or part in _IGNORED_PARTS for part in parts)


def _folder_members(root: Path) -> tuple[dict[str, tuple[int, float]], list[Unplaced]]:
    """Every regular file under `root` with its size and time, and the rest (symbolic links,
    never followed, and special files) as Unplaced with the reason."""
    if not root.is_dir():
        raise InboxError(f"{shown(str(root))}: not a folder or zip file")
    members: dict[str, tuple[int, float]] = {}
    skipped: list[Unplaced] = []

    def refuse(error: OSError):
        raise error

    try:
        for folder, folders, files in os.walk(root, onerror=refuse):
            for name in sorted(folders + files):
                path = Path(folder) / name
                member = path.relative_to(root).as_posix()
                mode = path.lstat().st_mode
                if stat.S_ISLNK(mode):
                    skipped.append(Unplaced(member, "symbolic link, not followed"))
                elif stat.S_ISREG(mode):
                    info = path.stat()
                    members[member] = (info.st_size, info.st_mtime)
                elif not stat.S_ISDIR(mode):
                    skipped.append(Unplaced(member, "not a regular file"))
    except OSError as error:
        raise InboxError(f"{shown(str(root))}: cannot be read "
                         f"({shown(error.strerror or str(error))})") from None
    return members, skipped


def _zip_members(root: Path) -> tuple[dict[str, tuple[int, float | None]],
                                      dict[str, zipfile.ZipInfo], list[Unplaced]]:
    """The zip's files with their sizes and times, the ZipInfo of each (by member
    name), and its symbolic links as Unplaced. A name without the zip's UTF-8 flag
    is read as UTF-8 when it is valid UTF-8 (most zip tools write that), else as
    cp437."""
    try:
        with zipfile.ZipFile(root) as archive:
            infos = archive.infolist()
    except UnicodeDecodeError:
        raise InboxError(f"{shown(str(root))}: a member name is marked UTF-8 but is not; "
                         "zip the folder again") from None
    except (zipfile.BadZipFile, OSError) as error:
        raise InboxError(f"{shown(str(root))}: not a readable zip file "
                         f"({shown(str(error))})") from None
    members, by_name, skipped = {}, {}, []
    for info in infos:
        if info.is_dir():
            continue
        name = _zip_name(info)
        if stat.S_ISLNK(info.external_attr >> 16):
            skipped.append(Unplaced(name, "symbolic link, not followed"))
            continue
        members[name], by_name[name] = (info.file_size, _zip_time(info)), info
    return members, by_name, skipped


def _zip_time(info: zipfile.ZipInfo) -> float | None:
    """A zip member's time (it has no time zone: read as local time, as unzip does)."""
    try:
        return datetime.datetime(*info.date_time).timestamp()
    except (ValueError, OverflowError):
        return None


def _zip_name(info: zipfile.ZipInfo) -> str:
    if info.flag_bits & _ZIP_UTF8:
        return info.filename
    raw = info.filename.encode("cp437")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return info.filename
