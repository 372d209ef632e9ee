#!/usr/bin/env python3
# crashloop.py - crash a daemon with SIGKILL, with every process it
# started, at random moments while a client works, and restart it.
#
#   python3 crashloop.py --pidfile FILE --client 'SHELL COMMAND' \
#       [--kills N] [--first S] [--gap MIN:MAX] [--progress FILE:TOTAL] \
#       [--seed N] [--timeout S] [--final kill|term] -- DAEMON ARGV...
#
# This process makes itself a child subreaper (prctl PR_SET_CHILD_SUBREAPER),
# so that whatever the daemon forks stays below it even when the parent
# went away (sendmail's background deliveries run in a new session whose
# parent, the SMTP child, has often exited).  It starts the daemon (its
# pid must become the first line of the pid file: the command may go
# through unshare/sh as long as they exec), then the client (sh -c), and
# then, N times at random moments (the first after about --first seconds,
# then --gap apart, while the client still runs; or, with --progress,
# when FILE has reached random numbers of lines between 5 and 90 percent
# of TOTAL, at least 5 percent apart, so that the kills fall inside the flow however fast it
# goes: smtp_flood.py's --acked file), kills the daemon and
# every process below this one except the client: SIGKILL, by pid, found
# by walking /proc/PID/task/TID/children, until none is left; then it
# starts the daemon again with the same command.  When the client ends,
# the daemon and its processes are killed once more (--final kill, the
# default) or sent SIGTERM and waited for (--final term).
#
# Output, one line per event: "kill N at T s: K processes" and at the end
# "kills N", "killed K" (processes), "client_status S".  The exit status
# is the client's, or 2 when the daemon did not come up.
import argparse
import ctypes
import os
import random
import signal
import subprocess
import sys
import time

PR_SET_CHILD_SUBREAPER = 36


def parse_args():
    p = argparse.ArgumentParser(description="crash a daemon repeatedly")
    p.add_argument("--pidfile", required=True)
    p.add_argument("--client", required=True)
    p.add_argument("--kills", type=int, default=3)
    p.add_argument("--first", type=float, default=2.0)
    p.add_argument("--gap", default="1.5:4")
    p.add_argument("--seed", type=int, default=None)
    p.add_argument("--timeout", type=float, default=300)
    p.add_argument("--final", choices=("kill", "term"), default="kill")
    p.add_argument("--progress", default=None)
    p.add_argument("daemon", nargs="+")
    return p.parse_args()


