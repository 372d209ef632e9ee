#!/usr/bin/env python3
# smtp_flood.py - a concurrent SMTP sender that records which messages the
# server acknowledged, for durability tests and benchmarks.
#
#   python3 smtp_flood.py --port PORT --count N [options]
#
# Sends N messages, numbered 1..N, over --sessions concurrent SMTP
# sessions (threads), at most --per-conn messages per connection.  Each
# message carries "Message-Id: <SEQ.TAG@flood.example>" and "X-Seq: SEQ"
# headers and a body of about --size bytes that ends with the line
# "end of SEQ", so that a reader can tell a complete copy from a cut one.
#
# A message counts as acknowledged when the server answered 250 after its
# DATA text; the line "SEQ QUEUEID" is then appended to --acked FILE (line
# buffered, written before the next command).  A message that got no 250
# (connection refused or lost, a 4xx, a timeout) goes back to the pool and
# is sent again later, as a real client would; so a message whose 250 was
# lost in a crash may be sent twice.  A 5xx is final: the message is
# counted as rejected and not sent again.  With --once nothing is resent.
#
# It ends when every message was acknowledged or rejected, or after
# --timeout seconds.  The summary goes to stdout as "key value" lines:
# sent (DATA texts sent), acked, rejected, unacked, resent (messages sent
# more than once), conn_errors, tempfails, seconds, rate (acked per
# second).  The exit status is 0 when nothing is left unacknowledged (or,
# with --once, when every message got an answer), 1 otherwise.
#
# Options: --host (127.0.0.1), --port, --count, --sessions (4),
# --per-conn (10), --size (body bytes, 200), --from (flood@example.org),
# --to ADDR (repeatable; default root@localhost), --tag (Message-Id tag,
# "flood"), --ehlo (client.example.org), --acked FILE, --log FILE (one
# line per failed attempt: SEQ what), --timeout (600), --io-timeout
# (seconds per socket operation, 60), --once.
import argparse
import queue
import smtplib
import socket
import sys
import threading
import time


def parse_args():
    p = argparse.ArgumentParser(description="concurrent SMTP sender")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--count", type=int, required=True)
    p.add_argument("--sessions", type=int, default=4)
    p.add_argument("--per-conn", type=int, default=10)
    p.add_argument("--size", type=int, default=200)
    p.add_argument("--from", dest="sender", default="flood@example.org")
    p.add_argument("--to", action="append", default=None)
    p.add_argument("--tag", default="flood")
    p.add_argument("--ehlo", default="client.example.org")
    p.add_argument("--acked", default=None)
    p.add_argument("--log", default=None)
    p.add_argument("--timeout", type=float, default=600)
    p.add_argument("--io-timeout", type=float, default=60)
    p.add_argument("--once", action="store_true")
    a = p.parse_args()
    if a.to is None:
        a.to = ["root@localhost"]
    return a


