"""Run inside the sandbox (standard library only): walk what a worker can see.

Reads one JSON object from stdin: `sizes` (file sizes worth hashing), `groups` (lists
of names: a text file that defines every name of one group is worth a look), `suffixes`
and `max_text` (which text files: suffix and size cap) and `skip` (folders not walked:
/proc, /sys, /dev). Writes one JSON line per file of interest: `{"path", "sha256"}`
for a file whose size is one of `sizes`, `{"path", "text"}` for a text file defining
all the names of a group, and last `{"files": count}`. It decides nothing: the test,
outside the sandbox, judges every line.
"""

import hashlib
import json
import os
import re
import stat
import sys

request = json.load(sys.stdin)
sizes = set(request["sizes"])
groups = [{name.encode() for name in group} for group in request["groups"]]
DEFINED = re.compile(rb"\b(?:def|class)\s+([A-Za-z_]\w*)")
suffixes, max_text, skip = tuple(request["suffixes"]), request["max_text"], request["skip"]


def report(path, size):
    wanted_hash, wanted_text = size in sizes, path.endswith(suffixes) and size <= max_text
    if not (wanted_hash or wanted_text):
        return
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError:
        return  # not readable from here: hidden as far as a worker is concerned
    if wanted_hash:
        print(json.dumps({"path": path, "sha256": hashlib.sha256(data).hexdigest()}))
    if wanted_text:
        defined = set(DEFINED.findall(data))
        if any(group <= defined for group in groups):
            print(json.dumps({"path": path, "text": data.decode("utf-8", "replace")}))


files = 0
for folder, subfolders, names in os.walk("/"):
    subfolders[:] = [name for name in subfolders if os.path.join(folder, name) not in skip]
    for name in names:
        path = os.path.join(folder, name)
        try:
            info = os.lstat(path)
        except OSError:
            continue
        if stat.S_ISREG(info.st_mode):
            files += 1
            report(path, info.st_size)
print(json.dumps({"files": files}))
