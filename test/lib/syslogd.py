# syslogd.py SOCKET OUT - a datagram syslog for tests: binds the Unix
# socket SOCKET (mode 0666), appends every message it receives to OUT
# (one per line, as sent: "<pri>date tag[pid]: text"), and exits once
# its parent has gone.  Used through test/lib/with_syslog.sh and
# test/lib/netns.sh, where SOCKET is bound over /dev/log.
import os, socket, sys
ppid = os.getppid()
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
os.chmod(sys.argv[1], 0o666)
s.settimeout(0.2)
out = open(sys.argv[2], 'ab', buffering=0)
while os.getppid() == ppid:
    try:
        d = s.recv(65536)
    except socket.timeout:
        continue
    out.write(d + b'\n')
