"""Removing a worker's folder, whatever the worker left in it.

A student's code owns its folder and may leave anything there: a tree thousands of
folders deep (deeper than Python's recursion limit and than PATH_MAX), folders without
permissions, symbolic links pointing anywhere. `remove_tree` walks it one level at a
time through directory descriptors, without recursion and without long paths, never
following a link, and holds at most two descriptors at a time.
"""

from __future__ import annotations

import os
import stat

_DIRECTORY_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW


def remove_tree(root: str) -> None:
    """Delete the folder `root` and everything in it (nothing if it does not exist)."""
    try:
        current = os.open(root, _DIRECTORY_FLAGS)
    except FileNotFoundError:
        return
    names: list[str] = []  # the path from root down to `current`, one name per level
    pending = [_clear_files(current)]  # per level: the sub-folders still to remove
    while True:
        if pending[-1]:  # go down into the next sub-folder of this level
            name = pending[-1].pop()
            _make_enterable(name, current)
            child = os.open(name, _DIRECTORY_FLAGS, dir_fd=current)
            os.close(current)
            current = child
            names.append(name)
            pending.append(_clear_files(current))
            continue
        pending.pop()
        if not names:  # `root` itself is empty now
            os.close(current)
            os.rmdir(root)
            return
        parent = os.open("..", _DIRECTORY_FLAGS, dir_fd=current)
        os.close(current)
        os.rmdir(names.pop(), dir_fd=parent)
        current = parent


def _clear_files(directory: int) -> list[str]:
    """Unlink every non-folder entry of `directory`; return its sub-folders' names."""
    folders = []
    with os.scandir(directory) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                folders.append(entry.name)
            else:
                os.unlink(entry.name, dir_fd=directory)
    return folders


def _make_enterable(name: str, parent: int) -> None:
    mode = os.stat(name, dir_fd=parent, follow_symlinks=False).st_mode
    if stat.S_IMODE(mode) & 0o700 != 0o700:
        os.chmod(name, 0o700, dir_fd=parent)
