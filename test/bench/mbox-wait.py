#!/usr/bin/env python3
# mbox-wait.py - helper of smtp-source.sh: wait until a delivery run is over.
#
#   mbox-wait.py MBOX N TIMEOUT QDIR...
#
# Polls every 20 ms until the mbox MBOX holds N messages (lines "From "
# at its start or after an empty line) and no directory under any QDIR
# holds a file; then prints the time (seconds since the epoch) and exits
# 0.  After TIMEOUT seconds it exits 1 and prints the messages it saw on
# stderr.  One process for the whole wait, reading only what was appended
# since the last look, so that waiting costs the measured MTA little.
import os
import sys
import time


class Mbox:
    """an mbox read as it grows"""

    def __init__(self, path):
        self.path, self.pos, self.n, self.tail = path, 0, 0, b"\n\n"

    def count(self):
        """the messages seen so far"""
        try:
            with open(self.path, "rb") as f:
                f.seek(self.pos)
                data = f.read()
        except OSError:
            return self.n
        if data:
            buf = self.tail + data
            self.n += buf.count(b"\n\nFrom ")
            self.tail = buf[-6:]
            self.pos += len(data)
        return self.n


def queued(qdirs):
    """whether a file is left in a queue directory"""
    for d in qdirs:
        for _root, _dirs, files in os.walk(d):
            if files:
                return True
    return False


def main():
    box, want, timeout = Mbox(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
    qdirs = sys.argv[4:]
    end = time.time() + timeout
    while time.time() < end:
        if box.count() >= want and not queued(qdirs):
            print("%.6f" % time.time())
            return 0
        time.sleep(0.02)
    sys.stderr.write("%d\n" % box.count())
    return 1


if __name__ == "__main__":
    sys.exit(main())