class Loop:
    """Loop - the daemon, the client and the processes below us"""

    def __init__(self, a):
        self.a = a
        self.client = None
        self.client_status = None
        self.daemon = None
        self.killed = 0

    def reap(self):
        """reap - collect every child that ended (orphans included)"""
        while True:
            try:
                pid, st = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            if self.client is not None and pid == self.client:
                self.client_status = os.waitstatus_to_exitcode(st)

    def sleep(self, secs):
        """sleep - secs, reaping meanwhile; False when the client ended"""
        end = time.time() + secs
        while time.time() < end:
            self.reap()
            if self.client is not None and self.client_status is not None:
                return False
            time.sleep(0.02)
        return True

    def wait_lines(self, path, n):
        """wait_lines - until path has n lines; False when the client ended"""
        while True:
            try:
                with open(path, "rb") as f:
                    if f.read().count(b"\n") >= n:
                        return True
            except OSError:
                pass
            if not self.sleep(0.05):
                return False

    def below(self, pid):
        """below - the live processes under pid, by /proc children"""
        out = []
        try:
            tids = os.listdir("/proc/%d/task" % pid)
        except OSError:
            return out
        for t in tids:
            try:
                with open("/proc/%d/task/%s/children" % (pid, t)) as f:
                    kids = [int(x) for x in f.read().split()]
            except (OSError, ValueError):
                continue
            for k in kids:
                if k == self.client:
                    continue
                out.append(k)
                out.extend(self.below(k))
        return out

    def kill_all(self):
        """kill_all - SIGKILL the daemon and everything below us but the
        client, again and again until nothing is left; how many"""
        n = 0
        if self.daemon is not None:
            try:
                os.kill(self.daemon, signal.SIGKILL)
                n += 1
            except ProcessLookupError:
                pass
        for _ in range(500):
            self.reap()
            pids = [p for p in self.below(os.getpid()) if not zombie(p)]
            if not pids:
                break
            for p in pids:
                try:
                    os.kill(p, signal.SIGKILL)
                    n += 1
                except ProcessLookupError:
                    pass
            time.sleep(0.01)
        self.reap()
        self.killed += n
        return n

    def start_daemon(self):
        """start_daemon - run the daemon, wait for its pid file"""
        p = subprocess.Popen(self.a.daemon, stdin=subprocess.DEVNULL)
        self.daemon = p.pid
        end = time.time() + 30
        while time.time() < end:
            self.reap()
            try:
                with open(self.a.pidfile) as f:
                    if f.readline().strip() == str(p.pid):
                        return True
            except OSError:
                pass
            if zombie(p.pid) or not os.path.exists("/proc/%d" % p.pid):
                return False
            time.sleep(0.02)
        return False

    def stop(self):
        """stop - the end: kill everything, or SIGTERM and wait"""
        if self.a.final == "kill":
            print("final kill: %d processes" % self.kill_all())
            return
        try:
            os.kill(self.daemon, signal.SIGTERM)
        except ProcessLookupError:
            pass
        end = time.time() + 60
        while time.time() < end and any(not zombie(p) for p in self.below(os.getpid())):
            self.sleep(0.05)
        self.kill_all()


def zombie(pid):
    """zombie - whether pid is a zombie (or gone)"""
    try:
        with open("/proc/%d/stat" % pid) as f:
            return f.read().rsplit(")", 1)[1].split()[0] in ("Z", "X")
    except (OSError, IndexError):
        return True


def main():
    a = parse_args()
    if a.daemon and a.daemon[0] == "--":
        a.daemon = a.daemon[1:]
    rnd = random.Random(a.seed)
    gmin, gmax = (float(x) for x in a.gap.split(":"))
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        sys.exit("crashloop: prctl(PR_SET_CHILD_SUBREAPER) failed")
    lp = Loop(a)
    if not lp.start_daemon():
        print("the daemon did not start")
        lp.kill_all()
        return 2
    start = time.time()
    lp.client = subprocess.Popen(["sh", "-c", a.client]).pid
    kills = 0
    wait = a.first * rnd.uniform(0.5, 1.5)
    marks = []
    if a.progress:
        path, total = a.progress.rsplit(":", 1)
        marks = sorted(int(rnd.uniform(0.05, 0.9) * int(total)) for _ in range(a.kills))
        for k in range(1, len(marks)):	# at least 5 percent apart
            marks[k] = max(marks[k], marks[k - 1] + int(total) // 20)
    while kills < a.kills and (lp.wait_lines(path, marks[kills]) if marks else lp.sleep(wait)):
        kills += 1
        n = lp.kill_all()
        print("kill %d at %.1f s%s: %d processes" % (kills, time.time() - start,
              " (%d lines)" % marks[kills - 1] if marks else "", n))
        sys.stdout.flush()
        lp.sleep(rnd.uniform(0, 0.3))
        if not lp.start_daemon():
            print("the daemon did not start again")
            lp.kill_all()
            return 2
        wait = rnd.uniform(gmin, gmax)
    end = start + a.timeout
    while lp.client_status is None and time.time() < end:
        lp.sleep(0.1)
    lp.stop()
    if lp.client_status is None:
        os.kill(lp.client, signal.SIGKILL)
        lp.sleep(0.5)
    print("kills %d" % kills)
    print("killed %d" % lp.killed)
    print("client_status %s" % lp.client_status)
    return lp.client_status if lp.client_status is not None else 1


if __name__ == "__main__":
    sys.exit(main())
