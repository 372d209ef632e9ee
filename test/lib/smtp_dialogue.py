#!/usr/bin/env python3
# smtp_dialogue.py - talk SMTP to a `sendmail -bs` in lock step, for tests.
#
#   python3 smtp_dialogue.py SCRIPT CMD...
#
# Starts CMD, prints every reply line it writes and "exit N" at the end.
# Each SCRIPT line is a command sent with CRLF after the previous reply
# has arrived (so no pipelining unless asked for); after a "DATA" line
# the lines up to "." go as one block; "RAW <python bytes escapes>" sends
# those bytes as they are and collects replies until 1.5 s of silence
# (pipelining, bare CR/LF, NUL, over-long lines).  Empty lines are skipped
# outside DATA.  A 0xx line (VERB's "050 " transcript) is not a final
# reply: the one after it is.
import subprocess, sys, os, select, time
lines = open(sys.argv[1], 'rb').read().split(b'\n')
p = subprocess.Popen(sys.argv[2:], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
out = sys.stdout.buffer
fd = p.stdout.fileno()
buf = b''
eof = False
def readline(timeout):
    global buf, eof
    end = time.time() + timeout
    while b'\n' not in buf and not eof:
        t = end - time.time()
        if t <= 0: return None
        r, _, _ = select.select([fd], [], [], t)
        if not r: return None
        d = os.read(fd, 65536)
        if not d: eof = True
        buf += d
    if b'\n' in buf:
        l, buf = buf.split(b'\n', 1)
        return l + b'\n'
    l, buf = buf, b''
    return l or None
def reply(timeout=20):
    while True:
        l = readline(timeout)
        if l is None: return False
        out.write(l)
        if l[3:4] != b'-' and l[:1] != b'0': return True  # 0xx: VERB's 050 lines
def send(b):
    try:
        p.stdin.write(b); p.stdin.flush(); return True
    except BrokenPipeError: return False
reply()
i = 0
while i < len(lines):
    l = lines[i]; i += 1
    if l == b'': continue
    if l.startswith(b'RAW '):
        if not send(eval(b"b'" + l[4:] + b"'")): break
        while reply(1.5): pass
        continue
    if not send(l + b'\r\n'): break
    if not reply(): break
    if l.upper() == b'DATA':
        blk = b''
        while i < len(lines):
            d = lines[i]; i += 1
            blk += d + b'\r\n'
            if d == b'.': break
        if not send(blk) or not reply(): break
try: p.stdin.close()
except Exception: pass
while reply(5): pass
p.wait()
out.write(b'exit %d\n' % p.returncode)