def message(a, seq):
    """message - the text of message seq (CRLF line ends)"""
    head = ("From: %s\r\nTo: %s\r\nSubject: flood %d\r\n"
            "Message-Id: <%d.%s@flood.example>\r\nX-Seq: %d\r\n\r\n"
            % (a.sender, ", ".join(a.to), seq, seq, a.tag, seq))
    line = "%d " % seq + "x" * 70 + "\r\n"
    body = line * max(0, a.size // len(line))
    return head + body + "end of %d\r\n" % seq


class Flood:
    """Flood - the pool of messages, the counters and the output files"""

    def __init__(self, a):
        self.a = a
        self.pool = queue.Queue()
        for seq in range(1, a.count + 1):
            self.pool.put(seq)
        self.lock = threading.Lock()
        self.done = 0
        self.stats = dict(sent=0, acked=0, rejected=0, conn_errors=0, tempfails=0)
        self.tries = {}
        self.acked = open(a.acked, "a", buffering=1) if a.acked else None
        self.log = open(a.log, "a", buffering=1) if a.log else None
        self.deadline = time.time() + a.timeout

    def count(self, key):
        with self.lock:
            self.stats[key] += 1

    def note(self, seq, what):
        if self.log:
            with self.lock:
                self.log.write("%d %s\n" % (seq, what))

    def finish(self, seq, key, qid=None):
        """finish - seq is answered for good (acked or rejected)"""
        with self.lock:
            self.stats[key] += 1
            self.done += 1
            if key == "acked" and self.acked:
                self.acked.write("%d %s\n" % (seq, qid or "-"))

    def retry(self, seq, what):
        """retry - seq got no final answer: back into the pool"""
        self.note(seq, what)
        if self.a.once:
            with self.lock:
                self.done += 1
        else:
            self.pool.put(seq)

    def over(self):
        with self.lock:
            return self.done >= self.a.count or time.time() > self.deadline

    def take(self):
        """take - the next message to send, or None"""
        while not self.over():
            try:
                return self.pool.get(timeout=0.1)
            except queue.Empty:
                pass
        return None


def queue_id(reply):
    """queue_id - the id in "2.0.0 ID Message accepted ..." """
    words = reply.decode("latin-1", "replace").split()
    return words[1] if len(words) > 1 and words[0].startswith("2.") else "-"


def send_one(f, s, seq):
    """send_one - one transaction on s: "ok" (the session may go on),
    "quit" (a 4xx: end the session politely) or "lost" (it is gone)"""
    a = f.a
    with f.lock:
        f.stats["sent"] += 1
        f.tries[seq] = f.tries.get(seq, 0) + 1
    try:
        code, msg = s.mail(a.sender)
        if code == 250:
            for r in a.to:
                code, msg = s.rcpt(r)
                if code not in (250, 251):
                    break
        if code in (250, 251):
            code, msg = s.data(message(a, seq).encode())
    except (OSError, smtplib.SMTPException) as e:
        f.count("conn_errors")
        f.retry(seq, "lost: %s" % e.__class__.__name__)
        return "lost"
    if code == 250:
        f.finish(seq, "acked", queue_id(msg))
        return "ok"
    text = msg.decode("latin-1", "replace")
    if 500 <= code < 600:
        f.note(seq, "rejected: %d %s" % (code, text))
        f.finish(seq, "rejected")
    else:
        f.count("tempfails")
        f.retry(seq, "tempfail: %d %s" % (code, text))
    if code == 421:
        return "lost"
    try:
        s.rset()
    except (OSError, smtplib.SMTPException):
        return "lost"
    return "ok" if 500 <= code < 600 else "quit"


def connect(f):
    """connect - a session after EHLO, or None (the server is away)"""
    a = f.a
    try:
        s = smtplib.SMTP(timeout=a.io_timeout)
        code, _ = s.connect(a.host, a.port)
        if code != 220:
            s.close()
            return None
        s.ehlo(a.ehlo)
        return s
    except (OSError, smtplib.SMTPException):
        f.count("conn_errors")
        return None


def worker(f):
    """worker - take messages from the pool, a session at a time"""
    seq = f.take()
    while seq is not None:
        s = connect(f)
        if s is None:
            f.retry(seq, "connect")
            time.sleep(0.1)
            seq = f.take()
            continue
        n = 0
        how = "ok"
        while seq is not None and how == "ok" and n < f.a.per_conn:
            how = send_one(f, s, seq)
            n += 1
            seq = f.take()
        try:
            if how != "lost":
                s.quit()
            s.close()
        except (OSError, smtplib.SMTPException):
            pass


def main():
    a = parse_args()
    f = Flood(a)
    start = time.time()
    threads = [threading.Thread(target=worker, args=(f,), daemon=True)
               for _ in range(a.sessions)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(max(0.0, f.deadline - time.time()) + a.io_timeout + 5)
    secs = time.time() - start
    st = f.stats
    unacked = a.count - st["acked"] - st["rejected"]
    resent = sum(1 for n in f.tries.values() if n > 1)
    for k in ("sent", "acked", "rejected"):
        print("%s %d" % (k, st[k]))
    print("unacked %d" % unacked)
    print("resent %d" % resent)
    print("conn_errors %d" % st["conn_errors"])
    print("tempfails %d" % st["tempfails"])
    print("seconds %.1f" % secs)
    print("rate %.1f" % (st["acked"] / secs if secs > 0 else 0))
    sys.stdout.flush()
    if a.once:
        return 0 if f.done >= a.count else 1
    return 0 if unacked == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
